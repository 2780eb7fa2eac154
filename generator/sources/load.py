"""Finds and reads every input file of a project and checks each against its schema.

A project folder holds `content/organization.yml`, `content/vendors/<slug>.yml`,
`playbooks/roles.yml`, `playbooks/sources.yml`, `playbooks/glossary.yml`, `playbooks/rules.yml`
(what every play must have), `playbooks/checklist-ids.txt` (read by ledger.py) and
`playbooks/<area>/<play>.md` (with an optional `playbooks/<area>/index.md` introducing the
area), and images beside the plays. This step knows file names and formats only; cross-file
rules live in `validate.py`. Every file is read through `project_files` (inside the project,
regular, bounded) and images are checked by `images`, once, here.

Vendor files, most of the input of a large portfolio, are parsed on every core (workers.py)
while this process reads the rest; parses and schema checks are kept in the build cache by
file content.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from . import images, project_files, schema_check
from ..support import workers
from ..support.cache import ParsedFiles, allow, digest
from .frontmatter import MarkdownFile, split
from ..support.problems import Problems, did_you_mean
from .yaml_loader import MAX_BYTES, SourceMap, check_text, parse, read_text
from .yaml_loader import Document as Document  # a parsed file, as the loaded project (Inputs) holds it

allow(Document, SourceMap, MarkdownFile)  # what the build cache keeps of a file (_remember)

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
MAX_MARKDOWN_BYTES = 1024 * 1024
# The files beside the playbook folders: read here, but the ledger of checklist ids, which
# ledger.py reads.
PLAYBOOK_FILES = ("roles.yml", "sources.yml", "glossary.yml", "rules.yml", "checklist-ids.txt")
ASSET_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".pdf"}


@dataclass
class PlayFile:
    path: str  # display path, e.g. playbooks/governance/steering-committee.md
    area: str
    stem: str
    meta: Document
    body: str
    body_line: int


@dataclass
class AreaFile:
    name: str
    path: str | None
    meta: Document | None
    body: str
    body_line: int


@dataclass
class Inputs:
    """Everything read from a project, each file schema-checked; None where unreadable.

    Files that parsed but failed their schema are kept (and listed in `invalid`) so that
    the cross-file checks can still report what else is wrong in them; nothing is built
    from a project with any problem.
    """

    root: Path
    organization: Document | None = None
    roles: Document | None = None
    sources: Document | None = None
    glossary: Document | None = None
    rules: Document | None = None  # playbooks/rules.yml: what every play must have (play_rules)
    vendors: dict[str, Document] = field(default_factory=dict)  # slug -> document
    areas: dict[str, AreaFile] = field(default_factory=dict)
    plays: list[PlayFile] = field(default_factory=list)
    assets: dict[str, bytes] = field(default_factory=dict)  # docs-relative path -> the image's bytes, checked
    invalid: set[str] = field(default_factory=set)  # display paths that failed their schema
    unreadable_plays: set[str] = field(default_factory=set)  # file stems of plays whose front matter failed
    files: dict[str, Path] = field(default_factory=dict)  # display path -> file, for every input
    hashes: dict[str, str] = field(default_factory=dict)  # display path -> hash of its bytes
    cache: ParsedFiles | None = None  # parses and schema checks of earlier runs, by file content
    jobs: int = 1  # the processes vendor files were parsed in (workers.py)
    project: project_files.Project = field(init=False, repr=False)  # reads every file, under its rule

    def __post_init__(self) -> None:
        self.project = project_files.Project(self.root)


def display(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:  # pragma: no cover - inputs always live under the root
        return path.as_posix()


def _read(inputs: Inputs, path: Path, problems: Problems, limit: int) -> bytes | None:
    """The bytes of one input file, recorded with their hash; None (and a problem) if refused."""
    shown = display(inputs.root, path)
    try:
        raw = inputs.project.read(path, limit)
    except project_files.Refused as refused:
        problems.add(shown, 1, 1, str(refused))
        return None
    inputs.files[shown] = path
    inputs.hashes[shown] = digest(raw)
    return raw


def optional_text(inputs: Inputs, shown: str, problems: Problems) -> str | None:
    """The text of a project file that may be absent (`shown`, relative to the project), read
    as every input is; None if it is absent, or refused or not UTF-8 (then with a problem)."""
    path = inputs.root / shown
    if not os.path.lexists(path):
        return None
    try:
        raw = inputs.project.read(path, MAX_BYTES)
    except project_files.Refused as refused:
        problems.add(shown, 1, 1, str(refused))
        return None
    return read_text(raw, shown, problems)


def _recalled(inputs: Inputs, kind: str, shown: str) -> tuple[Any, list[Any]] | None:
    """The result and problems of reading this file's current bytes in an earlier run."""
    return inputs.cache.recall(kind, shown, inputs.hashes[shown]) if inputs.cache is not None else None


def _keep(inputs: Inputs, kind: str, shown: str, result: Any, found: list[Any]) -> None:
    if inputs.cache is not None:
        inputs.cache.keep(kind, shown, inputs.hashes[shown], result, found)


def _remember(inputs: Inputs, kind: str, shown: str, problems: Problems, compute: Callable[[Problems], Any]) -> Any:
    """`compute(problems)` for this file's current bytes, or its result from an earlier run."""
    hit = _recalled(inputs, kind, shown)
    if hit is not None:
        result, found = hit
        problems.extend(found)
        return result
    local = Problems()
    result = compute(local)
    problems.extend(local.items)
    _keep(inputs, kind, shown, result, local.items)
    return result


def _yaml_file(inputs: Inputs, path: Path, schema: str, problems: Problems, *, required: bool) -> Document | None:
    shown = display(inputs.root, path)
    if not os.path.lexists(path):
        if required:
            problems.add(shown, 1, 1, f"missing file: create `{shown}` (see docs/editing.md for its fields)")
        return None
    raw = _read(inputs, path, problems, MAX_BYTES)
    if raw is None:
        return None

    def compute(local: Problems) -> tuple[Document | None, bool]:
        return _checked(_parsed(raw, shown, local), shown, schema, local)

    result: tuple[Document | None, bool] = _remember(inputs, f"yaml:{schema}", shown, problems, compute)
    document, valid = result
    if not valid:
        inputs.invalid.add(shown)  # kept: validate.py still checks what it can
    return document


def _parsed(raw: bytes, shown: str, local: Problems) -> Document | None:
    text = read_text(raw, shown, local)
    return parse(text, shown, local, positions=False) if text is not None else None


def _checked(document: Document | None, shown: str, schema: str, local: Problems) -> tuple[Document | None, bool]:
    if document is None:
        return None, True
    if document.data is None:
        local.add(shown, 1, 1, "the file is empty; see docs/editing.md for the fields it needs")
        return None, True
    return document, schema_check.check(document, schema, local)


def _parse_one(item: tuple[str, bytes]) -> tuple[Document | None, list[Any]]:
    """In a worker: one vendor file parsed, and the problems that took."""
    local = Problems()
    return _parsed(item[1], item[0], local), local.items


def _markdown_file(inputs: Inputs, path: Path, schema: str, problems: Problems) -> tuple[MarkdownFile | None, bool]:
    """A play or playbook index: its front matter checked against `schema`, and its body."""
    shown = display(inputs.root, path)
    raw = _read(inputs, path, problems, MAX_MARKDOWN_BYTES)
    if raw is None:
        return None, True

    def compute(local: Problems) -> tuple[MarkdownFile | None, bool]:
        text = read_text(raw, shown, local)
        parts = split(text, shown, local) if text is not None else None
        if parts is not None:
            check_text(parts.body, shown, local, parts.body_line)
        if parts is None or parts.meta is None:
            return parts, True
        return parts, schema_check.check(parts.meta, schema, local)

    parts, valid = _remember(inputs, f"markdown:{schema}", shown, problems, compute)
    if not valid:
        inputs.invalid.add(shown)
    return parts, valid


def load(root: Path, problems: Problems, cache: ParsedFiles | None = None) -> Inputs:
    root = root.resolve()
    inputs = Inputs(root=root, cache=cache)
    content, playbooks = root / "content", root / "playbooks"
    for folder in (content, playbooks):
        if not folder.is_dir():
            problems.add(display(root, folder), 1, 1, f"missing folder `{folder.name}/`: is `{root}` a project folder? (use --root)")
        else:
            _inside(inputs, folder, problems)  # refused if it leads out of the project
    if problems:
        return inputs

    def everything_else() -> None:
        inputs.organization = _yaml_file(inputs, content / "organization.yml", "organization", problems, required=True)
        inputs.roles = _yaml_file(inputs, playbooks / "roles.yml", "roles", problems, required=True)
        inputs.sources = _yaml_file(inputs, playbooks / "sources.yml", "sources", problems, required=False)
        inputs.glossary = _yaml_file(inputs, playbooks / "glossary.yml", "glossary", problems, required=False)
        inputs.rules = _yaml_file(inputs, playbooks / "rules.yml", "rules", problems, required=False)
        _load_playbooks(inputs, playbooks, problems)

    # Vendor files are parsed on every core while this process reads everything else (see
    # _load_vendors).
    _load_vendors(inputs, content / "vendors", problems, meanwhile=everything_else)
    return inputs


def _inside(inputs: Inputs, folder: Path, problems: Problems) -> list[Path] | None:
    """The entries of a folder of the project, or None (and a problem) if it leads out of it."""
    try:
        return inputs.project.entries(folder)
    except project_files.Refused as refused:
        problems.add(display(inputs.root, folder), 1, 1, str(refused))
        return None


def _vendor_files(inputs: Inputs, listing: list[Path], problems: Problems) -> list[tuple[str, str, bytes]]:
    """The files of content/vendors/ named by a slug, each slug once: slug, display path, bytes."""
    seen: dict[str, str] = {}  # lower-cased slug -> display path of its first file
    files: list[tuple[str, str, bytes]] = []  # slug, display path, bytes
    for path in listing:
        shown = display(inputs.root, path)
        if path.name.startswith("."):
            continue
        if path.suffix not in (".yml", ".yaml"):
            if not path.is_dir():  # other folders may hold anything; a folder named *.yml is refused when read
                problems.add(shown, 1, 1, "only vendor files (`<slug>.yml`) belong in content/vendors/; move or rename this file")
            continue
        slug = path.stem
        if not SLUG.match(slug):
            problems.add(
                shown, 1, 1,
                f"the file name `{path.name}` is the vendor's slug and must be lower-case letters, digits and dashes "
                f"(at most 64, no dash at either end): {_renaming(slug)}",
            )
        key = slug.lower()
        if key in seen:
            problems.add(
                shown, 1, 1,
                f"vendor slug `{slug}` is already used by `{seen[key]}` (slugs must be unique, ignoring case "
                "and the .yml/.yaml extension): rename or merge one of them",
            )
            continue
        seen[key] = shown
        raw = _read(inputs, path, problems, MAX_BYTES)
        if raw is not None:
            files.append((slug, shown, raw))
    return files


def _load_vendors(inputs: Inputs, folder: Path, problems: Problems, meanwhile: Callable[[], None]) -> None:
    if not folder.is_dir():
        problems.add(display(inputs.root, folder), 1, 1, "missing folder `content/vendors/`: add one YAML file per vendor")
    listing = _inside(inputs, folder, problems) if folder.is_dir() else None
    if listing is None:
        meanwhile()
        return
    files = _vendor_files(inputs, listing, problems)

    # Vendor files are most of the input of a large portfolio: parse those the cache does not
    # hold on every core (workers.py), while this process compiles the vendor schema's
    # validator and does `meanwhile` (other validators compile when a file needs them).
    kind = "yaml:vendor"  # as _yaml_file keys a file read with the vendor schema
    results: dict[str, tuple[tuple[Document | None, bool], list[Any]]] = {}
    todo = []
    for slug, shown, raw in files:
        hit = _recalled(inputs, kind, shown)
        if hit is not None:
            results[shown] = hit
        else:
            todo.append((shown, raw))

    with workers.start(_parse_one, todo) as run:
        schema_check.expect("vendor", len(todo))  # compiled while the workers parse, if that pays
        meanwhile()
        parsed = run.results()
    inputs.jobs = run.jobs
    for (shown, _), (document, found) in zip(todo, parsed):
        local = Problems(list(found))
        result = _checked(document, shown, "vendor", local)
        results[shown] = (result, list(local.items))
        _keep(inputs, kind, shown, result, local.items)
    for slug, shown, _ in files:
        (document, valid), found = results[shown]
        problems.extend(found)
        if not valid:
            inputs.invalid.add(shown)  # kept: validate.py still checks what it can
        if document is not None and SLUG.match(slug) and isinstance(document.data, dict):
            inputs.vendors[slug] = document


def _renaming(slug: str) -> str:
    """How to rename a vendor file whose name is not a slug: a valid slug, never the name itself."""
    fixed = re.sub(r"[^a-z0-9-]+", "-", slug.lower()).strip("-")[:64].rstrip("-")
    if fixed and SLUG.match(fixed) and fixed != slug:
        return f"rename it to `{fixed}.yml`"
    return "rename it after the vendor, like `acme-corp.yml`"


def _load_playbooks(inputs: Inputs, folder: Path, problems: Problems) -> None:
    for entry in _inside(inputs, folder, problems) or []:
        shown = display(inputs.root, entry)
        if entry.name.startswith(".") or entry.name.startswith("_"):
            continue
        if not entry.is_dir():  # files, and anything else that is no folder (read by name, or refused)
            if entry.name not in PLAYBOOK_FILES:
                guess = did_you_mean(entry.name, PLAYBOOK_FILES)
                problems.add(shown, 1, 1, f"plays live in a folder per playbook (`playbooks/<area>/<play>.md`); move this file{guess}")
            continue
        area = entry.name
        if not SLUG.match(area):
            problems.add(shown, 1, 1, f"playbook folder `{area}` must be named with lower-case letters, digits and dashes")
            continue
        _load_area(inputs, area, entry, problems)


def _load_area(inputs: Inputs, area: str, folder: Path, problems: Problems) -> None:
    found, refused = inputs.project.walk(folder)
    for path, why in refused.items():
        problems.add(display(inputs.root, path), 1, 1, str(why))
    if folder in refused:
        return
    index = folder / "index.md"
    area_file = AreaFile(area, None, None, "", 1)
    if index in found:
        parts, valid = _markdown_file(inputs, index, "area", problems)
        if parts is not None:
            area_file = AreaFile(area, display(inputs.root, index), parts.meta if valid else None, parts.body, parts.body_line)
    inputs.areas[area] = area_file
    for path in found:
        if path == index:
            continue
        shown = display(inputs.root, path)
        if path.suffix.lower() in ASSET_SUFFIXES:
            _load_image(inputs, f"playbooks/{area}/{path.relative_to(folder).as_posix()}", path, problems)
            continue
        if path.suffix != ".md":
            problems.add(shown, 1, 1, "only plays (`.md`) and images belong in a playbook folder; move this file")
            continue
        if path.parent != folder:
            problems.add(shown, 1, 1, f"plays sit directly in `playbooks/{area}/`; move this file up")
            continue
        if not SLUG.match(path.stem):
            problems.add(shown, 1, 1, "a play's file name must be lower-case letters, digits and dashes, like `weekly-sync.md`")
            continue
        parts, _ = _markdown_file(inputs, path, "play", problems)
        if parts is None or parts.meta is None:
            inputs.unreadable_plays.add(path.stem)
            continue
        inputs.plays.append(PlayFile(shown, area, path.stem, parts.meta, parts.body, parts.body_line))


def _load_image(inputs: Inputs, relative: str, path: Path, problems: Problems) -> None:
    """An image beside the plays, kept (under its docs-relative path) if it is safe to publish."""
    shown = display(inputs.root, path)
    try:
        data = inputs.project.read(path, images.MAX_IMAGE_BYTES, advice="make the image smaller")
    except project_files.Refused as refused:
        problems.add(shown, 1, 1, str(refused))
        return
    # Hashed as every other input is (`_read`): `affected` and the build cache compare them.
    inputs.files[shown] = path
    inputs.hashes[shown] = digest(data)
    wrong = images.check(path.suffix, data)
    for line, column, message in wrong:
        problems.add(shown, line, column, message)
    if not wrong:
        inputs.assets[relative] = data
