"""Runs independent per-vendor work on every core of the machine.

Parsing vendor files and rendering vendors are most of a cold build's own time (about 3 ms a
vendor for two pages, two exports and a calendar), and each vendor's output depends only on
the model, never on another vendor's output. So `start` forks worker processes that inherit
the model and the compiled templates as they are (nothing is pickled on the way in), gives
each a run of items, and returns a `Run` at once: the caller does its own work while the
workers do theirs, then collects `results()`, in the items' order. The output is byte for
byte what one process makes (tests/parallel_cases.py checks).

It stays in one process where forking would cost more than it saves or is not safe: small
batches (a sample site, a `serve` rebuild after one edit), one core, no `fork` on this
platform, or other threads running (a forked child would inherit their locks held).
`PLAYBOOKS_JOBS` sets the number of processes (1 turns this off).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import shutil
import sys
import tempfile
import threading
from contextlib import contextmanager, suppress
from typing import Any, Callable, Generic, Iterator, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS_PER_JOB = 16  # below this, starting a process costs more than it saves
RUNS_PER_JOB = 16  # runs of items per process: one that finishes early takes another (pages differ in cost)

# What the forked workers of the one run under way inherit (set by `start`, cleared by
# `Run.close`): a fork copies the process as it is, so nothing has to be pickled on the way in.
_task: Callable[[object], object] | None = None
_items: Sequence[object] = ()
_spill: str | None = None  # a private folder in shared memory for results, while workers run


def default_jobs() -> int:
    """PLAYBOOKS_JOBS if set, else the cores this process may run on."""
    setting = os.environ.get("PLAYBOOKS_JOBS", "").strip()
    if setting.isdigit() and int(setting) > 0:
        return int(setting)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


@contextmanager
def frozen_heap() -> Iterator[None]:
    """The objects that exist now are left alone by the garbage collector until the block
    ends. The generator holds large structures for a whole run (inputs, model, pages); full
    collections would walk them again and again (about 0.1 s each at 500 vendors) for
    garbage that is not there, and in forked workers would copy every page they touch."""
    outer = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        yield
    finally:
        if not outer:
            gc.unfreeze()


def _can_fork() -> bool:
    # A worker of a run (a daemon process) may not start workers of its own: a vendor site
    # built in a worker of `build --all-vendors` builds in that one process.
    return ("fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
            and not multiprocessing.current_process().daemon)


def _run(bounds: tuple[int, int]) -> object:
    """In a worker: the task over one run of items (the task and items came with the fork).

    The results (a run of vendors' pages and downloads is about 10 MB) go back through a file
    in shared memory where there is one: the pipe of the process pool moves them 64 KB at a
    time, and the worker waits for each. Without one, or when it is full, through the pipe."""
    assert _task is not None
    start, stop = bounds
    results = [_task(item) for item in _items[start:stop]]
    if _spill is not None:
        path = os.path.join(_spill, f"{start}.pickle")
        try:
            with open(path, "wb") as handle:
                pickle.dump(results, handle, protocol=pickle.HIGHEST_PROTOCOL)
            return path
        except OSError:
            with suppress(OSError):
                os.unlink(path)
    return results


def _received(run: object) -> list[object]:
    """A run's results, from the pool or from the file the worker left them in."""
    if isinstance(run, str):
        with open(run, "rb") as handle:
            results = pickle.load(handle)
        os.unlink(run)
        return results  # type: ignore[no-any-return]
    return run  # type: ignore[return-value]


def _shared_memory_folder() -> str | None:
    if not os.path.isdir("/dev/shm") or not os.access("/dev/shm", os.W_OK):
        return None
    try:
        return tempfile.mkdtemp(prefix="playbooks-", dir="/dev/shm")
    except OSError:
        return None


class Run(Generic[R]):
    """Work started by `start`: `jobs` processes (1: it runs here, in `results`). Use it as a
    context manager, so the workers are stopped even when the caller's own work fails."""

    def __init__(self, jobs: int, local: Callable[[], list[R]] | None = None,
                 pool: Any = None, pending: Iterator[object] | None = None):
        self.jobs = jobs
        self._local = local
        self._pool = pool
        self._pending = pending

    def results(self) -> list[R]:
        """Every item's result, in the items' order (waiting for the workers)."""
        try:
            if self._local is not None:
                return self._local()
            assert self._pending is not None
            out: list[R] = []
            for run in self._pending:  # in order, each as soon as it is there (its file then goes)
                out.extend(_received(run))  # type: ignore[arg-type]
            return out
        finally:
            self.close()

    def close(self) -> None:
        global _task, _items, _spill
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
            _task, _items = None, ()
            if _spill is not None:
                shutil.rmtree(_spill, ignore_errors=True)
                _spill = None

    def __enter__(self) -> "Run[R]":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def jobs_for(count: int, jobs: int | None = None, per_job: int = MIN_ITEMS_PER_JOB) -> int:
    """How many processes `start` runs `count` items on (1: this one)."""
    jobs = min(default_jobs() if jobs is None else jobs, count // max(1, per_job))
    return jobs if jobs >= 2 and _can_fork() else 1


def start(task: Callable[[T], R], items: Sequence[T], jobs: int | None = None,
          per_job: int = MIN_ITEMS_PER_JOB) -> Run[R]:
    """Start `[task(item) for item in items]`, on `jobs` processes when that pays (at least
    `per_job` items each: 1 for items that take a second, like a vendor's whole site); the
    caller does its own work meanwhile and then asks `results()`.

    `task` must return picklable values and must not rely on changing the parent's state:
    in a worker, what it changes stays in the worker.
    """
    global _task, _items, _spill
    jobs = jobs_for(len(items), jobs, per_job)
    if jobs < 2:
        return Run(1, local=lambda: [task(item) for item in items])
    assert _task is None, "one run of workers at a time"
    _task, _items = task, items  # type: ignore[assignment]
    # Unwritten output in our buffers would be written again by every child when it exits.
    sys.stdout.flush()
    sys.stderr.flush()
    _spill = _shared_memory_folder()
    # Runs of items, several per process, so a process that finishes early takes another.
    size = max(1, -(-len(items) // (jobs * RUNS_PER_JOB)))
    bounds = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    # Objects that exist now are never collected in a worker: without this, the workers'
    # garbage collector walks (and so copies) every page of the model they share with us.
    with frozen_heap():
        pool = multiprocessing.get_context("fork").Pool(jobs)
    return Run(jobs, pool=pool, pending=pool.imap(_run, bounds, chunksize=1))
