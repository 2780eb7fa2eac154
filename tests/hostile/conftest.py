"""Shared helpers for the hostile-input suite (tests/hostile/).

Each test here is a regression test for a way of breaking the generator that was found by
trying, as an attacker or a careless contributor would: data loss, leaks, escapes, hangs.
Every one failed on the code before its fix.

`playbooks(...)` runs the real command (`cli.main`, as `python -m generator` does) in this
process, its output captured and any traceback turned into stderr and exit code 1
(tests/commands.py). Given a `timeout`, it runs it in a child process instead: the tests that
guard against a hang pass one, so a hang is a timeout that fails the test, not a stuck suite;
so do those that need what only a process of its own has (forked workers, its start-up
environment, a note said once per process).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from ..commands import child, in_process
from ..conftest import ROOT

BASE = ROOT / "tests" / "bad" / "_base"  # a small valid project


def base_project(target: Path) -> Path:
    """A private copy of the small valid project of the bad-input corpus."""
    shutil.copytree(BASE, target)
    return target


def playbooks(*args: str | Path, cwd: Path | None = None, timeout: float | None = None,
              env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`playbooks ARGS` with a fixed build date: in this process, or, given a `timeout` (a test
    of something that once hung), in a child process that the timeout ends."""
    if timeout is None:
        return in_process(*args, cwd=cwd, env=env)
    return child(*args, cwd=cwd, timeout=timeout, env=env)


def assert_refused(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    """A user's mistake: exit 1, `path:line:column: message` lines, no traceback."""
    assert result.returncode == 1, f"exit {result.returncode}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    assert "Traceback" not in result.stderr, result.stderr
    for needle in needles:
        assert needle in result.stderr, f"{needle!r} not in:\n{result.stderr}"
