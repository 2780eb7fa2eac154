"""The project's settings: the few keys of mkdocs.yml the generator itself reads, typed.

The engine reads the whole file when it builds; the generator needs only the site's name and
address, where pages are edited, and the Markdown extensions (to render inline text as the
engine will). Read as every project file is (project_files), no deeper than the loader's
nesting limit, tolerant of the tags MkDocs allows (`!ENV`, `!!python/name`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

import yaml

from . import project_files
from ..support.problems import Problem, Problems, UserError
from .yaml_loader import MAX_BYTES, check_nesting, read_text


@dataclass(frozen=True)
class ProjectSettings:
    """What mkdocs.yml says that the generator uses (`read` gives the defaults for absent keys)."""

    site_name: str = "Playbooks"
    site_url: str | None = None  # None when absent or empty
    repo_url: str | None = None
    edit_uri: str | None = None  # "" means no edit links
    markdown_extensions: tuple[object, ...] = ()  # as written: names, or {name: options}

    @property
    def edit_base(self) -> str | None:
        """Where a page's source is edited: edit_uri when it is a whole address, else under repo_url."""
        if not self.repo_url or self.edit_uri is None or self.edit_uri == "":
            return None
        if self.edit_uri.startswith(("http://", "https://")):
            return self.edit_uri
        return self.repo_url.rstrip("/") + "/" + self.edit_uri.strip("/")

    @classmethod
    def of(cls, data: Mapping[str, object]) -> ProjectSettings:
        """The settings in a parsed mkdocs.yml (values other than text are read as MkDocs prints them)."""
        url, repo, edit = (data.get(key) for key in ("site_url", "repo_url", "edit_uri"))
        extensions = data.get("markdown_extensions")
        return cls(
            site_name=str(data.get("site_name", "Playbooks")),
            site_url=str(url) if url else None,
            repo_url=str(repo) if repo else None,
            edit_uri=None if edit is None else str(edit),
            markdown_extensions=tuple(extensions) if isinstance(extensions, list) else (),
        )


def read(root: Path) -> ProjectSettings:
    """The settings of the project at `root`; UserError if mkdocs.yml is missing or unreadable."""
    path = root / "mkdocs.yml"
    if not os.path.lexists(path):
        raise UserError([Problem("mkdocs.yml", 1, 1, "missing mkdocs.yml: the project's site configuration (see README.md)")])
    problems = Problems()
    text: str | None = None
    try:
        text = read_text(project_files.Project(root).read(path, MAX_BYTES), "mkdocs.yml", problems)
    except project_files.Refused as refused:
        problems.add("mkdocs.yml", 1, 1, str(refused))
    if text is not None:
        check_nesting(text, "mkdocs.yml", problems)  # PyYAML's own loader recurses: deep nesting overflows
    if text is None or problems:
        raise UserError(problems.sorted())

    class _Tolerant(yaml.SafeLoader):
        pass

    # mkdocs.yml may hold !ENV and !!python/name tags; the generator only needs plain keys.
    _Tolerant.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        data = yaml.load(text, Loader=_Tolerant) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise UserError([Problem("mkdocs.yml", (mark.line + 1) if mark else 1, (mark.column + 1) if mark else 1, f"YAML syntax error: {getattr(error, 'problem', error)}")]) from None
    return ProjectSettings.of(data if isinstance(data, dict) else {})
