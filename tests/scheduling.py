"""Test files in the order that finishes soonest on two workers: the costliest first.

`make test` runs `pytest -n auto --dist loadfile`: each test file goes whole to one worker, the
next file to whichever worker is free first. Handed out in the order pytest-xdist picks by
default (files with the most tests first), a few long files with few tests (the browser checks,
the extremes sweep) came last and one worker ran alone at the end. Handing out the costliest
first ("longest processing time first") leaves only short files for the end.

The cost of each file is what it took in a recorded run (`tests/file_costs.json`: seconds of
setup, call and teardown summed over its tests). A file not in the record counts as a middling
one. To record again after the suite has changed: `make test-costs` (a whole `make test` run
with `PLAYBOOKS_RECORD_COSTS=1`; docs/testing.md).

The order changes only which file starts when, never what a test does; without xdist it is the
order the tests run in, which they must not depend on either.
"""

from __future__ import annotations

import json
import os
import statistics
from collections import defaultdict
from pathlib import Path

import pytest

COSTS = Path(__file__).resolve().parent / "file_costs.json"
RECORD = os.environ.get("PLAYBOOKS_RECORD_COSTS") == "1"


def _file_of(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def recorded_costs(path: Path = COSTS) -> dict[str, float]:
    """The recorded seconds per test file; nothing when the record is missing or not a record."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {name: float(cost) for name, cost in data.items()
            if isinstance(name, str) and isinstance(cost, (int, float)) and not isinstance(cost, bool)}


def costliest_first(nodeids: list[str], costs: dict[str, float]) -> list[str]:
    """The test files of `nodeids`, costliest first; a file not recorded counts as the median."""
    files = list(dict.fromkeys(_file_of(nodeid) for nodeid in nodeids))
    unknown = statistics.median(costs.values()) if costs else 0.0
    # sorted() is stable: files of equal cost keep pytest's order.
    return sorted(files, key=lambda name: -costs.get(name, unknown))


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config,
                                  items: list[pytest.Item]) -> None:
    # Runs on every worker and gives each the same order (xdist refuses different collections).
    rank = {name: place for place, name in
            enumerate(costliest_first([item.nodeid for item in items], recorded_costs()))}
    items.sort(key=lambda item: rank[_file_of(item.nodeid)])


_seconds: dict[str, float] = defaultdict(float)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    # On the controller this sees every worker's reports; setup holds a session site's build
    # for the first file that asks for it, which is part of what that file costs to start.
    if RECORD:
        _seconds[_file_of(report.nodeid)] += report.duration


def writes_the_record(config: object) -> bool:
    """Whether this run's costs go into the record: only the controller's (or a run without
    xdist), and only a run of the whole suite (pytest given no paths, so it ran `testpaths`). A
    pytest run inside a test (tests/test_workers.py runs tests/parallel_cases.py in a process of
    its own, which inherits PLAYBOOKS_RECORD_COSTS) once overwrote the record with its one file."""
    return (RECORD and not hasattr(config, "workerinput")
            and getattr(config, "args_source", None) is pytest.Config.ArgsSource.TESTPATHS)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not writes_the_record(session.config) or not _seconds:
        return
    ordered = dict(sorted(((name, round(cost, 1)) for name, cost in _seconds.items()),
                          key=lambda pair: -pair[1]))
    COSTS.write_text(json.dumps(ordered, indent=1) + "\n", encoding="utf-8")
