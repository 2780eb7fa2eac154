"""Runs tests/parallel_cases.py in a pytest process of its own.

The worker processes of generator/support/workers.py are forked only from a process with no other
threads (a forked child inherits locks that other threads hold); this session has some once
the browser tests have started their servers, so here everything would run in one process
and the cases would prove nothing about the workers.
"""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def test_rendering_on_every_core():
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/parallel_cases.py"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert " passed" in result.stdout, result.stdout[-2000:]
