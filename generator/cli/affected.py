"""`playbooks affected --base REF`: which pages of the sites a change touches.

The content at the merge base of REF and HEAD is taken from git and rendered beside the
working tree's, both as the internal site in memory (same build date, same generator): every
page whose Markdown differs, appears or disappears is listed by its site path, one per line
(`vendors/lotus-code-works/`, `playbooks/governance/steering-committee/`, `./` for the home
page), and so is every other file that differs (exports, calendars). A vendor file feeds its
profile, checklists, exports and calendar, and the directory or Upcoming page when what they
show changed; a play feeds its page and the checklists of every vendor it applies to.

`--vendors` lists the vendor-facing sites to build instead, by slug: the vendor whose file
changed, or every vendor when something all their sites show changed (a vendor-visible play
or playbook, organization.yml, roles, sources, glossary, images). A change to mkdocs.yml or to
the generator itself may change every page: then every page (and every vendor) is listed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tarfile
import tempfile
from datetime import date
from pathlib import Path

from .. import pipeline
from ..sources.load import Inputs
from ..support.problems import Problem, UserError

# Files outside content/ and playbooks/ whose change can alter every page.
SITE_WIDE = ("mkdocs.yml", "generator/", "pyproject.toml", "requirements.lock")
# Inputs no site shows: the team's rules for contributions.
NOT_SHOWN = ("playbooks/rules.yml", "playbooks/checklist-ids.txt")


def _git(root: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)
    if result.returncode != 0:
        detail = (result.stderr.strip().splitlines() or ["git failed"])[-1]
        raise UserError([Problem("--base", 1, 1, f"git {args[0]} failed: {detail}; run this inside the project's "
                                                 "git repository with a REF it knows, like `origin/main`")])
    return result.stdout


def site_path(docs_path: str) -> str:
    """Where a docs-tree file is served: `vendors/x/index.md` -> `vendors/x/`, `a/b.md` -> `a/b/`."""
    if not docs_path.endswith(".md"):
        return docs_path
    stem = docs_path[: -len(".md")]
    if stem == "index":
        return "./"
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def _base_copy(root: Path, commit: str, into: Path) -> Path:
    """The project's content, playbooks and mkdocs.yml as they were at `commit`."""
    prefix = _git(root, "rev-parse", "--show-prefix").strip()
    wanted = [prefix + name for name in ("content", "playbooks", "mkdocs.yml")]
    present = _git(root, "ls-tree", "--name-only", commit, "--", *wanted).split()
    into.mkdir(parents=True)
    if present:
        archive = subprocess.run(["git", "-C", str(root), "archive", "--format=tar", commit, "--", *present],
                                 capture_output=True, check=True)
        with tempfile.TemporaryFile() as handle:
            handle.write(archive.stdout)
            handle.seek(0)
            with tarfile.open(fileobj=handle) as tar:
                tar.extractall(into, filter="data")  # nothing outside `into`, no devices or links out
    project = into / prefix if prefix else into
    project.mkdir(parents=True, exist_ok=True)
    return project


def _changed_files(root: Path, commit: str) -> list[str]:
    """Paths, relative to the project, changed since `commit` (committed or not, and new files)."""
    prefix = _git(root, "rev-parse", "--show-prefix").strip()
    listed = _git(root, "diff", "--name-only", "--no-renames", commit, "--", ".").splitlines()
    listed += _git(root, "ls-files", "--others", "--exclude-standard", "--full-name", ".").splitlines()
    return sorted({path[len(prefix):] for path in listed if path.startswith(prefix)})


def _render(root: Path, today: date) -> tuple[Inputs, dict[str, bytes]]:
    inputs = pipeline.load_checked(root)
    return inputs, pipeline.render(inputs, today=today).tree


def _site_wide(changed: list[str]) -> bool:
    return any(path == name or (name.endswith("/") and path.startswith(name)) for path in changed for name in SITE_WIDE)


def _vendor_visible(inputs: Inputs, shown: str) -> bool:
    play = next((p for p in inputs.plays if p.path == shown), None)
    if play is not None:
        return isinstance(play.meta.data, dict) and play.meta.data.get("visibility") == "vendor"
    area = next((a for a in inputs.areas.values() if a.path == shown), None)
    if area is not None:
        return area.meta is not None and isinstance(area.meta.data, dict) and area.meta.data.get("visibility") == "vendor"
    return True  # organization, roles, sources, glossary, images: conservatively, every vendor's site


def affected(root: Path, base: str, *, vendors: bool = False) -> list[str]:
    """The site paths (or, with `vendors`, the vendor slugs) the change since `base` affects."""
    root = root.resolve()
    if base.startswith("-") or not base.strip():
        raise UserError([Problem("--base", 1, 1, f"`{base}` is not a git ref (a ref never starts with `-`); give "
                                                 "a branch, tag or commit, like `--base=origin/main`")])
    commit = _git(root, "merge-base", "--end-of-options", base, "HEAD").strip()
    if not re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", commit):
        raise UserError([Problem("--base", 1, 1, f"git merge-base found no common commit of `{base}` and HEAD; "
                                                 "give a REF that shares history with HEAD, like `origin/main`")])
    today = pipeline.build_date()
    head_inputs, head_tree = _render(root, today)
    changed = _changed_files(root, commit)
    scratch = Path(tempfile.mkdtemp(prefix="playbooks-affected-"))
    try:
        try:
            base_inputs, base_tree = _render(_base_copy(root, commit, scratch / "base"), today)
        except UserError:  # the base did not build: then everything is new
            base_inputs, base_tree = None, {}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    everything = _site_wide(changed) or base_inputs is None
    if vendors:
        if everything:
            return sorted(head_inputs.vendors)
        assert base_inputs is not None
        shared = {path for path in set(head_inputs.hashes) | set(base_inputs.hashes)
                  if not path.startswith("content/vendors/") and path not in NOT_SHOWN
                  and head_inputs.hashes.get(path) != base_inputs.hashes.get(path)}
        if any(_vendor_visible(head_inputs, p) or _vendor_visible(base_inputs, p) for p in shared):
            return sorted(head_inputs.vendors)
        return sorted(slug for slug, doc in head_inputs.vendors.items()
                      if head_inputs.hashes.get(doc.path) != base_inputs.hashes.get(doc.path))
    if everything:
        return sorted({site_path(p) for p in head_tree})
    paths = {p for p in set(head_tree) | set(base_tree) if head_tree.get(p) != base_tree.get(p)}
    return sorted({site_path(p) for p in paths})
