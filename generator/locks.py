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

import fcntl
import os
import sys
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Iterator

from .output_folders import work_folder


@contextmanager
def hold(root: Path, *outputs: Path) -> Iterator[None]:
    """Hold the project's lock and the locks of the folders holding `outputs` for the block."""
    with ExitStack() as stack:
        stack.enter_context(_locked(work_folder(root) / ".lock", "this project", directory=False))
        parents = sorted({output.resolve().parent for output in outputs})
        for parent in parents:
            parent.mkdir(parents=True, exist_ok=True)
            stack.enter_context(_locked(parent, f"{parent}", directory=True))
        yield


@contextmanager
def _locked(path: Path, what: str, *, directory: bool) -> Iterator[None]:
    flags = os.O_RDONLY | os.O_CLOEXEC | (os.O_DIRECTORY if directory else os.O_CREAT | os.O_NOFOLLOW)
    handle = os.open(path, flags, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"Another playbooks run is writing to {what}; waiting for it to finish...", file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing drops the lock
