"""Writes a generated docs tree to disk, touching only files whose bytes changed.

Unchanged files keep their modification time, so MkDocs' and Zensical's own change detection
(and `serve`) only see what really changed; files no longer generated are deleted, so a
removed vendor's pages disappear.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class WriteStats:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    deleted: list[str] = field(default_factory=list)


def _inside(base: Path, relative: str) -> Path:
    target = (base / relative).resolve()
    if target != base and base not in target.parents:
        raise ValueError(f"refusing to write outside the docs tree: {relative}")
    return target


def write(tree: dict[str, bytes], out: Path) -> WriteStats:
    out.mkdir(parents=True, exist_ok=True)
    base = out.resolve()
    stats = WriteStats()
    wanted = set()
    for relative in sorted(tree):
        content = tree[relative]
        target = _inside(base, relative)
        wanted.add(target)
        try:
            if target.stat().st_size == len(content) and target.read_bytes() == content:
                stats.unchanged += 1
                continue
        except FileNotFoundError:
            pass
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(content)
        os.replace(temporary, target)
        stats.written.append(relative)
    for path in sorted(base.rglob("*"), reverse=True):
        if path.is_file() and path not in wanted:
            path.unlink()
            stats.deleted.append(path.relative_to(base).as_posix())
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return stats
