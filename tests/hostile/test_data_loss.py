"""Data loss: the generator writes over, replaces and deletes only folders it made.

Cases from the hostile-input issue: `generate --out` at the project or a home folder deleted
everything in it; `--site-dir` at a folder that merely held an `index.html` or a `search/`
replaced it; two builds at once left a third of a site; a build killed while publishing left
no site and leftovers nobody cleaned up.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from generator.website import output_folders

from ..conftest import BUILD_EPOCH
from . import forked
from .conftest import assert_refused, base_project, playbooks
from .forked import fork_server  # noqa: F401 - the module's fork server


def snapshot(folder: Path) -> dict[str, str]:
    """Every entry under `folder` and its content hash, symbolic links as their target."""
    out = {}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        if path.is_symlink():
            out[key] = "-> " + os.readlink(path)
        elif path.is_file():
            out[key] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            out[key] = "<dir>"
    return out


@pytest.fixture()
def project(tmp_path) -> Path:
    return base_project(tmp_path / "project")


def home_folder(path: Path) -> Path:
    """A stand-in for someone's home folder."""
    (path / ".ssh").mkdir(parents=True)
    (path / ".ssh" / "id_rsa").write_text("-----BEGIN OPENSSH PRIVATE KEY-----\nsecret\n", "utf-8")
    (path / "notes.txt").write_text("keep me", "utf-8")
    return path


# --- generate --out ------------------------------------------------------------------------------


def test_generate_into_the_project_itself_is_refused(project):
    before = snapshot(project)
    result = playbooks("generate", "--root", project, "--out", project)
    assert_refused(result, "refusing to write the docs tree here")
    assert snapshot(project) == before


@pytest.mark.parametrize("inside", ["content", "playbooks", "content/vendors"])
def test_generate_into_the_sources_is_refused(project, inside):
    before = snapshot(project)
    result = playbooks("generate", "--root", project, "--out", project / inside)
    assert_refused(result, "refusing to write the docs tree here")
    assert snapshot(project) == before


def test_generate_into_a_home_folder_deletes_nothing(project, tmp_path):
    home = home_folder(tmp_path / "home")
    before = snapshot(home)
    result = playbooks("generate", "--root", project, "--out", home)
    assert_refused(result, "this folder holds files this tool did not write (`.ssh/id_rsa`, `notes.txt`)")
    assert snapshot(home) == before


def test_generate_into_a_parent_of_the_project_is_refused(tmp_path):
    project = base_project(tmp_path / "parent" / "project")
    (tmp_path / "parent" / "mine.txt").write_text("keep me", "utf-8")
    before = snapshot(tmp_path / "parent")
    result = playbooks("generate", "--root", project, "--out", tmp_path / "parent")
    assert_refused(result)
    assert snapshot(tmp_path / "parent") == before


def test_generate_writes_over_its_own_docs_tree_but_not_a_file_added_to_it(project, tmp_path):
    out = tmp_path / "docs"
    assert playbooks("generate", "--root", project, "--out", out).returncode == 0
    assert (out / output_folders.MANIFEST).is_file()
    again = playbooks("generate", "--root", project, "--out", out)
    assert again.returncode == 0, again.stderr
    assert "0 deleted" in again.stdout
    (out / "vendors" / "mine.md").write_text("# Mine\n", "utf-8")
    result = playbooks("generate", "--root", project, "--out", out)
    assert_refused(result, "holds files this tool did not write (`vendors/mine.md`)")
    assert (out / "vendors" / "mine.md").read_text("utf-8") == "# Mine\n"


# --- build --site-dir ----------------------------------------------------------------------------


def a_web_project(path: Path) -> Path:
    """Someone's own web project: it has an index.html, but this tool did not make it."""
    (path / "src").mkdir(parents=True)
    (path / "index.html").write_text("<h1>My app</h1>", "utf-8")
    (path / "src" / "app.js").write_text("console.log('mine')", "utf-8")
    (path / ".git").mkdir()
    (path / ".git" / "HEAD").write_text("ref: refs/heads/main\n", "utf-8")
    return path


def only_search(path: Path) -> Path:
    (path / "search").mkdir(parents=True)
    (path / "search" / "notes.txt").write_text("mine", "utf-8")
    (path / "report.docx").write_text("mine", "utf-8")
    return path


def a_404_page_and_more(path: Path) -> Path:
    path.mkdir(parents=True)
    (path / "404.html").write_text("<h1>Not found</h1>", "utf-8")
    (path / "photos.zip").write_text("mine", "utf-8")
    return path


@pytest.mark.parametrize("make", [a_web_project, only_search, a_404_page_and_more, home_folder])
def test_build_never_replaces_a_folder_it_did_not_make(project, tmp_path, make):
    target = make(tmp_path / "target")
    before = snapshot(target)
    result = playbooks("build", "--root", project, "--site-dir", target)
    assert_refused(result, "this folder holds files this tool did not write")
    assert snapshot(target) == before


def test_build_never_deletes_a_file_added_to_its_own_site(project, tmp_path):
    site = tmp_path / "site"
    assert playbooks("build", "--root", project, "--site-dir", site).returncode == 0
    (site / "CNAME").write_text("playbooks.example.org\n", "utf-8")
    before = snapshot(site)
    result = playbooks("build", "--root", project, "--site-dir", site)
    assert_refused(result, "holds files this tool did not write (`CNAME`), and a build would delete them")
    assert snapshot(site) == before


def test_all_vendors_never_replaces_a_folder_it_did_not_make(project, tmp_path):
    target = a_web_project(tmp_path / "partners")
    before = snapshot(target)
    result = playbooks("build", "--root", project, "--all-vendors", "--site-dir", target)
    assert_refused(result, "this folder holds files this tool did not write")
    assert snapshot(target) == before


def test_a_site_built_by_an_earlier_version_is_explained(project, tmp_path):
    site = tmp_path / "site"
    assert playbooks("build", "--root", project, "--site-dir", site).returncode == 0
    (site / output_folders.MANIFEST).unlink()  # as earlier versions left a site
    result = playbooks("build", "--root", project, "--site-dir", site)
    assert_refused(result, "was built by an earlier version of playbooks", f"rm -r {site}")


def test_a_build_folder_that_is_a_symbolic_link_is_refused(project, tmp_path):
    elsewhere = home_folder(tmp_path / "elsewhere")
    (project / "build").symlink_to(elsewhere, target_is_directory=True)
    before = snapshot(elsewhere)
    result = playbooks("build", "--root", project, "--site-dir", tmp_path / "site")
    assert_refused(result, "build:1:1: this folder must be a real folder inside the project")
    assert snapshot(elsewhere) == before
    assert not (tmp_path / "site").exists()


# --- two builds at once --------------------------------------------------------------------------


def test_two_builds_at_once_both_publish_a_whole_site(project, tmp_path):
    reference = tmp_path / "reference"
    assert playbooks("build", "--root", project, "--site-dir", reference).returncode == 0
    expected = set(snapshot(reference))
    site = tmp_path / "site"
    # Two processes at once, forked from the fork server (tests/hostile/forked.py).
    assert forked.exit_codes(built, (str(project), str(site)), (str(project), str(site)), timeout=120) == [0, 0]
    assert set(snapshot(site)) == expected
    assert snapshot(site) == snapshot(reference)


# --- a build killed while publishing -------------------------------------------------------------


def built(project: str, site: str) -> None:
    """`playbooks build` of `project` into `site` (run in a process of its own)."""
    from generator import pipeline

    os.environ["SOURCE_DATE_EPOCH"] = BUILD_EPOCH
    pipeline.build(Path(project), site_dir=Path(site))


def build_killed_after(project: str, site: str, stop_after: int, how: str) -> None:
    """A build that kills its own process (SIGKILL, as `kill -9` does) right after the Nth step
    of publishing: each rename of a folder, and the one-step exchange where the system has it
    (`how` "exchange"), or with the exchange said to be missing ("two-step")."""
    import signal

    from generator.website import publish

    steps = 0
    real_rename, real_replace = os.rename, publish.replace

    def step() -> None:
        nonlocal steps
        steps += 1
        if steps == stop_after:
            os.kill(os.getpid(), signal.SIGKILL)

    def renaming(source: str, destination: str) -> None:
        real_rename(source, destination)
        step()

    def replacing(built_site: Path, target: Path) -> None:
        os.rename = renaming  # type: ignore[assignment]
        exchange = getattr(publish, "_exchange", None)
        if exchange is not None:
            if how == "two-step":
                publish._exchange = lambda first, second: False
            else:
                def exchanging(first: Path, second: Path) -> bool:
                    done = exchange(first, second)
                    step()
                    return done
                publish._exchange = exchanging
        real_replace(built_site, target)

    publish.replace = replacing  # type: ignore[assignment]
    built(project, site)


def killed_build(project: Path, site: Path, after_step: int, how: str) -> int:
    """The exit code of `build_killed_after` in a process forked from the fork server."""
    return forked.exit_codes(build_killed_after, (str(project), str(site), after_step, how), timeout=120)[0]


def leftovers(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.iterdir() if p.name.startswith(f".{site.name}."))


def changed_play(project: Path) -> None:
    play = project / "playbooks" / "governance" / "sync-play.md"
    play.write_text(play.read_text("utf-8").replace("A sync.", "A sync, second edition."), "utf-8")


@pytest.mark.parametrize("after_step", [1, 2])
def test_a_build_killed_while_publishing_never_leaves_the_site_missing(project, tmp_path, after_step):
    site = tmp_path / "site"
    assert playbooks("build", "--root", project, "--site-dir", site).returncode == 0
    changed_play(project)
    assert killed_build(project, site, after_step, "exchange") == -9
    # Old or new, the site is whole: it was swapped in one step, or not yet at all.
    assert (site / "index.html").is_file()
    assert output_folders.claim(site, option="--site-dir") is not None
    assert playbooks("build", "--root", project, "--site-dir", site).returncode == 0
    assert leftovers(site) == []
    assert "second edition" in (site / "playbooks" / "governance" / "sync-play" / "index.html").read_text("utf-8")


def test_the_next_build_finishes_a_two_step_swap_that_was_cut_short(project, tmp_path):
    # Where the system cannot swap two folders in one step, a kill between the two renames
    # leaves no site; the next run puts a whole one back before it does anything else, even
    # if it then fails on a mistake in the files.
    site = tmp_path / "site"
    assert playbooks("build", "--root", project, "--site-dir", site).returncode == 0
    changed_play(project)
    assert killed_build(project, site, 2, "two-step") == -9
    assert not site.exists()
    assert len(leftovers(site)) == 2
    (project / "content" / "vendors" / "acme.yml").write_text("name: [broken\n", "utf-8")
    assert_refused(playbooks("build", "--root", project, "--site-dir", site), "YAML syntax error")
    assert leftovers(site) == []
    assert "second edition" in (site / "playbooks" / "governance" / "sync-play" / "index.html").read_text("utf-8")
