"""Extreme values the schemas let through (trust boundary, round 3): every date, period,
interval and number field has a range the code can compute with, and a value outside it is
refused at its line, never with a traceback.

The fields come from the schemas themselves (`schema_fields`): every value whose schema is a
date, a period, an interval, an integer or a number, wherever it sits (`[]` for each item of a
list, `*` for each value of a mapping). Each is put into a copy of the sample project, in the
first file that has it (or, if none does, beside its parent), and fed to `validate` and
`generate` (load, validate, render, write): the smallest and largest value it accepts (no
traceback; any problem at a line), one past each and far past each (refused at the field's
line). A property test draws values inside each range; one real engine build holds every
field at its largest value, another at its smallest.

Before the fix: `9999-12-31` in a document's `expires`, a meeting's `first`, a holiday;
`notice_days: 99999999999`; periods `9999-W52`, `0001-Q1`...; values `1.7e+308` or of 310 or
5,000 digits: each a traceback in `validate` and `build`.
"""

from __future__ import annotations

import contextlib
import io
import shutil
from datetime import date
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from generator.cli import commands as cli
from generator.support.problems import Problems
from generator.support.schema_files import resolve, schemas
from generator.sources.yaml_loader import parse

from ..conftest import EXHAUSTIVE, ROOT, copy_project
from .conftest import playbooks

# What a file of each schema is, in the sample project.
FILES = {
    "vendor": "content/vendors/*.yml",
    "organization": "content/organization.yml",
    "play": "playbooks/*/[!i]*.md",
    "area": "playbooks/*/index.md",
    "rules": "playbooks/rules.yml",
    "roles": "playbooks/roles.yml",
    "sources": "playbooks/sources.yml",
    "glossary": "playbooks/glossary.yml",
}
FAR_DATES = ("0001-01-01", "9999-12-31")
FAR_NUMBERS = (1.7e308, -1.7e308, 10 ** 309, "9" * 5000)  # the last written as 5,000 digits


# --- the fields, from the schemas ---------------------------------------------------------------------


def _kind(node: dict[str, Any]) -> str | None:
    if node.get("format") == "date":
        return "date"
    if node.get("type") in ("integer", "number"):
        return str(node["type"])
    pattern = node.get("pattern", "")
    if "W[0-9]" in pattern:
        return "period"
    if "day|week|month|year" in pattern:
        return "interval"
    return None


def schema_fields() -> list[tuple[str, tuple[str, ...], str, dict[str, Any]]]:
    """(schema, path, kind, the field's schema) for every date, period, interval and number."""
    found: dict[tuple[str, tuple[str, ...]], tuple[str, dict[str, Any]]] = {}

    def walk(node: Any, current: str, path: tuple[str, ...], depth: int) -> None:
        if not isinstance(node, dict) or depth > 40:
            return
        while "$ref" in node:
            target, current = resolve(node["$ref"], current)
            node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        kind = _kind(node)
        if kind:
            found[(top, path)] = (kind, node)
        for key in ("oneOf", "anyOf", "allOf"):
            for sub in node.get(key, []):
                walk(sub, current, path, depth + 1)
        for name, sub in (node.get("properties") or {}).items():
            walk(sub, current, path + (name,), depth + 1)
        if isinstance(node.get("additionalProperties"), dict):
            walk(node["additionalProperties"], current, path + ("*",), depth + 1)
        if isinstance(node.get("items"), dict):
            walk(node["items"], current, path + ("[]",), depth + 1)

    for top in sorted(schemas()):
        walk(schemas()[top], top, (), 0)
    return [(schema, path, kind, node) for (schema, path), (kind, node) in sorted(found.items())]


FIELDS = schema_fields()


def test_the_schemas_hold_the_fields_this_test_knows():
    """A sanity check of the discovery: the fields of the issue are among them."""
    paths = {(schema, "/".join(path)) for schema, path, _, _ in FIELDS}
    for expected in [("vendor", "documents/[]/expires"), ("vendor", "contract/notice_days"),
                     ("vendor", "governance/meetings/[]/first"), ("vendor", "governance/meetings/[]/last_held"),
                     ("vendor", "holidays/[]/date"), ("vendor", "performance/kpis/[]/results/[]/period"),
                     ("vendor", "performance/slas/[]/results/[]/value"), ("play", "last_reviewed"),
                     ("play", "review_every"), ("rules", "sources")]:
        assert expected in paths, expected
    assert len(FIELDS) >= 45


def bounds(kind: str, node: dict[str, Any]) -> tuple[Any, Any]:
    """The smallest and largest value the schema says the field accepts: every field has both."""
    low, high = (node.get("minimum"), node.get("maximum")) if kind in ("integer", "number") else \
        (node.get("x-minimum"), node.get("x-maximum"))
    assert low is not None and high is not None, f"a {kind} field without a range: {node}"
    return low, high


def extremes(kind: str, node: dict[str, Any]) -> tuple[list[Any], list[Any]]:
    """(values it accepts at either end, values one past either end and far past)."""
    low, high = bounds(kind, node)
    if kind in ("integer", "number"):
        return [low, high], [low - 1, high + 1, *FAR_NUMBERS]
    if kind == "date":
        before = date.fromisoformat(low).replace(year=int(low[:4]) - 1, month=12, day=31).isoformat()
        after = date.fromisoformat(high).replace(year=int(high[:4]) + 1, month=1, day=1).isoformat()
        return [low, high], [before, after, *FAR_DATES]
    if kind == "period":
        first, last = int(low), int(high)
        inside = [f"{first}-01-01", f"{first}-W01", f"{first}-01", f"{first}-Q1", str(first),
                  f"{last}-12-31", f"{last}-W52", f"{last}-12", f"{last}-Q4", str(last)]
        outside = [f"{first - 1}-12-31", f"{first - 1}-W52", f"{first - 1}-Q4", f"{last + 1}-01", f"{last + 1}-W01",
                   str(last + 1), "9999-12", "9999-W52", "0001-01", "0001-W01", "0001-Q1"]
        return inside, outside
    assert kind == "interval"
    return [f"{low} day", f"{high} years"], [f"{high + 1} years", "0 days", "99999999999 years"]


# --- putting a value into a file of the sample project ------------------------------------------------


def _split(text: str) -> tuple[str, str, str]:
    """A file's YAML, and what comes before and after it (a play's front matter)."""
    if text.startswith("---\n"):
        head, _, body = text[4:].partition("\n---\n")
        return "---\n", head, "\n---\n" + body
    return "", text, ""


def _matches(data: Any, path: tuple[str, ...]) -> Iterator[tuple[Any, ...]]:
    if not path:
        yield ()
        return
    head, rest = path[0], path[1:]
    if head == "[]" and isinstance(data, list):
        for index, item in enumerate(data):
            yield from ((index,) + found for found in _matches(item, rest))
    elif head == "*" and isinstance(data, dict):
        for key, item in data.items():
            yield from ((key,) + found for found in _matches(item, rest))
    elif isinstance(data, dict) and head in data:
        yield from ((head,) + found for found in _matches(data[head], rest))


def _read(path: Path) -> tuple[str, Any, str]:
    before, text, after = _split(path.read_text("utf-8"))
    document = parse(text, path.name, Problems())
    assert document is not None
    return before, document.data, after


def place(project: Path, schema: str, path: tuple[str, ...]) -> tuple[Path, tuple[Any, ...]]:
    """The file and data path where this field goes: the first file holding it, else the first
    file holding its parent (a list field gets a list of one)."""
    files = sorted(project.glob(FILES[schema]))
    assert files, schema
    for file in files:
        found = next(_matches(_read(file)[1], path), None)
        if found is not None:
            return file, found
    for cut in (1, 2):
        parent = path[:-cut]
        if path[-cut:].count("[]") != cut - 1 or "[]" == path[-1] and cut == 1:
            continue
        for file in files:
            found = next(_matches(_read(file)[1], parent), None)
            if found is not None:
                return file, found + tuple(0 if part == "[]" else part for part in path[len(parent):])
    raise AssertionError(f"no sample file holds {schema} {'/'.join(path)} or its parent: add one")


CADENCES = {"daily": "per-release", "W": "weekly", "month": "monthly", "Q": "quarterly", "year": "yearly"}


def _cadence(period: str) -> str:
    """The `measured` a period of this form belongs to."""
    if "W" in period:
        return CADENCES["W"]
    if "Q" in period:
        return CADENCES["Q"]
    return {4: CADENCES["year"], 7: CADENCES["month"]}.get(len(period), CADENCES["daily"])


def write_values(file: Path, values: list[tuple[tuple[Any, ...], str, Any]]) -> list[int]:
    """Write each (where, kind, value) into `file`; the line each value is on. A period goes
    into a measure of its own cadence, as that measure's only result."""
    before, data, after = _read(file)
    stand_ins = []
    for number, (where, kind, value) in enumerate(values):
        if kind == "period":  # .../kpis/[i]/results/[j]/period: one result, the cadence of its form
            measure = data
            for key in where[:-3]:
                measure = measure[key]
            measure["measured"] = _cadence(value)
            measure["results"] = [{"period": None, "value": 1}]
            where = where[:-2] + (0, "period")
        node = data
        for index, key in enumerate(where[:-1]):
            if isinstance(node, dict) and key not in node:
                node[key] = [] if where[index + 1] == 0 else {}
            if isinstance(node, list) and key == len(node):
                node.append({})
            node = node[key]
        stand_ins.append(f"STAND-IN-{number}-FOR-A-VALUE")
        if isinstance(node, list) and where[-1] == len(node):
            node.append(stand_ins[-1])
        else:
            node[where[-1]] = stand_ins[-1]
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1_000_000)
    lines = [before.count("\n") + text[: text.index(stand_in)].count("\n") + 1 for stand_in in stand_ins]
    for stand_in, (_, _, value) in zip(stand_ins, values):
        shown = value if isinstance(value, str) and value.isdigit() and len(value) > 30 else \
            yaml.safe_dump(value, default_flow_style=True, width=1_000_000).removesuffix("\n...\n").strip()
        text = text.replace(stand_in, shown)
    file.write_text(before + text + after, "utf-8")
    return lines


def write_value(file: Path, where: tuple[Any, ...], value: Any, kind: str = "") -> int:
    return write_values(file, [(where, kind, value)])[0]


def write_all(project: Path, pick: Any) -> dict[str, int]:
    """Every field at once, each set to `pick(kind, node)` (skipped if None), in the files
    `place` finds; where each one is, as `path:line:` by field name."""
    planned: dict[Path, list[tuple[tuple[Any, ...], str, Any, str]]] = {}
    for schema, path, kind, node in FIELDS:
        value = pick(schema, kind, node, "/".join(path))
        if value is not None:
            file, where = place(project, schema, path)
            planned.setdefault(file, []).append((where, kind, value, "/".join((schema, *path))))
    at = {}
    for file, values in planned.items():
        lines = write_values(file, [(where, kind, value) for where, kind, value, _ in values])
        for (_, _, _, name), line in zip(values, lines):
            at[name] = f"{file.relative_to(project).as_posix()}:{line}:"
    return at


# --- running the commands in this process -------------------------------------------------------------


def run(*args: str) -> tuple[int, str]:
    """`playbooks ARGS` in this process: exit code and stderr. Anything but a UserError (a
    traceback) propagates and fails the test."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = cli.main(list(args))
    return code, err.getvalue()


def problem_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":" in line and not line.endswith("found.")
            and not line.endswith("nothing was published.")]


def assert_at_lines(stderr: str) -> None:
    for line in problem_lines(stderr):
        parts = line.split(":", 3)
        assert len(parts) == 4 and parts[1].isdigit() and parts[2].isdigit(), f"not path:line:column: {line}"


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("extremes") / "sample")


@pytest.fixture()
def project(sample, tmp_path) -> Path:
    target = tmp_path / "project"
    for name in ("content", "playbooks"):
        shutil.copytree(sample / name, target / name)
    for name in ("mkdocs.yml", "CODEOWNERS"):
        shutil.copy(sample / name, target / name)
    return target


# Batch N puts each field's Nth value past its range (`extremes`), counting round: every value
# past every field's range is in one batch.
OUTSIDE = range(11)


@pytest.mark.parametrize("which", OUTSIDE)
def test_every_field_past_its_range_is_refused_at_its_line(project, tmp_path, which):
    """Every field at once, each one past (or far past) an end of its range: each is refused at
    its own line, by `validate` and by `generate`, with no traceback."""
    at = write_all(project, lambda schema, kind, node, name: extremes(kind, node)[1][which % len(extremes(kind, node)[1])])
    for command in (["validate"], ["generate", "--out", str(tmp_path / "docs")]):
        code, stderr = run(command[0], "--root", str(project), *command[1:])
        assert code == 1, stderr
        assert_at_lines(stderr)
        missing = {name: where for name, where in at.items() if where not in stderr}
        assert not missing, f"no problem at these fields' lines: {missing}\n{stderr}"


# Fields whose extremes break a rule relating them to another field of the same record (a
# measure's `red` at its target, a holiday ending before it starts, a rule's `money` given as a
# `fixed` sum beside its `percent`, a `margin` on a rule that applies to met periods): refused at
# their lines, so left out of the batches that must pass.
RELATED = ("/target", "/baseline", "/amber", "/red", "holidays/[]/until", "/money/fixed", "/money/margin")


def _end(end: int, form: int, schemas: tuple[str, ...] = ("vendor", "organization", "play", "area"),
         related: bool = False) -> Any:
    def pick(schema: str, kind: str, node: dict[str, Any], name: str = "") -> Any:
        if schema not in schemas or (not related and name.endswith(RELATED)):
            return None
        inside, _ = extremes(kind, node)
        return inside[5 * end + form] if kind == "period" else inside[end]
    return pick


FORMS = ["day", "week", "month", "quarter", "year"]
ENDS = ["smallest", "largest"]
# Every end with every form of period: PLAYBOOKS_EXHAUSTIVE=1 (the nightly run). `make test`
# runs each form once, at alternating ends: every field still at its smallest and its largest,
# every form of period at one end (the real builds below hold week at both).
ENDS_AND_FORMS = [(end, form) for form in range(5) for end in (0, 1)] if EXHAUSTIVE else \
    [(form % 2, form) for form in range(5)]


@pytest.mark.parametrize(("end", "form"), ENDS_AND_FORMS, ids=[f"{FORMS[f]}-{ENDS[e]}" for e, f in ENDS_AND_FORMS])
def test_every_field_at_an_end_of_its_range_validates_and_generates(project, tmp_path, end, form):
    """Every field of the data and the plays at once at the smallest (or largest) value it
    accepts, periods in one form (with a measure of that cadence): `validate` and `generate`
    succeed, no traceback. With the RELATED fields too: refusals at their lines only."""
    original = {path: path.read_bytes() for path in project.rglob("*") if path.is_file()}
    write_all(project, _end(end, form))
    code, stderr = run("validate", "--root", str(project))
    assert code == 0, stderr
    code, stderr = run("generate", "--root", str(project), "--out", str(tmp_path / "docs"))
    assert code == 0, stderr
    for path, data in original.items():
        path.write_bytes(data)
    write_all(project, _end(end, form, related=True))
    code, stderr = run("validate", "--root", str(project))
    assert code in (0, 1)
    assert_at_lines(stderr)


@pytest.mark.parametrize("end", [0, 1], ids=["smallest", "largest"])
def test_the_rules_at_an_end_of_their_range_are_no_traceback(project, end):
    """The team's rules for plays at their extremes: plays that break them are refused at
    their lines (a play of 0 to 1 words), never a traceback."""
    write_all(project, _end(end, 0, ("rules",)))
    code, stderr = run("validate", "--root", str(project))
    assert code in (0, 1)
    assert_at_lines(stderr)


def _inside(kind: str, node: dict[str, Any]) -> st.SearchStrategy[Any]:
    low, high = bounds(kind, node)
    if kind == "integer":
        return st.integers(low, high)
    if kind == "number":
        return st.one_of(st.integers(low, high), st.floats(low, high, allow_nan=False))
    if kind == "date":
        return st.dates(date.fromisoformat(low), date.fromisoformat(high)).map(date.isoformat)
    if kind == "period":
        days = st.dates(date(int(low), 1, 1), date(int(high), 12, 31))
        return st.one_of(days.map(date.isoformat), days.map(lambda d: f"{d.year}-{d.month:02d}"),
                         days.map(lambda d: f"{d.year}-Q{(d.month - 1) // 3 + 1}"), days.map(lambda d: str(d.year)),
                         days.map(lambda d: f"{d.isocalendar()[0]}-W{d.isocalendar()[1]:02d}"))
    return st.tuples(st.integers(low, high), st.sampled_from(["day", "days", "weeks", "month", "years"])).map(
        lambda pair: f"{pair[0]} {pair[1]}")


@settings(max_examples=100 if EXHAUSTIVE else 5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_value_inside_a_fields_range_is_no_traceback(sample, tmp_path_factory, data):
    schema, path, kind, node = data.draw(st.sampled_from(FIELDS), label="field")
    value = data.draw(_inside(kind, node), label="value")
    project = tmp_path_factory.mktemp("drawn")
    for name in ("content", "playbooks"):
        shutil.copytree(sample / name, project / name)
    for name in ("mkdocs.yml", "CODEOWNERS"):
        shutil.copy(sample / name, project / name)
    file, where = place(project, schema, path)
    write_value(file, where, value, kind)
    code, stderr = run("validate", "--root", str(project))
    assert_at_lines(stderr)
    if code == 0:
        code, stderr = run("generate", "--root", str(project), "--out", str(project / "docs-out"))
        assert code == 0, stderr


@pytest.mark.parametrize("end", [0, 1], ids=["smallest", "largest"])
def test_a_real_build_with_every_field_at_an_end_of_its_range(project, tmp_path, end):
    """`playbooks build` (the engine too) with every field at the smallest (or largest) value
    it accepts."""
    write_all(project, _end(end, 1))
    result = playbooks("build", "--root", project, "--site-dir", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


ISSUE = [("documents/[]/expires", "9999-12-31"), ("documents/[]/expires", "0001-01-01"),
         ("contract/notice_days", 99999999999), ("governance/meetings/[]/first", "9999-12-31"),
         ("governance/meetings/[]/last_held", "9999-12-31"), ("holidays/[]/date", "9999-12-31"),
         *[("performance/kpis/[]/results/[]/period", period) for period in
           ("9999-12", "9999-W52", "0001-01", "0001-W01", "0001-Q1")],
         ("performance/kpis/[]/results/[]/value", 1.7e308), ("performance/kpis/[]/results/[]/value", 10 ** 309),
         ("performance/kpis/[]/results/[]/value", "9" * 5000)]


@pytest.mark.parametrize(("field", "value"), ISSUE, ids=[f"{f}={str(v)[:12]}" for f, v in ISSUE])
def test_the_values_of_the_issue_are_refused_at_their_line(project, tmp_path, field, value):
    """Each one alone, as reported: a traceback in `validate` and `build` before the fix (the
    batches above run `generate` on each of them too)."""
    kind = "period" if field.endswith("period") else ""
    file, where = place(project, "vendor", tuple(field.split("/")))
    line = write_value(file, where, value, kind)
    code, stderr = run("validate", "--root", str(project))
    assert code == 1 and f"{file.relative_to(project).as_posix()}:{line}:" in stderr, stderr
    assert_at_lines(stderr)
