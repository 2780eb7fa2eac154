"""MkDocs' building of every page (its templating and every plugin's page events,
`_build_page`), on every core, before MkDocs builds them one by one.

Once conversion runs on every core (kept_pages.convert_deferred), what a cold build spends in
one process is building each page: putting its finished blocks back, Material's search reading
it, keeping its conversion and templated output, and Material's template, about 13 s of CPU at
500 vendors; a warm build still puts every page's blocks back and reads its kept output (about
5 s). Each page's build depends on the site as it stands once every page is converted, which a
forked worker holds as it is. So at MkDocs' first `_build_page` call this module has worker
processes build the pages with MkDocs' own `_build_page`: each writes the page's HTML file and
keeps its conversion and output in the build cache's folder.
When MkDocs then asks for such a page here, what its build left that the rest of the build
reads is taken over instead of building it again:

- the search entries it added (Material's search index, in MkDocs' page order);
- the ids in the page and the links to other pages' anchors (MkDocs' anchor check);
- the build cache's entries for its conversion and output (each file used later only when its
  bytes hash to the name, as any entry's);
- the plugins let go of what they held for the page (`forget`).

A page whose build warned or failed in a worker is built here, so its warnings and errors come
from this process. It runs only when every plugin is known (kept_renders.only_known: no other
plugin keeps state from a page's events), with a build cache folder, and when there are enough pages
to build to pay for the workers; otherwise MkDocs builds every page itself, as before.
tests/parallel_cases.py compares the site and the cache with a build in one process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from ..support import workers
from ..support.cache import ConvertedPages
from .kept_pages import PAGES_PER_JOB, links_given, links_of
from .kept_search import search_plugin

# What a worker's build of a page left: its search entries, the ids in it, its links to
# anchors (by the linked page's place), the build cache's entries for its conversion and
# output, and whether that output was made (True) or kept from an earlier build.
_Built = tuple[list[dict[str, Any]], list[str], dict[str, dict[str, str]], "tuple[str, str] | None",
               "tuple[str, str] | None", bool]


class PagesAhead:
    """One build's pages built ahead (see the module)."""

    def __init__(self, store: ConvertedPages, warnings: list[str], forget: list[Callable[[str], None]]):
        self.store, self.warnings, self.forget = store, warnings, forget
        self.built: dict[str, _Built] | None = None
        self.files: Any = None  # the build's Files (MkDocs' env event gives them)
        self.index: Any = None  # Material's search index, when pages are built ahead

    def build_page(self, original: Callable[..., None], page: Any, config: Any, doc_files: Any, nav: Any, env: Any,
                   dirty: bool = False, excluded: bool = False) -> None:
        """MkDocs' _build_page, or what a worker's build of the page left (see the module)."""
        if self.built is None:
            self.built = {} if dirty else self._ahead(original, config, doc_files, nav, env)
        built = self.built.pop(page.file.src_uri, None)
        if built is None or excluded:
            original(page, config, doc_files, nav, env, dirty, excluded)
            return
        entries, anchors, links, conversion, output, made = built
        if self.index is not None:
            self.index.entries.extend(entries)
        page.present_anchor_ids = set(anchors)
        page.links_to_anchors = links_given(links, self.files)
        path = page.file.src_uri
        for kind, entry in (("page", conversion), ("render", output)):
            if entry is not None:
                self.store.adopt(kind, path, entry)
        if made:
            self.store.templated += 1
        else:
            self.store.finished += 1
        for forget in self.forget:
            forget(path)
        page.content = None

    def _ahead(self, original: Callable[..., None], config: Any, doc_files: Any, nav: Any, env: Any) -> dict[str, _Built]:
        pages = [file.page for file in doc_files if file.page is not None and not file.inclusion.is_excluded()]
        if self.store.folder is None or self.files is None or workers.jobs_for(len(pages), per_job=PAGES_PER_JOB) < 2:
            return {}
        plugin = search_plugin(config.plugins)
        self.index = index = getattr(plugin, "search_index", None) if plugin is not None else None

        def one(page: Any) -> _Built | None:  # in a worker
            before, warned = len(index.entries) if index is not None else 0, len(self.warnings)
            templated = self.store.templated
            try:
                original(page, config, doc_files, nav, env, False, False)
            except Exception:
                return None  # built again here, where the error is reported
            if len(self.warnings) != warned:
                return None
            path = page.file.src_uri
            return (list(index.entries[before:]) if index is not None else [], sorted(page.present_anchor_ids or ()),
                    links_of(page),
                    self.store.entry("page", path), self.store.entry("render", path), self.store.templated != templated)

        with workers.start(one, pages, per_job=PAGES_PER_JOB) as run:
            results = run.results()
        return {page.file.src_uri: built for page, built in zip(pages, results) if built is not None}


def plugin(ahead: PagesAhead) -> Any:
    """The MkDocs plugin that hands `ahead` the build's files."""
    from mkdocs.plugins import BasePlugin

    class PagesAheadFiles(BasePlugin):  # MkDocs ships no type information
        # The files as they stand when every page is converted (the pages' links are looked
        # up in them when a page built ahead is taken over).
        def on_env(self, env: Any, *, config: Any, files: Any) -> Any:
            ahead.files = files
            return env

    return PagesAheadFiles()


@contextmanager
def building(ahead: PagesAhead | None) -> Iterator[None]:
    """MkDocs' `_build_page` goes through `ahead` while the block runs (MkDocs 1.6's, pinned below 2)."""
    if ahead is None:
        yield
        return
    from mkdocs.commands import build as mkdocs_build

    original = mkdocs_build._build_page

    def build_page(*args: Any, **kwargs: Any) -> None:
        ahead.build_page(original, *args, **kwargs)

    mkdocs_build._build_page = build_page
    try:
        yield
    finally:
        mkdocs_build._build_page = original
