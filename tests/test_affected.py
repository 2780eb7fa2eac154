"""`playbooks affected --base REF` on a real git repository: the site paths a change touches
(what a pull request's summary lists), and with `--vendors` the vendor-facing sites to rebuild.

Each `affected` renders the project twice in memory, at the merge base and in the working tree.
Most of those renders are of the same files again (the base is `main` in every test, and a test
asks twice, with and without `--vendors`), so the tests that change something share them:
`change` hands `affected` a render already made from the same bytes of content/, playbooks/ and
mkdocs.yml on the same build date, and renders anything new for real. That is what a render
is, a function of those files and the date, and `test_nothing_changed_lists_nothing` proves it
with two renders of its own (a base in another folder must render to the same tree).
"""

from __future__ import annotations

import hashlib
import subprocess
from datetime import date
from pathlib import Path
from typing import Iterator

import pytest

from generator.cli import affected as affected_module

from .conftest import copy_project
from .hostile.conftest import playbooks

VENDORS = ["andes-quality-labs", "everest-qa-partners", "harbor-light-support", "lotus-code-works", "nile-data-studio",
           "tatra-cloud-ops"]


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *args], cwd=repo,
                          check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """The sample project as a git repository, `main` at its first commit, a branch to change."""
    root = copy_project(tmp_path_factory.mktemp("affected") / "repo")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "the sample")
    git(root, "checkout", "-q", "-b", "change")
    return root


def inputs_digest(root: Path) -> str:
    """The bytes a render reads (content/, playbooks/, mkdocs.yml), with their paths."""
    digest = hashlib.sha256()
    for top in ("content", "playbooks", "mkdocs.yml"):
        path = root / top
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for file in files:
            data = file.read_bytes()
            digest.update(f"{file.relative_to(root).as_posix()}\0{len(data)}\0".encode("utf-8") + data)
    return digest.hexdigest()


@pytest.fixture(scope="module")
def renders() -> dict[tuple[date, str], object]:
    """The renders `affected` made in this file, by build date and inputs_digest."""
    return {}


@pytest.fixture
def fresh(repo) -> Iterator[Path]:
    """Each test starts from `main`'s content on the branch, and leaves it so."""
    yield repo
    git(repo, "reset", "-q", "--hard", "main")
    git(repo, "clean", "-q", "-fd")


@pytest.fixture
def change(fresh, renders, monkeypatch) -> Path:
    """`fresh`, with `affected`'s renders shared (the module's docstring): a render of bytes
    already rendered on the same date is the one made then."""
    real = affected_module._render

    def shared(root: Path, today: date):
        key = (today, inputs_digest(root))
        if key not in renders:
            renders[key] = real(root, today)
        return renders[key]

    monkeypatch.setattr(affected_module, "_render", shared)
    return fresh


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def affected(repo: Path, *extra: str) -> list[str]:
    result = playbooks("affected", "--root", repo, "--base", "main", *extra)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_nothing_changed_lists_nothing(fresh):
    # Its own renders, not shared: the base, extracted into another folder, renders the same.
    assert affected(fresh) == [] and affected(fresh, "--vendors") == []


def test_a_vendor_edit_lists_its_profile_and_only_its_site(change):
    edit(change / "content/vendors/lotus-code-works.yml", "summary: Builds and runs", "summary: Builds, tests and runs")
    git(change, "commit", "-qam", "reword Lotus")  # committed or not makes no difference
    assert affected(change) == ["vendors/lotus-code-works/"]
    assert affected(change, "--vendors") == ["lotus-code-works"]


def test_a_vendor_edit_the_directory_shows_lists_the_directory_too(change):
    edit(change / "content/vendors/lotus-code-works.yml", "location: Pune, India", "location: Pune (Baner), India")
    assert affected(change) == ["vendors/", "vendors/lotus-code-works/"]
    assert affected(change, "--vendors") == ["lotus-code-works"]


def test_a_play_edit_lists_its_page(change):
    edit(change / "playbooks/communication/weekly-status-sync.md", "checking every ticket", "checking each ticket")
    assert affected(change) == ["playbooks/communication/weekly-status-sync/"]
    # The play is vendor-visible: every vendor-facing site has its page.
    assert affected(change, "--vendors") == VENDORS


def test_a_checklist_edit_lists_the_checklists_of_every_vendor_the_play_applies_to(change):
    # change-requests applies to vendors being onboarded or active: not to Tatra, which is exiting.
    edit(change / "playbooks/change-management/change-requests.md", "Log every change request", "Log each change request")
    expected = ["playbooks/change-management/change-requests/"]
    for slug in [v for v in VENDORS if v != "tatra-cloud-ops"]:
        expected += [f"vendors/{slug}/{slug}-checklists.csv", f"vendors/{slug}/{slug}-checklists.md.txt",
                     f"vendors/{slug}/checklists/"]
    assert affected(change) == sorted(expected)


def test_an_internal_play_needs_no_vendor_site(change):
    edit(change / "playbooks/relationship-lifecycle/health-check.md", "## Pitfalls\n", "## Pitfalls\n\nRead this first.\n")
    assert affected(change) == ["playbooks/relationship-lifecycle/health-check/"]
    assert affected(change, "--vendors") == []


def test_a_deleted_vendor_lists_the_pages_it_leaves_and_the_ones_that_named_it(change):
    git(change, "rm", "-q", "content/vendors/tatra-cloud-ops.yml")
    found = affected(change)
    # the pages and calendars of our people, which list what each holds at every vendor (issue 26);
    # its access register and its leaver's page (issue 24) go with it
    people = [p for p in found if p.startswith("people/")]
    assert "people/paul-meyer/" in people and "people/paul-meyer.ics" in people  # Tatra's weekly exit sync
    assert [p for p in found if not p.startswith("people/")] == [
        "./", "calendars/portfolio.ics", "checklists/", "scorecards/", "upcoming/", "vendors/",
        "vendors/tatra-cloud-ops/", "vendors/tatra-cloud-ops/access/", "vendors/tatra-cloud-ops/checklists/",
        "vendors/tatra-cloud-ops/leavers/marek-kowal/", "vendors/tatra-cloud-ops/review/",
        "vendors/tatra-cloud-ops/tatra-cloud-ops-access.csv", "vendors/tatra-cloud-ops/tatra-cloud-ops-checklists.csv",
        "vendors/tatra-cloud-ops/tatra-cloud-ops-checklists.md.txt", "vendors/tatra-cloud-ops/tatra-cloud-ops.ics",
    ]
    assert affected(change, "--vendors") == []  # no site to build; the main branch's build drops it


def test_a_new_vendor_file_not_yet_added_to_git_counts(change):
    text = (change / "content/vendors/lotus-code-works.yml").read_text("utf-8")
    text = text.replace("Lotus Code Works", "Lotus Two").replace("reference: NW-2023-014", "reference: NW-2027-002")
    (change / "content/vendors/lotus-two.yml").write_text(text, "utf-8")
    assert "vendors/lotus-two/" in affected(change)
    assert affected(change, "--vendors") == ["lotus-two"]


def test_a_change_to_the_site_configuration_lists_everything(change):
    edit(change / "mkdocs.yml", "site_name:", "# a comment\nsite_name:")
    every = affected(change)
    assert "./" in every and "vendors/lotus-code-works/" in every and len(every) > 60
    assert affected(change, "--vendors") == VENDORS


def test_rules_and_the_ledger_are_on_no_site(change):
    edit(change / "playbooks/rules.yml", "related: 1 ", "related: 1  ")
    assert affected(change) == [] and affected(change, "--vendors") == []


def test_an_unknown_base_is_explained(change):
    result = playbooks("affected", "--root", change, "--base", "no-such-branch")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("--base:1:1: git merge-base failed:")


# --- every kind of input a page or a vendor site reads ---------------------------------------------
# (issue 28: an image was listed as a path but reached no vendor site, since it was read without
# a hash.)

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="{}"/></svg>\n'


def test_every_input_of_the_sample_is_hashed_for_affected(tmp_path):
    from generator import pipeline

    from .conftest import copy_project
    root = copy_project(tmp_path / "project")
    (root / "playbooks/communication/flow.svg").write_text(SVG.format(10), "utf-8")
    inputs = pipeline.load_checked(root)
    read = {p.relative_to(root).as_posix() for folder in ("content", "playbooks") for p in (root / folder).rglob("*")
            if p.is_file()}
    # checklist-ids.txt is the ledger of checklist ids: validate reads it, no site shows it.
    assert read - set(inputs.hashes) == {"playbooks/checklist-ids.txt"}
    assert "playbooks/communication/flow.svg" in inputs.hashes


def test_a_changed_image_lists_its_file_and_every_vendor_site(change):
    image = change / "playbooks/communication/flow.svg"
    image.write_text(SVG.format(10), "utf-8")
    edit(change / "playbooks/communication/weekly-status-sync.md", "checking every ticket",
         "checking every ticket (![the flow](flow.svg))")
    git(change, "add", "-A")
    git(change, "commit", "-qm", "an image")
    git(change, "tag", "-f", "with-image")
    image.write_text(SVG.format(5), "utf-8")
    result = playbooks("affected", "--root", change, "--base", "with-image")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["playbooks/communication/flow.svg"]
    # A vendor-visible play shows it: every vendor-facing site has that play.
    vendors = playbooks("affected", "--root", change, "--base", "with-image", "--vendors")
    assert vendors.stdout.splitlines() == VENDORS


@pytest.mark.parametrize("path, old, new", [
    ("content/organization.yml", "required_overlap_hours: 3", "required_overlap_hours: 2"),
    ("playbooks/roles.yml", "title: Single point of contact", "title: Single point of contact (SPOC)"),
    ("playbooks/sources.yml", "One manager per client", "One manager for each client"),
    ("playbooks/glossary.yml", "The one person on each side", "The single person on each side"),
    ("playbooks/communication/index.md", "Most outsourcing trouble", "Much outsourcing trouble"),
])
def test_a_shared_input_changes_pages_and_every_vendor_site(change, path, old, new):
    edit(change / path, old, new)
    assert affected(change), path
    assert affected(change, "--vendors") == VENDORS, path


def test_a_change_to_the_generator_lists_everything(change):
    (change / "generator").mkdir()
    (change / "generator/pipeline.py").write_text("# changed\n", "utf-8")
    every = affected(change)
    assert "./" in every and "vendors/lotus-code-works/" in every and len(every) > 60
    assert affected(change, "--vendors") == VENDORS


def test_a_reader_that_stops_early_gets_no_traceback(change):
    # Issue 28: `playbooks affected | head -1` printed a BrokenPipeError traceback.
    from .test_cli import closed_pipe
    edit(change / "playbooks/communication/index.md", "Most outsourcing trouble", "Much outsourcing trouble")
    for extra in ([], ["--vendors"]):
        code, stderr = closed_pipe("affected", "--root", change, "--base", "main", *extra)
        assert stderr == "" and code == 1, stderr
