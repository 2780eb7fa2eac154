"""Messages about a play speak of what its author wrote (`vendor`, `org`, a person), never of
the generator's own classes (`VendorView`)."""

from __future__ import annotations

import re

import pytest

from .hostile.conftest import base_project, playbooks

PLAY = "playbooks/governance/sync-play.md"


@pytest.mark.parametrize("expression, said", [
    ("{{ vendor.__class__ }}", "of `vendor` is unsafe"),
    ("{{ vendor|list }}", "`vendor` is not iterable"),
    ("{{ vendor + 1 }}", "`vendor`"),
    ("{{ org.name.x.y }}", "template error"),
    ("{{ vendor.spoc.ours[0] }}", "`a person`"),
    ("{{ vendor.cadence.weekly }}", "`vendor.cadence` has no field `weekly`"),
])
def test_messages_name_what_the_play_wrote(tmp_path, expression, said):
    project = base_project(tmp_path / "project")
    path = project / PLAY
    path.write_text(path.read_text("utf-8").replace("A sync.", f"A sync. {expression}"), "utf-8")
    result = playbooks("validate", "--root", project)
    assert result.returncode == 1 and said in result.stderr, result.stderr
    assert not re.search(r"\w+View\b", result.stderr), result.stderr
