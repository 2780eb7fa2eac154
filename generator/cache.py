"""A content-addressed cache that makes rebuilds cost only what changed.

Everything a key is made of is decided here; callers ask in their own terms:

- `ParsedFiles` (`build/.cache/inputs.pickle`): each input file's parse and schema check, by
  its path and a hash of its bytes: `recall(kind, path, content_hash)` / `keep(...)`.
- `VendorOutputs` (`build/.cache/<variant>.pickle`): each vendor's own output files (its two
  pages, exports and calendar) and their hashes, by a fingerprint of everything they are
  made from: the vendor's file, every shared input (organisation, roles, plays, playbooks, sources,
  glossary), the build's settings (`Settings`: audience, site, date) and `version()`:
  `lookup(slug, source_path)` / `keep(slug, source_path, files)`.

`version()` covers this generator's code, templates, schemas and assets, and the installed
versions of every library whose output the stores hold (a parse by PyYAML, a page by
Jinja2, a calendar by icalendar with tzdata's rules ...): after an upgrade nothing made by
the old versions is served. A store written by another version is dropped whole.

How long things live: the stores are read from disk at the start of a command and written
back after a successful run; `playbooks serve` keeps one `BuildCache` in memory for the
whole session, so there an entry lives as long as the process and a run only prunes what it
did not use. `version()` is worked out once per process. Delete `build/` to start cold.
The files are pickles written by this tool into the project's own build folder; anyone who
can write there can already change the generator's code.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import platform
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any, Generic, TypeVar

FORMAT = 3  # bump when what the stores hold changes shape
V = TypeVar("V")

# Libraries whose output ends up in a store, directly or through a page made with them. The
# site engines are listed too: a page's Markdown is written for the engine that reads it.
LIBRARIES = ("PyYAML", "jsonschema", "fastjsonschema", "Jinja2", "MarkupSafe", "icalendar", "tzdata", "python-dateutil",
             "Markdown", "pymdown-extensions", "mkdocs", "mkdocs-material", "zensical")
# Python's zoneinfo prefers the system's time zone files to the tzdata package.
_SYSTEM_ZONES = Path("/usr/share/zoneinfo/tzdata.zi")


def _installed(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def _system_zones() -> bytes:
    try:
        with open(_SYSTEM_ZONES, "rb") as handle:
            return handle.readline()  # "# version 2026a"
    except OSError:
        return b"-"


@cache
def version() -> str:
    """A hash of everything besides the inputs that the stored results depend on (see above).
    Once per process: neither the code nor the installed libraries change under a run."""
    package = Path(__file__).resolve().parent
    hasher = hashlib.sha256(f"format {FORMAT}; python {platform.python_version()}".encode())
    for name in LIBRARIES:
        hasher.update(f"; {name} {_installed(name)}".encode())
    hasher.update(_system_zones())
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".j2", ".json", ".html", ".css", ".js"):
            hasher.update(path.relative_to(package).as_posix().encode())
            hasher.update(path.read_bytes())
    return hasher.hexdigest()


def digest(*parts: bytes | str) -> str:
    """A hash of `parts` that no other sequence of parts can share."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


class _Store:
    """One pickled dictionary on disk, loaded lazily and saved atomically, dropped whole when
    written by another `version()`."""

    def __init__(self, path: Path | None):
        self.path = path
        self.entries: dict[Any, Any] = {}
        self._loaded = path is None
        self.dirty = False
        self.used: set[Any] = set()

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        assert self.path is not None
        try:
            with open(self.path, "rb") as handle:
                stored = pickle.load(handle)
            if stored.get("version") == version():
                self.entries = stored["entries"]
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, KeyError, TypeError, ValueError, ImportError):
            self.entries = {}  # missing, from another version, or damaged: start empty

    def get(self, key: Any) -> Any:
        self._load()
        self.used.add(key)
        return self.entries.get(key)

    def put(self, key: Any, value: Any) -> None:
        self._load()
        self.used.add(key)
        self.entries[key] = value
        self.dirty = True

    def prune(self) -> None:
        """Forget what this run did not use (deleted vendors, earlier versions of a file)."""
        if not self.used:
            return
        stale = set(self.entries) - self.used
        for key in stale:
            del self.entries[key]
        self.dirty = self.dirty or bool(stale)
        self.used = set()

    def save(self) -> None:
        self.prune()
        if self.path is None or not self.dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        with open(temporary, "wb") as handle:
            pickle.dump({"version": version(), "entries": self.entries}, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.path)
        self.dirty = False


class ParsedFiles:
    """Each input file's parse and schema check, by path and a hash of its bytes."""

    def __init__(self, store: _Store):
        self._store = store

    def recall(self, kind: str, path: str, content_hash: str) -> tuple[Any, list[Any]] | None:
        """The result and problems of reading these bytes of `path` as `kind` in an earlier run."""
        found: tuple[Any, list[Any]] | None = self._store.get((kind, path, content_hash))
        return found

    def keep(self, kind: str, path: str, content_hash: str, result: Any, problems: list[Any]) -> None:
        self._store.put((kind, path, content_hash), (result, list(problems)))


@dataclass(frozen=True)
class Settings:
    """What a site's vendor files depend on besides the inputs."""

    audience: str
    vendor_scope: str | None
    today: str  # the build date, ISO
    site_key: str
    edit_base: str | None
    markdown: str = ""  # the Markdown extensions and their settings: checklists are HTML made with them


class VendorOutputs(Generic[V]):
    """One site variant's per-vendor files, by a fingerprint of everything they are made from."""

    def __init__(self, store: _Store, settings: Settings, hashes: dict[str, str]):
        self._store = store
        self._hashes = hashes
        shared = sorted(f"{path}={value}" for path, value in hashes.items() if not path.startswith("content/vendors/"))
        s = settings
        self._shared = digest(version(), f"{s.audience}|{s.vendor_scope}|{s.today}|{s.site_key}|{s.edit_base}|{s.markdown}", *shared)

    def _fingerprint(self, source_path: str) -> str:
        return digest(self._shared, self._hashes.get(source_path, ""))

    def lookup(self, slug: str, source_path: str) -> V | None:
        """The vendor's files from an earlier run, if everything they are made from is unchanged."""
        hit = self._store.get(("vendor", slug))
        if hit is not None and hit[0] == self._fingerprint(source_path):
            value: V = hit[1]
            return value
        return None

    def keep(self, slug: str, source_path: str, value: V) -> None:
        self._store.put(("vendor", slug), (self._fingerprint(source_path), value))


class BuildCache:
    """The stores of one project (or, with `root=None`, in memory only)."""

    def __init__(self, root: Path | None):
        self.folder = root / "build" / ".cache" if root is not None else None
        self._inputs = _Store(self.folder / "inputs.pickle" if self.folder else None)
        self._outputs: dict[str, _Store] = {}

    @property
    def parsed(self) -> ParsedFiles:
        return ParsedFiles(self._inputs)

    def vendor_outputs(self, variant: str, settings: Settings, hashes: dict[str, str]) -> VendorOutputs[Any]:
        if variant not in self._outputs:
            self._outputs[variant] = _Store(self.folder / f"{variant}.pickle" if self.folder else None)
        return VendorOutputs(self._outputs[variant], settings, hashes)

    def save(self) -> None:
        self._inputs.save()
        self.save_outputs()

    def save_outputs(self) -> None:
        """The per-vendor stores only (a worker building one vendor's site saves its own)."""
        for store in self._outputs.values():
            store.save()

    def prune(self) -> None:
        self._inputs.prune()
        for store in self._outputs.values():
            store.prune()
