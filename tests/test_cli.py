"""The `playbooks` command on good and bad input: exit codes, one line per problem, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.website import output_folders

from .commands import child, in_process
from .conftest import ROOT, copy_project


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """The command in this process (tests/commands.py): what it prints and its exit code."""
    return in_process(*args, cwd=cwd)


def test_validate_accepts_the_sample_project():
    # As a user runs it: `python -m generator`, a process of its own, its exit status.
    result = child("validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: ")
    assert result.stderr == ""


def test_validate_reports_every_problem_with_position(tmp_path):
    project = copy_project(tmp_path / "p")
    (project / "content" / "vendors" / "broken.yml").write_text(
        "name: Broken\n"
        "tier: gold\n"
        "status: active\n"
        "services: [{id: web, name: Web, type: software-development}]\n"
        "working_hours:\n"
        "  timezone: Europe/Berlinn\n"
        "  start: 18:30\n"
        '  end: "08:00"\n'
        "contacts:\n"
        "  - {id: a, name: A, roles: [spoc]}\n",
        "utf-8",
    )
    play = project / "playbooks" / "communication" / "weekly-status-sync.md"
    play.write_text(play.read_text("utf-8").replace("{{ vendor.spoc.ours }} and", "{{ vendor.spoc.ourz }} and"), "utf-8")
    result = run("validate", "--root", str(project))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[:-1] == [
        "content/vendors/broken.yml:2:7: `tier` is `gold`, which is not one of `strategic`, `tactical`, `operational`, `commodity`",
        "content/vendors/broken.yml:6:13: `Europe/Berlinn` is not an IANA time zone name; did you mean `Europe/Berlin`?",
        'content/vendors/broken.yml:7:10: `18:30` is read by YAML as the number 1110, not a time; quote it: "18:30"',
        "content/vendors/broken.yml:8:9: working hours end at 08:00, which is not after their start at 18:30; "
        "write the day's hours in the team's own time zone with the end after the start",
    ]
    assert lines[-1] == "4 problems found."


def test_template_errors_point_at_the_play(tmp_path):
    project = copy_project(tmp_path / "p")
    play = project / "playbooks" / "communication" / "weekly-status-sync.md"
    text = play.read_text("utf-8").replace("{{ vendor.spoc.ours }} and", "{{ vendor.spoc.ourz }} and")
    play.write_text(text, "utf-8")
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "ourz" in l)
    column = text.splitlines()[line - 1].index("ourz") + 1
    result = run("validate", "--root", str(project))
    assert result.returncode == 1
    assert f"playbooks/communication/weekly-status-sync.md:{line}:{column}: `vendor.spoc` has no field `ourz`; did you mean `ours`?" in result.stderr


def test_build_failure_leaves_site_untouched(tmp_path):
    project = copy_project(tmp_path / "p")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous", "utf-8")
    output_folders.seal(site)  # as a build leaves it: this tool may replace it
    (project / "content" / "vendors" / "lotus-code-works.yml").write_text("name: [unclosed\n", "utf-8")
    result = run("build", "--root", str(project), "--site-dir", str(site))
    assert result.returncode == 1
    assert "content/vendors/lotus-code-works.yml:1:7: YAML syntax error: this `[` is never closed" in result.stderr
    assert sorted(p.name for p in site.iterdir()) == [output_folders.MANIFEST, "index.html"]
    assert (site / "index.html").read_text("utf-8") == "previous"


def test_build_refuses_to_replace_a_folder_that_is_not_a_site(tmp_path):
    project = copy_project(tmp_path / "p")
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me", "utf-8")
    result = run("build", "--root", str(project), "--site-dir", str(precious))
    assert result.returncode == 1
    assert "holds files this tool did not write (`notes.txt`)" in result.stderr
    assert (precious / "notes.txt").read_text("utf-8") == "keep me"


def test_wrong_root_is_explained():
    result = run("validate", "--root", "/nonexistent-folder")
    assert result.returncode == 1
    assert "missing folder `content/`" in result.stderr
    assert "Traceback" not in result.stderr


def test_usage_errors_exit_2():
    assert child("build", "--engine", "hugo").returncode == 2
    assert run("build", "--engine", "hugo").returncode == 2


def test_an_unknown_vendor_is_one_problem_for_every_command(tmp_path):
    for args in (["generate", "--out", str(tmp_path / "docs"), "--vendor", "lotus"],
                 ["build", "--site-dir", str(tmp_path / "site"), "--vendor", "lotus"]):
        result = run(*args)
        assert result.returncode == 1, args
        assert "content/vendors:1:1: no vendor `lotus`: pick one of andes-quality-labs," in result.stderr
        assert "Traceback" not in result.stderr


def closed_pipe(*args: str | Path, cwd: Path = ROOT) -> tuple[int, str]:
    """Run the command with its output going to a reader that has already stopped reading (as
    `| head -1` does once it has its line): the exit code and what went to stderr."""
    process = subprocess.Popen([sys.executable, "-m", "generator", *map(str, args)], cwd=cwd, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    stderr = process.stderr.read()
    return process.wait(timeout=120), stderr


def test_a_reader_that_stops_early_gets_no_traceback():
    # Issue 28: `playbooks ids | head -1` printed a BrokenPipeError traceback.
    code, stderr = closed_pipe("ids")
    assert stderr == "" and code == 1


def test_a_reader_that_stops_early_gets_no_traceback_when_there_are_problems(tmp_path):
    project = copy_project(tmp_path / "p")
    vendor = project / "content" / "vendors" / "lotus-code-works.yml"
    vendor.write_text(vendor.read_text("utf-8").replace("tier: strategic", "tier: strategc"), "utf-8")
    code, stderr = closed_pipe("validate", "--root", project, "--format", "json")
    assert "Traceback" not in stderr and code == 1, stderr


@pytest.mark.parametrize("line, at", [
    ("tier: [strategic", "6:7: YAML syntax error: this `[` is never closed"),
    ("tier: {level: strategic", "6:7: YAML syntax error: this `{` is never closed"),
])
def test_an_unclosed_bracket_or_quote_is_reported_where_it_opens(tmp_path, line, at):
    # Issue 28: an unclosed `[` on line 6 was reported on line 7, where nothing is wrong.
    project = copy_project(tmp_path / "p")
    vendor = project / "content" / "vendors" / "lotus-code-works.yml"
    lines = vendor.read_text("utf-8").splitlines()
    lines[5] = line
    vendor.write_text("\n".join(lines) + "\n", "utf-8")
    result = run("validate", "--root", str(project))
    assert result.returncode == 1
    assert f"content/vendors/lotus-code-works.yml:{at}" in result.stderr, result.stderr


def test_an_unclosed_quote_at_the_end_is_reported_where_it_opens(tmp_path):
    project = copy_project(tmp_path / "p")
    vendor = project / "content" / "vendors" / "lotus-code-works.yml"
    text = vendor.read_text("utf-8")
    vendor.write_text(text + 'notes: "never closed\n', "utf-8")
    result = run("validate", "--root", str(project))
    line = text.count("\n") + 1
    assert f"content/vendors/lotus-code-works.yml:{line}:8: YAML syntax error: this quote is never closed" in result.stderr, \
        result.stderr
