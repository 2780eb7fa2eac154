"""Write requirements.lock (what running `playbooks` needs) and requirements-test.lock (what
`make test` adds: the test, lint and workflow-audit tools), each pin with its `--hash` lines.

    .venv/bin/python tests/tools/write_locks.py            # keep today's versions, refresh hashes
    .venv/bin/python tests/tools/write_locks.py --upgrade  # newest versions pyproject.toml allows

pip resolves the ranges of pyproject.toml (`dependencies`, and the `test` and `lint` extras) as
`pip install --dry-run --report` does, with today's pins as constraints unless `--upgrade`, and
the report gives each file's sha256 as the index lists it. The hashes are those of the files pip
picks for this interpreter and platform (CPython 3.11 on Linux x86-64, as every CI job runs):
`pip install --require-hashes` on another platform needs the locks written there.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNTIME = ROOT / "requirements.lock"
TEST = ROOT / "requirements-test.lock"
# Builds this package: `make install` runs `pip install --no-build-isolation -e .`.
BUILD = ["setuptools>=70.1"]

HEADER = """\
# {what}
# Written by `.venv/bin/python tests/tools/write_locks.py` from the ranges in pyproject.toml; do not
# edit by hand. `pip install --require-hashes` checks every file against its sha256. The hashes are
# of the files pip picks for CPython 3.11 on Linux x86-64 (every CI job runs there).
"""


def _pins(path: Path) -> list[str]:
    if not path.is_file():
        return []
    return [line.split(" ")[0].strip() for line in path.read_text("utf-8").splitlines()
            if line and not line.startswith((" ", "#"))]


def _resolve(requirements: list[str], constraints: list[str]) -> dict[str, tuple[str, str, str]]:
    """name (normalised) -> (name, version, sha256) of everything `requirements` installs."""
    with tempfile.TemporaryDirectory() as scratch:
        constraint_file = Path(scratch) / "constraints.txt"
        constraint_file.write_text("".join(c + "\n" for c in constraints), "utf-8")
        report = Path(scratch) / "report.json"
        subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
                        "--disable-pip-version-check", "--report", str(report), "-c", str(constraint_file),
                        *requirements], check=True)
        data = json.loads(report.read_text("utf-8"))
    found = {}
    for item in data["install"]:
        name, version = item["metadata"]["name"], item["metadata"]["version"]
        found[re.sub(r"[-_.]+", "-", name).lower()] = (name, version, item["download_info"]["archive_info"]["hashes"]["sha256"])
    return found


def _write(path: Path, what: str, packages: dict[str, tuple[str, str, str]]) -> None:
    lines = [HEADER.format(what=what)]
    for key in sorted(packages):
        name, version, sha256 = packages[key]
        lines.append(f"{name}=={version} \\\n    --hash=sha256:{sha256}\n")
    path.write_text("".join(lines), "utf-8")


def main(argv: list[str]) -> int:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    runtime_ranges = project["dependencies"] + BUILD
    test_ranges = project["optional-dependencies"]["test"] + project["optional-dependencies"]["lint"]
    constraints = [] if "--upgrade" in argv else _pins(RUNTIME) + _pins(TEST)
    runtime = _resolve(runtime_ranges, constraints)
    everything = _resolve(runtime_ranges + test_ranges, [f"{n}=={v}" for n, v, _ in runtime.values()] + constraints)
    _write(RUNTIME, "What running `playbooks` needs, exactly (`make install`; ranges in pyproject.toml).", runtime)
    _write(TEST, "What `make test` adds to requirements.lock: test, lint and workflow-audit tools "
                 "(install both files together).", {k: v for k, v in everything.items() if k not in runtime})
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
