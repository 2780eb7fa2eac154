"""The package as a team installs it: a wheel built from pyproject.toml (not the `-e` install
`make` does), holding every module and data file of generator/, installed into a fresh virtual
environment, where the `playbooks` command validates and builds a copy of the sample.

Issue 28: `packages = ["generator"]` left every subpackage (generator.model, generator.schedules)
out of the wheel, so `pip install .` and `pre-commit try-repo` failed with ModuleNotFoundError.

To take seconds, not minutes: the wheel is built by the setuptools already installed (no build
isolation, nothing downloaded), installed with `--no-deps`, and the fresh environment sees the
dependencies through a `.pth` line naming this environment's site-packages (a `.pth` line adds a
folder without reading the `.pth` files in it, so the `-e` install of this checkout stays out)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT, copy_project


@dataclass
class Installed:
    wheel: Path
    bin: Path  # the fresh environment's bin/
    env: dict[str, str]  # no PYTHONPATH: nothing but the installed package


def _run(*args: str | Path, env: dict[str, str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="session")
def installed(tmp_path_factory) -> Installed:
    work = tmp_path_factory.mktemp("packaging")
    source = work / "source"  # a copy, so that the build leaves no build/ or egg-info in the checkout
    source.mkdir()
    shutil.copytree(ROOT / "generator", source / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    dist = work / "dist"
    built = _run(sys.executable, "-c", "import sys; from setuptools import build_meta; "
                 "print(build_meta.build_wheel(sys.argv[1]))", dist, env=env, cwd=source)
    assert built.returncode == 0, built.stderr
    wheel = dist / built.stdout.strip().splitlines()[-1]
    venv = work / "venv"
    made = _run(sys.executable, "-m", "venv", "--without-pip", venv, env=env, cwd=work)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    site = _run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", env=env, cwd=work)
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(site.stdout.strip()) / "dependencies.pth").write_text("".join(p + "\n" for p in sorted(ours)), "utf-8")
    pip = _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-index", "--no-deps",
               "--disable-pip-version-check", "--quiet", wheel, env=env, cwd=work)
    assert pip.returncode == 0, pip.stderr
    return Installed(wheel, venv / "bin", env)


def _files_of_generator() -> set[str]:
    return {p.relative_to(ROOT).as_posix() for p in (ROOT / "generator").rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}


def test_the_wheel_holds_every_module_and_data_file_of_the_generator(installed):
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = set(wheel.namelist())
        entry_points = wheel.read(next(n for n in names if n.endswith(".dist-info/entry_points.txt"))).decode()
    shipped = {n for n in names if n.startswith("generator/")}
    assert _files_of_generator() - shipped == set()
    assert {"generator/model/__init__.py", "generator/schedules/clock.py"} <= shipped
    # The command the pre-commit hook of .pre-commit-hooks.yaml runs is the one the wheel installs.
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))[0]
    assert hook["entry"].split()[0] == "playbooks" and "playbooks = generator.cli.commands:main" in entry_points


def test_the_installed_command_validates_and_builds_a_copy_of_the_sample(installed, tmp_path):
    project = copy_project(tmp_path / "project")
    where = _run(installed.bin / "python", "-c", "import generator; print(generator.__file__)", env=installed.env,
                 cwd=tmp_path)
    assert where.stdout.startswith(str(installed.bin.parent)), where.stdout + where.stderr  # not this checkout
    validate = _run(installed.bin / "playbooks", "validate", "--root", project, env=installed.env, cwd=tmp_path)
    assert validate.returncode == 0 and validate.stdout.startswith("OK: "), validate.stdout + validate.stderr
    site = tmp_path / "site"
    build = _run(installed.bin / "playbooks", "build", "--root", project, "--site-dir", site, env=installed.env,
                 cwd=tmp_path)
    assert build.returncode == 0, build.stderr
    assert (site / "index.html").is_file() and (site / "vendors" / "lotus-code-works" / "index.html").is_file()
    assert "Traceback" not in build.stderr
