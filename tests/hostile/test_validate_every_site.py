"""`validate` finds what only a vendor-facing build would: it renders every play for every
vendor as that vendor's own site shows it.

A play page of the internal site is generic (`vendor.known` is false there), so a mistake
behind `{% if vendor.known %}` passed `validate` and the internal build, and failed only
`build --vendor`, which CI did not run for every vendor.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import assert_refused, base_project, playbooks

PLAY = "playbooks/governance/sync-play.md"


def edit(project: Path, old: str, new: str) -> None:
    path = project / PLAY
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def position(project: Path, needle: str) -> tuple[int, int]:
    for number, line in enumerate((project / PLAY).read_text("utf-8").splitlines(), 1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(needle)


@pytest.fixture()
def project(tmp_path) -> Path:
    return base_project(tmp_path / "project")


def test_a_mistake_only_a_vendor_site_renders_is_found_by_validate(project, tmp_path):
    edit(project, "A sync.", "A sync.{% if vendor.known %} With {{ vendor.nme }}.{% endif %}")
    line, column = position(project, "nme")
    # The internal site never renders it for a vendor: it builds.
    assert playbooks("build", "--root", project, "--site-dir", tmp_path / "site").returncode == 0
    assert_refused(playbooks("validate", "--root", project),
                   f"{PLAY}:{line}:{column}: `vendor` has no field `nme`; did you mean `name`?")
    # And indeed the vendor's own site cannot be built.
    assert_refused(playbooks("build", "--root", project, "--vendor", "acme", "--site-dir", tmp_path / "acme"), "nme")


def test_a_checklist_item_of_a_play_that_does_not_apply_to_the_vendor_is_rendered_too(project):
    # A vendor-facing site has a page for every vendor-visible play, also those that do not
    # apply to its vendor (whose checklists page, rendered by the internal build, omits them).
    edit(project, "visibility: vendor", "visibility: vendor\napplies_to:\n  tiers: [strategic]")
    edit(project, "text: Book it with {{ vendor.spoc.theirs }}.", "text: Book it{% if vendor.known %} by {{ vendor.deadline }}{% endif %}.")
    line, column = position(project, "deadline")
    assert_refused(playbooks("validate", "--root", project), f"{PLAY}:{line}:{column}: `vendor` has no field `deadline`")


def test_a_mistake_for_one_vendor_only_is_found(project):
    second = project / "content" / "vendors" / "zeta.yml"
    second.write_text((project / "content" / "vendors" / "acme.yml").read_text("utf-8").replace("Acme Ltd.", "Zeta GmbH"), "utf-8")
    edit(project, "A sync.", "A sync.{% if vendor.name == 'Zeta GmbH' %} {{ vendor.spoc.ours.phone }}{% endif %}")
    line, column = position(project, "phone")
    assert_refused(playbooks("validate", "--root", project), f"{PLAY}:{line}:{column}: `a person` has no field `phone`")


def test_vendors_rendered_on_every_core_report_the_same(project):
    source = (project / "content" / "vendors" / "acme.yml").read_text("utf-8")
    for index in range(48):
        (project / "content" / "vendors" / f"acme-{index:02d}.yml").write_text(
            source.replace("Acme Ltd.", f"Acme Ltd. No. {index}"), "utf-8")
    edit(project, "A sync.", "A sync.{% if vendor.name.endswith('No. 47') %} {{ vendor.nme }}{% endif %}")
    line, column = position(project, "nme")
    expected = f"{PLAY}:{line}:{column}: `vendor` has no field `nme`; did you mean `name`?"
    for jobs in ("1", "2"):
        # In a child process: workers are forked only from a process without threads.
        result = playbooks("validate", "--root", project, env={"PLAYBOOKS_JOBS": jobs}, timeout=120)
        assert_refused(result, expected)
        assert result.stderr.count(expected) == 1
