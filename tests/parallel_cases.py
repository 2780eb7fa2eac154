"""Rendering on every core (generator/support/workers.py): the same bytes and the same problems as one
process, with real worker processes.

workers.py forks only from a process with no other threads, and a pytest session that has
started the browser tests' servers has some: tests/test_workers.py runs this file in a fresh
pytest process instead (it is not collected on its own).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from generator import pipeline
from generator.support import workers
from generator.support.problems import UserError

from .bench import copy_portfolio

VENDORS = 40  # enough that render() forks two workers (at least 16 vendors each)


def _portfolio(target: Path, size: int = VENDORS) -> Path:
    return copy_portfolio(target, size)


@pytest.fixture(autouse=True)
def _single_threaded():
    assert threading.active_count() == 1, "run in a process of its own (tests/test_workers.py does)"


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory) -> Path:
    return _portfolio(tmp_path_factory.mktemp("workers") / "project")


@pytest.mark.parametrize("results_via", ["shared memory", "pipe", "unwritable folder"])
def test_start_runs_in_worker_processes_and_keeps_order(monkeypatch, tmp_path, results_via):
    # Results come back through files in /dev/shm where it exists, else (or when writing
    # there fails) through the pool's pipe: the same list either way, and no file left.
    if results_via == "pipe":
        monkeypatch.setattr(workers, "_shared_memory_folder", lambda: None)
    elif results_via == "unwritable folder":
        monkeypatch.setattr(workers, "_shared_memory_folder", lambda: str(tmp_path / "missing"))
    elif not os.path.isdir("/dev/shm"):
        pytest.skip("no /dev/shm on this machine")
    before = set(os.listdir("/dev/shm")) if os.path.isdir("/dev/shm") else set()
    items = list(range(64))
    with workers.start(lambda n: (n * n, os.getpid()), items, 2) as run:
        meanwhile = os.getpid()  # the caller's own work, while the workers do theirs
        results = run.results()
    assert run.jobs == 2
    assert [square for square, _ in results] == [n * n for n in items]
    assert {pid for _, pid in results} - {meanwhile}, "nothing ran in a worker process"
    assert (set(os.listdir("/dev/shm")) if os.path.isdir("/dev/shm") else set()) == before


def test_start_stays_in_this_process_for_small_batches_or_one_job(monkeypatch):
    small = workers.start(lambda _: os.getpid(), range(10), 2)
    assert small.jobs == 1 and set(small.results()) == {os.getpid()}
    monkeypatch.setenv("PLAYBOOKS_JOBS", "1")
    one = workers.start(lambda _: os.getpid(), range(100))
    assert one.jobs == 1 and set(one.results()) == {os.getpid()}


def test_a_worker_runs_a_nested_run_in_its_own_process():
    """A task that starts workers of its own (a vendor site built in a worker of
    `build --all-vendors`, whose engine would use every core) runs them in its process."""
    def task(n):
        inner = workers.start(lambda m: (m, os.getpid()), range(200), 2)
        return inner.jobs, {pid for _, pid in inner.results()}, os.getpid()

    with workers.start(task, range(32), 2, per_job=16) as run:
        results = run.results()
    assert run.jobs == 2
    assert all(jobs == 1 and pids == {pid} for jobs, pids, pid in results)


def test_an_error_in_a_worker_reaches_the_caller():
    def task(n):
        if n == 50:
            raise ValueError("item 50")
        return n

    with pytest.raises(ValueError, match="item 50"), workers.start(task, range(64), 2) as run:
        assert run.jobs == 2
        run.results()


@pytest.mark.parametrize("audience", ["internal", "restricted"])
def test_parallel_rendering_gives_the_same_site_as_one_process(portfolio, audience):
    inputs = pipeline.load_checked(portfolio)
    one = pipeline.render(inputs, audience=audience, jobs=1)
    two = pipeline.render(inputs, audience=audience, jobs=2)
    assert (one.jobs, two.jobs) == (1, 2)
    assert len(one.tree) > VENDORS * 5
    assert list(one.tree) == list(two.tree)
    assert one.tree == two.tree
    assert (one.sources, one.nav) == (two.sources, two.nav)


def test_site_wide_pages_on_every_core_give_the_same_tree(portfolio, tmp_path, monkeypatch):
    """A warm render (every vendor's files kept) makes the site-wide pages and the people's
    calendars on worker processes: the same files, in the same order, as in one process."""
    import shutil

    from generator import render_site
    from generator.support.cache import BuildCache, VendorOutputs

    monkeypatch.setattr(render_site, "SITE_WIDE_VENDORS", VENDORS)
    # (as after a change to one vendor: no site-wide file kept, too few vendors to render for workers)
    monkeypatch.setattr(VendorOutputs, "site_wide", lambda self: None)
    project = tmp_path / "project"
    shutil.copytree(portfolio, project, ignore=shutil.ignore_patterns("build", "site"))
    cache = BuildCache(project)
    inputs = pipeline.load_checked(project, cache)
    pipeline.render(inputs, cache=cache)  # every vendor's files kept
    runs = spy_on_runs(monkeypatch)
    trees = []
    for jobs in (1, 2):
        started = len(runs)
        trees.append(pipeline.render(inputs, cache=cache, jobs=jobs).tree)
        # no vendor to render (a run in this process), then the site-wide part on two processes,
        # or made here as it always was
        assert [run.jobs for run in runs[started:]] == [1, 2][:jobs], [run.jobs for run in runs[started:]]
    assert any(path.startswith("people/") for path in trees[0]) and "upcoming.md" in trees[0]
    assert list(trees[0]) == list(trees[1])
    assert trees[0] == trees[1]


def spy_on_runs(monkeypatch) -> list:
    """The runs of workers started from now on (pipeline and load start them)."""
    runs = []
    real = workers.start

    def start(*args, **kwargs):
        runs.append(real(*args, **kwargs))
        return runs[-1]

    monkeypatch.setattr(workers, "start", start)
    return runs


def test_problems_found_in_workers_are_reported(tmp_path, monkeypatch):
    # A field that exists for the generic stand-in but fails for real vendors: only the
    # per-vendor renders, which run in the workers, can find it.
    project = _portfolio(tmp_path / "project")
    play = project / "playbooks" / "communication" / "channels-and-tools.md"
    text = play.read_text("utf-8")
    play.write_text(text.replace("    text: Choose one tool each", "    text: Zone {{ vendor.timezone[20] }}. Choose one tool each", 1), "utf-8")
    inputs = pipeline.load_checked(project)
    reports = []
    runs = spy_on_runs(monkeypatch)
    for jobs in (1, 2):
        with pytest.raises(UserError) as error:
            pipeline.render(inputs, jobs=jobs)
        assert runs[-1].jobs == jobs
        reports.append([str(p) for p in error.value.problems])
    assert reports[0] == reports[1]
    assert any("channels-and-tools.md:15:" in line for line in reports[0]), reports[0]


def test_vendor_files_parsed_in_workers_report_the_same_problems(tmp_path, monkeypatch):
    # Mistakes of each kind the loader and the schema find, in vendor files that are parsed
    # in worker processes (40 files) and in this one (PLAYBOOKS_JOBS=1): the same report,
    # with positions worked out from the text only when a problem needs them.
    project = _portfolio(tmp_path / "project")
    vendors = sorted((project / "content" / "vendors").glob("*.yml"))
    first = vendors[3].read_text("utf-8")
    vendors[3].write_text(first.replace("\nname: ", "\nname: Twice\nname: ", 1), "utf-8")  # duplicate key
    second = vendors[17].read_text("utf-8")
    vendors[17].write_text(second.replace("\ntier: ", "\ntier: platinum-plus\nx_tier: ", 1), "utf-8")  # schema
    third = vendors[30].read_text("utf-8")
    vendors[30].write_text(third.replace("\nstatus: ", "\nstatus: yes\nx_status: ", 1), "utf-8")  # YAML 1.1 boolean
    reports = []
    runs = spy_on_runs(monkeypatch)
    for jobs in ("1", "2"):
        monkeypatch.setenv("PLAYBOOKS_JOBS", jobs)
        with pytest.raises(UserError) as error:
            pipeline.load_checked(project)
        assert runs[-1].jobs == int(jobs)
        reports.append([str(p) for p in error.value.problems])
    assert reports[0] == reports[1]
    text = "\n".join(reports[0])
    assert f"{vendors[3].name}:" in text and "duplicate key `name`" in text
    assert f"{vendors[17].name}:" in text and "platinum-plus" in text
    assert f"{vendors[30].name}:" in text and "`yes`" in text
    line = next(n for n, l in enumerate(vendors[17].read_text("utf-8").splitlines(), 1) if l.startswith("tier: "))
    assert any(r.startswith(f"content/vendors/{vendors[17].name}:{line}:") for r in reports[0]), reports[0]


# --- MkDocs' part on every core (website/kept_pages.py, website/generated_docs.py) -----------

def _site_bytes(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture()
def few_pages_per_job(monkeypatch):
    """Workers for a 40-vendor site's pages (at 500 vendors they start without this)."""
    from generator.website import kept_pages

    monkeypatch.setattr(kept_pages, "PAGES_PER_JOB", 16)
    monkeypatch.setattr("generator.website.generated_docs.PAGES_PER_JOB", 16)
    monkeypatch.setattr("generator.website.pages_ahead.PAGES_PER_JOB", 16)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795219200")


def test_pages_set_aside_converted_and_built_on_every_core_give_the_same_site(portfolio, tmp_path, monkeypatch,
                                                                               few_pages_per_job):
    """A cold build whose pages are set aside, converted and built (templated) in worker
    processes is the same bytes as one in a single process, converts and templates as many
    pages, and keeps the same conversions, outputs and whole builds: a warm build after it
    (its pages set aside in workers again) reuses every page, templates none and takes every
    page's kept build."""
    import shutil

    sites, reports = {}, {}
    runs = spy_on_runs(monkeypatch)
    for jobs in ("1", "2"):
        monkeypatch.setenv("PLAYBOOKS_JOBS", jobs)
        project = tmp_path / f"project-{jobs}"
        shutil.copytree(portfolio, project, ignore=shutil.ignore_patterns("build", "site"))
        started = len(runs)
        reports[jobs] = pipeline.build(project, site_dir=tmp_path / f"site-{jobs}")
        # load, render, the set-aside, the conversion and the pages' builds each started workers
        # (in one process, the pages' builds start none: MkDocs builds them itself)
        assert [run.jobs for run in runs[started:]] == ([2] * 5 if jobs == "2" else [1] * 4), [run.jobs for run in runs[started:]]
        sites[jobs] = _site_bytes(tmp_path / f"site-{jobs}")
    assert len(sites["1"]) > VENDORS * 5
    assert sites["1"] == sites["2"]
    assert reports["1"].converted == reports["2"].converted > VENDORS * 3
    assert reports["1"].templated == reports["2"].templated > VENDORS * 3
    started = len(runs)
    warm = pipeline.build(tmp_path / "project-2", site_dir=tmp_path / "site-warm")
    # load and render (every file kept: here), the set-aside recalled on two processes, nothing to
    # convert, and no page to build: pages_ahead starts no workers
    assert [run.jobs for run in runs[started:]] == [1, 1, 2, 1], [run.jobs for run in runs[started:]]
    assert warm.converted == 0 and warm.reused == reports["2"].converted
    assert warm.templated == 0 and warm.finished == reports["2"].templated
    assert _site_bytes(tmp_path / "site-warm") == sites["2"]
    # What workers read from the cache is marked used here too: a second warm build finds every
    # page's set-aside again (a store drops at save what a run did not use).
    asides = _kept_entries(tmp_path / "project-2", "aside")
    assert asides > VENDORS * 2
    pipeline.build(tmp_path / "project-2", site_dir=tmp_path / "site-warm-again")
    assert _kept_entries(tmp_path / "project-2", "aside") == asides
    assert _site_bytes(tmp_path / "site-warm-again") == sites["2"]


def _kept_entries(project: Path, kind: str) -> int:
    import json

    head = (project / "build" / ".cache" / "pages-internal.json").read_bytes().split(b"\n", 1)[0]
    return sum(key.startswith(f'["{kind}",') for key in json.loads(head)["entries"])


def test_a_page_that_warns_in_a_worker_fails_the_build_as_in_one_process(portfolio, tmp_path, monkeypatch,
                                                                          few_pages_per_job):
    """A conversion that warns in a worker is made again in this process, so the strict build
    fails with the same warning, once, at the page's source, as in a single process."""
    import logging

    from generator.website import kept_pages

    render = kept_pages.render_page  # MkDocs' Page.render, with the converter kept

    def warning_render(page, config, files):
        render(page, config, files)
        if page.file.src_uri == "vendors/" + VENDOR + "/review.md":
            logging.getLogger("mkdocs.structure.pages").warning(f"Doc file '{page.file.src_uri}' made a test warning")

    monkeypatch.setattr(kept_pages, "render_page", warning_render)
    reports = _failed_builds(portfolio, tmp_path, monkeypatch)
    assert sum("made a test warning" in line for line in reports) == 1, reports
    assert any(line.startswith(f"content/vendors/{VENDOR}.yml:") for line in reports), reports


VENDOR = "andes-quality-labs-007"  # one of the portfolio's vendors (bench.copy_portfolio)


def test_a_page_that_warns_while_built_in_a_worker_fails_the_build_as_in_one_process(portfolio, tmp_path, monkeypatch,
                                                                                      few_pages_per_job):
    """A page whose build (its template, its plugins' events) warns in a worker is built again in
    this process: the strict build fails with the same warning, once, as in a single process."""
    import logging

    from mkdocs.plugins import event_priority

    from generator.website import generated_docs

    plugin = generated_docs.plugin

    def warning_plugin(*args, **kwargs):
        made = plugin(*args, **kwargs)
        put_back = type(made).on_page_context

        def on_page_context(self, context, *, page, config, nav):
            if page.file.src_uri == "vendors/" + VENDOR + "/index.md":
                logging.getLogger("mkdocs.structure.pages").warning(f"Doc file '{page.file.src_uri}' built with a test warning")
            return put_back(self, context, page=page, config=config, nav=nav)

        type(made).on_page_context = event_priority(110)(on_page_context)  # where the plugin's own runs
        return made

    monkeypatch.setattr(generated_docs, "plugin", warning_plugin)
    reports = _failed_builds(portfolio, tmp_path, monkeypatch)
    assert sum("built with a test warning" in line for line in reports) == 1, reports


def _failed_builds(portfolio: Path, tmp_path: Path, monkeypatch) -> list[list[str]]:
    """A copy of the portfolio built in one process and in two: each build fails, publishes
    nothing, and reports the same problems; the report."""
    import shutil

    reports = []
    for jobs in ("1", "2"):
        monkeypatch.setenv("PLAYBOOKS_JOBS", jobs)
        project = tmp_path / f"project-{jobs}"
        shutil.copytree(portfolio, project, ignore=shutil.ignore_patterns("build", "site"))
        with pytest.raises(UserError) as error:
            pipeline.build(project, site_dir=tmp_path / f"site-{jobs}")
        reports.append([str(p) for p in error.value.problems])
        assert not (tmp_path / f"site-{jobs}").exists()
    assert reports[0] == reports[1]
    return reports[0]


def test_kept_builds_taken_while_workers_build_the_rest_give_the_same_site(portfolio, tmp_path, monkeypatch,
                                                                            few_pages_per_job):
    """A warm build after a vendor-visible play changed: every vendor's checklists page is built
    in workers while the other pages' kept builds are written here (pages_ahead.py); the site is
    the same bytes as a cold build of the same inputs in one process."""
    import shutil

    from .bench import change_for

    project = tmp_path / "project"
    shutil.copytree(portfolio, project, ignore=shutil.ignore_patterns("build", "site"))
    first = pipeline.build(project, site_dir=tmp_path / "site-first")
    change_for(project, "warm-play")
    runs = spy_on_runs(monkeypatch)
    warm = pipeline.build(project, site_dir=tmp_path / "site-warm")
    assert runs[-1].jobs == 2  # the pages' builds, on two processes
    assert VENDORS // 2 < warm.templated < first.templated // 2 < warm.finished, (warm.templated, warm.finished)
    monkeypatch.setenv("PLAYBOOKS_JOBS", "1")
    shutil.move(project / "build", tmp_path / "build-warm")
    pipeline.build(project, site_dir=tmp_path / "site-cold")
    assert _site_bytes(tmp_path / "site-warm") == _site_bytes(tmp_path / "site-cold")
