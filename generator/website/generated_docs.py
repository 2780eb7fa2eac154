"""The generated docs tree handed to MkDocs from memory (engine.py installs the plugin), with
each page's finished HTML blocks set aside while MkDocs converts its Markdown (checklists,
charts, timelines, controls: finished_html; tables converted ahead: finished_tables) and put
back after: MkDocs would only parse them to pass them through.

With a pages store, a page's set-aside is kept there, under the conversion key and its
Markdown (kept_pages.KeptSetAside). When every plugin of the build is known
(kept_renders.only_known: `late`), the blocks go back when the page is templated rather than
when it is converted, and are held zlib-compressed until then: MkDocs converts every page
before it templates any, so otherwise every page's whole HTML is held at once (at 500 vendors,
155 of the 313 MB the engine held at its peak). The page's Markdown and HTML are then let go as
soon as nothing reads them again.
"""

from __future__ import annotations

import json
import os
import zlib
from typing import Any

from ..support.cache import ConvertedPages
from ..support.markdown_html import InlineHtml
from .finished_html import put_back
from .finished_tables import TableCells, links, settle
from ..support import workers
from .kept_pages import PAGES_PER_JOB, TABLE, KeptSetAside

FINISHED = b'class="rp-'  # what a page holds when it may have a finished block (finished_html)


def walk_order(path: str) -> tuple[tuple[int, bool, str], ...]:
    """The order MkDocs lists a docs folder's files in (it walks it: in each folder the files,
    `index` first, then the subfolders, all by name), which is the order of the sitemap and
    the search index."""
    *folders, name = path.split("/")
    return (*((1, False, folder) for folder in folders), (0, os.path.splitext(name)[0] not in ("index", "README"), name))


def page_links(page: Any, files: Any, config: Any) -> Any:
    """MkDocs' rewriting of a relative link on `page` (what its Markdown conversion does to each
    link, warnings and anchor bookkeeping included), for links in tables converted ahead."""
    from mkdocs.structure.pages import _RelativePathTreeprocessor  # MkDocs 1.6's; pinned below 2

    processor = _RelativePathTreeprocessor(page.file, files, config)

    def rewrite(address: str) -> str:
        new: str = processor.path_to_url(address)
        if processor.links_to_anchors:
            mine = page.links_to_anchors if page.links_to_anchors is not None else {}
            for target, found in processor.links_to_anchors.items():
                for anchor, url in found.items():
                    mine.setdefault(target, {}).setdefault(anchor, url)
            page.links_to_anchors = mine
            processor.links_to_anchors = {}
        return new

    return rewrite


class AsideBlocks:
    """One build's set-aside blocks: each page's, compressed, until they go back into its HTML;
    or, for a page whose set-aside was recalled from the build cache, read from there again only
    if they go back (a page whose whole build is kept never has them put back: pages_ahead)."""

    def __init__(self) -> None:
        self.blocks: dict[str, bytes] = {}  # a page's blocks, as zlib-compressed JSON
        self.recalled: set[str] = set()  # pages whose blocks are read from the build cache again
        self.entries: dict[str, str] = {}  # the SHA-256 of each page's set-aside file in the cache
        # a page's blocks whose relative links MkDocs rewrites, and placeholders to settle (kept_pages)
        self.placing: dict[str, tuple[list[int], list[int], list[str]]] = {}  # and the blocks' ids
        self.files: Any = None  # the build's Files, for the tables' links
        self.tree: dict[str, bytes] = {}
        self.aside: KeptSetAside | None = None

    def add(self, files: Any, config: Any, tree: dict[str, bytes], pages: ConvertedPages | None, base: str) -> None:
        """Every file of `tree` into `files`, each page's finished blocks set aside."""
        from mkdocs.structure.files import File

        written = [{name: config["mdx_configs"].get(name, {})} for name in config["markdown_extensions"]]
        self.aside = aside = KeptSetAside(pages, base, lambda: TableCells(written), lambda: InlineHtml(written))
        self.tree = tree
        paths = sorted(tree, key=walk_order)
        asked = [path for path in paths if path.endswith(".md") and (FINISHED in tree[path] or TABLE in tree[path])]
        listed = set(asked)

        # Each page's set-aside depends on its Markdown alone: on every core when there are many,
        # each worker recalling or making its pages' and keeping what it made in the cache's
        # folder (its entry is taken over here), and handing back the blocks as they are held
        # (None: recalled, read again if they go back).
        def one(path: str) -> tuple[str, bytes | None, list[int], list[int], list[str], tuple[str, str] | None]:
            recalled = aside.recall(path, tree[path])
            text, blocks, linked, settled, ids = aside.made_and_kept(path, tree[path]) if recalled is None else recalled
            entry = pages.entry("aside", path) if recalled is None and pages is not None else None
            if not blocks:
                return text, b"", linked, settled, ids, entry
            if recalled is not None:
                return text, None, linked, settled, ids, entry
            return text, zlib.compress(json.dumps(blocks).encode("utf-8"), 1), linked, settled, ids, entry

        parallel = pages is not None and pages.folder is not None
        with workers.start(one, asked if parallel else [], per_job=PAGES_PER_JOB) as run:
            found = dict(zip(asked, run.results())) if run.jobs > 1 else {}
        for path in paths:
            content = tree[path]
            if path in listed:
                text, packed, linked, settled, ids, entry = found.pop(path) if path in found else one(path)
                if run.jobs > 1 and pages is not None and entry is not None:
                    pages.adopt("aside", path, entry)  # a worker made and kept it
                kept = pages.entry("aside", path) if pages is not None else None  # (used here too, or dropped)
                if kept is not None:
                    self.entries[path] = kept[1]
                if packed is None:
                    self.recalled.add(path)
                elif packed:
                    self.blocks[path] = packed
                if packed != b"":  # the page has blocks: MkDocs converts it with their placeholders
                    content = text.encode("utf-8")
                if linked or settled or ids:
                    self.placing[path] = (linked, settled, ids)
            files.append(File.generated(config, path, content=content))
        self.files = files

    def forget(self, path: str) -> None:
        """A page another process built whole, or whose whole build was kept (pages_ahead): its
        blocks are not put back here."""
        self.blocks.pop(path, None)
        self.recalled.discard(path)
        self.placing.pop(path, None)

    def held(self, path: str) -> bytes:
        """The page's blocks and how they go back (pages_ahead's key): its set-aside's file in the
        build cache, named by the SHA-256 of its Markdown, blocks and placing (nothing for a page
        with nothing set aside). Every page set aside has one: pages_ahead runs only with a store."""
        return self.entries.get(path, "").encode("utf-8")

    def _blocks(self, path: str) -> list[str] | None:
        """The page's blocks, as held or read from the build cache again (made again from its
        Markdown, which gives the same, if the cache's file is gone or damaged since)."""
        packed = self.blocks.pop(path, None)  # each page is converted once a build
        if packed:
            blocks: list[str] = json.loads(zlib.decompress(packed))
            return blocks
        if path not in self.recalled or self.aside is None:
            return None
        self.recalled.discard(path)
        kept = self.aside.recall(path, self.tree[path]) or self.aside.make(self.tree[path])
        return kept[1]

    def put_back(self, html: str, page: Any, config: Any) -> str:
        """The page's HTML with its blocks back. Its blocks' ids join the page's, as MkDocs would
        have found them for its anchor check (which runs after every page is built); the tables'
        links are rewritten and checked by MkDocs' own link code, as in a converted table."""
        blocks = self._blocks(page.file.src_uri)
        if not blocks:
            return html
        linked, settled, ids = self.placing.pop(page.file.src_uri, ([], [], []))
        if linked:
            rewrite = page_links(page, self.files, config)
            for number in linked:  # in the page's order, as the engine meets them
                blocks[number] = links(blocks[number], rewrite)
        html = settle(html, settled)
        page.present_anchor_ids = (page.present_anchor_ids or set()) | set(ids)
        return put_back(html, blocks)


def plugin(tree: dict[str, bytes], pages: ConvertedPages | None, base: str, late: bool = False) -> Any:
    """The MkDocs plugin (see the module's docstring)."""
    from mkdocs.plugins import BasePlugin, event_priority

    aside = AsideBlocks()

    class GeneratedDocs(BasePlugin):  # MkDocs ships no type information
        # on_files: the docs folder MkDocs walked is empty (see engine.build_mkdocs); every page,
        # download and asset comes from the tree, before nav, links and exclusions are worked out.
        def on_files(self, files: Any, *, config: Any) -> Any:
            aside.add(files, config, tree, pages, base)
            return files

        # First among the plugins that read a page's HTML: none of them sees a placeholder.
        @event_priority(100)
        def on_page_content(self, html: str, *, page: Any, config: Any, files: Any) -> str:
            if not late:
                return aside.put_back(html, page, config)
            # Converted: only Page.title reads it again, and only whether it is None (a page's
            # title is its front matter's or its first heading's, found when it was converted).
            # MkDocs would hold every page's Markdown to the end of the build.
            page.markdown = ""
            return html

        # Late: first among the plugins that read a page's HTML when it is templated (the
        # search plugin; engine.py's SearchHead at 100), so none of them sees a placeholder either.
        @event_priority(110)
        def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
            if late:
                page.content = aside.put_back(page.content or "", page, config)
            return context

        # Last after a page is written: MkDocs keeps every page's HTML until the build ends,
        # though nothing reads it after this (the search plugin has its entries,
        # the anchor check reads the anchors and links kept apart). Let it go.
        @event_priority(-100)
        def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
            if late:  # (its Markdown was emptied when it was converted: on_page_content)
                page.content = None
            return output

        def forget(self, path: str) -> None:  # not an MkDocs event: for pages_ahead.py
            aside.forget(path)

        def held(self, path: str) -> bytes:  # not an MkDocs event: for pages_ahead.py
            return aside.held(path)

    return GeneratedDocs()
