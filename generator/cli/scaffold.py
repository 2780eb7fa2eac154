"""`playbooks new vendor SLUG` and `playbooks new play AREA/ID`: files to start from.

A new vendor file passes `playbooks validate` at once: every required field holds a value
marked "change", the optional fields are listed in comments, and its first line points
editors at the schema. A new play has its front matter and every section heading the
project's rules ask for; `playbooks validate` then lists what is still to write, at its lines,
in that file only. Both refuse an id that is malformed or taken, and write nothing then.
"""

from __future__ import annotations

import os
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from ..sources import project_files
from ..sources.load import SLUG, Inputs, load
from ..checks.play_rules import Rules
from ..support.problems import Problem, Problems, UserError, did_you_mean, one_of
from ..support.schema_files import schemas

SCHEMA_FOLDER = Path(__file__).resolve().parent.parent / "schemas"
DEFAULT_SECTIONS = ["What", "Why", "When", "Who takes part", "Steps", "Pitfalls", "Variations"]


def schema_line(file: Path, schema: str) -> str:
    """`# yaml-language-server: $schema=...`: the schema, relative to the file it is the first line of."""
    relative = os.path.relpath(SCHEMA_FOLDER / f"{schema}.schema.json", file.parent)
    return f"# yaml-language-server: $schema={Path(relative).as_posix()}\n"


def _refuse(path: str, message: str) -> UserError:
    return UserError([Problem(path, 1, 1, message)])


def _write_new(root: Path, path: Path, shown: str, text: str) -> None:
    """Write a new file of the project, under the rule for reading one (project_files.py): its
    folder, links followed, must lie inside the project, and the file must not exist yet (a
    symbolic link in its place is not followed either)."""
    try:
        project_files.Project(root).inside(path.parent)
    except project_files.Refused:
        raise _refuse(Path(shown).parent.as_posix(), f"this folder leads outside the project, to "
                      f"`{os.path.realpath(path.parent)}`: playbooks writes only inside the project folder; make it "
                      "a real folder of the project instead of a link") from None
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except FileExistsError:
        raise _refuse(shown, "this file already exists; edit it, or pick another name") from None
    with open(handle, "w", encoding="utf-8") as file:
        file.write(text)


def _read(root: Path) -> Inputs:
    """The project as it is, mistakes and all: a new file does not wait for other fixes."""
    return load(root, Problems())


def _title(slug: str) -> str:
    return " ".join(word.capitalize() for word in slug.split("-"))


def _quoted(text: str) -> str:
    """A YAML single-quoted scalar: nothing in it is special but the quote, written twice."""
    return "'" + text.replace("'", "''") + "'"


def _lines(rows: list[tuple[str, str]], column: int = 33) -> str:
    """YAML lines with their comments lined up; a row without code is a comment line of its own,
    one of a single space continues the comment above."""
    out = []
    for code, comment in rows:
        if not code:
            out.append(f"# {comment}\n")
        elif not comment:
            out.append(f"{code}\n")
        else:
            shown = "" if code == " " else code
            out.append(f"{shown}{' ' * max(1, column - len(shown))}# {comment}\n")
    return "".join(out)


def _choices(definition: Any) -> str:
    return " | ".join(str(c) for c in definition["enum"])


def new_vendor(root: Path, slug: str, name: str | None = None) -> Path:
    """Write content/vendors/SLUG.yml; refuse a malformed or taken slug."""
    folder = root / "content" / "vendors"
    shown = f"content/vendors/{slug}.yml"
    if not SLUG.match(slug):
        raise _refuse(shown, f"`{slug}` is not a vendor slug: use lower-case letters, digits and dashes "
                             "(at most 64, no dash at either end), like `acme-corp`")
    if not folder.is_dir():
        raise _refuse("content/vendors", f"no folder content/vendors/ in {root}: is it a project folder? (use --root)")
    taken = [p.name for p in folder.iterdir() if p.suffix in (".yml", ".yaml") and p.stem.lower() == slug]
    if taken:
        raise _refuse(f"content/vendors/{taken[0]}", f"vendor `{slug}` already exists; edit this file, or pick another slug")
    inputs = _read(root)
    org: dict[str, Any] = inputs.organization.data if inputs.organization and isinstance(inputs.organization.data, dict) else {}
    vendor = schemas()["vendor"]
    defaults: dict[str, Any] = org["defaults"] if isinstance(org.get("defaults"), dict) else {}
    people = [p for p in org.get("people") or [] if isinstance(p, dict) and isinstance(p.get("id"), str)]
    ours = next((p["id"] for p in people if "spoc" in (p.get("roles") or [])), people[0]["id"] if people else "person-id")
    zone = org.get("timezone") if isinstance(org.get("timezone"), str) else "Europe/Berlin"
    shown_name = name or _title(slug)
    if not shown_name.strip() or len(shown_name) > 200 or not shown_name.isprintable():
        raise _refuse(shown, "--name must be the vendor's name on one line, at most 200 characters")
    path = folder / f"{slug}.yml"
    if "spoc" in defaults:
        team = [("# our_team:", "who on our side works with them, by role; our SPOC is"),
                (f"#   spoc: {ours}", f"`{defaults['spoc']}` by default (content/organization.yml)")]
    else:
        team = [("our_team:", ""), (f"  spoc: {ours}", "change: our single point of contact, an id from content/organization.yml")]
    text = schema_line(path, "vendor") + _lines([
        ("", f"Written by `playbooks new vendor {slug}`: replace each value marked \"change\", then run"),
        ("", "`playbooks validate`. docs/editing.md (\"Adding a vendor\") and the schema describe every field."),
        (f"name: {_quoted(shown_name)}", "change: the vendor's name as it should appear"),
        ("tier: tactical", _choices(vendor["properties"]["tier"])),
        ("status: onboarding", _choices(vendor["properties"]["status"])),
        ("services:", ""),
        ("  - id: main", ""),
        ("    name: Main service", "change: what they do for us"),
        ("    type: software-development", "change: one of"),
        (" ", _choices(vendor["$defs"]["service_type"])),
        ("working_hours:", ""),
        (f"  timezone: {zone}", "change: their IANA time zone, like Asia/Manila (never PHT or UTC+8)"),
        ("  days: [mon, tue, wed, thu, fri]", ""),
        ('  start: "09:00"', "in quotes: unquoted, YAML reads 18:30 as the number 1110 (minutes, base 60)"),
        ('  end: "17:00"', ""),
        ("contacts:", ""),
        ("  - id: spoc", ""),
        ("    name: To be named", "change: their single point of contact"),
        ("    roles: [spoc]", "exactly one contact holds `spoc`"),
        ("    # title: Delivery Manager", ""),
        ("    # email: name@vendor.example", ""),
        *team,
        ("", "Optional, see docs/editing.md and the sample vendors: short_name, summary, since, location, website,"),
        ("", "escalation, governance (meetings), performance (objectives, SLAs, KPIs), contract,"),
        ("", "communication, culture, holidays, capacity, assessment, onboarding, exit, plays (add/skip)."),
    ])
    _write_new(root, path, shown, text)
    return path


def new_play(root: Path, target: str, today: date) -> Path:
    """Write playbooks/AREA/ID.md; refuse a malformed or taken id, or an area that does not exist."""
    area, _, play_id = target.partition("/")
    shown = f"playbooks/{target}.md"
    if not play_id or "/" in play_id or not SLUG.match(area) or not SLUG.match(play_id):
        raise _refuse(shown, f"`{target}` is not `AREA/ID`: the playbook's folder and the play's id, each lower-case "
                             "letters, digits and dashes, like `governance/weekly-sync`")
    inputs = _read(root)
    if area not in inputs.areas:
        areas = sorted(inputs.areas)
        raise _refuse(f"playbooks/{area}", f"no playbook `{area}`{did_you_mean(area, areas)}"
                      + (f"; the playbooks are {one_of(areas)}" if areas else "; create playbooks/AREA/index.md first"))
    for play in inputs.plays:
        if play.stem == play_id or (isinstance(play.meta.data, dict) and play.meta.data.get("id") == play_id):
            raise _refuse(play.path, f"play id `{play_id}` is already used by this play; play ids are unique "
                                     "across playbooks: pick another")
    path = root / "playbooks" / area / f"{play_id}.md"
    if os.path.lexists(path):
        raise _refuse(shown, "this file already exists; edit it, or pick another id")
    index = inputs.areas[area].meta
    owner = index.data.get("owner") if index is not None and isinstance(index.data, dict) else None
    if not isinstance(owner, str):  # the owner most plays name, as a start
        named = Counter(p.meta.data.get("owner") for p in inputs.plays if isinstance(p.meta.data, dict))
        named.pop(None, None)
        owner = named.most_common(1)[0][0] if named else "Owner to be named"
    rules = Rules.of(inputs.rules.data if inputs.rules is not None else None)
    sections = rules.sections or DEFAULT_SECTIONS
    low, high = rules.items
    body = "".join(f"## {name}\n\n" for name in sections)
    items = f"{low} to {high} items" if low and high else "items"
    text = "---\n" + _lines([
        (f"id: {play_id}", "stable: readers' checklist ticks are saved under it"),
        (f"title: {_quoted(_title(play_id))}", ""),
        ('summary: ""', "one sentence: what the play is for"),
        ("audience: [client-team]", "client-team | vendor-staff | vendor-management | leadership"),
        (f"owner: {_quoted(str(owner))}", ""),
        (f'last_reviewed: "{today.isoformat()}"', ""),
        ("review_every: 6 months", ""),
        ("# visibility: vendor", "plays are internal unless marked `vendor`"),
        ("# applies_to: {tiers: [strategic], statuses: [active], services: [software-development]}", ""),
        ("# cadence: weekly", ""),
        ("checklist: []", f"{items}, each: {{id, text, owner: our-<role> | vendor-<role>,"),
        (" ", " phase: before-day-1 | week-1 | month-1 | recurring}"),
        ("related: []", "ids of the plays a reader goes to next"),
        ("sources: []", "ids from playbooks/sources.yml"),
    ]) + "---\n" + body
    _write_new(root, path, shown, text.rstrip("\n") + "\n")
    return path
