"""The order test files are handed to the workers in: costliest first (tests/scheduling.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import scheduling
from tests.scheduling import COSTS, costliest_first, recorded_costs


def test_the_costliest_files_come_first_and_a_new_file_counts_as_the_median():
    nodeids = ["tests/a.py::t1", "tests/a.py::t2", "tests/b.py::t", "tests/new.py::t", "tests/c.py::t",
               "tests/d.py::t"]
    costs = {"tests/a.py": 1.0, "tests/b.py": 90.0, "tests/c.py": 40.0, "tests/d.py": 10.0}
    assert costliest_first(nodeids, costs) == ["tests/b.py", "tests/c.py", "tests/new.py", "tests/d.py", "tests/a.py"]


def test_without_a_record_pytests_order_is_kept():
    nodeids = ["tests/z.py::t", "tests/a.py::t", "tests/z.py::u"]
    assert costliest_first(nodeids, {}) == ["tests/z.py", "tests/a.py"]


def test_a_record_that_is_not_one_is_ignored(tmp_path: Path):
    broken = tmp_path / "costs.json"
    for text in ("{not json", "[1, 2]", '{"tests/a.py": "slow", "tests/b.py": true, "tests/c.py": 3}'):
        broken.write_text(text, encoding="utf-8")
        assert recorded_costs(broken) == ({"tests/c.py": 3.0} if text.startswith('{"') else {})
    assert recorded_costs(tmp_path / "missing.json") == {}


def test_the_shipped_record_names_most_test_files():
    # A stale record still works (unknown files count as the median); one naming few of today's
    # files no longer orders the run: `make test-costs` records it again.
    recorded = set(recorded_costs(COSTS))
    files = {str(path.relative_to(COSTS.parent.parent)) for path in COSTS.parent.rglob("test_*.py")
             if "node_modules" not in path.parts}
    assert len(recorded & files) >= 0.8 * len(files), sorted(files - recorded)


def test_only_a_whole_run_of_the_suite_writes_the_record(monkeypatch):
    from types import SimpleNamespace

    monkeypatch.setattr(scheduling, "RECORD", True)
    whole = SimpleNamespace(args_source=pytest.Config.ArgsSource.TESTPATHS)
    assert scheduling.writes_the_record(whole)
    assert not scheduling.writes_the_record(SimpleNamespace(args_source=pytest.Config.ArgsSource.ARGS))  # pytest tests/x.py
    assert not scheduling.writes_the_record(SimpleNamespace(args_source=pytest.Config.ArgsSource.TESTPATHS, workerinput={}))
    monkeypatch.setattr(scheduling, "RECORD", False)
    assert not scheduling.writes_the_record(whole)
