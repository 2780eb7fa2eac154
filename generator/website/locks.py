"""Keeps two runs that write the same things apart: one lock per project, one per output.

Two `playbooks build`s of one project share its work folder (`build/<variant>/site`, the
cache), and two projects publishing to one folder would swap sites into it at once. So a run
that writes takes, in this order, the project's lock (`build/.lock`) and then a lock on the
folder that holds each output (the output itself is renamed away while publishing, so it
cannot carry the lock). Always in that order, so two runs never wait for each other in a
circle. A second run waits, saying so once, and goes on when the first is done.

The locks are `flock`s: the system drops them when a process ends, however it ends, so a
killed run never leaves a stale lock behind.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import sys
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Iterator

from .output_folders import work_folder
from ..support.problems import Problem, UserError


@contextmanager
def hold(root: Path, *outputs: Path) -> Iterator[None]:
    """Hold the project's lock and the locks of the folders holding `outputs` for the block.

    The project's lock must be a plain file (made here if missing): a symbolic link, a folder,
    a named pipe or a device there is refused with a problem, never followed or waited on."""
    with ExitStack() as stack:
        lock = work_folder(root) / ".lock"
        try:
            shown = lock.relative_to(root).as_posix()
        except ValueError:
            shown = str(lock)
        stack.enter_context(_locked(lock, "this project", directory=False, shown=shown))
        parents = sorted({output.resolve().parent for output in outputs})
        for parent in parents:
            parent.mkdir(parents=True, exist_ok=True)
            stack.enter_context(_locked(parent, f"{parent}", directory=True))
        yield


@contextmanager
def _locked(path: Path, what: str, *, directory: bool, shown: str = "") -> Iterator[None]:
    if directory:
        handle = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_DIRECTORY)
    else:
        handle = _lock_file(path, shown or str(path))
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"Another playbooks run is writing to {what}; waiting for it to finish...", file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing drops the lock


def _lock_file(path: Path, shown: str) -> int:
    """The open lock file at `path`, made if missing; refused (UserError) unless a plain file.
    O_NONBLOCK: opening a named pipe would otherwise wait for a writer forever."""
    refused = ("this must be the plain file where playbooks keeps its lock, but it is {what}; "
               "remove it (nothing else uses it) and run the command again")
    try:
        handle = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK, 0o644)
    except OSError as error:
        what = {errno.ELOOP: "a symbolic link", errno.EISDIR: "a folder"}.get(error.errno or 0)
        if what is None and os.path.islink(path):
            what = "a symbolic link"
        reason = what or f"not readable ({error.strerror})"
        raise UserError([Problem(shown, 1, 1, refused.format(what=reason))]) from None
    kind = os.fstat(handle).st_mode
    if not stat.S_ISREG(kind):
        os.close(handle)
        what = "a named pipe" if stat.S_ISFIFO(kind) else "a socket" if stat.S_ISSOCK(kind) else "a device or special file"
        raise UserError([Problem(shown, 1, 1, refused.format(what=what))])
    return handle
