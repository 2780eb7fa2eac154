"""`playbooks serve`: a live preview that shows an edit to a vendor file without a restart."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from .conftest import copy_project


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


def wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = fetch(url)
        if page is not None and text in page:
            return True
        time.sleep(0.2)
    return False


def test_serve_shows_an_edit_without_a_restart(tmp_path):
    project = copy_project(tmp_path / "project")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--root", str(project), "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/vendors/lotus-code-works/"
        assert wait_for(url, "Lotus Code Works", 60), "the preview did not start"
        vendor = project / "content" / "vendors" / "lotus-code-works.yml"
        vendor.write_text(vendor.read_text("utf-8").replace("location: Pune, India", "location: Pune (edited), India"), "utf-8")
        started = time.monotonic()
        assert wait_for(url, "Pune (edited), India", 20), "the edit did not show"
        assert time.monotonic() - started < 10
        # A mistake keeps the last good preview and says what is wrong.
        vendor.write_text("name: [broken\n", "utf-8")
        time.sleep(2)
        assert "Pune (edited), India" in (fetch(url) or "")
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=20)
    assert "content/vendors/lotus-code-works.yml:2:1: YAML syntax error" in output
    assert "Traceback" not in output
