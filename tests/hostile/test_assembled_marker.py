"""A marker of a passage for some readers only that a template prints (trust boundary, round 3).

`{% set m = "!!! inter" ~ "nal" %}{{ m }}` printed escaped text: no box opened, and the indented
passage after it, meant for internal readers, showed on every site, the vendors' own
included, while the README (now docs/safety.md) said such a marker is cut. The play is now refused at that line.
(A marker made of the template's own text, `{% if x %}!!!{% endif %} internal`, is a real one
and is cut: tests/leak_portfolio.py.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import assert_refused, base_project, playbooks

PRINTED = [
    '{% set m = "!!! inter" ~ "nal" %}{{ m }}',
    '{{ "!!! internal" }}',
    '{{ "!!! note Internal" }} "Costs"',
    '{{ "!!!" }} internal',
    '- {{ "!!! internal" }}',
]


def with_passage(project: Path, line: str) -> tuple[Path, int]:
    play = next((project / "playbooks" / "governance").glob("[!i]*.md"))
    head, sep, body = play.read_text("utf-8")[4:].partition("\n---\n")
    play.write_text("---\n" + head + sep + f"{line}\n    SECRET-PASSAGE for us only\n\n" + body, "utf-8")
    return play, head.count("\n") + 4  # ---, the front matter, ---, then this line


@pytest.mark.parametrize("line", PRINTED)
def test_a_marker_a_template_prints_is_refused_at_its_line(tmp_path, line):
    project = base_project(tmp_path / "project")
    play, number = with_passage(project, line)
    shown = f"{play.relative_to(project).as_posix()}:{number}:1: this line of what the play renders reads as a marker"
    assert_refused(playbooks("validate", "--root", project), shown)
    vendor = next((project / "content" / "vendors").glob("*.yml")).stem
    result = playbooks("build", "--root", project, "--vendor", vendor, "--site-dir", tmp_path / "site")
    assert_refused(result, shown)
    assert not (tmp_path / "site").exists()
