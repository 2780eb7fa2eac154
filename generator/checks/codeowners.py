"""CODEOWNERS from `owners:` in content/organization.yml, so that a pull request changing a play
asks the people who own it for a review (GitHub and GitLab read the same syntax).

`owners` maps each `owner` a play or a playbook's index.md names ("Vendor Management Office")
to repository handles or teams. `playbooks codeowners` writes the project's `CODEOWNERS`:
anything a person wrote above the marker line stays; below it, one line per playbook folder
(its index's owner) and per play whose owner differs. `playbooks validate` reports an owner
missing from `owners` (at the play's `owner`) and a CODEOWNERS that no longer matches, so
CI fails until it is written again. A project without `owners:` has neither check.
"""

from __future__ import annotations

from typing import Any

from ..sources.load import Inputs, optional_text
from ..support.problems import Problems, did_you_mean
from .checker import as_dict

FILE = "CODEOWNERS"
MARKER = ("# --- Written by `playbooks codeowners` from `owners:` in content/organization.yml and each play's\n"
          "# `owner`; edit those, not the lines below (`playbooks validate` fails when they are out of date). ---\n")
HEADER = ("# Who reviews a change. Lines above the marker are yours to edit; for the same file, the last\n"
          "# matching line wins.\n")


def owners(inputs: Inputs) -> dict[str, list[str]] | None:
    """The `owners` mapping, or None if the project has none (or its organization file is unusable)."""
    org = inputs.organization
    if org is None or "owners" not in as_dict(org.data):
        return None
    mapping = as_dict(as_dict(org.data).get("owners"))
    return {str(name): [h for h in handles if isinstance(h, str)] for name, handles in mapping.items()
            if isinstance(handles, list)}


def _owned(inputs: Inputs) -> list[tuple[str, str, Any, tuple[str, ...]]]:
    """(CODEOWNERS pattern, owner, document, data path of `owner`) for every area index and play,
    folders before the plays in them."""
    found: list[tuple[str, str, Any, tuple[str, ...]]] = []
    for name in sorted(inputs.areas):
        area = inputs.areas[name]
        owner = as_dict(area.meta.data if area.meta else None).get("owner")
        if isinstance(owner, str) and area.meta is not None:
            found.append((f"/playbooks/{name}/", owner, area.meta, ("owner",)))
        for play in sorted((p for p in inputs.plays if p.area == name), key=lambda p: p.path):
            play_owner = as_dict(play.meta.data).get("owner")
            if isinstance(play_owner, str):
                found.append((f"/{play.path}", play_owner, play.meta, ("owner",)))
    return found


def generated(inputs: Inputs, mapping: dict[str, list[str]]) -> str:
    """The lines below the marker."""
    lines = []
    area_owner: dict[str, str] = {}
    for pattern, owner, _, _ in _owned(inputs):
        handles = mapping.get(owner)
        if not handles:
            continue
        if pattern.endswith("/"):
            area_owner[pattern] = owner
        elif area_owner.get(pattern.rsplit("/", 1)[0] + "/") == owner:
            continue  # the folder's line already says it
        lines.append(f"{pattern} {' '.join(handles)}\n")
    return "".join(lines)


def text(inputs: Inputs, current: str | None) -> str:
    """The whole file as it should be: what a person wrote above the marker, then the generated lines."""
    mapping = owners(inputs) or {}
    above = HEADER
    if current is not None:
        above = current.split(MARKER, 1)[0] if MARKER in current else current
        if above and not above.endswith("\n"):
            above += "\n"
    return above + MARKER + generated(inputs, mapping)


def check(inputs: Inputs, problems: Problems) -> None:
    """Every owner has handles, and CODEOWNERS says what `playbooks codeowners` would write."""
    mapping = owners(inputs)
    if mapping is None or inputs.organization is None or inputs.organization.path in inputs.invalid:
        return  # no owners, or a mapping its schema refused (that problem is reported already)
    for _, owner, document, where in _owned(inputs):
        if owner not in mapping:
            line, column = document.source.at(where)
            problems.add(document.path, line, column,
                         f"owner `{owner}` has no entry under `owners` in content/organization.yml; add its "
                         f"repository handles there, like `{owner}: [\"@team\"]`{did_you_mean(owner, mapping)}")
    found = Problems()
    current = optional_text(inputs, FILE, found)
    problems.extend(found.items)
    if found:
        return
    wanted = text(inputs, current)
    if current is None:
        problems.add(FILE, 1, 1, "CODEOWNERS is missing, so no one is asked to review changes to the plays; "
                                 "run `playbooks codeowners` to write it")
    elif current != wanted:
        have, want = current.splitlines(), wanted.splitlines()
        line = next((n for n, (a, b) in enumerate(zip(have, want), start=1) if a != b), min(len(have), len(want)) + 1)
        problems.add(FILE, line, 1, "CODEOWNERS does not match the plays' owners and `owners` in "
                                    "content/organization.yml; run `playbooks codeowners` to write it again")


def write(inputs: Inputs) -> tuple[bool, str]:
    """Write CODEOWNERS; (whether it changed, its text)."""
    problems = Problems()
    current = optional_text(inputs, FILE, problems)
    problems.raise_if_any()
    wanted = text(inputs, current)
    if current == wanted:
        return False, wanted
    (inputs.root / FILE).write_text(wanted, "utf-8")
    return True, wanted
