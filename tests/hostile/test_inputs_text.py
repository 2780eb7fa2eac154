"""Text hygiene, deep nesting, file names and the build date (issue 12, cases 11 and 13).

Values reach page titles, CSV and calendar files, and terminals (in problem messages): a NUL,
a terminal's escape codes or a bidi override in a vendor's name must be refused at their
line and column, and every message must stay one visible line whatever the data holds.
YAML nested a hundred thousand levels deep must be refused in well under a second, and the
build date from SOURCE_DATE_EPOCH must be one the build can use.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from generator.cli import commands as cli

from .conftest import assert_refused, base_project, playbooks
from .test_inputs_files import PLAY, VENDOR

LINE = re.compile(r'^(?:[^\s:"]+|"(?:[^"\\]|\\.)*"):\d+:\d+: \S')  # one `path:line:column: message` problem


def validate(project: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """`playbooks validate` on the project: its exit code and its problem lines."""
    code = cli.main(["validate", "--root", str(project)])
    return code, capsys.readouterr().err.strip().splitlines()[:-1]


def edited(tmp_path: Path, path: Path, old: str, new: str) -> Path:
    project = base_project(tmp_path / "project")
    text = (project / path).read_text("utf-8")
    assert old in text
    (project / path).write_text(text.replace(old, new, 1), "utf-8")
    return project


# --- characters no one can see ------------------------------------------------------------


@pytest.mark.parametrize("value, expected", [
    (r'"Acme \0 Ltd."', "control character U+0000"),  # a NUL, by YAML escape
    (r'"Acme \e[2J Ltd."', "control character U+001B"),  # a terminal escape code
    (r'"Acme \x85 Ltd."', "control character U+0085"),  # a C1 control (next line)
    (r'"Acme \x7f Ltd."', "control character U+007F"),
    (r'"Acme \r Ltd."', "control character U+000D"),
    ('"Acme \u202eLtd."', "invisible character U+202E (RIGHT-TO-LEFT OVERRIDE), which makes text show in another order "
                          "than it is written"),  # the character itself, not an escape
    (r'"Acme \u2066Ltd."', "invisible character U+2066 (LEFT-TO-RIGHT ISOLATE), which makes text show in another "
                               "order than it is written"),
    (r'"Acme\u200bLtd."', "invisible character U+200B (ZERO WIDTH SPACE)"),
    (r'"Acme\u2060Ltd."', "invisible character U+2060 (WORD JOINER)"),
    (r'"Acme\ufeffLtd."', "invisible character U+FEFF (ZERO WIDTH NO-BREAK SPACE)"),
])
def test_hidden_characters_in_a_vendor_name_are_refused(tmp_path, capsys, value, expected):
    code, lines = validate(edited(tmp_path, VENDOR, "name: Acme Ltd.", f"name: {value}"), capsys)
    assert code == 1
    assert lines == [f"content/vendors/acme.yml:1:8: text holds the {expected}; remove it"]  # the text, after its quote


def test_hidden_characters_in_keys_and_play_front_matter_are_refused(tmp_path, capsys):
    project = edited(tmp_path, PLAY, "title: Sync", 'title: "Sy\\u200bnc"')
    code, lines = validate(project, capsys)
    assert code == 1 and lines == ["playbooks/governance/sync-play.md:3:9: text holds the invisible character U+200B "
                                   "(ZERO WIDTH SPACE); remove it"]


def test_hidden_characters_in_a_play_body_are_refused_where_they_are(tmp_path, capsys):
    project = edited(tmp_path, PLAY, "A sync.", "A sync.\n\nThe \u202eoverride and\nthe \x1b[31m escape code.")
    code, lines = validate(project, capsys)
    assert code == 1
    assert lines == [
        "playbooks/governance/sync-play.md:19:5: text holds the invisible character U+202E (RIGHT-TO-LEFT OVERRIDE), which "
        "makes text show in another order than it is written; remove it",
        "playbooks/governance/sync-play.md:20:5: text holds the control character U+001B; remove it",
    ]


def test_joiners_marks_and_windows_line_ends_stay_allowed(tmp_path, capsys):
    """Persian and Indic text need ZWNJ and ZWJ, emoji ZWJ, mixed-direction text LRM and RLM."""
    project = edited(tmp_path, VENDOR, "name: Acme Ltd.", 'name: "Acme \u200c\u200d \U0001f469\u200d\U0001f4bb \u200e\u200f Ltd."')
    play = project / PLAY
    play.write_bytes(play.read_bytes().replace(b"\n", b"\r\n") + "Mixed \u200f text.\r\n".encode())
    code, lines = validate(project, capsys)
    assert (code, lines) == (0, [])


# --- every problem is one visible line -------------------------------------------------------


def test_escape_codes_in_a_value_are_shown_escaped_on_one_line(tmp_path):
    project = edited(tmp_path, VENDOR, "timezone: Asia/Kolkata", r'timezone: "\e[2J\e[HAsia/Kolkata"')
    result = playbooks("validate", "--root", project)
    assert_refused(result,
                   "content/vendors/acme.yml:9:14: `\\x1b[2J\\x1b[HAsia/Kolkata` is not an IANA time zone name; "
                   "did you mean `Asia/Kolkata`?\n",
                   "content/vendors/acme.yml:9:14: text holds the control character U+001B; remove it\n")
    assert "\x1b" not in result.stderr
    assert all(LINE.match(line) for line in result.stderr.splitlines()[:-1]), result.stderr


def test_a_file_name_with_a_line_break_stays_on_its_own_quoted_line(tmp_path):
    project = base_project(tmp_path / "project")
    (project / "content/vendors/x\nfake.yml:3:1: forged.yml").write_text("name: x\n", "utf-8")
    result = playbooks("validate", "--root", project)
    assert_refused(result, '"content/vendors/x\\nfake.yml:3:1: forged.yml":1:1: the file name `x\\nfake.yml:3:1: forged.yml` '
                           "is the vendor's slug and must be lower-case letters, digits and dashes (at most 64, no dash at "
                           "either end): rename it to `x-fake-yml-3-1-forged.yml`\n")
    lines = result.stderr.splitlines()
    assert all(LINE.match(line) for line in lines[:-1]), result.stderr
    assert not any(line.startswith("fake.yml") for line in lines)


# --- file names ----------------------------------------------------------------------------


@pytest.mark.parametrize("name, advice", [
    ("a" * 65, f"rename it to `{'a' * 64}.yml`"),
    ("acme-" + "b" * 59 + "-c", f"rename it to `acme-{'b' * 59}.yml`"),  # cut to 64, then no dash at the end
    ("-acme-", "rename it to `acme.yml`"),
    ("ACME", "rename it to `acme.yml`"),
    ("日本", "rename it after the vendor, like `acme-corp.yml`"),
    ("---", "rename it after the vendor, like `acme-corp.yml`"),
])
def test_a_vendor_file_name_gets_a_valid_new_name_or_advice(tmp_path, capsys, name, advice):
    project = base_project(tmp_path / "project")
    (project / VENDOR).rename(project / f"content/vendors/{name}.yml")
    code, lines = validate(project, capsys)
    assert code == 1
    expected = (f"content/vendors/{name}.yml:1:1: the file name `{name}.yml` is the vendor's slug and must be lower-case "
                f"letters, digits and dashes (at most 64, no dash at either end): {advice}")
    assert expected in lines, lines


# --- nesting ---------------------------------------------------------------------------------


@pytest.mark.parametrize("nesting, where", [
    ("[ " * 100_000, "28:88"),  # the issue's 200 KB case (77 s before); the 41st `[` after `notes: `
    ("{a: " * 100_000, "28:168"),
    ("\n" + "  [\n" * 100_000, "69:3"),
])
def test_deep_nesting_is_refused_at_once(tmp_path, nesting, where):
    project = base_project(tmp_path / "project")
    with (project / VENDOR).open("a", encoding="utf-8") as vendor:
        vendor.write(f"notes: {nesting}\n")
    # In this process, timed in CPU seconds: what the refusal costs, whatever else the machine
    # runs (a child's start-up alone took more than 10 s of wall time at load average 25).
    started = time.process_time()
    result = playbooks("validate", "--root", project)
    seconds = time.process_time() - started
    assert_refused(result, f"content/vendors/acme.yml:{where}: nesting deeper than 40 levels is not allowed; the file was "
                           "read no further")
    assert seconds < 5, f"took {seconds:.1f} CPU s"  # well under 1 s; 77 s before the fix


def test_deep_nesting_in_mkdocs_yml_is_refused_without_a_traceback(tmp_path):
    project = base_project(tmp_path / "project")
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("extra: " + "[" * 3000 + "]" * 3000 + "\n")
    assert_refused(playbooks("validate", "--root", project, timeout=120),
                   "mkdocs.yml:18:48: nesting deeper than 40 levels is not allowed")


# --- the build date ----------------------------------------------------------------------------


@pytest.mark.parametrize("epoch, why", [
    ("253402300799", "is after 4294967295 (2106-02-07), the latest time a build can be dated (32 bits in sitemap.xml.gz)"),
    ("4294967296", "is after 4294967295 (2106-02-07), the latest time a build can be dated (32 bits in sitemap.xml.gz)"),
    ("9" * 5000, "is after 4294967295 (2106-02-07), the latest time a build can be dated (32 bits in sitemap.xml.gz)"),
    ("-1", "is not a whole number of seconds since 1970-01-01 UTC"),
    ("1795219200.5", "is not a whole number of seconds since 1970-01-01 UTC"),
    (" 1795219200", "is not a whole number of seconds since 1970-01-01 UTC"),
    ("1e9", "is not a whole number of seconds since 1970-01-01 UTC"),
    ("１７９５２１９２００", "is not a whole number of seconds since 1970-01-01 UTC"),  # full-width digits
])
def test_a_build_date_the_build_cannot_use_is_refused(tmp_path, capsys, monkeypatch, epoch, why):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    code, lines = validate(base_project(tmp_path / "project"), capsys)
    assert code == 1
    assert lines == [f"SOURCE_DATE_EPOCH:1:1: `{epoch[:40]}` {why}: set SOURCE_DATE_EPOCH to one like 1795219200 (digits "
                     "only), or unset it to date the build today"]


def test_the_overflowing_build_date_of_the_issue_gives_no_traceback(tmp_path):
    result = playbooks("build", "--root", base_project(tmp_path / "project"), env={"SOURCE_DATE_EPOCH": "253402300799"})
    assert_refused(result, "SOURCE_DATE_EPOCH:1:1: `253402300799` is after 4294967295")


@pytest.mark.parametrize("epoch", ["0", "4294967295"])
def test_the_first_and_last_usable_build_dates_build(tmp_path, epoch):
    result = playbooks("build", "--root", base_project(tmp_path / "project"), env={"SOURCE_DATE_EPOCH": epoch})
    assert result.returncode == 0, result.stderr
