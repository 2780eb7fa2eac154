"""The build cache's store of one site variant's pages as MkDocs made them (cache.py gives it to
the engine: `BuildCache.converted_pages`): each page's conversion, its Markdown with its finished
blocks set aside, its templated output and its whole build, each under the key of what it was
made from, in a file named by the SHA-256 of its bytes and checked against it, and each checked
for the shape written here before it is used."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from .cache_data import plain
from .cache_store import Store


# What the engine made of one page's Markdown (engine.py reads and writes it): the key it was
# made under, the HTML, the table of contents ([title, id, level, children] each), the title
# from the first heading, the anchors on the page, its links to anchors by target file, and the
# answer to each file lookup its links made (the target's [src_uri, url, excluded], or None), and
# what the search plugin found in the page (kept_search.py): the digest of the HTML it read and
# its sections ([id or None, title or None, text] each), or None.
Converted = tuple[str, str, list[Any], "str | None", list[str], dict[str, dict[str, str]], dict[str, Any],
                  "list[Any] | None"]
# A page's Markdown with its finished blocks set aside (engine.py, before MkDocs converts it): the
# Markdown with placeholders, the blocks (finished_html, finished_tables), which blocks are tables.
# Markdown with placeholders, blocks, blocks whose links are rewritten, placeholders settled (kept_pages)
# and the ids in the blocks (finished_html.anchors)
SetAside = tuple[str, list[str], list[int], list[int], list[str]]
# A page's whole build by MkDocs (pages_ahead.py): the search entries it added to the index, the
# ids in it, its links to other pages' anchors (kept_pages.links_of), and the store's entry for
# its templated output (kept_renders.py: its key and the SHA-256 of its file).
Built = tuple[list[dict[str, Any]], list[str], dict[str, dict[str, str]], tuple[str, str]]
_SHA256 = frozenset("0123456789abcdef")


def _set_aside(value: Any) -> bool:
    """Whether an aside file holds what `ConvertedPages.keep_aside` writes."""
    return (type(value) is list and len(value) == 5 and type(value[0]) is str and type(value[1]) is list
            and all(type(block) is str for block in value[1])
            and all(type(numbers) is list and all(type(number) is int and 0 <= number < len(value[1]) for number in numbers)
                    and len(set(numbers)) == len(numbers) for numbers in value[2:4])
            and type(value[4]) is list and all(type(one) is str for one in value[4]))


def _toc(items: Any) -> bool:
    return type(items) is list and all(
        type(one) is list and len(one) == 4 and type(one[0]) is str and type(one[1]) is str and type(one[2]) is int
        and _toc(one[3]) for one in items)


def _searched(search: Any) -> bool:
    """Whether a page file's search part is [digest, sections] as kept_search.py makes them."""
    return (type(search) is list and len(search) == 2 and type(search[0]) is str and len(search[0]) == 64
            and type(search[1]) is list and all(
                type(one) is list and len(one) == 3 and (one[0] is None or type(one[0]) is str)
                and (one[1] is None or type(one[1]) is str) and type(one[2]) is str for one in search[1]))


def _strings(value: Any) -> bool:
    return type(value) is list and all(type(one) is str for one in value)


def _links(links: Any) -> bool:
    """Whether `links` are a page's links to anchors as kept_pages.links_of makes them."""
    return type(links) is dict and all(type(target) is str and type(found) is dict
                                       and all(type(a) is str and type(b) is str for a, b in found.items())
                                       for target, found in links.items())


def _file_entry(value: Any) -> bool:
    """Whether `value` is a store's entry for a page file: [key, SHA-256 of the file]."""
    return (type(value) in (list, tuple) and len(value) == 2 and type(value[0]) is str and type(value[1]) is str
            and len(value[1]) == 64 and set(value[1]) <= _SHA256)


def _page_meta(meta: Any) -> bool:
    """Whether a page file's first line is what `ConvertedPages.keep` writes there."""
    if type(meta) is not list or len(meta) != 6:
        return False
    toc, title, anchors, links, lookups, search = meta
    return (_toc(toc) and (title is None or type(title) is str) and (search is None or _searched(search))
            and _strings(anchors) and _links(links)
            and type(lookups) is dict and all(type(path) is str and (answer is None or (
                type(answer) is list and len(answer) == 3 and type(answer[0]) is str and type(answer[1]) is str
                and type(answer[2]) is bool)) for path, answer in lookups.items()))


class ConvertedPages:
    """One site variant's pages as the engine converted them, by the key of what it read.

    The store (`pages-<variant>.json`) holds, per page, the key and the SHA-256 of a file in the
    folder beside it (`pages-<variant>/<sha256>.page`: one line of JSON with the table of
    contents, title, anchors, links, lookups and search sections, then the HTML), and per page
    set aside (`("aside", path)`, the same way) a file holding one JSON list: the page's
    Markdown with placeholders, its blocks and which are tables; and per page templated
    (`("render", path)`) a file holding the page as the theme's template made it (UTF-8). A file is used only when its
    bytes hash to the name the store gives and its first line has the shape written here; the
    files are read one at a time, when a page is built, so a run holds no more HTML than the
    engine does. Without a folder (an in-memory cache) the files are kept in memory."""

    def __init__(self, store: Store, folder: Path | None):
        self._store = store
        self.folder = folder
        self._memory: dict[str, bytes] = {}
        self.asked = False  # whether a build asked for this variant's pages since the last prune_files
        self.reused = 0
        self.converted = 0
        self.sections_kept = 0  # pages whose search sections were taken from here (kept_search.py)
        self.divided = 0  # pages the search plugin's parser read
        self.templated = 0  # pages the theme's template made (kept_renders.py), and those whose output was kept
        self.finished = 0

    def _file(self, entry: tuple[str, str], key: str) -> bytes | None:
        """The bytes of the file the store names for `entry` under exactly this `key`, if they
        hash to that name (a damaged entry or file is forgotten)."""
        self.asked = True
        found = self._store.get(entry)
        if found is None:
            return None
        if type(found) is not tuple or not _file_entry(found):
            self._store.forget(entry)
            return None
        if found[0] != key:
            return None  # made from other Markdown, settings or libraries: never used
        data = self._read(found[1])
        if data is None or hashlib.sha256(data).hexdigest() != found[1]:
            self._store.forget(entry)
            return None
        return data

    def recall(self, path: str, key: str) -> Converted | None:
        """The conversion of the page at `path` under exactly this `key`, if one was kept."""
        data = self._file(("page", path), key)
        if data is None:
            return None
        end = data.find(b"\n")
        try:
            meta: Any = json.loads(data[:end]) if end >= 0 else None
            if _page_meta(meta):
                toc, title, anchors, links, lookups, search = meta
                return key, data[end + 1:].decode("utf-8"), toc, title, anchors, links, lookups, search
        except (ValueError, RecursionError):  # not JSON, not UTF-8
            pass
        self._store.forget(("page", path))
        return None

    def recall_aside(self, path: str, key: str) -> SetAside | None:
        """The page at `path` with its finished blocks set aside, under exactly this `key`, if kept."""
        data = self._file(("aside", path), key)
        if data is None:
            return None
        try:
            value: Any = json.loads(data)
            if _set_aside(value):
                return value[0], value[1], value[2], value[3], value[4]
        except (ValueError, RecursionError):  # not JSON, not UTF-8
            pass
        self._store.forget(("aside", path))
        return None

    def recall_render(self, path: str, key: str) -> str | None:
        """The finished page the theme's template made for `path` under exactly this `key`, if kept
        (kept_renders.py)."""
        data = self._file(("render", path), key)
        if data is None:
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            self._store.forget(("render", path))
            return None

    def recall_build(self, path: str, key: str) -> Built | None:
        """The page at `path` as a whole build under exactly this `key` left it, if kept: what
        the rest of the build reads of it (pages_ahead.py); its output is `output(built[3])`."""
        data = self._file(("build", path), key)
        if data is None:
            return None
        try:
            value: Any = json.loads(data)
            if (type(value) is list and len(value) == 4 and type(value[0]) is list
                    and all(type(one) is dict and plain(one, deep=8) for one in value[0])
                    and _strings(value[1]) and _links(value[2]) and _file_entry(value[3])):
                return value[0], value[1], value[2], (value[3][0], value[3][1])
        except (ValueError, RecursionError):  # not JSON, not UTF-8
            pass
        self._store.forget(("build", path))
        return None

    def output(self, path: str, entry: tuple[str, str]) -> bytes | None:
        """The bytes of the templated output of `path` a kept build names (`entry`), if they hash
        to its name; the entry is then the page's output entry again (used by this build)."""
        data = self._read(entry[1]) if _file_entry(entry) else None
        if data is None or hashlib.sha256(data).hexdigest() != entry[1]:
            return None
        self._store.put(("render", path), (entry[0], entry[1]))
        return data

    def _read(self, name: str) -> bytes | None:
        if self.folder is None:
            return self._memory.get(name)
        try:
            with open(self.folder / f"{name}.page", "rb") as handle:
                return handle.read()
        except OSError:
            return None

    def _write(self, data: bytes) -> str:
        name = hashlib.sha256(data).hexdigest()
        if self.folder is None:
            self._memory[name] = data
        elif not (self.folder / f"{name}.page").exists():  # the same bytes under the same name
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = self.folder / f".{name}.{os.getpid()}.tmp"
            temporary.write_bytes(data)
            os.replace(temporary, self.folder / f"{name}.page")
        return name

    def keep(self, path: str, value: Converted) -> None:
        key, html, *meta = value
        data = json.dumps(meta, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n" + html.encode("utf-8")
        self._store.put(("page", path), (key, self._write(data)))

    def keep_aside(self, path: str, key: str, value: SetAside) -> None:
        data = json.dumps(list(value), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self._store.put(("aside", path), (key, self._write(data)))

    def keep_build(self, path: str, key: str, value: Built) -> None:
        data = json.dumps(list(value), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self._store.put(("build", path), (key, self._write(data)))

    def keep_render(self, path: str, key: str, html: str) -> None:
        self._store.put(("render", path), (key, self._write(html.encode("utf-8"))))

    def entry(self, kind: str, path: str) -> tuple[str, str] | None:
        """What the store names for a page's `kind` ("page", "render"): its key and file."""
        found = self._store.get((kind, path))
        return found if type(found) is tuple and len(found) == 2 and all(type(part) is str for part in found) else None

    def adopt(self, kind: str, path: str, entry: tuple[str, str]) -> None:
        """An entry another process of this build kept in this store's folder (`entry` there). Its
        file is read, and used, only when its bytes hash to the name it gives, as any entry's."""
        if self.folder is not None and _file_entry(entry):
            self._store.put((kind, path), (entry[0], entry[1]))

    def prune_files(self) -> None:
        """Delete the page files no entry of the store names (after it was saved, when a build asked
        for every page: the store then holds every page's entry)."""
        if not self.asked:
            return
        self.asked = False
        named = {value[1] for value in self._store.entries.values() if type(value) is tuple and len(value) == 2}
        if self.folder is None:
            self._memory = {name: data for name, data in self._memory.items() if name in named}
            return
        try:
            listed = list(os.scandir(self.folder))
        except OSError:
            return
        for entry in listed:
            if entry.name.endswith(".page") and entry.name[:-5] not in named:
                try:
                    os.unlink(entry.path)
                except OSError:
                    pass
