"""The links contributors write, checked against the rendered site as MkDocs' strict build
checks them, so that `playbooks validate` fails where `playbooks build` would (and says where).

Each local link in a play's body or a playbook's introduction must point at a file the site
has (a page's Markdown file, like `steering-committee.md`, or an image beside the plays), not
at a folder or an address starting with `/`; a `#fragment` must be an id on the target page:
a heading's, as the `toc` extension makes it, or one set with `{#id}` or in HTML. Ids are
read from the target page converted with the project's own Markdown extensions, and only for
pages that links point at with a fragment, so the check costs next to nothing.
"""

from __future__ import annotations

import posixpath
import re
from typing import Callable

from ..model.audience import strip_sections
from ..support.codes import Audience
from ..sources.project_settings import ProjectSettings
from ..sources.load import Inputs
from ..support.markdown_html import extensions
from ..plays.addresses import Target, local_path, targets
from ..plays.markup import blank_template
from ..support.problems import Problems, did_you_mean

_ID = re.compile(r"""\s(?:id|name)=["']([^"']+)["']""")
def _ids_reader(tree: dict[str, bytes], config: ProjectSettings) -> Callable[[str], set[str] | None]:
    """Page -> the ids its HTML will have; None if the project's extensions cannot be loaded here
    (then the build's own check is the only one)."""
    cache: dict[str, set[str] | None] = {}

    def ids(page: str) -> set[str] | None:
        if page not in cache:
            import markdown

            names, settings = extensions(config.markdown_extensions)
            try:
                html = markdown.Markdown(extensions=names, extension_configs=settings).convert(
                    tree[page].decode("utf-8", "replace"))
            except Exception:  # an extension this check cannot load as MkDocs would: leave it to the build
                cache[page] = None
            else:
                cache[page] = set(_ID.findall(html))
        return cache[page]

    return ids


def check(inputs: Inputs, tree: dict[str, bytes], config: ProjectSettings, problems: Problems,
          vendor_tree: dict[str, bytes] | None = None) -> None:
    """Every local link in play bodies and playbook introductions, against `tree` (the fullest
    site, rendered in memory); and, with `vendor_tree` (one vendor-facing site), the links a
    vendor-facing site keeps (outside `!!! internal` blocks) against that site, which lacks the
    internal pages (the directory, *Due for review*, other vendors)."""
    sources = [(play.path, play.path, play.body, play.body_line) for play in inputs.plays]
    sources += [(area.path, f"playbooks/{area.name}/index.md", area.body, area.body_line)
                for area in inputs.areas.values() if area.path]
    found: set[tuple[str, int, int, str]] = set()
    readers: tuple[tuple[Audience, dict[str, bytes] | None], ...] = (("restricted", tree), ("vendor", vendor_tree))
    for audience, site in readers:
        if site is None:
            continue
        ids = _ids_reader(site, config)
        for shown, page, body, first_line in sources:
            if page not in site:
                continue  # not a page of this site: nothing to check against
            text = body if audience == "restricted" else strip_sections(body, audience)
            for link in targets(blank_template(text)):
                message = _problem(page, link, site, ids, vendor=audience == "vendor")
                where = (shown, first_line + link.line - 1, link.column, message or "")
                if message and not any(f[:3] == where[:3] for f in found):  # one problem per link
                    found.add(where)
                    problems.add(*where)


def _problem(page: str, link: Target, tree: dict[str, bytes], ids: Callable[[str], set[str] | None], *,
             vendor: bool = False) -> str | None:
    address = link.address.strip().strip("<>").split(None, 1)[0] if link.address.strip() else ""
    if address.startswith("/"):
        return (f"the link `{address}` starts with `/`, which the built site does not resolve; link to the "
                "page's Markdown file relative to this one, like `../governance/steering-committee.md`")
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", address):
        return None  # another site (play_markup allows only http, https and mailto)
    fragment = address.split("#", 1)[1] if "#" in address else ""
    target = local_path(page, address)
    if target is None:
        if address.startswith("#") and fragment:
            return _anchor(page, page, fragment, ids)
        return None
    if target not in tree and vendor:
        return (f"the link `{address}` points at `{target}`, which vendor-facing sites do not have; move it into "
                "an `!!! internal` block, or link to a page they have")
    if target not in tree:
        near = [p for p in (f"{target}.md", f"{target.rstrip('/')}/index.md", f"{target}/index.md") if p in tree]
        if near:
            return (f"the link `{address}` points at a folder, which the built site does not resolve; link to "
                    f"the page's Markdown file: `{_relative(page, near[0])}`")
        written = address.split("#", 1)[0]
        pages = [_relative(page, p) for p in tree if p.endswith(".md")]
        hint = did_you_mean(written, pages) if target.endswith(".md") else ""
        return f"the link `{address}` points at `{target}`, which the site does not have; fix the address{hint}"
    if fragment and target.endswith(".md"):
        return _anchor(page, target, fragment, ids)
    return None


def _anchor(page: str, target: str, fragment: str, ids: Callable[[str], set[str] | None]) -> str | None:
    found = ids(target)
    if found is None or fragment in found:
        return None
    where = "this page" if target == page else f"`{target}`"
    return (f"`#{fragment}` is not an anchor on {where}; link to one of its headings, written as the site makes "
            f"them (lower case, dashes for spaces){did_you_mean(fragment, found)}")


def _relative(page: str, target: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(page))
