"""The ledger of checklist item ids: `playbooks/checklist-ids.txt`.

Readers' ticks are saved in their browsers under each item's `play-id/item-id`, so an id
that is renamed or removed silently erases everyone's progress on it. The ledger lists every
id ever published, one `play-id/item-id` per line, sorted; `playbooks validate` reports an id
the plays no longer have (at its line of the ledger) and an item the ledger does not list yet
(at the item's id in the play), and `playbooks ids --update` adds new ids and sorts the file.
Removing an id on purpose means deleting its line in the same change, where a reviewer sees it.

A project without the file has no ledger check (`playbooks ids --update` starts one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..sources.load import Inputs, optional_text
from ..support.problems import Problems

LEDGER = "playbooks/checklist-ids.txt"
HEADER = (
    "# Every checklist item id in use, as play-id/item-id, sorted. Ticks are saved in readers'\n"
    "# browsers under these ids: never rename or remove one unless you mean to drop saved progress.\n"
    "# `playbooks validate` checks that this file and the plays agree; `playbooks ids --update` adds new ids.\n"
)
_ENTRY = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?/[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")


@dataclass
class Ledger:
    lines: dict[str, int] = field(default_factory=dict)  # id -> its line in the file
    order: list[str] = field(default_factory=list)  # ids as the file lists them
    header: str = ""  # the comment lines at its top, kept when it is written again


def current_ids(inputs: Inputs) -> dict[str, tuple[str, tuple[str | int, ...]]]:
    """Every checklist item id of the plays: `play-id/item-id` -> (play path, data path of the id)."""
    found: dict[str, tuple[str, tuple[str | int, ...]]] = {}
    for play in inputs.plays:
        data = play.meta.data if isinstance(play.meta.data, dict) else {}
        play_id, items = data.get("id"), data.get("checklist")
        if not isinstance(play_id, str) or not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                found.setdefault(f"{play_id}/{item['id']}", (play.path, ("checklist", index, "id")))
    return found


def read(inputs: Inputs, problems: Problems) -> Ledger | None:
    """The project's ledger, or None if it has none (or it could not be read: then a problem)."""
    text = optional_text(inputs, LEDGER, problems)
    if text is None:
        return None
    ledger = Ledger()
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        ledger.header += line + "\n"
    for number, line in enumerate(text.splitlines(), start=1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if not _ENTRY.match(entry):
            problems.add(LEDGER, number, 1, f"`{entry[:80]}` is not a checklist item id; write one "
                                            "`play-id/item-id` per line, like `weekly-status-sync/book-series`")
            continue
        if entry in ledger.lines:
            problems.add(LEDGER, number, 1, f"`{entry}` is listed twice (also on line {ledger.lines[entry]}); "
                                            "remove this line")
            continue
        ledger.lines[entry] = number
        ledger.order.append(entry)
    return ledger


def check(inputs: Inputs, problems: Problems) -> None:
    """The plays against the ledger: every listed id still exists, every id is listed."""
    ledger = read(inputs, problems)
    if ledger is None:
        return
    current = current_ids(inputs)
    unreadable = inputs.unreadable_plays | inputs.invalid  # their ids are not known: do not call them gone
    for entry, line in ledger.lines.items():
        if entry in current:
            continue
        play_id = entry.split("/", 1)[0]
        if play_id in inputs.unreadable_plays or any(p.path in unreadable and _play_id(p) == play_id for p in inputs.plays):
            continue
        problems.add(LEDGER, line, 1, f"checklist item `{entry}` no longer exists, which erases every reader's tick on "
                                      "it; keep the item's id (change only its text), or if dropping it is "
                                      "intended, delete this line in the same change")
    for entry, (path, where) in sorted(current.items()):
        if entry not in ledger.lines:
            line, column = next(p for p in inputs.plays if p.path == path).meta.source.at(where)
            problems.add(path, line, column, f"checklist item `{entry}` is not in {LEDGER}; "
                                             "run `playbooks ids --update` to record it")
    if ledger.order != sorted(ledger.order):
        first = next(e for e, s in zip(ledger.order, sorted(ledger.order)) if e != s)
        problems.add(LEDGER, ledger.lines[first], 1, "the ids are not sorted; run `playbooks ids --update` to sort them")


def _play_id(play: object) -> str | None:
    data = getattr(getattr(play, "meta", None), "data", None)
    value = data.get("id") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def updated(inputs: Inputs, ledger: Ledger | None) -> tuple[str, list[str]]:
    """The ledger's new text (every id it had, and every id in use, sorted) and the ids added.
    Comment lines at its top are kept; ids that no longer exist are kept too: only a person
    deletes one, on purpose."""
    header = HEADER
    if ledger is not None and ledger.header:
        header = ledger.header
    known = set(ledger.lines) if ledger is not None else set()
    added = sorted(set(current_ids(inputs)) - known)
    return header + "".join(f"{entry}\n" for entry in sorted(known | set(added))), added
