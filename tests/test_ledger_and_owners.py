"""The checklist-id ledger (playbooks/checklist-ids.txt, `playbooks ids`) and CODEOWNERS from
`owners:` (`playbooks codeowners`): what `playbooks validate` says when either falls behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.checks import codeowners, ledger

from .conftest import ROOT, copy_project
from .hostile.conftest import playbooks

PLAY = Path("playbooks/communication/weekly-status-sync.md")


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


def lines_of(result) -> list[str]:
    return result.stderr.strip().splitlines()


def test_the_ledger_lists_every_id_of_the_library():
    listed = [line for line in (ROOT / ledger.LEDGER).read_text("utf-8").splitlines() if line and not line.startswith("#")]
    result = playbooks("ids")
    assert result.returncode == 0
    assert result.stdout.splitlines() == listed == sorted(listed)


def test_a_renamed_item_id_is_reported_at_its_ledger_line_and_at_the_new_id(project):
    play = project / PLAY
    text = play.read_text("utf-8")
    play.write_text(text.replace("- id: book-series", "- id: book-the-series"), "utf-8")
    result = playbooks("validate", "--root", project)
    assert result.returncode == 1
    ledger_lines = (project / ledger.LEDGER).read_text("utf-8").splitlines()
    gone = ledger_lines.index("weekly-status-sync/book-series") + 1
    new_line = next(n for n, line in enumerate(play.read_text("utf-8").splitlines(), 1) if "book-the-series" in line)
    # The sample's shared progress (Harbor Light's `progress:`) records the old id too: it is refused there as well.
    harbor = "content/vendors/harbor-light-support.yml"
    shared = next(n for n, line in enumerate((project / harbor).read_text("utf-8").splitlines(), 1) if "book-series:" in line)
    assert lines_of(result) == [
        f"{harbor}:{shared}:5: checklist item `book-series` does not exist; use the `id` of an item in the checklist "
        "of the play `weekly-status-sync`; did you mean `book-the-series`?",
        f"playbooks/checklist-ids.txt:{gone}:1: checklist item `weekly-status-sync/book-series` no longer exists, which "
        "erases every reader's tick on it; keep the item's id (change only its text), or if dropping it is intended, "
        "delete this line in the same change",
        f"{PLAY.as_posix()}:{new_line}:9: checklist item `weekly-status-sync/book-the-series` is not in "
        "playbooks/checklist-ids.txt; run `playbooks ids --update` to record it",
        "3 problems found.",
    ]


def test_ids_update_adds_new_ids_sorted_and_never_removes_one(project):
    play = project / PLAY
    play.write_text(play.read_text("utf-8").replace("- id: book-series", "- id: book-the-series"), "utf-8")
    result = playbooks("ids", "--update", "--root", project)
    text = (project / ledger.LEDGER).read_text("utf-8")
    assert "weekly-status-sync/book-the-series\n" in text and "weekly-status-sync/book-series\n" in text
    entries = [line for line in text.splitlines() if not line.startswith("#")]
    assert entries == sorted(entries)
    assert text.startswith((ROOT / ledger.LEDGER).read_text("utf-8").split("business-training", 1)[0])  # comments kept
    # The vanished id stays listed, and is still a problem: only a person removes it.
    assert result.returncode == 1
    assert "1 new id added\n  weekly-status-sync/book-the-series" in result.stdout
    assert "`weekly-status-sync/book-series` no longer exists" in result.stderr
    # Deleting its line on purpose is the fix (with the sample's shared progress moved to the new id).
    (project / ledger.LEDGER).write_text(text.replace("weekly-status-sync/book-series\n", ""), "utf-8")
    harbor = project / "content" / "vendors" / "harbor-light-support.yml"
    harbor.write_text(harbor.read_text("utf-8").replace("book-series:", "book-the-series:"), "utf-8")
    assert playbooks("validate", "--root", project).returncode == 0


def test_the_ledger_file_itself_is_checked(project):
    path = project / ledger.LEDGER
    text = path.read_text("utf-8")
    lines = text.splitlines()
    first = next(n for n, line in enumerate(lines) if not line.startswith("#"))
    lines.insert(first, "Not An Id")
    lines.append(lines[first + 1])  # a duplicate, which is also out of order
    path.write_text("\n".join(lines) + "\n", "utf-8")
    result = playbooks("validate", "--root", project)
    assert lines_of(result) == [
        f"playbooks/checklist-ids.txt:{first + 1}:1: `Not An Id` is not a checklist item id; write one "
        "`play-id/item-id` per line, like `weekly-status-sync/book-series`",
        f"playbooks/checklist-ids.txt:{len(lines)}:1: `{lines[first + 1]}` is listed twice (also on line {first + 2}); "
        "remove this line",
        "2 problems found.",
    ]
    del lines[first]
    swapped = lines[:first] + [lines[first + 1], lines[first]] + lines[first + 2:-1]  # and the duplicate gone
    path.write_text("\n".join(swapped) + "\n", "utf-8")
    result = playbooks("validate", "--root", project)
    assert lines_of(result) == [f"playbooks/checklist-ids.txt:{first + 1}:1: the ids are not sorted; "
                                "run `playbooks ids --update` to sort them", "1 problem found."]
    assert playbooks("ids", "--update", "--root", project).returncode == 0
    assert path.read_text("utf-8") == text


def test_a_project_without_a_ledger_starts_one(project):
    (project / ledger.LEDGER).unlink()
    assert playbooks("validate", "--root", project).returncode == 0  # nothing to compare with yet
    result = playbooks("ids", "--update", "--root", project)
    assert result.returncode == 0
    assert (project / ledger.LEDGER).read_text("utf-8") == (ROOT / ledger.LEDGER).read_text("utf-8")


# --- CODEOWNERS -----------------------------------------------------------------------------------


def test_codeowners_is_up_to_date_in_the_repository():
    result = playbooks("codeowners", "--root", ROOT)
    assert result.returncode == 0 and result.stdout.startswith("Unchanged:"), result.stdout + result.stderr


def test_codeowners_asks_each_plays_owner_and_keeps_what_a_person_wrote(project):
    text = (project / "CODEOWNERS").read_text("utf-8")
    assert "/playbooks/rules.yml @northwind/vendor-management\n" in text.split(codeowners.MARKER)[0]
    generated = text.split(codeowners.MARKER)[1].splitlines()
    assert "/playbooks/governance/ @northwind/vendor-management" in generated
    assert "/playbooks/relationship-lifecycle/read-the-contract.md @northwind/procurement" in generated
    # A play owned like its folder needs no line of its own.
    assert not any(line.startswith("/playbooks/governance/steering-committee.md") for line in generated)


def test_a_changed_owner_makes_codeowners_stale_until_it_is_written_again(project):
    play = project / "playbooks" / "governance" / "steering-committee.md"
    play.write_text(play.read_text("utf-8").replace("owner: Vendor Management Office", "owner: Procurement and Contracts"), "utf-8")
    result = playbooks("validate", "--root", project)
    assert result.returncode == 1
    assert "CODEOWNERS does not match the plays' owners and `owners` in content/organization.yml; run " \
           "`playbooks codeowners` to write it again" in result.stderr
    assert playbooks("codeowners", "--root", project).returncode == 0
    assert "/playbooks/governance/steering-committee.md @northwind/procurement\n" in (project / "CODEOWNERS").read_text("utf-8")
    assert playbooks("validate", "--root", project).returncode == 0


def test_an_owner_without_handles_is_reported_at_the_play(project):
    play = project / "playbooks" / "governance" / "steering-committee.md"
    text = play.read_text("utf-8").replace("owner: Vendor Management Office", "owner: Vendor Managment Office")
    play.write_text(text, "utf-8")
    line = next(n for n, l in enumerate(text.splitlines(), 1) if l.startswith("owner:"))
    result = playbooks("validate", "--root", project)
    assert (f"playbooks/governance/steering-committee.md:{line}:8: owner `Vendor Managment Office` has no entry under "
            "`owners` in content/organization.yml; add its repository handles there, like "
            "`Vendor Managment Office: [\"@team\"]`; did you mean `Vendor Management Office`?") in result.stderr


def test_a_missing_codeowners_is_reported(project):
    (project / "CODEOWNERS").unlink()
    result = playbooks("validate", "--root", project)
    assert lines_of(result) == ["CODEOWNERS:1:1: CODEOWNERS is missing, so no one is asked to review changes to the "
                                "plays; run `playbooks codeowners` to write it", "1 problem found."]
