"""Running the `playbooks` command from a test: in this process (fast), or as a child process
(for what only a real process shows: its exit status from the entry point, a hang cut by a
timeout, a closed pipe, a signal).

`in_process` calls `generator.cli.commands.main` as `python -m generator` would, with stdout and stderr
captured, the working folder and environment as given, and hands back what `subprocess.run`
would: a CompletedProcess with the exit code and both outputs. Anything escaping `main` (a
traceback, which a user must never see) becomes exit code 1 with the traceback on stderr, so a
test's `"Traceback" not in stderr` fails with it in view, exactly as with a child process.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import traceback
from pathlib import Path
from typing import Iterator

from .conftest import BUILD_EPOCH, ROOT


@contextlib.contextmanager
def _environment(env: dict[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def in_process(*args: str | Path, cwd: Path | None = None,
               env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`playbooks ARGS` run by `cli.main` in this process, from `cwd` (the repository by
    default), with `env` added to the environment and a fixed build date."""
    from generator.cli import commands as cli

    argv = [str(arg) for arg in args]
    out, err = io.StringIO(), io.StringIO()
    previous = Path.cwd()
    os.chdir(cwd or ROOT)
    try:
        with _environment({"SOURCE_DATE_EPOCH": BUILD_EPOCH, **(env or {})}), \
                contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main(argv)
            except SystemExit as stop:  # argparse's usage errors (2), --help (0)
                code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
            except BaseException:  # noqa: BLE001 - what a user would see as a traceback
                traceback.print_exc(file=err)
                code = 1
    finally:
        os.chdir(previous)
    return subprocess.CompletedProcess(["playbooks", *argv], code, out.getvalue(), err.getvalue())


def child(*args: str | Path, cwd: Path | None = None, timeout: float = 120,
          env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGS` in a child process (this checkout's generator, a fixed build
    date). A run that outlives `timeout` fails the test with subprocess.TimeoutExpired."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": BUILD_EPOCH, **(env or {})}
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], cwd=cwd or ROOT, env=environment,
                          capture_output=True, text=True, timeout=timeout)
