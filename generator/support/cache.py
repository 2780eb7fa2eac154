"""A content-addressed cache that makes rebuilds cost only what changed.

Everything a key is made of is decided here; callers ask in their own terms:

- `ParsedFiles` (`build/.cache/inputs.json`): each input file's parse and schema check, by
  its path and a hash of its bytes: `recall(kind, path, content_hash)` / `keep(...)`.
- `VendorOutputs` (`build/.cache/<variant>.json`): each vendor's own output files (its two
  pages, exports and calendar) and their hashes, by a fingerprint of everything they are
  made from: the vendor's file, every shared input (organisation, roles, plays, playbooks, sources,
  glossary), the build's settings (`Settings`: audience, site, date) and `version()`:
  `lookup(slug, source_path)` / `keep(slug, source_path, files)`.
- `ConvertedPages` (`build/.cache/pages-<variant>.json`, and a file per page in the folder
  `pages-<variant>/`, named by its SHA-256 and checked against it): each page's conversion by the engine
  (MkDocs: its HTML, table of contents, title, anchors and links, and the other files its links
  looked up), by a key the engine makes of everything the conversion reads (engine.py,
  `page_key`): `recall(path, key)` / `keep(path, key, converted)`. An entry whose key differs
  is never used.

`version()` covers this generator's code, templates, schemas and assets, and the installed
versions of every library whose output the stores hold (a parse by PyYAML, a page by
Jinja2, a calendar by icalendar with tzdata's rules ...): after an upgrade nothing made by
the old versions is served. A store written by another version is dropped whole.

How long things live: the stores are read from disk at the start of a command and written
back after a successful run; `playbooks serve` keeps one `BuildCache` in memory for the
whole session, so there an entry lives as long as the process and a run only prunes what it
did not use. `version()` is worked out once per process. Delete `build/` to start cold.

What the files may hold: JSON, read with `json.loads` (nothing in the project folder may run
code when read: a clone or a CI checkout holds whatever a pull request put there). Values are
written as tagged JSON lists and a section of raw bytes (`cache_data.Writer`), and read back only as
JSON values, bytes, dates, tuples, sets and the few dataclasses registered with `allow()`.
A file is used only when it names this format, its own store and this `version()`, and each
entry is checked for its shape when first used. A file from another version is dropped
quietly (every upgrade does that); one that does not parse or does not name this format and
store, or an entry that is not what this format writes, is treated as absent too, and the
run says so once on stderr. A `build/` folder that git tracks is refused (`refuse_tracked`):
the cache is never a project input.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Generic, TypeGuard, TypeVar

from .codes import Audience
from .cache_data import allow as allow  # registered here by load and pipeline
from .cache_store import Store, digest as digest, installed as installed, refuse_tracked, version as version
from .problems import Problem

V = TypeVar("V")


class ParsedFiles:
    """Each input file's parse and schema check, by path and a hash of its bytes."""

    def __init__(self, store: Store):
        self._store = store

    def recall(self, kind: str, path: str, content_hash: str) -> tuple[object, list[object]] | None:
        """The result and problems of reading these bytes of `path` as `kind` in an earlier run."""
        key = (kind, path, content_hash)
        found = self._store.get(key)
        if found is None:
            return None
        if (type(found) is not tuple or len(found) != 2 or type(found[0]) is not tuple or len(found[0]) != 2
                or type(found[1]) is not list or not all(type(one) is Problem for one in found[1])):
            self._store.forget(key)
            return None
        result: tuple[Any, list[Any]] = found
        return result

    def keep(self, kind: str, path: str, content_hash: str, result: object, problems: list[object]) -> None:
        self._store.put((kind, path, content_hash), (result, list(problems)))


@dataclass(frozen=True)
class Settings:
    """What a site's vendor files depend on besides the inputs."""

    audience: Audience
    vendor_scope: str | None
    today: str  # the build date, ISO
    site_key: str
    edit_base: str | None
    markdown: str = ""  # the Markdown extensions and their settings: checklists are HTML made with them


class VendorOutputs(Generic[V]):
    """One site variant's per-vendor files, by a fingerprint of everything they are made from."""

    def __init__(self, store: Store, settings: Settings, hashes: dict[str, str], usable: Callable[[object], TypeGuard[V]]):
        self._store = store
        self._usable = usable  # whether a value read back has the shape the caller keeps
        self._hashes = hashes
        shared = sorted(f"{path}={value}" for path, value in hashes.items() if not path.startswith("content/vendors/"))
        s = settings
        self._shared = digest(version(), f"{s.audience}|{s.vendor_scope}|{s.today}|{s.site_key}|{s.edit_base}|{s.markdown}", *shared)

    def _fingerprint(self, source_path: str) -> str:
        return digest(self._shared, self._hashes.get(source_path, ""))

    def lookup(self, slug: str, source_path: str) -> V | None:
        """The vendor's files from an earlier run, if everything they are made from is unchanged."""
        hit = self._store.get(("vendor", slug))
        if hit is None:
            return None
        if type(hit) is not tuple or len(hit) != 2 or type(hit[0]) is not str:
            self._store.forget(("vendor", slug))
            return None
        value = hit[1]
        if not self._usable(value):
            self._store.forget(("vendor", slug))
            return None
        return value if hit[0] == self._fingerprint(source_path) else None

    def keep(self, slug: str, source_path: str, value: V) -> None:
        self._store.put(("vendor", slug), (self._fingerprint(source_path), value))


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


def _page_meta(meta: Any) -> bool:
    """Whether a page file's first line is what `ConvertedPages.keep` writes there."""
    if type(meta) is not list or len(meta) != 6:
        return False
    toc, title, anchors, links, lookups, search = meta
    return (_toc(toc) and (title is None or type(title) is str) and (search is None or _searched(search))
            and type(anchors) is list and all(type(one) is str for one in anchors)
            and type(links) is dict and all(type(target) is str and type(found) is dict
                                            and all(type(a) is str and type(b) is str for a, b in found.items())
                                            for target, found in links.items())
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
        if type(found) is not tuple or len(found) != 2 or type(found[0]) is not str or type(found[1]) is not str \
                or len(found[1]) != 64 or not set(found[1]) <= _SHA256:
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

    def keep_render(self, path: str, key: str, html: str) -> None:
        self._store.put(("render", path), (key, self._write(html.encode("utf-8"))))

    def entry(self, kind: str, path: str) -> tuple[str, str] | None:
        """What the store names for a page's `kind` ("page", "render"): its key and file."""
        found = self._store.get((kind, path))
        return found if type(found) is tuple and len(found) == 2 and all(type(part) is str for part in found) else None

    def adopt(self, kind: str, path: str, entry: tuple[str, str]) -> None:
        """An entry another process of this build kept in this store's folder (`entry` there). Its
        file is read, and used, only when its bytes hash to the name it gives, as any entry's."""
        if self.folder is not None and len(entry[1]) == 64 and set(entry[1]) <= _SHA256:
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


class BuildCache:
    """The stores of one project (or, with `root=None`, in memory only)."""

    def __init__(self, root: Path | None):
        if root is not None:
            refuse_tracked(root)
        self.folder = root / "build" / ".cache" if root is not None else None
        self._inputs = Store(self.folder / "inputs.json" if self.folder else None)
        self._outputs: dict[str, Store] = {}
        self._pages: dict[str, ConvertedPages] = {}

    @property
    def parsed(self) -> ParsedFiles:
        return ParsedFiles(self._inputs)

    def vendor_outputs(self, variant: str, settings: Settings, hashes: dict[str, str],
                       usable: Callable[[object], TypeGuard[V]]) -> VendorOutputs[V]:
        """The store of one site variant; `usable` says whether a value read back from the file
        has the shape the caller keeps (anything else is dropped as damaged)."""
        if variant not in self._outputs:
            self._outputs[variant] = Store(self.folder / f"{variant}.json" if self.folder else None)
        return VendorOutputs(self._outputs[variant], settings, hashes, usable)

    def converted_pages(self, variant: str) -> ConvertedPages:
        """The store of one site variant's page conversions (engine.py)."""
        name = f"pages-{variant}"  # no variant's name starts with "pages-"
        if name not in self._pages:
            self._outputs[name] = Store(self.folder / f"{name}.json" if self.folder else None)
            self._pages[name] = ConvertedPages(self._outputs[name], self.folder / name if self.folder else None)
        pages = self._pages[name]
        pages.converted = pages.reused = pages.sections_kept = pages.divided = pages.templated = pages.finished = 0
        return pages

    def save(self) -> None:
        self._inputs.save()
        self.save_outputs()

    def save_outputs(self) -> None:
        """The per-vendor stores only (a worker building one vendor's site saves its own)."""
        for store in self._outputs.values():
            store.save()
        for pages in self._pages.values():
            pages.prune_files()

    def prune(self) -> None:
        self._inputs.prune()
        for store in self._outputs.values():
            store.prune()
