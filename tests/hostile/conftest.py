"""Shared helpers for the hostile-input suite (tests/hostile/).

Each test here is a regression test for a way of breaking the generator that was found by
trying, as an attacker or a careless contributor would: data loss, leaks, escapes, hangs.
Every one failed on the code before its fix.

`playbooks(...)` runs the real command in a child process, so a hang is a timeout and a
traceback is visible on stderr, exactly as a user or CI would see them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from ..conftest import BUILD_EPOCH, ROOT

BASE = ROOT / "tests" / "bad" / "_base"  # a small valid project


def base_project(target: Path) -> Path:
    """A private copy of the small valid project of the bad-input corpus."""
    shutil.copytree(BASE, target)
    return target


def playbooks(*args: str | Path, cwd: Path | None = None, timeout: float = 120,
              env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m generator ARGS` (the `playbooks` command) in a child process.

    The child imports this checkout's generator (PYTHONPATH), with a fixed build date. A run
    that outlives `timeout` fails the test with subprocess.TimeoutExpired."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": BUILD_EPOCH, **(env or {})}
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], cwd=cwd or ROOT, env=environment,
                          capture_output=True, text=True, timeout=timeout)


def assert_refused(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    """A user's mistake: exit 1, `path:line:column: message` lines, no traceback."""
    assert result.returncode == 1, f"exit {result.returncode}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    assert "Traceback" not in result.stderr, result.stderr
    for needle in needles:
        assert needle in result.stderr, f"{needle!r} not in:\n{result.stderr}"
