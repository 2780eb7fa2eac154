"""The site's navigation rendered once for the pages that are not in it (MkDocs only; engine.py
installs the plugin when every plugin is known, kept_renders.only_known).

Material's template renders the whole navigation (`partials/nav.html`) into every page: about a
fifth of building a page, 1.3 CPU s of a 500-vendor cold build. What it renders depends on the
build's navigation and settings, on which of its items are active (the page and its sections)
and on the page's address, since every link in it is relative to the page. A page that is not
in the navigation (a vendor's profile, checklists, review pack: 1,700 of the 1,811 pages at 500
vendors) makes no item active, so two such pages get the same navigation whenever every link in
it comes out the same from both.

A link's relative form (MkDocs' `get_relative_url`) depends only on how many folders deep the
page is and on where the page's folders first differ from the link's. So each page not in the
navigation gets a key: its folders, with each one that no link of the navigation has at that
depth written as a wildcard (there no link can match it, on any page with that key). Pages with
the same key get the same links, so the navigation rendered for the first is given to the others.
A page in the navigation, a link this module cannot place (one that climbs with `..`), or a page
without a navigation is rendered as always. tests/test_shared_nav.py builds with and without it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

NAV = "partials/nav.html"


def _links(nav: Any, config: Any) -> list[str]:
    """Every address the navigation template passes through MkDocs' `url` filter: each item's,
    the home page's and the logo's."""
    found: list[str] = []

    def walk(items: Any) -> None:
        for item in items or []:
            if getattr(item, "url", None) is not None:
                found.append(str(item.url))
            walk(getattr(item, "children", None))

    walk(nav.items)
    homepage = getattr(nav, "homepage", None)
    for address in (getattr(homepage, "url", None), config.extra.get("homepage"), config.theme.get("logo")):
        if isinstance(address, str):
            found.append(address)
    return found


class Places:
    """The folders of every link in one build's navigation, by depth (see the module)."""

    def __init__(self, nav: Any, config: Any):
        from mkdocs.utils import _get_norm_url, _norm_parts  # MkDocs 1.6's, pinned below 2

        self.norm = _norm_parts
        self.known: list[set[str]] = []
        self.usable = True
        self._listed = list(nav.pages)  # held, so that no other object takes one of their ids
        self.in_nav = {id(page) for page in self._listed}
        for address in _links(nav, config):
            path, level = _get_norm_url(address)
            if level == -1:
                continue  # an absolute address: the same on every page
            if level > 0 or ".." in path.split("/"):
                self.usable = False  # climbs: not placed here
            for depth, part in enumerate(_norm_parts(path)):
                while len(self.known) <= depth:
                    self.known.append(set())
                self.known[depth].add(part)

    def key(self, page: Any) -> tuple[Any, ...] | None:
        """The page's key, or None when its navigation is rendered for it alone."""
        if not self.usable or page is None or id(page) in self.in_nav or getattr(page, "parent", None) is not None:
            return None
        folder, _, name = str(page.url).rpartition("/")
        parts = self.norm(folder if "." in name else str(page.url))
        return tuple(part if depth < len(self.known) and part in self.known[depth] else None
                     for depth, part in enumerate(parts)) + (len(parts),)


class _Shared:
    """The navigation's template as Jinja2's `{% include %}` uses it (its `new_context`, then its
    `root_render_func`), whose output for a page with a key is rendered once."""

    def __init__(self, template: Any, made: dict[tuple[Any, ...], str], places: Callable[[], Places | None]):
        self._template, self._made, self._places = template, made, places

    def root_render_func(self, context: Any) -> Iterator[str]:
        places = self._places()
        key = places.key(context.get("page")) if places is not None else None
        if key is None:
            yield from self._template.root_render_func(context)
            return
        if key not in self._made:
            self._made[key] = "".join(self._template.root_render_func(context))
        yield self._made[key]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._template, name)


def plugin() -> Any:
    """The MkDocs plugin (see the module)."""
    from mkdocs.plugins import BasePlugin

    class SharedNav(BasePlugin):  # MkDocs ships no type information
        places: Places | None = None

        # The navigation as MkDocs resolved it, once a build.
        def on_nav(self, nav: Any, *, config: Any, files: Any) -> Any:
            self.places = Places(nav, config)
            return nav

        # The theme's environment, once a build: Jinja2 asks it for the navigation's template at
        # every page's `{% include %}`; it gets the template whose output is shared.
        def on_env(self, env: Any, *, config: Any, files: Any) -> Any:
            get_template = env.get_template
            made: dict[tuple[Any, ...], str] = {}
            wrapped: dict[int, Any] = {}

            def template_for(*args: Any, **kwargs: Any) -> Any:
                template = get_template(*args, **kwargs)
                if not args or args[0] != NAV:
                    return template
                if id(template) not in wrapped:
                    wrapped.clear()
                    wrapped[id(template)] = (template, _Shared(template, made, lambda: self.places))
                return wrapped[id(template)][1]

            env.get_template = template_for
            return env

    return SharedNav()
