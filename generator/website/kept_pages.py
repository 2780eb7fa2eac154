"""MkDocs page conversions kept between builds: what a conversion's key is made of, and the
plugin that hands MkDocs a kept conversion (HTML, table of contents, title, anchors, links)
instead of converting a page whose every input is unchanged (engine.py installs it)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ..support.cache import Converted, ConvertedPages, SetAside, digest, installed, version
from .finished_html import placed, set_aside
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


TABLE = b"\n|"  # what a page holds when it may have a table (finished_tables)


def kept_set_aside(store: ConvertedPages | None, base: str,
                   cells: Callable[[], TableCells]) -> Callable[[str, bytes], SetAside]:
    """A page's Markdown with its finished blocks and tables set aside (finished_html,
    finished_tables), as engine.py hands it to MkDocs: taken from the build cache when the page's
    Markdown and `base` (conversion_key: the Markdown settings the tables' cells are converted
    with, the libraries, the generator) are those it was made from, made and kept otherwise.
    What is kept is data: its shape is checked (cache.py), and each block's placeholder must be
    in the Markdown once, or it is made again. `cells` makes the cells' converter, once, when
    a page has to be set aside here."""
    made: list[TableCells] = []

    def aside(path: str, content: bytes) -> SetAside:
        key = digest(base, "aside", path, content)
        kept = store.recall_aside(path, key) if store is not None else None
        if kept is not None and placed(kept[0], kept[1]):
            return kept
        text, blocks = set_aside(content.decode("utf-8"))
        tables: list[int] = []
        if TABLE in content:
            if not made:  # the cells' converter, made at the first page with a table
                made.append(cells())
            text, tables = tables_aside(text, blocks, made[0])
        if store is not None:
            store.keep_aside(path, key, (text, list(blocks), list(tables)))
        return text, blocks, tables

    return aside


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


class _Keeping:
    """kept_conversions' work for one build: a page's conversion given or made, and then kept.
    Between the two: the conversions to keep once the search plugin has read their page, and
    each reused page's key and kept search part until then (not its HTML: the page holds that,
    and holding it here too would double what a build holds)."""

    def __init__(self, store: ConvertedPages, base: str, warnings: list[str]):
        self.store, self.base, self.warnings = store, base, warnings
        self.waiting: dict[str, Converted] = {}
        self.searched: dict[str, tuple[str, list[Any] | None]] = {}

    def render(self, page: Any, config: Any, files: Any) -> None:
        """MkDocs' Page.render, or what it gave for the same key and lookups (see kept_conversions)."""
        from mkdocs.structure.pages import Page
        from mkdocs.structure.toc import get_toc

        store, warnings = self.store, self.warnings
        path = page.file.src_uri
        key = digest(self.base, path, page.file.url, str(page.file.inclusion), page.markdown or "")
        kept = store.recall(path, key)
        if kept is not None and all(_answer(files.get_file_from_path(target)) == answer
                                    for target, answer in kept[6].items()):
            _, html, toc, title, anchors, links, _, _ = kept
            page.content = html
            page.toc = get_toc(_toc_tokens(toc))
            page._title_from_render = title
            page.present_anchor_ids = set(anchors)
            page.links_to_anchors = {files.get_file_from_path(target): dict(found) for target, found in links.items()}
            self.searched[path] = (key, kept[7])
            store.reused += 1
            return
        recording = _Recording(files)
        warned = len(warnings)
        Page.render(page, config, recording)  # type: ignore[arg-type]  # a Files in all it uses
        store.converted += 1
        if len(warnings) != warned:
            return  # a conversion that warned is never kept (a strict build fails on it anyway)
        links = {target.src_uri: dict(found) for target, found in (page.links_to_anchors or {}).items()}
        self.waiting[path] = (key, page.content, toc_items(page.toc), page._title_from_render,
                              sorted(page.present_anchor_ids or ()), links, recording.lookups, None)

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

    def finish(self) -> None:
        for path in sorted(self.waiting):  # a page no template was made for (none today)
            self.store.keep(path, self.waiting.pop(path))


def kept_conversions(store: ConvertedPages, base: str, warnings: list[str]) -> Any:
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

    keeping = _Keeping(store, base, warnings)

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

        def on_post_build(self, *, config: Any) -> None:
            keeping.finish()

    return KeptConversions()
