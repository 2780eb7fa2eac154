"""`playbooks ARGS` in a process of its own, as `child(...)` runs it (a run that outlives its
`timeout` is killed and fails the test with subprocess.TimeoutExpired; the run has no other
threads, so the generator may fork its own workers), without an interpreter start-up and the
generator's imports for every run.

The process is forked from a fork server (multiprocessing's "forkserver" start method) that
imported the generator once: a fresh interpreter with no threads, not the pytest process, whose
threads (pytest-xdist's) a forked child must not inherit. The run itself is `cli.main` with its
output captured, as `tests/commands.py`'s `in_process` does it (a traceback becomes exit 1 with
the traceback on stderr). `stop()` ends the fork server: a test module that uses it imports the
`fork_server` fixture, which does so after the module's tests, so no process outlives them.

Not for what only a process started afresh has: its start-up environment (`env` is set once the
process is forked, so /proc/self/environ and anything read at import are the fork server's) and
limits the test sets on its own process (`setrlimit`), which the fork server does not inherit.
Those tests use `child(...)` (tests/commands.py).
"""

from __future__ import annotations

import multiprocessing
import subprocess
import time
from multiprocessing import forkserver
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Callable, Iterator, TypeVar

import pytest

R = TypeVar("R")

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["generator.cli.commands", "tests.commands"])


def _call(send: Connection, function: Callable[..., object], args: tuple[object, ...]) -> None:
    try:
        send.send(("returned", function(*args)))
    except BaseException as error:  # noqa: BLE001 - handed to the test, which raises it there
        import traceback

        send.send(("raised", "".join(traceback.format_exception(error))))
    finally:
        send.close()


def call(function: Callable[..., R], *args: object, timeout: float) -> R:
    """`function(*args)` in a process forked from the fork server: its return value, or
    subprocess.TimeoutExpired once `timeout` seconds have passed (the process killed). The
    function and its result must pickle (a module-level function, plain values)."""
    receive, send = _CONTEXT.Pipe(duplex=False)
    process = _CONTEXT.Process(target=_call, args=(send, function, args))
    process.start()
    send.close()
    try:
        if not receive.poll(timeout):
            process.kill()
            raise subprocess.TimeoutExpired([getattr(function, "__name__", "call"), *map(str, args)], timeout)
        try:
            how, value = receive.recv()
        except EOFError:  # it died without a word: killed by a signal, or out of memory
            process.join()
            raise AssertionError(f"the forked process ended with {process.exitcode} and no result") from None
    finally:
        process.join(10)
        if process.is_alive():  # it answered but does not end
            process.kill()
            process.join()
        receive.close()
    if how == "raised":
        raise AssertionError(f"the forked process raised:\n{value}")
    return value  # type: ignore[no-any-return]


def exit_codes(function: Callable[..., object], *runs: tuple[object, ...], timeout: float) -> list[int]:
    """`function(*args)` for each args of `runs`, each in a process forked from the fork server,
    all at once: their exit codes (0 when it returned, 1 when it raised, -N when signal N killed
    it), or subprocess.TimeoutExpired once `timeout` seconds have passed (every one killed)."""
    processes = [_CONTEXT.Process(target=function, args=args) for args in runs]
    for process in processes:
        process.start()
    deadline = time.monotonic() + timeout
    try:
        for process in processes:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                raise subprocess.TimeoutExpired([getattr(function, "__name__", "call")], timeout)
    finally:
        for process in processes:
            if process.is_alive():
                process.kill()
            process.join()
    return [process.exitcode for process in processes]  # type: ignore[misc]


def _command(argv: list[str], cwd: str | None, env: dict[str, str]) -> tuple[int, str, str]:
    from tests.commands import in_process

    result = in_process(*argv, cwd=Path(cwd) if cwd else None, env=env)
    return result.returncode, result.stdout, result.stderr


def playbooks(*args: str | Path, cwd: Path | None = None, timeout: float,
              env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`playbooks ARGS` in a forked process with a fixed build date, as `child(...)` returns it."""
    argv = [str(arg) for arg in args]
    code, out, err = call(_command, argv, str(cwd) if cwd else None, dict(env or {}), timeout=timeout)
    return subprocess.CompletedProcess(["playbooks", *argv], code, out, err)


def stop() -> None:
    """End the fork server (and so count its CPU time to this process's children)."""
    server = forkserver._forkserver
    if server._forkserver_pid is not None:
        server._stop()


@pytest.fixture(scope="module", autouse=True)
def fork_server() -> Iterator[None]:
    """Imported by a test module that runs commands here: the fork server ends with its tests."""
    yield
    stop()
