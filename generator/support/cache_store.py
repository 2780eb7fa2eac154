"""One store of the build cache on disk (cache.py): a JSON file of entries, used only when it
names this format, its own store and this `version()`, saved atomically; `version()` and
`digest()`, what every stored result's key is made of; and the refusal of a `build/` that git
tracks.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import subprocess
import sys
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from .cache_data import Damaged, Reader, Writer, allow
from .problems import Problem, UserError

FORMAT = 4  # bump when what the stores hold changes shape

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


def installed(name: str) -> str:
    """The installed version of the distribution `name`, or `-` (looked up each time)."""
    return _installed(name)


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
    package = Path(__file__).resolve().parent.parent  # generator/: every module, template and asset
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


# The codec. A store's file is one line of JSON, a line feed, then the bytes the JSON refers to
# (pages, calendars: bytes kept apart so that neither reading nor writing walks them). JSON holds
# strings, numbers, booleans, null, lists and string-keyed objects; every value is written as a
allow(Problem)

# A store that could not be used is said once per process (a run reads several).
_said: set[str] = set()


def _say_once(path: Path, why: str) -> None:
    if "said" not in _said:
        _said.add("said")
        print(f"note: the build cache {path} {why}; ignoring it and rebuilding what it held", file=sys.stderr, flush=True)


def refuse_tracked(root: Path) -> None:
    """Refuse a project whose `build/` git tracks: the cache would come from a commit (a pull
    request could add one), and must only ever be written by this tool on this machine."""
    try:
        listed = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--", "build/"], capture_output=True,
                                timeout=30, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return  # no git: nothing is tracked
    if listed.returncode != 0 or not listed.stdout:
        return  # not a git work tree, or nothing tracked under build/
    first = listed.stdout.split(b"\0")[0].decode("utf-8", "replace")
    raise UserError([Problem(first, 1, 1,
                             "git tracks files under `build/`, the folder where playbooks keeps its work files and "
                             "build cache, which must never come from a commit; remove them from git with "
                             "`git rm -r --cached build/` (and keep `build/` in .gitignore)")])


class Store:
    """One JSON file of entries on disk, loaded lazily and saved atomically; entries are decoded
    when first used. Dropped whole when written by another `version()` or for another store."""

    def __init__(self, path: Path | None):
        self.path = path
        self.name = path.stem if path is not None else ""
        self.entries: dict[Any, Any] = {}  # key -> value, decoded (or put by this run)
        self.stored: dict[str, Any] = {}  # JSON text of a key -> its value as read, not decoded yet
        self._reader = Reader(memoryview(b""))
        self.kept: dict[str, Any] = {}  # JSON text of a key -> its value as read, if it holds no bytes
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
                data = handle.read()
        except OSError:
            return  # missing (or unreadable): start empty, nothing to say
        end = data.find(b"\n")
        try:
            stored = json.loads(data[:end] if end >= 0 else data)
        except (ValueError, RecursionError):
            _say_once(self.path, "is not a file this version of playbooks wrote (it does not parse)")
            return
        if (end < 0 or type(stored) is not dict or stored.get("format") != f"playbooks build cache {FORMAT}"
                or stored.get("store") != self.name or type(stored.get("entries")) is not dict):
            _say_once(self.path, "is not a file this version of playbooks wrote")
            return
        if stored.get("version") != version():
            return  # written before an upgrade or a change to the generator: quietly start again
        self.stored = stored["entries"]
        self._reader = Reader(memoryview(data)[end + 1:])

    @staticmethod
    def _text(key: Any) -> str:
        return json.dumps(list(key), ensure_ascii=False)

    def get(self, key: Any) -> Any:
        self._load()
        self.used.add(key)
        if key in self.entries:
            return self.entries[key]
        text = self._text(key)
        raw = self.stored.pop(text, None) if self.stored else None
        if raw is None:
            return None
        reader = self._reader
        if not self.stored:  # the last entry: the file's bytes can go once it is read (values are copied out)
            self._reader = Reader(memoryview(b""))
        before = reader.blobs_read
        try:
            value = reader.decode(raw)
        except (Damaged, RecursionError):
            assert self.path is not None
            _say_once(self.path, "holds an entry this version of playbooks did not write")
            self.dirty = True
            return None
        self.entries[key] = value
        if reader.blobs_read == before:
            self.kept[text] = raw  # written back as read
        return value

    def forget(self, key: Any) -> None:
        """Drop an entry whose value turned out unusable (the caller checked its shape)."""
        self.entries.pop(key, None)
        self.kept.pop(self._text(key), None)
        self.dirty = True
        if self.path is not None:
            _say_once(self.path, "holds an entry this version of playbooks did not write")

    def put(self, key: Any, value: Any) -> None:
        self._load()
        self.used.add(key)
        self.entries[key] = value
        self.kept.pop(self._text(key), None)
        self.dirty = True

    def prune(self) -> None:
        """Forget what this run did not use (deleted vendors, earlier versions of a file)."""
        if not self.used:
            return
        stale = set(self.entries) - self.used
        for key in stale:
            del self.entries[key]
            self.kept.pop(self._text(key), None)
        self.dirty = self.dirty or bool(stale) or bool(self.stored)
        self.stored = {}  # never asked for
        self._reader = Reader(memoryview(b""))
        self.used = set()

    def save(self) -> None:
        self.prune()
        if self.path is None or not self.dirty:
            return
        writer = Writer()
        entries = {}
        for key, value in self.entries.items():
            text = self._text(key)
            entries[text] = self.kept[text] if text in self.kept else writer.encode(value)
        head = {"format": f"playbooks build cache {FORMAT}", "store": self.name, "version": version(), "entries": entries}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        with open(temporary, "wb") as handle:
            handle.write(json.dumps(head, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass"))
            handle.write(b"\n")
            handle.writelines(writer.blobs)
        os.replace(temporary, self.path)
        self.dirty = False
