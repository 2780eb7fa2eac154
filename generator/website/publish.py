"""Swaps a freshly built site into place, whole, and recovers from a swap that was cut short.

The new site is first moved next to the target, as `.<name>.incoming-<pid>` (copied if it
lives on another file system). Then, where the system can (Linux's `renameat2` with
`RENAME_EXCHANGE`), the two folders trade places in one step, so there is no moment without a
site; the old one, now under the incoming name, is deleted. Elsewhere it takes two renames
(the old site to `.<name>.outgoing-<pid>`, the new one into place), and a run killed between
them leaves no site. Either way, the next run finishes or rolls back what it finds before it
builds (`recover`): a leftover incoming site is moved into place if there is no site, else
deleted; a leftover outgoing site is moved back if there is still no site, else deleted.

Only folders this tool made are ever deleted or replaced (output_folders.claim), and callers
hold the output's lock (locks.py), so no other run is swapping the same folder.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
from pathlib import Path

from . import output_folders
from ..support.problems import Problem, UserError

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_libc = ctypes.CDLL(None, use_errno=True)
_renameat2 = getattr(_libc, "renameat2", None)


def check_target(target: Path, root: Path, option: str = "--site-dir") -> None:
    """Refuse a target that holds the project, or that this tool may not replace."""
    target = target.resolve()
    root = root.resolve()
    protected = [root, root / "content", root / "playbooks", root / "generator", root / "tests", root / "build"]
    if target in protected or target in root.parents or any(p in target.parents for p in protected[1:]):
        raise UserError([Problem(str(target), 1, 1, f"refusing to publish here: this folder holds the project or its sources; pick another {option}")])
    recover(target)
    output_folders.claim(target, option=option)


def _leftovers(target: Path, kind: str) -> list[Path]:
    """Earlier runs' incoming or outgoing folders for `target`, newest first."""
    prefix = f".{target.name}.{kind}-"
    found = [p for p in target.parent.iterdir() if p.name.startswith(prefix) and p.name[len(prefix):].isdigit()]
    return sorted(found, key=lambda p: p.stat().st_mtime_ns, reverse=True)


def recover(target: Path) -> None:
    """Finish or roll back a swap that an earlier run did not complete (see the module docstring)."""
    if not target.parent.is_dir():
        return
    incoming, outgoing = _leftovers(target, "incoming"), _leftovers(target, "outgoing")
    ours = [p for p in incoming + outgoing if not p.is_symlink() and p.is_dir() and output_folders.read_manifest(p) is not None]
    if not target.exists() and not target.is_symlink():
        # A complete new site waiting to go in is the newer state; else put the old one back.
        for candidate in [p for p in incoming if p in ours] + [p for p in outgoing if p in ours]:
            os.rename(candidate, target)
            ours.remove(candidate)
            break
    for leftover in ours:
        shutil.rmtree(leftover)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step; False where the system or file system cannot."""
    if _renameat2 is None:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(first))


def replace(built: Path, target: Path) -> None:
    """Put the finished site `built` (sealed with its manifest) in place of `target`."""
    target = target.resolve()
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    recover(target)
    incoming = parent / f".{target.name}.incoming-{os.getpid()}"
    outgoing = parent / f".{target.name}.outgoing-{os.getpid()}"
    try:
        os.rename(built, incoming)
    except OSError:  # another file system: copy instead
        shutil.copytree(built, incoming, symlinks=True)
        shutil.rmtree(built)
    if not target.exists():
        os.rename(incoming, target)
    elif _exchange(incoming, target):
        shutil.rmtree(incoming)  # now the old site
    else:
        os.rename(target, outgoing)
        os.rename(incoming, target)
        shutil.rmtree(outgoing)
