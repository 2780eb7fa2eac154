"""The project's work folder, `build/`: nothing in it may run code, and odd files there get a
clear error (trust boundary, round 3).

A pull request can add files under `build/` with `git add -f` (`.gitignore` only hides them),
and a CI cache restore keeps files it does not overwrite. The build cache used to be read with
`pickle.load`, which runs whatever a crafted file asks for.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import subprocess
from pathlib import Path

import pytest

from . import forked
from .conftest import assert_refused, base_project, playbooks
from .forked import fork_server  # noqa: F401 - the module's fork server


class _Payload:
    """Unpickling this runs `open(marker, "w")`: proof that reading the cache ran code."""

    def __init__(self, marker: Path):
        self.marker = str(marker)

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (open, (self.marker, "w"))


@pytest.fixture()
def project(tmp_path) -> Path:
    return base_project(tmp_path / "project")


def tree(folder: Path) -> dict[str, str]:
    """The docs tree's files and their hashes (not its manifest, which holds times)."""
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file() and path.name != ".playbooks-manifest.json"}


def test_a_crafted_cache_file_never_runs_code(project, tmp_path):
    cold = playbooks("generate", "--root", project, "--out", tmp_path / "cold")
    assert cold.returncode == 0, cold.stderr
    marker = tmp_path / "code-ran"
    cache = project / "build" / ".cache"
    cache.mkdir(parents=True, exist_ok=True)
    payload = pickle.dumps({"version": "x", "entries": _Payload(marker)})
    for name in ("inputs", "internal"):  # the names of every store, then and now
        (cache / f"{name}.pickle").write_bytes(payload)
        (cache / f"{name}.json").write_bytes(payload)
    # A process of its own (timeout): the note on a damaged cache is said once per process.
    result = forked.playbooks("generate", "--root", project, "--out", tmp_path / "warm", timeout=120)
    assert result.returncode == 0, result.stderr
    assert not marker.exists(), "reading the build cache ran code from the project folder"
    assert "Traceback" not in result.stderr
    assert result.stderr.count("build cache") == 1, result.stderr  # said once, not once per file
    assert tree(tmp_path / "warm") == tree(tmp_path / "cold")
    # and the cache is written again, as data, and used by the next run
    again = playbooks("generate", "--root", project, "--out", tmp_path / "warm")
    assert again.returncode == 0 and "build cache" not in again.stderr, again.stderr
    assert (cache / "internal.json").read_bytes().startswith(b'{"format":"playbooks build cache')


def forged(path: Path, entries: dict[str, object]) -> None:
    """A store file of the current format and version whose entries are `entries`."""
    from generator.support.cache_store import FORMAT, version

    head = {"format": f"playbooks build cache {FORMAT}", "store": path.stem, "version": version(), "entries": entries}
    path.write_bytes(json.dumps(head).encode() + b"\n")


@pytest.mark.parametrize("entry", [
    ["j", 5],  # not the shape kept
    ["x", 0, 10 ** 9],  # bytes beyond the file
    ["c", "os.system", "true"],  # a class nobody registered
    ["t", ["j", "0" * 64], ["t", ["m", ["j", "p"], ["j", 1]], ["j", None], ["m"]]],  # wrong types inside
    ["q"],  # an unknown tag
])
def test_a_forged_entry_is_treated_as_absent(project, tmp_path, entry):
    cold = playbooks("generate", "--root", project, "--out", tmp_path / "cold")
    assert cold.returncode == 0, cold.stderr
    cache = project / "build" / ".cache"
    vendors = json.loads((cache / "internal.json").read_bytes().split(b"\n", 1)[0])["entries"]
    forged(cache / "internal.json", {key: entry for key in vendors})
    inputs = json.loads((cache / "inputs.json").read_bytes().split(b"\n", 1)[0])["entries"]
    forged(cache / "inputs.json", {key: entry for key in inputs})
    # A process of its own (timeout): the note on a damaged cache is said once per process.
    result = forked.playbooks("generate", "--root", project, "--out", tmp_path / "warm", timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count("build cache") == 1, result.stderr
    assert tree(tmp_path / "warm") == tree(tmp_path / "cold")


def git(project: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=project, check=True,
                   capture_output=True)


@pytest.mark.parametrize("command", [("generate", "--out", "../docs"), ("build",)])
def test_a_build_folder_that_git_tracks_is_refused(project, command):
    git(project, "init", "-q")
    (project / "build" / ".cache").mkdir(parents=True)
    (project / "build" / ".cache" / "vendor-evil.json").write_text("{}", "utf-8")
    git(project, "add", "-f", ".")
    git(project, "commit", "-q", "-m", "a pull request that adds a cache file")
    result = playbooks(command[0], "--root", project, *command[1:], cwd=project)
    assert_refused(result, "build/.cache/vendor-evil.json:1:1: git tracks files under `build/`", "git rm -r --cached build/")
    assert not (project / "site").exists()
    git(project, "rm", "-r", "-q", "--cached", "build/")
    assert playbooks(command[0], "--root", project, *command[1:], cwd=project).returncode == 0


# --- build/.lock --------------------------------------------------------------------------------


def odd_lock(project: Path, kind: str, outside: Path) -> None:
    lock = project / "build" / ".lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    if kind == "symlink":
        outside.write_text("someone else's file", "utf-8")
        lock.symlink_to(outside)
    elif kind == "dangling symlink":
        lock.symlink_to(outside / "nowhere")
    elif kind == "folder":
        lock.mkdir()
    else:
        os.mkfifo(lock)


@pytest.mark.parametrize("kind", ["symlink", "dangling symlink", "folder", "named pipe"])
@pytest.mark.parametrize("command", [("generate", "--out", "DOCS"), ("build",)])
def test_an_odd_lock_file_is_a_clear_error(project, tmp_path, kind, command):
    odd_lock(project, kind, tmp_path / "outside")
    args = [str(tmp_path / "docs") if arg == "DOCS" else arg for arg in command[1:]]
    result = forked.playbooks(command[0], "--root", project, *args, timeout=120)  # a named pipe used to hang here
    assert_refused(result, "build/.lock:1:1:", "remove it")
    if kind == "symlink":
        assert (tmp_path / "outside").read_text("utf-8") == "someone else's file"
