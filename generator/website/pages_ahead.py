"""MkDocs' building of every page (its templating and every plugin's page events,
`_build_page`), on every core, before MkDocs builds them one by one; and a page's whole build
kept between builds.

Once conversion runs on every core (kept_pages.convert_deferred), what a cold build spends in
one process is building each page: putting its finished blocks back, Material's search reading
it, keeping its conversion and templated output, and Material's template, about 13 s of CPU at
500 vendors. Each page's build depends on the site as it stands once every page is converted,
which a forked worker holds as it is. So at MkDocs' first `_build_page` call this module has
worker processes build the pages with MkDocs' own `_build_page`: each writes the page's HTML
file and keeps its conversion and output in the build cache's folder.

A warm build of pages whose templated output was kept still put every page's blocks back, had
the search plugin read it and hashed its whole HTML to find the output (about 2 ms a page,
1.6 s at 500 vendors on two cores). So each page's whole build is kept too, under a key taken
before it starts (kept_renders.Templating.build_key: the build's settings and navigation, every
file of the site, the page's HTML before its blocks go back, the blocks, and everything else
its template is given). A page whose key is unchanged is not built at all: its kept output is
written (while the workers build the others), and what the rest of the build reads of it is
taken over.

When MkDocs then asks for a page built ahead or kept, what its build left that the rest of
the build reads is taken over instead of building it again:

- the search entries it added (Material's search index, in MkDocs' page order);
- the ids in the page and the links to other pages' anchors (MkDocs' anchor check);
- the build cache's entries for its conversion, output and whole build (each file used later
  only when its bytes hash to the name, as any entry's);
- the plugins let go of what they held for the page (`forget`; for a kept build, `taken`).

A page whose build warned or failed in a worker is built here, so its warnings and errors come
from this process; a build that warned is never kept. Pages are built ahead only when every
plugin is known (kept_renders.only_known: no other plugin keeps state from a page's events),
with a build cache folder, and when there are enough pages to build to pay for the workers;
otherwise MkDocs builds every page itself, as before. tests/parallel_cases.py compares the site
and the cache with a build in one process; tests/test_kept_builds.py a kept build with a new one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from ..support import workers
from ..support.cache_pages import Built, ConvertedPages
from .kept_pages import PAGES_PER_JOB, links_given, links_of
from .kept_search import search_plugin

# What a build of a page left: its search entries, the ids in it, its links to anchors (by the
# linked page's place), the build cache's entries for its conversion, output and whole build,
# and whether that output was made (True) or kept from an earlier build.
_Built = tuple[list[dict[str, Any]], list[str], dict[str, dict[str, str]], "tuple[str, str] | None",
               "tuple[str, str] | None", "tuple[str, str] | None", bool]


class PagesAhead:
    """One build's pages built ahead, or taken from a kept build (see the module). `build_key`
    gives a page's key before it is built (None: its build is not kept); `forget` lets the
    plugins go of a page built elsewhere, `taken` of a page whose kept build was taken."""

    def __init__(self, store: ConvertedPages, warnings: list[str], forget: Sequence[Callable[[str], None]],
                 taken: Sequence[Callable[[str], None]] = (),
                 build_key: Callable[[Any, Any], str | None] = lambda page, nav: None):
        self.store, self.warnings, self.forget, self.taken = store, warnings, forget, taken
        self.build_key = build_key
        self.built: dict[str, _Built] | None = None
        self.files: Any = None  # the build's Files (MkDocs' env event gives them)
        self.index: Any = None  # Material's search index
        self.keys: dict[str, str] = {}  # each page's build key, taken before any page is built
        self.kept: dict[str, Built] = {}  # the pages whose whole build is kept
        self.written: set[str] = set()  # ... and whose kept output is written already

    def build_page(self, original: Callable[..., None], page: Any, config: Any, doc_files: Any, nav: Any, env: Any,
                   dirty: bool = False, excluded: bool = False) -> None:
        """MkDocs' _build_page, or what a kept build or a worker's build of the page left."""
        if self.built is None:
            self.built = {} if dirty else self._ahead(original, config, doc_files, nav, env)
        path = page.file.src_uri
        kept = self.kept.pop(path, None)
        if kept is not None and not excluded and self._take(page, kept):
            return
        built = self.built.pop(path, None)
        if built is None or excluded:
            self._build(original, page, config, doc_files, nav, env, dirty, excluded)
            return
        entries, anchors, links, conversion, output, whole, made = built
        self._taken_over(page, entries, anchors, links)
        for kind, entry in (("page", conversion), ("render", output), ("build", whole)):
            if entry is not None:
                self.store.adopt(kind, path, entry)
        if made:
            self.store.templated += 1
        else:
            self.store.finished += 1
        for forget in self.forget:
            forget(path)
        page.content = None

    def _taken_over(self, page: Any, entries: list[dict[str, Any]], anchors: list[str],
                    links: dict[str, dict[str, str]]) -> None:
        if self.index is not None:
            self.index.entries.extend(entries)
        page.present_anchor_ids = set(anchors)
        page.links_to_anchors = links_given(links, self.files)

    def _take(self, page: Any, kept: Built) -> bool:
        """The page's kept build taken over (its output written, if it was not yet); False when
        its output cannot be read (then it is built)."""
        path = page.file.src_uri
        if path not in self.written and not self._write(page, kept):
            return False
        self._taken_over(page, *kept[:3])
        self.store.finished += 1
        for taken in self.taken:
            taken(path)
        page.content = None
        return True

    def _write(self, page: Any, kept: Built) -> bool:
        """The page's kept output written where MkDocs writes it (as MkDocs does: only if not blank)."""
        from mkdocs.utils import write_file

        data = self.store.output(page.file.src_uri, kept[3])
        if data is None:
            return False
        if data.strip():
            write_file(data, page.file.abs_dest_path)
        self.written.add(page.file.src_uri)
        return True

    def _build(self, original: Callable[..., None], page: Any, config: Any, doc_files: Any, nav: Any, env: Any,
               dirty: bool = False, excluded: bool = False) -> _Built | None:
        """MkDocs' build of the page, here or in a worker: what it left, its whole build kept
        under its key; None when it warned (never kept)."""
        before, warned = len(self.index.entries) if self.index is not None else 0, len(self.warnings)
        templated = self.store.templated
        original(page, config, doc_files, nav, env, dirty, excluded)
        path = page.file.src_uri
        if len(self.warnings) != warned:
            return None
        entries = list(self.index.entries[before:]) if self.index is not None else []
        anchors, links = sorted(page.present_anchor_ids or ()), links_of(page)
        output, key = self.store.entry("render", path), self.keys.get(path)
        whole = None
        if key is not None and output is not None and not dirty and not excluded:
            try:
                self.store.keep_build(path, key, (entries, anchors, links, output))
                whole = self.store.entry("build", path)
            except (TypeError, ValueError):  # a search entry that is not plain data: not kept
                pass
        return (entries, anchors, links, self.store.entry("page", path), output, whole,
                self.store.templated != templated)

    def _recall(self, pages: list[Any], nav: Any) -> None:
        """Each page's build key, and its kept build where there is one."""
        for page in pages:
            path = page.file.src_uri
            key = self.build_key(page, nav)
            if key is None:
                continue
            self.keys[path] = key
            kept = self.store.recall_build(path, key)
            if kept is not None:
                self.kept[path] = kept

    def _write_kept(self, pages: list[Any]) -> None:
        """The kept pages' output written now; a page whose output cannot be read is built."""
        for page in pages:
            kept = self.kept.get(page.file.src_uri)
            if kept is not None and not self._write(page, kept):
                del self.kept[page.file.src_uri]

    def _ahead(self, original: Callable[..., None], config: Any, doc_files: Any, nav: Any, env: Any) -> dict[str, _Built]:
        pages = [file.page for file in doc_files if file.page is not None and not file.inclusion.is_excluded()]
        plugin = search_plugin(config.plugins)
        self.index = getattr(plugin, "search_index", None) if plugin is not None else None
        self._recall(pages, nav)
        todo = [page for page in pages if page.file.src_uri not in self.kept]
        if self.store.folder is None or self.files is None or workers.jobs_for(len(todo), per_job=PAGES_PER_JOB) < 2:
            return {}

        def one(page: Any) -> _Built | None:  # in a worker
            try:
                return self._build(original, page, config, doc_files, nav, env)
            except Exception:
                return None  # built again here, where the error is reported

        with workers.start(one, todo, per_job=PAGES_PER_JOB) as run:
            self._write_kept(pages)  # while the workers build the others
            results = run.results()
        return {page.file.src_uri: built for page, built in zip(todo, results) if built is not None}


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
