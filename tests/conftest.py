"""Shared fixtures: the sample project, built once per test session with the real engines."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date, datetime, timezone
from pathlib import Path

from typing import Callable

import pytest
from filelock import FileLock

from generator import pipeline

# Test files handed to the workers costliest first (tests/scheduling.py).
pytest_plugins = ("tests.scheduling",)

ROOT = Path(__file__).resolve().parent.parent
# A fixed build date keeps every session's output comparable (and "overdue" stable).
BUILD_EPOCH = "1795219200"  # 2026-11-21 00:00 UTC
BUILD_DATE: date = datetime.fromtimestamp(int(BUILD_EPOCH), timezone.utc).date()
# Exhaustive sweeps (every path of the schema-mutation sweep, every field of the extremes alone
# in a real build) run with PLAYBOOKS_EXHAUSTIVE=1: the nightly CI run. `make test` runs a
# sample of each that still reaches every schema location and every field (docs/testing.md).
EXHAUSTIVE = os.environ.get("PLAYBOOKS_EXHAUSTIVE") == "1"


@pytest.fixture(scope="session", autouse=True)
def _fixed_build_date():
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = BUILD_EPOCH
    yield
    if previous is None:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
    else:
        os.environ["SOURCE_DATE_EPOCH"] = previous


@pytest.fixture(scope="session")
def sample_inputs():
    """The sample project loaded and checked, once per session (read-only for the tests)."""
    return pipeline.load_checked(ROOT)


@pytest.fixture(scope="session")
def sample_render(sample_inputs):
    """The internal site of the sample rendered in memory on the build date, once per session."""
    return pipeline.render(sample_inputs, today=BUILD_DATE)


def copy_project(target: Path) -> Path:
    """A private copy of the sample project (content, playbooks, mkdocs.yml, CODEOWNERS) to change freely."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("content", "playbooks"):
        shutil.copytree(ROOT / name, target / name)
    for name in ("mkdocs.yml", "CODEOWNERS"):
        shutil.copy(ROOT / name, target / name)
    return target


def built_once(tmp_path_factory, name: str, build: Callable[[Path], object], site: str = "site") -> Path:
    """A copy of the sample project in a folder named `name`, `build(project)` run on it once for
    the whole test run, and the built `project/<site>`.

    Alone, that is once per session. Under pytest-xdist (`make test` runs two workers) every
    worker is its own session: the first to ask builds in the run's shared temporary folder while
    the others wait on a file lock, then all of them read the same site (the session sites are
    read-only for the tests). A build that failed is tried again by the next worker that asks.
    """
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        project = copy_project(tmp_path_factory.mktemp(name) / "project")
        build(project)
        return project / site
    shared = tmp_path_factory.getbasetemp().parent / "built-once"
    shared.mkdir(exist_ok=True)
    with FileLock(str(shared / f"{name}.lock")):
        folder, done = shared / name, shared / f"{name}.done"
        if not done.is_file():
            if folder.exists():  # an earlier worker's build failed half-way: this run's own folder
                shutil.rmtree(folder)
            build(copy_project(folder / "project"))
            done.write_text("built\n", "utf-8")
    return folder / "project" / site


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The internal sample site, built by MkDocs in strict mode."""
    return built_once(tmp_path_factory, "sample", lambda project: pipeline.build(project, site_dir=project / "site"))


@pytest.fixture(scope="session")
def restricted_site(tmp_path_factory) -> Path:
    """The restricted sample site (also contract values, penalties, incentives), built by MkDocs."""
    return built_once(tmp_path_factory, "restricted",
                      lambda project: pipeline.build(project, site_dir=project / "site", audience="restricted"))


@pytest.fixture(scope="session")
def partner_sites(tmp_path_factory) -> Path:
    """Every sample vendor's own site (`build --all-vendors`), each in <folder>/<slug>/."""
    return built_once(tmp_path_factory, "partners",
                      lambda project: pipeline.build_all_vendors(project, site_dir=project / "partners"), site="partners")


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory) -> Path:
    return built_once(tmp_path_factory, "zensical",
                      lambda project: pipeline.build(project, site_dir=project / "site", engine_name="zensical"))


# The sample vendor whose staff's site the tests read: a new testing partner, still onboarding.
STAFF_VENDOR = "everest-qa-partners"


@pytest.fixture(scope="session")
def vendor_site(tmp_path_factory) -> Path:
    """The vendor-facing site of STAFF_VENDOR, built by MkDocs in strict mode."""
    return built_once(tmp_path_factory, "vendor",
                      lambda project: pipeline.build(project, site_dir=project / "site", vendor=STAFF_VENDOR))


@pytest.fixture(scope="session")
def vendor_zensical_site(tmp_path_factory) -> Path:
    return built_once(tmp_path_factory, "vendor-zensical",
                      lambda project: pipeline.build(project, site_dir=project / "site", engine_name="zensical",
                                                     vendor=STAFF_VENDOR))


@pytest.fixture(scope="session")
def search_index(sample_site) -> list[dict]:
    return json.loads((sample_site / "search" / "search_index.json").read_text("utf-8"))["docs"]


@pytest.fixture(scope="session")
def all_vendor_sites(partner_sites) -> dict[str, Path]:
    """Every vendor-facing site of the sample (`--all-vendors`, the one build of partner_sites), by slug."""
    return {folder.name: folder for folder in sorted(partner_sites.iterdir()) if folder.is_dir()}


@pytest.fixture(scope="session")
def every_site(sample_site, restricted_site, all_vendor_sites) -> dict[str, Path]:
    """Every site of the sample, by a name for messages: internal, restricted and each vendor's."""
    return {"internal": sample_site, "restricted": restricted_site, **all_vendor_sites}
