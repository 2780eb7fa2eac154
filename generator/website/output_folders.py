"""The one rule for which folders this tool may write over, replace or delete.

`generate` makes a docs tree hold exactly what it generated, and `build` swaps a new site in
for the old one: both delete files. They may do so only in a folder this tool made, and only
files it made. Such a folder carries a manifest, `.playbooks-manifest.json`, that this tool
writes and that lists every file it put there. So a folder may be written over when:

- it does not exist yet, or holds no files at all; or
- it holds the manifest, and every file in it is listed there (files an operating system
  drops into folders it shows, such as `.DS_Store`, do not count).

Anything else (a home folder, a repository, a site with a `CNAME` or a `.git` someone added)
is refused with a problem that names what is in the way; nothing is touched.

The project's own work folder, `build/`, must be a real folder inside the project: a symbolic
link there (it could be committed to a repository) would send deletions elsewhere.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, NoReturn

from ..support.problems import Problem, UserError

MANIFEST = ".playbooks-manifest.json"
MADE_BY = "playbooks"
# Files operating systems create in folders a person browses: harmless to delete.
_OS_FILES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini", "Desktop.ini"})
# Files only this tool writes into a site or a folder of vendor sites: how one built by an
# earlier version, which wrote no manifest, is recognised, to say so in the message.
_EARLIER = ("assets/playbooks/checklists.js", ".playbooks-vendor-sites")

Entries = dict[str, list[Any]]  # relative path -> what the writer keeps about it ([] for sites)


def files_in(folder: Path) -> list[str]:
    """Every entry of `folder` that is not a directory (files, symbolic links, special files),
    as sorted relative POSIX paths. Symbolic links are listed, never followed."""
    found = []
    for here, folders, files in os.walk(folder):
        relative = Path(here).relative_to(folder).as_posix()
        prefix = "" if relative == "." else relative + "/"
        for name in folders[:]:
            if os.path.islink(os.path.join(here, name)):  # os.walk would not descend; list it
                found.append(prefix + name)
                folders.remove(name)
        found.extend(prefix + name for name in files)
    return sorted(found)


def read_manifest(folder: Path) -> Entries | None:
    """The files this tool listed as its own in `folder`, or None if it has no manifest.

    Earlier versions wrote a docs tree's manifest as a bare {path: [size, mtime, hash]}."""
    path = folder / MANIFEST
    if path.is_symlink() or not path.is_file():
        return None
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    files = data.get("files") if data.get("made-by") == MADE_BY else data
    if not isinstance(files, dict):
        return None
    return {str(k): v if isinstance(v, list) else [] for k, v in files.items()}


def write_manifest(folder: Path, entries: Entries) -> None:
    text = json.dumps({"made-by": MADE_BY, "files": entries}, sort_keys=True)
    path = folder / MANIFEST
    try:
        if path.read_text("utf-8") == text:
            return
    except OSError:
        pass
    temporary = folder / f".{MANIFEST}.{os.getpid()}.tmp"
    temporary.write_text(text, "utf-8")
    os.replace(temporary, path)


def seal(folder: Path) -> None:
    """Record every file now in `folder` (a finished site) as this tool's own."""
    write_manifest(folder, {name: [] for name in files_in(folder) if name != MANIFEST})


def claim(folder: Path, *, option: str) -> Entries:
    """The manifest's entries if this tool may write over `folder` (see the module docstring);
    otherwise a UserError naming what is in the way. `option` is the command-line option that
    chose the folder (`--site-dir`, `--out`), or "" for a folder inside the project's build/."""
    return claim_files(folder, option=option)[0]


def claim_files(folder: Path, *, option: str) -> tuple[Entries, list[str]]:
    """`claim`, and every file now in the folder (as `files_in` lists them): all this tool's
    own, or files operating systems drop there."""
    other = f"pick another {option}" if option else "delete the project's build/ folder and run again"
    if folder.is_symlink():
        _refuse(folder, f"is a symbolic link; give the real folder it points to, or {other}")
    if not folder.exists():
        return {}, []
    if not folder.is_dir():
        _refuse(folder, f"is a file, not a folder; remove it or {other}")
    everything = files_in(folder)
    present = [name for name in everything if name != MANIFEST and name.rsplit("/", 1)[-1] not in _OS_FILES]
    entries = read_manifest(folder)
    if not present:
        return entries or {}, everything
    if entries is None:
        if any(name in present for name in _EARLIER):
            _refuse(folder, "was built by an earlier version of playbooks, which did not mark the folders it made; "
                    f"delete it once (`rm -r {folder}`) and build again")
        _refuse(folder, f"holds files this tool did not write ({_some(present)}) and it never replaces or deletes "
                f"what it did not make; empty the folder yourself or {other}")
    strangers = [name for name in present if name not in entries]
    if strangers:
        _refuse(folder, f"holds files this tool did not write ({_some(strangers)}), and a build would delete them; "
                f"move them out or {other}")
    return entries, everything


def work_folder(root: Path) -> Path:
    """The project's `build/` folder (created if missing), refused if it is not a real folder."""
    folder = root / "build"
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        _refuse(folder, "must be a real folder inside the project, where playbooks keeps its work files; "
                "remove this symbolic link or file")
    folder.mkdir(exist_ok=True)
    return folder


def _some(names: list[str]) -> str:
    shown = ", ".join(f"`{name}`" for name in names[:3])
    return shown + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def _refuse(folder: Path, message: str) -> NoReturn:
    raise UserError([Problem(str(folder), 1, 1, f"this folder {message}")])
