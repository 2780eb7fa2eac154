"""The site's scripts (generator/assets/*.js): one core loaded first by both engines, feature
scripts of one job each, and ESLint (pinned in tests/tools, config in eslint.config.js) clean.

What they do in a reader's browser is tested in tests/browser/ (checklists, the directory, the
heat table, search, the staff pages), on the MkDocs and the Zensical build."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "generator" / "assets"
ESLINT = ROOT / "tests" / "tools" / "node_modules" / ".bin" / "eslint"
SCRIPTS = sorted(ASSETS.glob("*.js"))
HEAD_SCRIPT = "search.js"  # loaded in the page's head by generator/theme/main.html, before Material's bundle


def _eslint(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    assert ESLINT.is_file(), "run `make node-tools` (npm install of tests/tools) first"
    return subprocess.run([str(ESLINT), *args], cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=120)


def test_eslint_finds_nothing_in_the_sites_scripts():
    result = _eslint("--max-warnings", "0", "generator/assets")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("slip, rule", [
    ("var x = 1;", "no-implicit-globals"),  # outside the script's function: a global
    ("(function () { \"use strict\"; let x = 1; return x; })();", "Parsing error"),  # ES5 only
    ("(function () { \"use strict\"; rp.onPage(); })();", "no-undef"),  # window.rp, never a bare global
    ("(function () { \"use strict\"; if (location.hash == \"\") return; })();", "eqeqeq"),
])
def test_eslint_sees_each_slip(slip, rule):
    result = _eslint("--stdin", "--stdin-filename", "generator/assets/slip.js", stdin=slip)
    assert result.returncode == 1 and rule in result.stdout, result.stdout + result.stderr


def test_every_feature_script_is_short_and_runs_on_the_core():
    assert len(SCRIPTS) >= 8
    for script in SCRIPTS:
        text = script.read_text("utf-8")
        assert len(text.splitlines()) < 300, script.name
        if script.name in ("core.js", HEAD_SCRIPT):
            continue
        code = re.sub(r"^\s*//.*$", "", re.sub(r"/\*.*?\*/", "", text, flags=re.S), flags=re.M)  # what runs, not its comments
        # The page hook, the load-once guard and the address live in core.js alone.
        assert "rp.once(" in code, script.name
        for copy in ("document$", "DOMContentLoaded", "window.__rp", "history.replaceState", "new URLSearchParams", ".sort("):
            assert copy not in code, (script.name, copy)


def test_both_engines_load_the_core_first_and_every_script_once():
    # Both MkDocs and Zensical read extra_javascript from mkdocs.yml (the build's config
    # INHERITs it), in this order; search.js is the head's (generator/theme/main.html).
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=yaml.BaseLoader)
    listed = [Path(entry).name for entry in config["extra_javascript"]]
    assert listed[0] == "core.js"
    assert sorted(listed) == sorted(s.name for s in SCRIPTS if s.name != HEAD_SCRIPT)
    parts = [name for name in listed if name.startswith("checklist")]
    assert parts == ["checklist-ticks.js", "checklist-filters.js", "checklist-copy.js", "checklists.js"]
    assert re.search(r"assets/playbooks/search\.js", (ROOT / "generator" / "theme" / "main.html").read_text("utf-8"))


def test_the_built_pages_load_the_core_before_the_features(sample_site, zensical_site):
    for site in (sample_site, zensical_site):
        page = (site / "vendors" / "index.html").read_text("utf-8")
        scripts = re.findall(r'<script src="[^"]*assets/playbooks/([a-z-]+\.js)"', page)
        assert scripts.index("core.js") < min(scripts.index(name) for name in ("checklists.js", "directory.js", "sortable.js")), scripts
        assert (site / "assets" / "playbooks" / "core.js").is_file()
