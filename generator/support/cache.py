"""A content-addressed cache that makes rebuilds cost only what changed.

Everything a key is made of is decided here; callers ask in their own terms:

- `ParsedFiles` (`build/.cache/inputs.json`): each input file's parse and schema check, by
  its path and a hash of its bytes: `recall(kind, path, content_hash)` / `keep(...)`.
- `VendorOutputs` (`build/.cache/<variant>.json`): each vendor's own output files (its two
  pages, exports and calendar) and their hashes, by a fingerprint of everything they are
  made from: the vendor's file, every shared input (organisation, roles, plays, playbooks, sources,
  glossary), the build's settings (`Settings`: audience, site, date) and `version()`:
  `lookup(slug, source_path)` / `keep(slug, source_path, files)`; and the site-wide pages and
  people's calendars, by a fingerprint of all of that and every vendor's file (used only when
  no input changed at all): `site_wide()` / `keep_site_wide(pages, people)`.
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

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Generic, TypeGuard, TypeVar

from .codes import Audience
from .cache_data import allow as allow  # registered here by load and pipeline
from .cache_pages import Built as Built, Converted as Converted, ConvertedPages as ConvertedPages, SetAside as SetAside
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

    def _everything(self) -> str:
        """A fingerprint of every input and setting: what the site-wide files are made from."""
        return digest(self._shared, *sorted(f"{path}={value}" for path, value in self._hashes.items()))

    def site_wide(self) -> tuple[dict[str, bytes], dict[str, bytes]] | None:
        """The site-wide pages and the people's calendars of an earlier run, if no input, no
        setting and no code changed since (render_site.SiteWide)."""
        hit = self._store.get(("site-wide",))
        if hit is None:
            return None
        if (type(hit) is not tuple or len(hit) != 2 or type(hit[0]) is not str or type(hit[1]) is not tuple
                or len(hit[1]) != 2 or not all(_files(one) for one in hit[1])):
            self._store.forget(("site-wide",))
            return None
        return (hit[1][0], hit[1][1]) if hit[0] == self._everything() else None

    def keep_site_wide(self, pages: dict[str, bytes], people: dict[str, bytes]) -> None:
        self._store.put(("site-wide",), (self._everything(), (pages, people)))


def _files(value: Any) -> bool:
    """Whether `value` is files by place: {path: bytes}."""
    return type(value) is dict and all(type(key) is str and type(item) is bytes for key, item in value.items())


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
