"""MkDocs page conversions kept between builds: what a conversion's key is made of, and the
plugin that hands MkDocs a kept conversion (HTML, table of contents, title, anchors, links)
instead of converting a page whose every input is unchanged (engine.py installs it)."""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable
from typing import Any

from ..support.cache import digest, installed, version
from ..support.cache_pages import Converted, ConvertedPages, SetAside
from ..support import workers
from ..support.markdown_html import InlineHtml
from .finished_html import anchors, placed, set_aside
from .finished_checklists import checklists_aside
from .finished_packs import unwrap, wrap
from .finished_tables import TableCells, tables_aside
from .kept_search import Sections, divide, search_plugin, teach


# Libraries whose versions shape a page's conversion, besides those cache.version() covers: a
# page's HTML is kept only for the very versions that made it.
CONVERSION_LIBRARIES = ("Markdown", "pymdown-extensions", "mkdocs", "mkdocs-material", "Pygments")


def _named(value: Any) -> str:
    """A setting in the Markdown configuration that is not plain data (a function mkdocs.yml
    names with !!python/name), by its module and name: its repr holds an address."""
    module, name = getattr(value, "__module__", None), getattr(value, "__qualname__", None)
    if module and name:
        return f"{module}.{name}"
    return f"{type(value).__module__}.{type(value).__qualname__}:{value!r}"


def conversion_key(config: Any, project_config: bytes) -> str:
    """What every page's conversion depends on besides its own Markdown and place: the Markdown
    extensions and their settings, URL and link-checking settings, the project's mkdocs.yml, and
    the versions of the generator and of every library that shapes the output."""
    settings = json.dumps([config["markdown_extensions"], config["mdx_configs"], config["use_directory_urls"],
                           str(config["validation"])], sort_keys=True, default=_named)
    libraries = ";".join(f"{name} {installed(name)}" for name in CONVERSION_LIBRARIES)
    return digest(version(), libraries, settings, project_config)


# Pages to convert a worker process must have before one is started (about 14 ms each cold at
# 500 vendors, against some 60 ms to start a worker and hand its pages back).
PAGES_PER_JOB = 64

TABLE = b"\n|"  # what a page holds when it may have a table (finished_tables)
CHECKLIST = b'<div class="rp-checklist" '  # ... a checklist left to the engine (finished_checklists)
PACK = b'<div class="rp-pack'  # ... a pack's wrapper (finished_packs)


class KeptSetAside:
    """Pages' Markdown with their finished blocks and tables set aside (finished_html,
    finished_tables), as engine.py hands it to MkDocs: taken from the build cache when the page's
    Markdown and `base` (conversion_key: the Markdown settings the tables' cells are converted
    with, the libraries, the generator) are those it was made from, made and kept otherwise.
    What is kept is data: its shape is checked (cache.py), and each block's placeholder must be
    in the Markdown once, or it is made again. `cells` makes the tables' cells' converter and
    `inline` the checklist items' (finished_checklists), each once, when a page needs it."""

    def __init__(self, store: ConvertedPages | None, base: str, cells: Callable[[], TableCells],
                 inline: Callable[[], InlineHtml]):
        self.store, self.base, self._cells, self._inline = store, base, cells, inline
        self._made: list[TableCells] = []
        self._inlines: list[InlineHtml] = []

    def key(self, path: str, content: bytes) -> str:
        return digest(self.base, "aside", path, content)

    def recall(self, path: str, content: bytes) -> SetAside | None:
        """The page set aside by an earlier build, if that is still what setting it aside gives."""
        kept = self.store.recall_aside(path, self.key(path, content)) if self.store is not None else None
        return kept if kept is not None and placed(kept[0], kept[1]) else None

    def make(self, content: bytes) -> SetAside:
        """The page set aside now (the same for the same Markdown and settings: it may run in a
        worker process): its Markdown with placeholders, its blocks, the blocks whose relative
        links MkDocs rewrites at put-back (tables, checklists), the placeholders that come
        out with no blank line after them (tables, and all in an unwrapped pack), and the ids in
        the blocks, which MkDocs' anchor check must know (found once, here)."""
        page = content.decode("utf-8")
        unwrapped = unwrap(page) if PACK in content else None
        made = self._made_from(content, unwrapped[0] if unwrapped is not None else page)
        wrapped = wrap(made[0], made[1], unwrapped[1]) if unwrapped is not None else None
        if wrapped is not None:
            made = wrapped[0], made[1], made[2], sorted(set(made[3]) | set(wrapped[1]))
        elif unwrapped is not None:
            made = self._made_from(content, page)
        return (*made, sorted(anchors(made[1])))

    def _made_from(self, content: bytes, page: str) -> tuple[str, list[str], list[int], list[int]]:
        text, blocks = set_aside(page)
        tables: list[int] = []
        if TABLE in content:
            if not self._made:  # the cells' converter, made at the first page with a table
                self._made.append(self._cells())
            text, tables = tables_aside(text, blocks, self._made[0])
        linked: list[int] = []
        if CHECKLIST in content:
            if not self._inlines:
                self._inlines.append(self._inline())
            text, linked = checklists_aside(text, blocks, self._inlines[0])
        return text, list(blocks), sorted(tables + linked), list(tables)

    def keep(self, path: str, content: bytes, value: SetAside) -> None:
        if self.store is not None:
            self.store.keep_aside(path, self.key(path, content), value)

    def made_and_kept(self, path: str, content: bytes) -> SetAside:
        made = self.make(content)
        self.keep(path, content, made)
        return made


class _Recording:
    """A page's view of the site's files while it is converted: remembers what its links looked up."""

    def __init__(self, files: Any):
        self._files = files
        self.lookups: dict[str, Any] = {}

    def get_file_from_path(self, path: str) -> Any:
        found = self._files.get_file_from_path(path)
        self.lookups[path] = _answer(found)
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self._files, name)


def _answer(file: Any) -> list[Any] | None:
    """What a link sees of the file it looks up: where it is, its address, whether it is excluded."""
    return None if file is None else [file.src_uri, file.url, bool(file.inclusion.is_excluded())]


def toc_items(items: Any) -> list[Any]:
    """A table of contents as plain data: [title, id, level, children] for each entry."""
    return [[item.title, item.id, item.level, toc_items(item.children)] for item in items]


def _toc_tokens(items: list[Any]) -> list[Any]:
    return [{"name": title, "id": anchor, "level": level, "children": _toc_tokens(children)}
            for title, anchor, level, children in items]


def _given(page: Any, kept: Converted, files: Any) -> None:
    """A page given a conversion made elsewhere (kept by an earlier build, or made by a worker)."""
    from mkdocs.structure.toc import get_toc

    _, html, toc, title, ids, links, _, _ = kept
    page.content = html
    page.toc = get_toc(_toc_tokens(toc))
    page._title_from_render = title
    page.present_anchor_ids = set(ids)
    page.links_to_anchors = links_given(links, files)


def links_of(page: Any) -> dict[str, dict[str, str]]:
    """A page's links to other pages' anchors as plain data: the linked page's place, then each
    anchor and the link as written (MkDocs keys them by the linked File)."""
    return {target.src_uri: dict(found) for target, found in (page.links_to_anchors or {}).items()}


def links_given(links: dict[str, dict[str, str]], files: Any) -> dict[Any, dict[str, str]]:
    """`links_of`'s data as MkDocs holds it, each place looked up in this build's `files`."""
    return {files.get_file_from_path(target): dict(found) for target, found in links.items()}


_converters = threading.local()  # this thread's Markdown converter and the configuration it was made for


def render_page(page: Any, config: Any, files: Any) -> None:
    """MkDocs 1.6's Page.render (pinned below 2), with one Markdown converter per build and thread,
    made again for each page only in what MkDocs makes for the page (its anchors, links, title
    and raw HTML processors, registered under their names, so each replaces the last page's)
    and `reset` between pages (Python-Markdown's way to convert again: each extension's state
    cleared). MkDocs makes the whole converter for every page, about 0.25 ms of a 6 ms page."""
    import markdown
    from mkdocs.structure.pages import (_ExtractAnchorsTreeprocessor, _ExtractTitleTreeprocessor,
                                        _RawHTMLPreprocessor, _RelativePathTreeprocessor)
    from mkdocs.structure.toc import get_toc

    if page.markdown is None:
        raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
    made = getattr(_converters, "made", None)
    if made is None or made[0] is not config:
        made = (config, markdown.Markdown(extensions=config["markdown_extensions"],
                                          extension_configs=config["mdx_configs"] or {}))
        _converters.made = made
    md = made[1].reset()
    raw_html = _RawHTMLPreprocessor()
    raw_html._register(md)
    ids = _ExtractAnchorsTreeprocessor(page.file, files, config)
    ids._register(md)
    relative = _RelativePathTreeprocessor(page.file, files, config)
    relative._register(md)
    title = _ExtractTitleTreeprocessor()
    title._register(md)
    page.content = md.convert(page.markdown)
    page.toc = get_toc(getattr(md, "toc_tokens", []))
    page._title_from_render = title.title
    page.present_anchor_ids = ids.present_anchor_ids | raw_html.present_anchor_ids
    if logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = relative.links_to_anchors


def _failed(page: Any, error: Exception) -> None:
    """What MkDocs' _populate_page logs when a page's conversion raises."""
    from mkdocs.exceptions import BuildError

    detail = "" if isinstance(error, BuildError) else f" {error}"
    logging.getLogger("mkdocs.commands.build").error(f"Error reading page '{page.file.src_uri}':{detail}")


class _Keeping:
    """kept_conversions' work for one build: a page's conversion given or made, and then kept.
    Between the two: the conversions to keep once the search plugin has read their page, and
    each reused page's key and kept search part until then (not its HTML: the page holds that,
    and holding it here too would double what a build holds)."""

    def __init__(self, store: ConvertedPages, base: str, warnings: list[str], deferring: bool = False):
        self.store, self.base, self.warnings = store, base, warnings
        self.waiting: dict[str, Converted] = {}
        self.searched: dict[str, tuple[str, list[Any] | None]] = {}
        self.deferring = deferring
        self.deferred: list[tuple[Any, str, str]] = []  # (page, key, Markdown) to convert at on_env

    def render(self, page: Any, config: Any, files: Any) -> None:
        """MkDocs' Page.render, or what it gave for the same key and lookups (see kept_conversions).
        With `deferring`, a page to convert is left for `convert_deferred`, its HTML empty until then."""
        store = self.store
        path = page.file.src_uri
        key = digest(self.base, path, page.file.url, str(page.file.inclusion), page.markdown or "")
        kept = store.recall(path, key)
        if kept is not None and all(_answer(files.get_file_from_path(target)) == answer
                                    for target, answer in kept[6].items()):
            _given(page, kept, files)
            self.searched[path] = (key, kept[7])
            store.reused += 1
            return
        if self.deferring:
            self.deferred.append((page, key, page.markdown or ""))
            page.content = ""
            return
        made = self._convert(page, config, files, key)
        if made is not None:
            self.waiting[path] = made

    def _convert(self, page: Any, config: Any, files: Any, key: str) -> Converted | None:
        """The page converted here by MkDocs; what to keep of it, or None when it warned (a
        conversion that warned is never kept: a strict build fails on it anyway)."""
        recording = _Recording(files)
        warned = len(self.warnings)
        render_page(page, config, recording)
        self.store.converted += 1
        if len(self.warnings) != warned:
            return None
        return (key, page.content, toc_items(page.toc), page._title_from_render,
                sorted(page.present_anchor_ids or ()), links_of(page), recording.lookups, None)

    def convert_deferred(self, config: Any, files: Any) -> None:
        """Every page `render` deferred, converted: in worker processes when there are enough of
        them (workers.start; each conversion depends only on its page and the site's files), in
        this process otherwise. A page whose conversion warned or failed in a worker is converted
        again here, so that its warnings and errors come from this build's own MkDocs."""
        deferred, self.deferred = self.deferred, []
        parent = os.getpid()

        def convert(index: int) -> Converted | None:
            page, key, markdown = deferred[index]
            emptied, page.markdown = page.markdown, markdown
            config._current_page = page  # as MkDocs' _populate_page has it while converting
            try:
                return self._convert(page, config, files, key)
            except Exception as error:
                if os.getpid() == parent:
                    _failed(page, error)
                    raise
                return None  # in a worker: converted again here, where the error is reported
            finally:
                config._current_page = None
                page.markdown = emptied  # GeneratedDocs let it go once converted (generated_docs.py)

        with workers.start(convert, range(len(deferred)), per_job=PAGES_PER_JOB) as run:
            results = run.results()
            here = run.jobs == 1
        for index, made in enumerate(results):
            page = deferred[index][0]
            if not here:  # (converted in this process, the page holds its conversion already)
                if made is None:
                    made = convert(index)
                else:
                    _given(page, made, files)
                    self.store.converted += 1
            if made is not None:
                self.waiting[page.file.src_uri] = made

    def sections_of(self, page: Any) -> Sections:
        """The page's search sections: kept with its conversion if its HTML is the same as then."""
        path, html = page.file.src_uri, page.content or ""
        found = digest(self.base, "search", html)
        key, search = self.searched.pop(path, ("", None))
        if search is not None and search[0] == found:
            self.store.sections_kept += 1
            return [(one[0], one[1], one[2]) for one in search[1]]
        sections = divide(html)
        self.store.divided += 1
        # Kept with the page's conversion: the one made now, or the one reused (read again: the
        # HTML in the page is no longer what was converted), which is then written anew.
        conversion = self.waiting.get(path) or (self.store.recall(path, key) if key else None)
        if conversion is not None:
            self.waiting[path] = (*conversion[:7], [found, [list(one) for one in sections]])
        return sections

    def read(self, path: str) -> None:
        """The search plugin has read the page (or had nothing to read): its conversion is kept."""
        self.searched.pop(path, None)
        if path in self.waiting:
            self.store.keep(path, self.waiting.pop(path))

    def forget(self, path: str) -> None:
        """A page another process built whole (pages_ahead): it kept the page's conversion."""
        self.waiting.pop(path, None)
        self.searched.pop(path, None)

    def finish(self) -> None:
        for path in sorted(self.waiting):  # a page no template was made for (none today)
            self.store.keep(path, self.waiting.pop(path))


def kept_conversions(store: ConvertedPages, base: str, warnings: list[str], deferring: bool = False) -> Any:
    """An MkDocs plugin that gives each page's conversion (Page.render) from the build cache when
    everything it depends on is unchanged, and keeps each conversion it had to make (never one
    that added to `warnings`, the build's collected warnings).

    A page's key: `base` (conversion_key), its place and address, and its Markdown as MkDocs
    converts it (after every on_page_markdown event, checklists set aside). Its links' lookups
    are checked too: a kept page is used only if every file its links found (or did not find)
    is still found (or not) at the same address. The plugins that read the HTML (on_page_content
    and after), the templates and the search index run for every page as before; Material's
    search plugin takes the page's sections from the cache when its HTML is the one they were
    found in (kept_search.py), so they are kept with the conversion, which is written once the
    search plugin has read the page."""
    from mkdocs.plugins import BasePlugin, event_priority

    keeping = _Keeping(store, base, warnings, deferring)

    class KeptConversions(BasePlugin):  # MkDocs ships no type information
        def on_pre_build(self, *, config: Any) -> None:
            plugin = search_plugin(config.plugins)
            if plugin is not None:
                teach(plugin, keeping.sections_of)

        def on_pre_page(self, page: Any, *, config: Any, files: Any) -> Any:
            page.render = lambda config, files: keeping.render(page, config, files)
            return page

        # After every plugin's on_page_context, the search plugin's included: the page's
        # conversion is kept with what the search plugin found in it.
        @event_priority(-200)
        def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
            keeping.read(page.file.src_uri)
            return context

        # First of the env events, after MkDocs has read every page and before any is templated:
        # the pages to convert (`deferring`: only when every plugin is known, so no plugin's
        # on_page_content read the HTML they did not have yet) are converted, on every core.
        @event_priority(100)
        def on_env(self, env: Any, *, config: Any, files: Any) -> Any:
            keeping.convert_deferred(config, files)
            return env

        def on_post_build(self, *, config: Any) -> None:
            keeping.finish()

        def forget(self, path: str) -> None:  # not an MkDocs event: for pages_ahead.py
            keeping.forget(path)

        def taken(self, path: str) -> None:  # not an MkDocs event: pages_ahead.py took a kept build
            keeping.read(path)

    return KeptConversions()
