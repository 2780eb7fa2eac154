"""Writes a generated docs tree to disk, touching only files whose bytes changed.

Unchanged files keep their modification time, so MkDocs' and Zensical's own change detection
(and `serve`) only see what really changed; files no longer generated are deleted, so a
removed vendor's pages disappear. Only into a folder this tool made (output_folders.claim):
its manifest lists what it wrote, and only those files are ever deleted.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from collections.abc import Iterable
from pathlib import Path

from . import output_folders
from .output_folders import MANIFEST, Entries


@dataclass
class WriteStats:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    deleted: list[str] = field(default_factory=list)


def _inside(base: Path, relative: str) -> Path:
    """`base / relative`, refusing anything that could point outside `base`.

    Generated paths come from checked slugs and ids, so this never fires; it is the last
    line of defence, and cheap (no file system calls)."""
    parts = relative.split("/")
    if not relative or relative.startswith("/") or "\\" in relative or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"refusing to write outside the docs tree: {relative}")
    return base / relative


def digest_of(content: bytes) -> str:
    """A file's hash as the manifest records it."""
    return hashlib.sha1(content).hexdigest()


def write(tree: dict[str, bytes], out: Path, *, option: str = "--out", digests: dict[str, str] | None = None) -> WriteStats:
    """Make `out` hold exactly `tree`, writing only files whose bytes differ.

    A manifest of what was written last time (size, modification time and hash per file) saves
    reading every unchanged file back; a file whose size or time no longer matches the manifest
    (edited by hand, say) is compared byte for byte. `digests` are hashes (digest_of) of some
    of the files, known already: a vendor's files recalled from the build cache carry theirs,
    which saves hashing 100 MB at 500 vendors when one vendor changed. `out` must be a folder
    this tool made (or a new or empty one); `option` names the option that chose it, for the
    message if not.
    """
    known_digests = digests or {}
    previous, present = output_folders.claim_files(out, option=option)
    out.mkdir(parents=True, exist_ok=True)
    base = out.resolve()
    stats = WriteStats()
    manifest: Entries = {}
    folders: set[Path] = set()
    for relative in sorted(tree):
        content = tree[relative]
        target = _inside(base, relative)
        digest = known_digests.get(relative) or digest_of(content)
        try:
            info = target.stat()
            known = previous.get(relative)
            if info.st_size == len(content) and (
                (known and known[0] == info.st_size and known[1] == info.st_mtime_ns and known[2] == digest)
                or target.read_bytes() == content
            ):
                stats.unchanged += 1
                manifest[relative] = [info.st_size, info.st_mtime_ns, digest]
                continue
            exists = True
        except FileNotFoundError:
            exists = False
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        if exists:  # replace atomically: a running `serve` never reads half a file
            temporary = target.with_name(f".{target.name}.tmp")
            temporary.write_bytes(content)
            os.replace(temporary, target)
        else:
            target.write_bytes(content)
        info = target.stat()
        manifest[relative] = [info.st_size, info.st_mtime_ns, digest]
        stats.written.append(relative)
    stats.deleted = _delete_stale(base, present, set(tree) | {MANIFEST})
    output_folders.write_manifest(base, manifest)
    return stats


def _delete_stale(base: Path, present: Iterable[str], wanted: set[str]) -> list[str]:
    """Files written last time and no longer generated; `claim` made sure nothing else is here
    (but files an operating system drops into folders, which go too); then their folders, if
    that left them empty. The files deleted."""
    deleted: list[str] = []
    emptied: set[Path] = set()
    for relative in present:
        if relative not in wanted:
            (base / relative).unlink()
            deleted.append(relative)
            emptied.update((base / relative).parents)
    for here in sorted((f for f in emptied if base in f.parents), key=lambda f: len(f.parts), reverse=True):
        if not any(here.iterdir()):
            here.rmdir()
    return deleted
