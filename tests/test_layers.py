"""Each import contract of pyproject.toml bites: in a copy of generator/, one forbidden import per
contract makes `lint-imports` report that contract broken, naming that import; the untouched
copy keeps them all. (A contract nothing can break would hold the layout in name only.)

Two runs of `lint-imports` in all: the clean copy, then the copy with every edit at once, whose
report must list each contract as broken by its own edit."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT

# A contract (as `_key` names it) -> (module that gets the import, the line added, the import
# lint-imports must then report as "importer -> imported").
EDITS: dict[str, tuple[str, str, str]] = {
    "layers": ("sources/load.py", "from ..render import pages", "generator.sources.load -> generator.render.pages"),
    "forbidden generator.render": (
        "render/pages.py", "from ..sources import load", "generator.render.pages -> generator.sources.load"),
    "forbidden generator.checks": (
        "checks/links.py", "from ..render import voice", "generator.checks.links -> generator.render.voice"),
    "forbidden generator.model": (
        "model/site.py", "from ..sources import yaml_loader", "generator.model.site -> generator.sources.yaml_loader"),
    "forbidden generator.cli.commands": (
        "cli/commands.py", "from ..website import engine", "generator.cli.commands -> generator.website.engine"),
    "layers generator.cli": (
        "cli/report_formats.py", "from . import commands", "generator.cli.report_formats -> generator.cli.commands"),
    "layers generator.website": (
        "website/output_folders.py", "from . import engine", "generator.website.output_folders -> generator.website.engine"),
    "layers generator.render": ("render/voice.py", "from . import pages", "generator.render.voice -> generator.render.pages"),
    "layers generator.checks": ("checks/ledger.py", "from . import validate", "generator.checks.ledger -> generator.checks.validate"),
    "layers generator.model": ("model/labels.py", "from . import site", "generator.model.labels -> generator.model.site"),
    "layers generator.plays": ("plays/limits.py", "from . import source", "generator.plays.limits -> generator.plays.source"),
    "layers generator.schedules": (
        "schedules/clock.py", "from . import wording", "generator.schedules.clock -> generator.schedules.wording"),
    "layers generator.sources": (
        "sources/yaml_errors.py", "from . import load", "generator.sources.yaml_errors -> generator.sources.load"),
    "layers generator.support": ("support/problems.py", "from . import cache", "generator.support.problems -> generator.support.cache"),
}


def _contracts() -> list[dict[str, Any]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    contracts: list[dict[str, Any]] = config["tool"]["importlinter"]["contracts"]
    return contracts


def _key(contract: dict[str, Any]) -> str:
    if contract["type"] == "forbidden":
        return "forbidden " + " ".join(contract["source_modules"])
    return " ".join(["layers", *contract.get("containers", [])])


def _lint(project: Path) -> subprocess.CompletedProcess[str]:
    tool = Path(sys.executable).with_name("lint-imports")
    return subprocess.run([str(tool), "--no-cache", "--no-logo"], cwd=project, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("layers")
    shutil.copytree(ROOT / "generator", project / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    return project


def test_every_contract_has_an_edit_that_breaks_it():
    assert sorted(_key(c) for c in _contracts()) == sorted(EDITS)


def test_the_untouched_copy_keeps_every_contract(copy: Path):
    result = _lint(copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {len(_contracts())} kept, 0 broken." in result.stdout


def test_each_contract_is_broken_by_its_own_forbidden_import(copy: Path):
    for module, line, _ in EDITS.values():
        path = copy / "generator" / module
        path.write_text(path.read_text("utf-8") + f"\n{line}  # forbidden: tests/test_layers.py\n", "utf-8")
    result = _lint(copy)
    assert result.returncode != 0
    report = result.stdout.split("Broken contracts", 1)[-1]
    names = [c["name"] for c in _contracts()]
    for contract in _contracts():
        # The contract's own section of the report: from its title to the next contract's.
        start = report.index("\n" + contract["name"] + "\n")
        ends = [i for n in names if n != contract["name"] and (i := report.find("\n" + n + "\n", start + 1)) > 0]
        section = report[start: min(ends, default=len(report))]
        importer, imported = EDITS[_key(contract)][2].split(" -> ")
        assert f"{importer} -> {imported}" in section, f"{contract['name']}: not broken by {importer} -> {imported}\n{section}"
        assert f"{contract['name']} BROKEN" in result.stdout
