"""The corpus of bad files: each case must produce exactly its expected problems.

tests/bad/_base/ is a small valid project; each folder under tests/bad/cases/ holds the
mistake as its change to that project, `change.diff` (a unified diff, applied with
`git apply`), so the case shows exactly what is wrong; where the mistake is in the bytes
or the syntax themselves (a file that is not UTF-8, an invisible or control character,
nesting too deep), whole files under `files/` replace or add to it instead. An optional case.json (`pad`: grow a file to a size), and `expected.txt`: the exact
lines `playbooks validate` prints to stderr, in order, ending with the count line. Running
with UPDATE_BAD_CORPUS=1 rewrites expected.txt from the current output (review the diff
before committing it). To make a new case, change a copy of `_base` and keep
`git diff --no-index --src-prefix= --dst-prefix= a b` of the two folders (named a and b).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.cli import commands as cli

CORPUS = Path(__file__).resolve().parent / "bad"
CASES = sorted(p.name for p in (CORPUS / "cases").iterdir() if p.is_dir())


def make_project(case: str, target: Path) -> Path:
    shutil.copytree(CORPUS / "_base", target)
    folder = CORPUS / "cases" / case
    if (folder / "change.diff").exists():
        # GIT_CEILING_DIRECTORIES: patch the copy even if a repository were around it.
        env = {**os.environ, "GIT_CEILING_DIRECTORIES": str(target.parent)}
        subprocess.run(["git", "apply", "--whitespace=nowarn", str(folder / "change.diff")], cwd=target, env=env,
                       check=True, capture_output=True)
    for source in sorted((folder / "files").rglob("*")):
        if source.is_file():
            destination = target / source.relative_to(folder / "files")
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
    settings = json.loads((folder / "case.json").read_text("utf-8")) if (folder / "case.json").exists() else {}
    if "pad" in settings:
        path = target / settings["pad"]["path"]
        filler = "# padding to make the file too large\n"
        size = settings["pad"]["bytes"]
        path.write_text(path.read_text("utf-8") + filler * (size // len(filler) + 1), "utf-8")
    return target


def test_the_docs_give_the_real_number_of_cases():
    import re

    readme = (CORPUS.parent.parent / "docs" / "safety.md").read_text("utf-8")
    stated = re.search(r"`tests/bad/` holds one case per mistake \((\d+)\)", readme)
    assert stated and int(stated.group(1)) == len(CASES) > 60


@pytest.mark.parametrize("case", CASES)
def test_bad_input_case(case, tmp_path, capsys):
    project = make_project(case, tmp_path / "project")
    code = cli.main(["validate", "--root", str(project)])
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    expected_file = CORPUS / "cases" / case / "expected.txt"
    if os.environ.get("UPDATE_BAD_CORPUS"):
        expected_file.write_text(err.strip() + "\n", "utf-8")
    assert code == 1, f"{case}: validate accepted bad input: {out}"
    assert "Traceback" not in err
    assert lines == expected_file.read_text("utf-8").strip().splitlines()
    for line in lines[:-1]:
        path, line_no, column, message = line.split(":", 3)
        assert int(line_no) >= 1 and int(column) >= 1 and message.startswith(" ")


def test_base_project_is_valid(capsys):
    assert cli.main(["validate", "--root", str(CORPUS / "_base")]) == 0
