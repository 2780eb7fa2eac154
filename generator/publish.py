"""Replaces the published site folder with a freshly built one, whole, or not at all.

The new site is moved next to the target first (copied if it lives on another file system),
then the old folder is renamed away and the new one renamed into place, and only then is the
old one deleted. A build that fails never gets here, so the previous site stays as it was;
one that succeeds leaves no file of the previous site behind.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .problems import Problem, UserError

# What a folder we may replace contains: a built site, or the vendor sites of --all-vendors.
_SITE_MARKERS = ("index.html", "sitemap.xml", "404.html", "search", ".playbooks-vendor-sites")


def check_target(target: Path, root: Path) -> None:
    """Refuse to replace a folder that is not a built site, or that holds the project."""
    target = target.resolve()
    root = root.resolve()
    protected = [root, root / "content", root / "playbooks", root / "generator", root / "tests", root / "build"]
    if target in protected or target in root.parents or any(p in target.parents for p in protected[1:]):
        raise UserError([Problem(str(target), 1, 1, "refusing to publish here: this folder holds the project or its sources; pick another --site-dir")])
    if target.exists():
        if not target.is_dir():
            raise UserError([Problem(str(target), 1, 1, "the site folder is a file; remove it or pick another --site-dir")])
        entries = {p.name for p in target.iterdir()}
        if entries and not entries & set(_SITE_MARKERS):
            raise UserError([Problem(
                str(target), 1, 1,
                "refusing to replace a folder that does not look like a built site (no index.html); "
                "empty it yourself or pick another --site-dir",
            )])


def replace(built: Path, target: Path) -> None:
    target = target.resolve()
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    incoming = parent / f".{target.name}.incoming-{os.getpid()}"
    outgoing = parent / f".{target.name}.outgoing-{os.getpid()}"
    for leftover in (incoming, outgoing):
        if leftover.exists():
            shutil.rmtree(leftover)
    try:
        os.rename(built, incoming)
    except OSError:  # another file system: copy instead
        shutil.copytree(built, incoming, symlinks=True)
        shutil.rmtree(built)
    if target.exists():
        os.rename(target, outgoing)
    os.rename(incoming, target)
    if outgoing.exists():
        shutil.rmtree(outgoing)
