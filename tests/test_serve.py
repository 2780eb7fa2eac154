"""`playbooks serve`: a live preview that shows an edit quickly, reacts only to real changes,
says what is wrong once (and when it is fixed), and uses no CPU while nobody edits.

One preview of a copy of the sample project runs for the whole module; the tests use it in
order (the edits build on each other)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .conftest import BUILD_EPOCH, ROOT, copy_project

IDLE_CPU = 0.01  # of one core, a few seconds after an edit


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return None


def wait_for(url: str, text: str, seconds: float, *, absent: bool = False) -> float | None:
    """Seconds until the served page holds `text` (or, with `absent`, no longer does); None if never."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        page = fetch(url)  # None: not served (a 404 counts as absent)
        if (page is not None and text in page) != absent:
            return time.monotonic() - started
        time.sleep(0.02)
    return None


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process and its threads (children: none, serve forks none)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Preview:
    def __init__(self, project: Path):
        self.project = project
        self.port = free_port()
        # A temporary folder of its own, so that what it leaves there is told apart from what
        # another test's preview (another test worker) makes at the same time.
        self.tmp = project.parent / "tmp"
        self.tmp.mkdir()
        env = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": BUILD_EPOCH, "TMPDIR": str(self.tmp)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--root", str(project), "--dev-addr", f"127.0.0.1:{self.port}"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
        )
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def since(self, mark: int) -> list[str]:
        return self.lines[mark:]


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("serve") / "project")
    running = Preview(project)
    try:
        assert wait_for(running.url("vendors/lotus-code-works/"), "Lotus Code Works", 90) is not None, \
            "the preview did not start:\n" + "\n".join(running.lines)
        yield running
    finally:
        running.process.terminate()  # SIGTERM, as when a terminal closes
        running.process.wait(timeout=30)
    assert not any("Traceback" in line for line in running.lines), "\n".join(running.lines)
    assert list(running.tmp.glob("playbooks-serve-*")) == []  # its built site is removed


def said_within(preview: Preview, mark: int, text: str, seconds: float) -> bool:
    """Whether the preview printed a line holding `text` after line `mark` within `seconds`."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if any(text in line for line in preview.since(mark)):
            return True
        time.sleep(0.05)
    return False


def vendor_file(preview: Preview) -> Path:
    return preview.project / "content" / "vendors" / "lotus-code-works.yml"


def test_reading_or_opening_the_sources_changes_nothing(preview):
    time.sleep(1)
    mark = len(preview.lines)
    before = cpu_seconds(preview.process.pid)
    for path in sorted((preview.project / "content").rglob("*.yml")) + sorted((preview.project / "playbooks").rglob("*")):
        if path.is_file():
            path.read_bytes()  # an editor opening every file, or `grep -r`
    time.sleep(1.5)
    assert preview.since(mark) == []  # no regeneration, no rebuild
    assert cpu_seconds(preview.process.pid) - before < 0.1


def test_each_edit_shows_and_the_preview_then_idles(preview):
    """Three saves in a row each reach the served page. How fast is the benchmark's to say
    (`python -m tests.bench --serve-only`: the median from save to served page, sample and 500
    vendors): a timed assertion here would fail on a loaded machine for a preview that is right."""
    url = preview.url("vendors/lotus-code-works/")
    path = vendor_file(preview)
    for attempt in range(3):
        text = path.read_text("utf-8")
        new = re.sub(r"^location: .*$", f"location: Pune (edit {attempt}), India", text, count=1, flags=re.M)
        path.write_text(new, "utf-8")
        shown = wait_for(url, f"Pune (edit {attempt}), India", 20)
        assert shown is not None, "the edit did not show:\n" + "\n".join(preview.lines[-20:])
        time.sleep(0.5)
    # A few seconds after the edit, the preview uses (next to) no CPU: nothing polls, nothing loops.
    time.sleep(3)
    before = cpu_seconds(preview.process.pid)
    time.sleep(5)
    assert (cpu_seconds(preview.process.pid) - before) / 5 < IDLE_CPU


def test_a_mistake_is_printed_once_and_fixed_is_said_when_it_is(preview):
    url = preview.url("vendors/lotus-code-works/")
    path = vendor_file(preview)
    good = path.read_text("utf-8")
    mark = len(preview.lines)
    broken = good.replace("tier: strategic", "tier: strategc")
    problem = "content/vendors/lotus-code-works.yml:6:7: `tier` is `strategc`, which is not one of"
    path.write_text(broken, "utf-8")
    assert said_within(preview, mark, problem, 20), preview.since(mark)
    path.write_text(broken, "utf-8")  # saved again, still wrong: not printed again
    time.sleep(1.5)
    said = preview.since(mark)
    assert sum(problem in line for line in said) == 1, said
    assert said.count("1 problem; the preview shows the last good version.") == 1
    assert "Pune (edit 2), India" in (fetch(url) or "")  # the last good version
    path.write_text(good.replace("Pune (edit 2), India", "Pune (fixed), India"), "utf-8")
    assert wait_for(url, "Pune (fixed), India", 10) is not None
    assert "Fixed: the preview shows the current files again." in preview.since(mark)


def test_a_renamed_vendor_file_moves_its_pages(preview):
    path = vendor_file(preview)
    path.rename(path.with_name("lotus-works.yml"))
    assert wait_for(preview.url("vendors/lotus-works/"), "Lotus Code Works", 20) is not None
    assert wait_for(preview.url("vendors/lotus-code-works/"), "Lotus Code Works", 10, absent=True) is not None
    # The whole site was rebuilt: the directory links to the new address.
    assert "lotus-works/" in (fetch(preview.url("vendors/")) or "")
