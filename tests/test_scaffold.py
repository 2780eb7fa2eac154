"""`playbooks new vendor SLUG` and `playbooks new play AREA/ID`: a start that validates, or
that `playbooks validate` turns into a list of what is still to write."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from .conftest import ROOT, copy_project
from .hostile.conftest import base_project, playbooks


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


def test_a_new_vendor_validates_at_once_and_builds(project, tmp_path):
    result = playbooks("new", "vendor", "acme-corp", "--root", project, "--name", "Acme's: #1 Corp")
    assert result.returncode == 0, result.stderr
    path = project / "content" / "vendors" / "acme-corp.yml"
    text = path.read_text("utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    assert (path.parent / first.split("=", 1)[1]).resolve().name == "vendor.schema.json"
    assert (path.parent / first.split("=", 1)[1]).resolve().is_file()
    data = yaml.safe_load(text)
    assert data["name"] == "Acme's: #1 Corp"
    assert {"name", "tier", "status", "services", "working_hours", "contacts"} <= set(data)
    assert "# escalation, governance (meetings)" in text  # the optional fields, as comments
    validate = playbooks("validate", "--root", project)
    assert validate.returncode == 0, validate.stderr
    samples = len(list((ROOT / "content" / "vendors").glob("*.yml")))
    assert validate.stdout.startswith(f"OK: {samples + 1} vendors")  # the samples and the new one
    site = tmp_path / "site"
    assert playbooks("build", "--root", project, "--site-dir", site, "--vendor", "acme-corp").returncode == 0
    assert "Acme&#39;s: #1 Corp" in (site / "vendors" / "acme-corp" / "index.html").read_text("utf-8")


def test_a_new_vendor_names_our_spoc_where_the_organization_has_no_default(tmp_path):
    project = base_project(tmp_path / "project")
    org = project / "content" / "organization.yml"
    org.write_text(org.read_text("utf-8").replace("defaults:\n  spoc: olga\n", ""), "utf-8")
    vendor = project / "content" / "vendors" / "acme.yml"
    vendor.write_text(vendor.read_text("utf-8") + "our_team:\n  spoc: olga\n", "utf-8")
    assert playbooks("validate", "--root", project).returncode == 0
    assert playbooks("new", "vendor", "beta", "--root", project).returncode == 0
    data = yaml.safe_load((project / "content" / "vendors" / "beta.yml").read_text("utf-8"))
    assert data["our_team"] == {"spoc": "olga"} and data["name"] == "Beta"
    assert playbooks("validate", "--root", project).returncode == 0


@pytest.mark.parametrize("slug, message", [
    ("Acme", "`Acme` is not a vendor slug: use lower-case letters, digits and dashes"),
    ("acme-", "`acme-` is not a vendor slug"),
    ("lotus-code-works", "content/vendors/lotus-code-works.yml:1:1: vendor `lotus-code-works` already exists; "
                         "edit this file, or pick another slug"),
])
def test_new_vendor_refuses_a_malformed_or_taken_slug(project, slug, message):
    before = sorted(p.name for p in (project / "content" / "vendors").iterdir())
    result = playbooks("new", "vendor", slug, "--root", project)
    assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in (project / "content" / "vendors").iterdir()) == before


def test_validate_lists_what_a_new_play_still_needs_in_that_file_only(project):
    result = playbooks("new", "play", "governance/vendor-offboarding", "--root", project)
    assert result.returncode == 0, result.stderr
    path = project / "playbooks" / "governance" / "vendor-offboarding.md"
    lines = path.read_text("utf-8").splitlines()
    line_of = {text: n for n, text in enumerate(lines, 1)}
    validate = playbooks("validate", "--root", project)
    assert validate.returncode == 1
    shown = "playbooks/governance/vendor-offboarding.md"
    key = {name: next(n for n, text in enumerate(lines, 1) if text.startswith(name + ":")) for name in
           ("summary", "checklist", "related", "sources")}
    expected = [
        f"{shown}:{key['summary']}:11: `summary` is empty; give it a value",
        f"{shown}:{key['checklist']}:12: `checklist` needs at least 1 entry",
        f"{shown}:{key['related']}:1: `related` lists none; list at least 1 under `related:`: the plays a reader goes "
        "to next (their ids)",
        f"{shown}:{key['sources']}:1: `sources` lists none; list at least 1 under `sources:`: the source articles it "
        "draws on (ids from playbooks/sources.yml)",
        f"{shown}:{line_of['## What']}:1: the play's text has 9 words; plays have between 250 and 600: add to it",
    ] + [f"{shown}:{line_of['## ' + name]}:1: the section `## {name}` is empty; write it"
         for name in ("What", "Why", "When", "Who takes part", "Steps", "Pitfalls", "Variations")]
    assert validate.stderr.strip().splitlines() == expected + [f"{len(expected)} problems found."]
    assert lines[0] == "---" and lines[1] == "id: vendor-offboarding           # stable: readers' checklist ticks are saved under it"
    assert "owner: 'Vendor Management Office'" in lines  # from the playbook's index


@pytest.mark.parametrize("target, message", [
    ("governance", "`governance` is not `AREA/ID`"),
    ("governance/Bad_Id", "`governance/Bad_Id` is not `AREA/ID`"),
    ("governanse/new-one", "playbooks/governanse:1:1: no playbook `governanse`; did you mean `governance`?; "
                           "the playbooks are `change-management`,"),
    ("governance/steering-committee", "playbooks/governance/steering-committee.md:1:1: play id `steering-committee` "
                                      "is already used by this play"),
    ("performance/steering-committee", "play id `steering-committee` is already used by this play; play ids are "
                                       "unique across playbooks"),
])
def test_new_play_refuses_a_malformed_or_taken_id(project, target, message):
    before = sorted(str(p) for p in (project / "playbooks").rglob("*"))
    result = playbooks("new", "play", target, "--root", project)
    assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr
    assert sorted(str(p) for p in (project / "playbooks").rglob("*")) == before


def test_the_comment_on_working_hours_says_what_yaml_really_does(project):
    # Issue 28: the comment said YAML reads 09:00 unquoted as a number; PyYAML reads that as a
    # string (a leading zero is not base 60), and 18:30 as 1110.
    import re
    assert playbooks("new", "vendor", "acme-corp", "--root", project).returncode == 0
    text = (project / "content" / "vendors" / "acme-corp.yml").read_text("utf-8")
    line = next(line for line in text.splitlines() if line.startswith("  start:"))
    claim = re.search(r"YAML reads (\S+) as the number (\d+)", line)
    assert claim, line
    assert yaml.safe_load(f"start: {claim.group(1)}") == {"start": int(claim.group(2))}
    assert yaml.safe_load(line.strip()) == {"start": "09:00"}
