"""Problems written for whoever reads them: a person, GitHub Actions, or another CI system.

`playbooks validate --format`:

- `text`: `path:line:column: message` lines, as every command prints them;
- `github`: one workflow command per problem, `::error file=PATH,line=L,col=C,title=WHAT::FIX`,
  values escaped as the Actions toolkit escapes them (`command.ts`), and the whole list as a
  table in the job summary (`$GITHUB_STEP_SUMMARY`), since GitHub shows only the first 10
  annotations of a step (50 of a job);
- `json`: a list of `{path, line, column, message, hint}` (what is wrong, and how to fix it:
  `Problem.what` and `Problem.hint`), sorted as the text is; the format other reports are made from;
- `gitlab`: GitLab's code-quality report (the Code Climate subset GitLab reads), for a merge
  request's widget.

`parse_github` reads workflow commands back into problems (the tests hold the escaping to it).
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
from pathlib import Path
from typing import Iterable

from ..support.problems import Problem, visible

FORMATS = ("text", "github", "json", "gitlab")
# GitHub keeps at most 1 MiB of summary per step; stay well below it and say what was left out.
SUMMARY_LIMIT = 900_000
ANNOTATIONS_PER_STEP = 10


def as_json(problems: Iterable[Problem]) -> str:
    return json.dumps([{"path": p.path, "line": p.line, "column": p.column, "message": p.what, "hint": p.hint}
                       for p in problems], ensure_ascii=False, indent=2) + "\n"


def as_gitlab(problems: Iterable[Problem]) -> str:
    """GitLab's code-quality report: a JSON list of issues, each with a unique fingerprint."""
    issues = []
    for p in problems:
        fingerprint = hashlib.sha256(f"{p.path}\0{p.line}\0{p.column}\0{p.message}".encode("utf-8", "surrogatepass")).hexdigest()
        issues.append({
            "type": "issue",
            "check_name": "playbooks-validate",
            "description": p.message,
            "severity": "major",
            "fingerprint": fingerprint,
            "location": {"path": p.path, "lines": {"begin": p.line}},
        })
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"


# --- GitHub workflow commands -------------------------------------------------------------------


def escape_data(text: str) -> str:
    """A command's message, as actions/toolkit's escapeData: %, CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A command's property value, as actions/toolkit's escapeProperty: also `:` and `,`."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _shown(text: str) -> str:
    """`text` with characters no one can see written as escapes (problems.visible), but for
    line breaks: the escaping above carries those, and GitHub shows them as breaks."""
    return "\r".join("\n".join(visible(part) for part in piece.split("\n")) for piece in text.split("\r"))


def _unescape(text: str) -> str:
    return (text.replace("%2C", ",").replace("%3A", ":").replace("%0A", "\n").replace("%0D", "\r")
            .replace("%25", "%"))


def github_command(problem: Problem, path: str) -> str:
    """One problem as an `::error` command: its title what is wrong, its message the fix (or,
    without one, what is wrong again, as GitHub shows the message, not the title, in a diff)."""
    what, hint = _shown(problem.what), _shown(problem.hint)
    properties = f"file={escape_property(_shown(path))},line={problem.line},col={problem.column},title={escape_property(what)}"
    return f"::error {properties}::{escape_data(hint or what)}"


def parse_github(output: str) -> list[Problem]:
    """The problems in `::error` workflow commands, as GitHub's runner reads them."""
    found = []
    for line in output.splitlines():
        if not line.startswith("::error "):
            continue
        head, _, message = line[len("::error "):].partition("::")
        properties = dict(part.split("=", 1) for part in head.split(","))
        what, fix = _unescape(properties["title"]), _unescape(message)
        text = what if fix == what else f"{what}; {fix}"
        found.append(Problem(_unescape(properties["file"]), int(properties["line"]), int(properties["col"]), text))
    return found


def repository_path(root: Path, path: str) -> str:
    """A problem's path as GitHub names files: relative to the checkout ($GITHUB_WORKSPACE),
    which is the project itself unless the project sits in a folder of the repository."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if not workspace or path.startswith("/") or not (root / path).exists():
        return path
    try:
        return (root / path).resolve().relative_to(Path(workspace).resolve()).as_posix()
    except ValueError:
        return path


def github(problems: list[Problem], root: Path) -> str:
    lines = [github_command(p, repository_path(root, p.path)) for p in problems]
    if len(problems) > ANNOTATIONS_PER_STEP:
        lines.append(f"::notice title=playbooks validate::{len(problems)} problems; GitHub shows the first "
                     f"{ANNOTATIONS_PER_STEP} as annotations, the job summary lists them all")
    return "".join(line + "\n" for line in lines)


def summary(problems: list[Problem], ok_line: str) -> str:
    """The job summary: every problem in a Markdown table (cut short, and saying so, before
    GitHub's limit), or the line saying all is well."""
    if not problems:
        return f"### playbooks validate\n\n{ok_line}\n"
    count = len(problems)
    head = (f"### playbooks validate: {count} problem{'s' if count != 1 else ''}\n\n"
            "| File | Line | Column | Problem | Fix |\n|---|---|---|---|---|\n")
    rows: list[str] = []
    size = len(head.encode("utf-8"))
    for index, p in enumerate(problems):
        path = code_span(visible(p.path)).replace("|", "\\|")
        row = f"| {path} | {p.line} | {p.column} | {_cell(p.what)} | {_cell(p.hint)} |\n"
        size += len(row.encode("utf-8", "surrogatepass"))
        if size > SUMMARY_LIMIT:
            rows.append(f"\n{count - index} more not shown here; run `playbooks validate` to see every one.\n")
            break
        rows.append(row)
    return head + "".join(rows)


def _cell(text: str) -> str:
    """Text for a GitHub-flavoured Markdown table cell, with the code spans the message meant
    (`x`) and nothing else a value could bring: the backtick runs are paired as CommonMark pairs
    them, each code span written again with a fence longer than any backtick run inside it (its
    text is shown as it is), and the text between HTML-escaped with Markdown's punctuation
    backslash-escaped, so no `<img>`, link or emphasis from the data becomes live. One line, and
    no `|` that would end the cell."""
    out: list[str] = []
    text = visible(text)
    position = 0
    runs = list(_BACKTICKS.finditer(text))
    index = 0
    while index < len(runs):
        opening = runs[index]
        closing = next((j for j in range(index + 1, len(runs)) if len(runs[j].group()) == len(opening.group())), None)
        if closing is None:
            index += 1
            continue
        out.append(_plain(text[position:opening.start()]))
        out.append(code_span(text[opening.end():runs[closing].start()]).replace("|", "\\|"))
        position = runs[closing].end()
        index = closing + 1
    out.append(_plain(text[position:]))
    return "".join(out)


_BACKTICKS = re.compile("`+")
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]!~|])")


def _plain(text: str) -> str:
    """Text that GitHub shows as it is: HTML-escaped, Markdown's punctuation backslash-escaped."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", html.escape(text, quote=False))


def code_span(text: str) -> str:
    """`text` as one Markdown code span whatever it holds: a fence of more backticks than its
    longest run of them, and a space inside the fence where the text starts or ends with a
    backtick or a space (CommonMark takes one such space off each side)."""
    if not text:
        return ""
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(text)), default=0) + 1)
    pad = " " if text[:1] in ("`", " ") or text[-1:] in ("`", " ") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def write_summary(text: str) -> None:
    """Append to the job summary when running in GitHub Actions (a no-op elsewhere)."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with open(target, "a", encoding="utf-8", errors="surrogateescape") as handle:
            handle.write(text)
