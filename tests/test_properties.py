"""Property tests: arbitrary input to the loader and the escaping layer.

- The loader only ever returns data or reports problems (raising UserError at the project
  level); no other exception escapes, whatever the bytes.
- Escaped data rendered by Python-Markdown, with the site's extensions, never yields a tag,
  an event handler or a script URL, never breaks a table row, and reads back as the
  original text.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import unicodedata
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.support import escape
from generator import pipeline
from generator.sources.frontmatter import split
from generator.support.problems import Problems, UserError
from generator.sources.yaml_loader import Document, parse, read_text

from .conftest import EXHAUSTIVE, ROOT


def examples(nightly: int) -> int:
    """How many values a costly property draws: all of them with PLAYBOOKS_EXHAUSTIVE=1 (the
    nightly run), a third in `make test` (a different third each run: Hypothesis draws afresh)."""
    return nightly if EXHAUSTIVE else nightly // 3


EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc",
              "pymdownx.details", "pymdownx.superfences", "pymdownx.tasklist"]
NASTY = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "javascript:alert(1)",
    "a | b | c", "**bold**", "_em_", "`code`", "{: onclick=alert(1) }", "{#id .cls}", "<!-- c -->", "&lt;b&gt;",
    "\\", "1. item", "- item", "# head", "> quote", "!!! note", ": def", "*[HTML]: x", "[^1]", "~~s~~", "==m==",
    "<https://evil.example>", "<a href='x'>y</a>", "\n\n- x", "\r\n", "\u2028", "    code", "[a]: http://x",
    "<div markdown=\"1\">*x*</div>", "\" onmouseover=\"x", "'><svg onload=alert(1)>", "data:text/html,<b>",
]
text_strategy = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80),
    st.lists(st.sampled_from(NASTY) | st.text(max_size=5), max_size=6).map("".join),
)


def normalised(value: str) -> str:
    """What escape.text promises to keep: the text on one line (tabs and breaks as spaces), no control characters."""
    value = re.sub(r"[\t\r\n\u2028\u2029\x0b\x0c\x85]+", " ", value)
    value = re.sub(r"[\x00-\x08\x0e-\x1f\x7f]", "", value)
    return value.strip()


class Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self.cells: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        if tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.cells.append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def html_of(source: str) -> Collect:
    collect = Collect()
    collect.feed(markdown.markdown(source, extensions=EXTENSIONS))
    collect.close()
    return collect


def no_live_markup(collect: Collect, allowed: set[str]) -> None:
    for tag, attrs in collect.tags:
        assert tag in allowed, f"unexpected tag <{tag}>"
        for name, value in attrs:
            assert not name.lower().startswith("on"), f"event handler {name}"
            assert "javascript:" not in (value or "").lower().replace(" ", "")


@settings(max_examples=300, deadline=None)
@given(text_strategy)
@example("x\u3000\u0085y")
def test_escaped_text_is_inert_in_a_paragraph(value):
    collect = html_of(f"Before {escape.text(value)} after")
    no_live_markup(collect, {"p"})
    assert "".join(collect.text) == f"Before {normalised(value)} after"


@settings(max_examples=examples(300), deadline=None)
@given(text_strategy)
def test_escaped_text_never_breaks_a_table_row(value):
    collect = html_of(f"| A | B | C |\n|---|---|---|\n| left | {escape.text(value)} | right |\n")
    no_live_markup(collect, {"table", "thead", "tbody", "tr", "th", "td"})
    assert collect.cells == ["A", "B", "C", "left", normalised(value), "right"]


@settings(max_examples=200, deadline=None)
@given(text_strategy, text_strategy)
def test_links_built_from_data_are_safe(label, target):
    collect = html_of(f"See {escape.link(label, target)} now")
    no_live_markup(collect, {"p", "a"})
    anchors = [dict(attrs) for tag, attrs in collect.tags if tag == "a"]
    assert len(anchors) <= 1
    for anchor in anchors:
        assert re.match(r"^(https?://|mailto:)", anchor["href"]), anchor["href"]
    assert "".join(collect.text) == f"See {normalised(label)} now"


@settings(max_examples=200, deadline=None)
@given(text_strategy)
def test_escaped_text_is_inert_in_markdown_html(value):
    source = f'<ul markdown="block">\n<li class="x" markdown="span"><label><input type="checkbox"> {escape.text(value)}</label></li>\n</ul>\n'
    collect = html_of(source)
    no_live_markup(collect, {"ul", "li", "label", "input"})
    assert "".join(collect.text).strip() == normalised(value)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_attribute_values_stay_one_attribute(value):
    collect = Collect()
    collect.feed(f'<div data-x="{escape.attr(value)}" class="y"></div>')
    (tag, attrs), = collect.tags
    assert attrs == [("data-x", value), ("class", "y")]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
@example("a: &x [1]\nb: *x\n")
@example("[" * 200)
@example("- " * 100 + "x")
@example("a: !!python/object:os.system x")
@example("? [a]\n: b")
@example("---\n...\n---\n")
@example("\ufeffname: x")
def test_loader_returns_data_or_problems(text):
    problems = Problems()
    document = parse(text, "x.yml", problems)
    assert document is None or isinstance(document, Document)
    for problem in problems:
        assert problem.line >= 1 and problem.column >= 1 and problem.message
    parts = split(text, "x.md", Problems())
    assert parts is None or isinstance(parts.body, str)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_are_read_or_reported(raw):
    problems = Problems()
    text = read_text(raw, "x.yml", problems)
    assert (text is None) == bool(problems)


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=20,
)
VENDOR_KEYS = ["name", "tier", "status", "services", "working_hours", "contacts", "escalation", "governance",
               "performance", "our_team", "holidays", "timezone", "start", "end", "id", "roles", "type", "level"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(VENDOR_KEYS) | st.text(max_size=8), yaml_values, max_size=8))
def test_project_loader_returns_data_or_user_error(tmp_path_factory, data):
    project = tmp_path_factory.getbasetemp() / "property-project"
    if not project.exists():
        shutil.copytree(ROOT / "tests" / "bad" / "_base", project)
    (project / "content" / "vendors" / "fuzz.yml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    try:
        pipeline.load_checked(project)
    except UserError as error:
        assert error.problems and all(p.path and p.line >= 1 for p in error.problems)


def _agree(data, schema: str) -> bool:
    from generator.sources.schema_check import fast_is_valid, validator

    fast = fast_is_valid(data, schema)
    assert fast == validator(schema).is_valid(data), data
    return fast


@lru_cache(maxsize=1)
def _samples() -> list[tuple[str, object]]:
    """The sample project's schema-checked files, parsed: every one valid."""
    samples = [("organization", yaml.safe_load((ROOT / "content" / "organization.yml").read_text("utf-8"))),
               ("roles", yaml.safe_load((ROOT / "playbooks" / "roles.yml").read_text("utf-8")))]
    samples += [("vendor", yaml.safe_load(path.read_text("utf-8"))) for path in sorted((ROOT / "content" / "vendors").glob("*.yml"))]
    return samples


def _paths(value, prefix=()):
    """Every path into a document, to a mapping's key or a list's item."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield prefix + (key,)
            yield from _paths(child, prefix + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield prefix + (index,)
            yield from _paths(child, prefix + (index,))


def _mutated(document, path, replacement=None, delete=False):
    import copy

    changed = copy.deepcopy(document)
    parent = changed
    for part in path[:-1]:
        parent = parent[part]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = replacement
    return changed


_REPLACEMENTS = [None, 7, -1, 2.5, True, "", "x", "2026-02-30", "09:75", "Europe/Berlin", "spoc", [], ["x"], {}, {"x": 1}]


def _location(schema: str, path: tuple) -> tuple:
    """Where a path lands in its schema: list items are one place whatever their index."""
    return (schema, *("[]" if isinstance(part, int) else part for part in path))


def _one_changes(every_path: bool):
    """(schema, document) for each sample and each one-change mutation of it (a key or item
    dropped, a value replaced by one of another shape): for every path into every sample with
    `every_path`, else for the first path at each schema location (the same checks, each
    place of the schemas once)."""
    seen: set[tuple] = set()
    for schema, document in _samples():
        yield schema, document
        for index, path in enumerate(_paths(document)):
            if not every_path:
                if _location(schema, path) in seen:
                    continue
                seen.add(_location(schema, path))
                index = len(seen)
            yield schema, _mutated(document, path, delete=True)
            replacement = _REPLACEMENTS[index % len(_REPLACEMENTS)]  # each path one of them, in turn
            yield schema, _mutated(document, path, replacement)


def test_fast_and_full_schema_validators_agree_on_the_samples_and_every_one_change_to_them():
    # The sample files are valid; each one-change mutation may or may not be: both validators
    # must say the same, and both outcomes must occur many times, or this proves nothing. In
    # `make test` one path per place in the sample files (about 500); every path of every sample
    # (about 2,700) with PLAYBOOKS_EXHAUSTIVE=1, as the nightly CI run does.
    outcomes = {True: 0, False: 0}
    for schema, document in _one_changes(EXHAUSTIVE):
        outcomes[_agree(document, schema)] += 1
    least = 300 if EXHAUSTIVE else 150
    assert outcomes[True] > least and outcomes[False] > least, outcomes


def test_the_sampled_sweep_changes_each_schema_location_of_the_full_one_twice():
    locations = {_location(schema, path) for schema, document in _samples() for path in _paths(document)}
    paths = sum(1 for _, document in _samples() for _ in _paths(document))
    assert len(locations) > 300 and paths > 2 * len(locations)
    assert sum(1 for _ in _one_changes(False)) == len(_samples()) + 2 * len(locations)
    assert sum(1 for _ in _one_changes(True)) == len(_samples()) + 2 * paths


@settings(max_examples=examples(150), deadline=None)
@given(st.data())
def test_fast_and_full_schema_validators_agree_on_any_change_to_a_sample(data):
    schema, document = data.draw(st.sampled_from(_samples()))
    for _ in range(data.draw(st.integers(1, 3))):
        paths = list(_paths(document))
        path = data.draw(st.sampled_from(paths))
        document = _mutated(document, path, data.draw(yaml_values | st.sampled_from(_REPLACEMENTS)))
    _agree(document, schema)


def test_the_fast_validator_refuses_a_keyword_it_does_not_know(monkeypatch):
    from generator.sources import schema_check
    from generator.support import schema_files

    changed = {**schema_files.schemas(), "roles": {**schema_files.schemas()["roles"], "dependentRequired": {"a": ["b"]}}}
    monkeypatch.setattr(schema_check, "schemas", lambda: changed)
    schema_check.fast_validator.cache_clear()
    try:
        with pytest.raises(ValueError, match="dependentRequired"):
            schema_check.fast_validator("roles")
    finally:
        schema_check.fast_validator.cache_clear()


# --- calendar folding and relative links: our fast versions against the reference -------------

_FOLD_ALPHABET = st.one_of(
    st.sampled_from(list("\\^;,:aZ0 ")),  # escape starters and separators, where a fold must not split
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"),  # any width in UTF-8
)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_FOLD_ALPHABET, max_size=400))
@example("DESCRIPTION:" + "a" * 62)  # 74 octets: one line
@example("DESCRIPTION:" + "a" * 63)  # 75 octets: folded
@example("DESCRIPTION:" + "a" * 61 + "\\,x" * 40)
@example("SUMMARY:" + "é" * 60 + "^n" * 30)
@example("X:" + "😀" * 50)
def test_calendar_folding_is_icalendars(line):
    from icalendar.parser.string import _foldline

    from generator.render.files.ical import fold

    assert fold(line) == _foldline(line).encode("utf-8") + b"\r\n"


_SEGMENT = st.sampled_from(["vendors", "playbooks", "lotus", "lotus-code-works", "a", "index.md", "checklists.md", "x.md"])


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(_SEGMENT, min_size=1, max_size=4), st.lists(_SEGMENT, max_size=3))
def test_relative_links_are_what_relpath_gives(target, here):
    import posixpath

    from generator.render.pages import relative

    assert relative("/".join(target), here) == posixpath.relpath("/".join(target), "/".join(here) or ".")


_ZONES = ["Europe/Berlin", "Asia/Kolkata", "Asia/Calcutta", "America/Argentina/Buenos_Aires", "Etc/GMT+5", "Pacific/Chatham",
          "UTC", "Etc/UTC", "America/Bogota", "Asia/Manila", "Africa/Cairo", "Asia/Kathmandu", "US/Eastern"]


@settings(max_examples=examples(200), deadline=None)
@given(text=st.lists(_FOLD_ALPHABET | st.sampled_from(["\n", "\r\n", "\r", "\\N"]), max_size=200).map("".join),
       zone_name=st.sampled_from(_ZONES), minutes=st.integers(min_value=5, max_value=3000),
       rule=st.sampled_from([{"freq": "WEEKLY", "interval": 2, "byday": "TU"}, {"freq": "MONTHLY", "interval": 3, "byday": "4TH"},
                             {"freq": "YEARLY", "interval": 1, "byday": "1MO", "bymonth": 3}]),
       all_day=st.booleans(), alarms=st.lists(st.integers(min_value=1, max_value=730), max_size=3, unique=True))
@example(text="\ufeffLeading byte order mark", zone_name="UTC", minutes=30, rule={"freq": "WEEKLY", "interval": 1, "byday": "MO"},
         all_day=False, alarms=[])
@example(text="Notice deadline, contract NW-1; \\ ^ \n", zone_name="UTC", minutes=30, rule={"freq": "WEEKLY", "interval": 1, "byday": "MO"},
         all_day=True, alarms=[90, 30, 7])
def test_calendar_events_are_what_icalendar_writes(text, zone_name, minutes, rule, all_day, alarms):
    from datetime import date, datetime, timedelta, timezone
    from zoneinfo import ZoneInfo

    from generator.render.files.ical import Alarm, Entry, serialise

    stamp = datetime(2026, 11, 21, tzinfo=timezone.utc)
    if all_day:
        # A deadline: all day, with a reminder per lead time (VALARMs, written after the properties).
        entry = Entry(uid=f"u.{text}@x", stamp=stamp, summary=text, start=date(2026, 12, 24), end=date(2026, 12, 27),
                      category=text or "Holiday", description=text * 2, transparent=True,
                      alarms=tuple(Alarm(days, f"In {days} days: {text}") for days in alarms))
    else:
        until = datetime(2027, 6, 30, 21, 59, 59, tzinfo=timezone.utc)
        entry = Entry(uid=f"u.{text}@x", stamp=stamp, summary=text, start=datetime(2026, 3, 29, 1, 30, tzinfo=ZoneInfo(zone_name)),
                      duration=timedelta(minutes=minutes), rrule={**rule, "until": until}, category=text or "Meeting",
                      description=text)
    assert entry.ical() == serialise(entry.component()) == entry.component().to_ical()


# --- play text that only prints fields: the fast way against the template -----------------------

_FIELDS = [("vendor", f) for f in ("name", "short_name", "overlap", "overlap_hours", "overlap_short", "required_overlap",
                                   "timezone", "known", "nope", "__class__", "_View__x")] + [
    ("vendor", "spoc", "ours"), ("vendor", "spoc", "theirs", "email"), ("vendor", "spoc", "theirs", "known"),
    ("vendor", "cadence", "steering_committee"), ("vendor", "spoc", "nobody"), ("org", "name"), ("org", "timezone"),
    ("org", "short_name", "__class__"), ("vendor", "__init__", "__globals__"),
]


@lru_cache(maxsize=1)
def _models():
    """The sample site's model, and one of a vendor whose name and contact need escaping."""
    sample = pipeline.render(pipeline.load_checked(ROOT)).site
    project = Path(tempfile.mkdtemp()) / "project"
    shutil.copytree(ROOT / "tests" / "bad" / "_base", project)
    path = project / "content" / "vendors" / "acme.yml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["name"] = "Evil <b>*bold*</b> | [x](javascript:y) Ltd."
    data["contacts"][0]["name"] = "_Mallory_ {: onclick=z }"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    hostile = pipeline.render(pipeline.load_checked(project)).site
    return [(sample, None)] + [(sample, v) for v in sample.vendors] + [(hostile, None)] + [(hostile, v) for v in hostile.vendors]


@settings(max_examples=examples(300), deadline=None)
@given(parts=st.lists(st.one_of(st.text(alphabet=st.sampled_from(list("ab <>*_|\n{}%#")), max_size=8),
                                st.sampled_from(_FIELDS).map(lambda path: "{{ " + ".".join(path) + " }}")), max_size=6),
       which=st.integers(min_value=0, max_value=20))
def test_printing_fields_is_what_the_template_prints(parts, which):
    from generator.render.plays import PlayRenderer, Snippet

    class TemplatesOnly(PlayRenderer):
        def _fields_only(self, snippet):
            return None

    models = _models()
    site, vendor = models[which % len(models)]
    source = "".join(parts)
    outputs = []
    for kind in (PlayRenderer, TemplatesOnly):
        problems = Problems()
        text = kind(site, problems).render(Snippet("play.md#item", source, "playbooks/x/play.md", 3, 5), vendor)
        outputs.append((text, [str(p) for p in problems.sorted()]))
    assert outputs[0] == outputs[1]


_SHELL_TEXT = st.lists(_FOLD_ALPHABET | st.sampled_from(["\n", "\r\n", "\r", "\\N", "\ufeff", "\ue000", "\ue000name\ue000"]),
                       max_size=120).map("".join)


@settings(max_examples=200, deadline=None)
@given(name=_SHELL_TEXT, description=_SHELL_TEXT)
def test_calendar_properties_are_what_icalendar_writes(name, description):
    # ical.shell puts each calendar's name and description into lines icalendar wrote
    # once with stand-ins; icalendar must read the result, and each property must hold the
    # (one-line) name or description exactly as icalendar writes a value of its type.
    import icalendar

    from generator.render.files import ical

    site = _models()[0][0]
    ours = ical.shell(site, name, description, site.today, []) + b"END:VCALENDAR\r\n"
    assert icalendar.Calendar.from_ical(ours).name == "VCALENDAR"  # icalendar reads it
    # and each of these properties holds the name or description as icalendar writes its type.
    lines = ours.replace(b"\r\n ", b"").decode("utf-8").split("\r\n")
    for prop, value in (("NAME", name), ("X-WR-CALNAME", name), ("DESCRIPTION", description), ("X-WR-CALDESC", description)):
        kind = icalendar.Calendar.types_factory.for_property(prop)
        written = kind(ical.one_line(value)).to_ical().decode("utf-8-sig")
        assert f"{prop}:{written}" in lines, (prop, value)
