"""A content-addressed cache that makes rebuilds cost only what changed.

Two stores under `build/.cache/`, both keyed by hashes of everything that goes into a result,
so a hit is by construction what a fresh computation would give:

- `inputs`: each file's parse and schema check (document, problems, valid), by path and a
  hash of its bytes;
- `<variant>`: each vendor's own output files (its two pages, exports and calendar), by a hash
  of its vendor file, of every shared input (organisation, roles, plays, playbooks, sources,
  glossary), of the generator's own code and templates, and of the build settings (audience,
  date, site).

`playbooks serve` keeps the stores in memory between regenerations; the command line reads
them at start and writes them back after a successful run. Delete `build/` to start cold.
The files are pickles written by this tool into the project's own build folder; anyone who
can write there can already change the generator's code.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from functools import cache
from pathlib import Path
from typing import Any

FORMAT = 1  # bump when what the stores hold changes shape


@cache
def code_version() -> str:
    """A hash of the generator's code, templates, schemas and assets: output depends on them."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(f"format {FORMAT}".encode())
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".j2", ".json", ".html", ".css", ".js"):
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def digest(*parts: bytes | str) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


class Store:
    """One pickled dictionary on disk, loaded lazily and saved atomically."""

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
        try:
            with open(self.path, "rb") as handle:  # type: ignore[arg-type]
                stored = pickle.load(handle)
            if stored.get("version") == code_version():
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
            pickle.dump({"version": code_version(), "entries": self.entries}, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.path)
        self.dirty = False


class BuildCache:
    """The stores of one project (or, with `root=None`, in memory only)."""

    def __init__(self, root: Path | None):
        folder = root / "build" / ".cache" if root is not None else None
        self.folder = folder
        self.inputs = Store(folder / "inputs.pickle" if folder else None)
        self._outputs: dict[str, Store] = {}

    def outputs(self, variant: str) -> Store:
        if variant not in self._outputs:
            self._outputs[variant] = Store(self.folder / f"{variant}.pickle" if self.folder else None)
        return self._outputs[variant]

    def save(self) -> None:
        self.inputs.save()
        for store in self._outputs.values():
            store.save()

    def prune(self) -> None:
        self.inputs.prune()
        for store in self._outputs.values():
            store.prune()
