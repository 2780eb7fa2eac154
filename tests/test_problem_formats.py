"""`playbooks validate --format text|github|json|gitlab`: the same problems for a person, for
GitHub Actions (annotations and the job summary) and for other CI systems."""

from __future__ import annotations

import html
import json
import re

import pytest

from generator import pipeline
from generator.cli import report_formats as problem_formats
from generator.support.problems import Problem, UserError, split_fix

from .hostile.conftest import base_project, playbooks

# A vendor file key holding the characters workflow commands must escape: `%`, `,`, `:` and a
# line break (a quoted YAML key may hold anything). It is an unknown field, so its message
# quotes it.
AWKWARD_KEY = '"ti%,:\\ner": x\n'


@pytest.fixture(scope="module")
def awkward(tmp_path_factory):
    """A project with three problems, one of whose messages holds %, comma, colon and a line break."""
    project = base_project(tmp_path_factory.mktemp("formats") / "project")
    vendor = project / "content" / "vendors" / "acme.yml"
    text = vendor.read_text("utf-8").replace("tier: tactical", "tier: tactial").replace("Asia/Kolkata", "UTC+05:45")
    vendor.write_text(text + AWKWARD_KEY, "utf-8")
    try:
        pipeline.load_checked(project, editorial=True)
    except UserError as error:
        return project, error.problems
    raise AssertionError("the project should have problems")


def test_the_awkward_message_is_what_the_test_needs(awkward):
    _, problems = awkward
    assert len(problems) == 3
    assert any(all(c in p.message for c in "%,:\n") for p in problems)


def test_github_commands_parse_back_into_the_same_problems(awkward):
    project, problems = awkward
    result = playbooks("validate", "--root", project, "--format", "github")
    assert result.returncode == 1
    assert problem_formats.parse_github(result.stdout) == problems
    # One line per problem: nothing in a message can start a second command.
    commands = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert len(commands) == 3
    awkward_line = next(line for line in commands if "ti%25" in line)
    assert "title=unknown field `ti%25%2C%3A%0Aer`::did you mean `tier`?" in awkward_line
    assert result.stderr.strip() == "3 problems found."


def test_escaping_follows_the_actions_toolkit():
    # actions/toolkit command.ts: escapeData replaces %, CR, LF; escapeProperty also : and ,
    assert problem_formats.escape_data("100% a\r\nb: c, d") == "100%25 a%0D%0Ab: c, d"
    assert problem_formats.escape_property("100% a\r\nb: c, d") == "100%25 a%0D%0Ab%3A c%2C d"
    # Escaping `%` first keeps an escape-like text in a message as it was.
    problem = Problem("a,b:c.yml", 3, 4, "`%0A` is not a line break; fix it: %25, then")
    assert problem_formats.parse_github(problem_formats.github_command(problem, problem.path)) == [problem]


def test_a_problem_without_a_fix_repeats_what_is_wrong_as_the_message():
    problem = Problem("x.yml", 1, 2, "`tier` is `gold`, which is not one of `a`, `b`")
    command = problem_formats.github_command(problem, problem.path)
    assert command.endswith("title=`tier` is `gold`%2C which is not one of `a`%2C `b`::`tier` is `gold`, which is not one of `a`, `b`")
    assert problem_formats.parse_github(command) == [problem]


def test_messages_split_into_what_and_fix_at_the_first_semicolon_outside_backquotes():
    assert split_fix("`a; b` is bad; quote it; really") == ("`a; b` is bad", "quote it; really")
    assert split_fix("no fix here") == ("no fix here", "")


def test_json_is_a_stable_list_of_path_line_column_message_hint(awkward):
    project, problems = awkward
    result = playbooks("validate", "--root", project, "--format", "json")
    assert result.returncode == 1
    listed = json.loads(result.stdout)
    assert [list(item) for item in listed] == [["path", "line", "column", "message", "hint"]] * 3
    assert [Problem(i["path"], i["line"], i["column"], f"{i['message']}; {i['hint']}" if i["hint"] else i["message"])
            for i in listed] == problems
    zone = next(i for i in listed if "UTC+05:45" in i["message"])
    assert zone["line"] == 9 and zone["column"] == 13
    assert "`Asia/Kathmandu`" in zone["hint"]


def test_gitlab_code_quality_report(awkward):
    project, problems = awkward
    result = playbooks("validate", "--root", project, "--format", "gitlab")
    report = json.loads(result.stdout)
    assert result.returncode == 1 and len(report) == 3
    for issue, problem in zip(report, problems):
        assert issue["description"] == problem.message
        assert issue["location"] == {"path": problem.path, "lines": {"begin": problem.line}}
        assert issue["severity"] == "major" and issue["check_name"] == "playbooks-validate"
    assert len({issue["fingerprint"] for issue in report}) == 3


def test_the_job_summary_lists_every_problem(tmp_path):
    project = base_project(tmp_path / "project")
    vendor = project / "content" / "vendors" / "acme.yml"
    # Twelve problems: more than GitHub shows as annotations of one step.
    extra = "".join(f"unknown{n}: x\n" for n in range(12))
    vendor.write_text(vendor.read_text("utf-8") + extra, "utf-8")
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", "utf-8")
    result = playbooks("validate", "--root", project, "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 1
    assert result.stdout.count("::error ") == 12
    assert "::notice title=playbooks validate::12 problems; GitHub shows the first 10 as annotations" in result.stdout
    text = summary.read_text("utf-8")
    assert text.startswith("earlier step\n### playbooks validate: 12 problems\n")
    rows = [line for line in text.splitlines() if line.startswith("| `content/vendors/acme.yml`")]
    assert len(rows) == 12 and all("unknown field" in row for row in rows)


def test_a_clean_run_says_so_in_every_format(tmp_path):
    project = base_project(tmp_path / "project")
    summary = tmp_path / "summary.md"
    github = playbooks("validate", "--root", project, "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert github.returncode == 0 and "::error" not in github.stdout
    assert "OK: 1 vendor, 1 play, no problems." in summary.read_text("utf-8")
    for fmt in ("json", "gitlab"):
        result = playbooks("validate", "--root", project, "--format", fmt)
        assert result.returncode == 0 and json.loads(result.stdout) == []
        assert result.stderr.startswith("OK: ")


def test_a_pipe_in_a_message_does_not_break_the_summary_table():
    text = problem_formats.summary([Problem("a|b.yml", 1, 1, "`x|y` is wrong; write `z`")], "")
    row = text.splitlines()[-1]
    assert row == "| `a\\|b.yml` | 1 | 1 | `x\\|y` is wrong | write `z` |"


# --- the job summary is GitHub-flavoured Markdown: nothing from the data may become markup ----------
# (issue 28: a backtick in a value closed the code span, and the rest went in as live HTML.)

HOSTILE = [
    "`name` is `a`b <img src=https://e.example/p.png>`; write [it](https://e.example) **here**",
    "`x` is ``` `` `<a href=//e.example>go</a>` ```; remove <script>x</script> & ~~this~~",
    "`` ` `` ends `<b>` with_under_scores_",
]


def _rendered_cells(markdown_text: str) -> list[str]:
    """The table cells as a GitHub-flavoured Markdown renderer (markdown-it-py, CommonMark with
    tables) turns them into HTML."""
    from markdown_it import MarkdownIt
    html_text = MarkdownIt("commonmark").enable("table").enable("strikethrough").render(markdown_text)
    return re.findall(r"<td>(.*?)</td>", html_text, re.S)


def _text_of(cell_html: str) -> str:
    return html.unescape(re.sub(r"</?code>", "", cell_html))


@pytest.mark.parametrize("message", HOSTILE)
def test_the_job_summary_shows_data_as_text_never_as_markup(message):
    problem = Problem("content/vendors/`x`<i>.yml", 3, 4, message)
    cells = _rendered_cells(problem_formats.summary([problem], ""))
    assert len(cells) == 5, cells
    for cell in cells:
        # The only tags left are the code spans the formatter made; every other `<` is text.
        assert re.sub(r"</?code>", "", cell).count("<") == 0, cell
    assert _text_of(cells[0]) == problem.path
    # What a reader sees is the message itself, less the backticks of the spans it pairs.
    for cell, text in ((cells[3], problem.what), (cells[4], problem.hint)):
        assert _text_of(cell).replace("`", "") == text.replace("`", "").replace("  ", " ").strip() or \
            _text_of(cell).replace("`", "").split() == text.replace("`", "").split(), (cell, text)


def test_the_code_spans_a_message_means_stay_code_spans():
    text = problem_formats.summary([Problem("a.yml", 1, 1, "`tier` is `tactial`; write one of `tactical`")], "")
    cells = _rendered_cells(text)
    assert cells[3] == "<code>tier</code> is <code>tactial</code>"
    assert cells[4] == "write one of <code>tactical</code>"


@pytest.mark.parametrize("text, span", [
    ("plain", "`plain`"), ("a`b", "``a`b``"), ("``x", "``` ``x ```"), (" x", "`  x `"), ("", ""),
])
def test_a_code_span_fence_is_longer_than_any_backtick_run_inside(text, span):
    assert problem_formats.code_span(text) == span
