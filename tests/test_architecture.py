"""docs/architecture.md against the code: every module under generator/ is named there with its
job, every module named there exists, and every module's docstring says its one job."""

from __future__ import annotations

import ast
import re

from .conftest import ROOT

PAGE = ROOT / "docs" / "architecture.md"
NAMED = re.compile(r"`(generator/[\w/]+\.py)`")


def modules() -> set[str]:
    """Every module of generator/, as a path; a sub-package's __init__.py is its heading instead."""
    found = set()
    for path in (ROOT / "generator").rglob("*.py"):
        name = path.relative_to(ROOT).as_posix()
        if path.name != "__init__.py" or path.parent == ROOT / "generator":
            found.add(name)
    return found


def packages() -> set[str]:
    return {p.parent.relative_to(ROOT / "generator").as_posix() for p in (ROOT / "generator").rglob("__init__.py")} - {"."}


def test_every_module_is_on_the_architecture_page():
    named = set(NAMED.findall(PAGE.read_text("utf-8")))
    assert modules() - named == set()


def test_every_module_the_page_names_exists():
    named = set(NAMED.findall(PAGE.read_text("utf-8")))
    assert named - modules() == set()


def test_every_top_level_package_has_its_section():
    text = PAGE.read_text("utf-8")
    for package in {p.split("/")[0] for p in packages()}:
        assert f"### `{package}/`" in text


def test_every_module_says_its_job_first():
    for name in sorted(modules() | {f"generator/{p}/__init__.py" for p in packages()}):
        docstring = ast.get_docstring(ast.parse((ROOT / name).read_text("utf-8")))
        assert docstring and len(docstring.split("\n\n")[0]) > 20, f"{name}: no docstring saying its one job"
