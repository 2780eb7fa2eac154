"""What every cross-field rule (validate.py, play_checks.py) needs: the project's ids (people,
roles, plays, items, sources, health dimensions), and saying a problem at its place in a file,
skipping what a file that failed its schema holds too malformed to check."""

from __future__ import annotations

from datetime import date
from typing import Any, Iterable

from ..model.health import health_dimensions
from ..schedules.clock import minutes, zone_problem
from ..sources.load import Inputs
from ..sources.yaml_loader import Document
from ..support.codes import DataPath
from ..support.problems import Problems, did_you_mean, one_of


def as_dict(value: object) -> dict[str, Any]:
    """`value` if it is a mapping, else an empty one (a file that failed its schema).

    What a file holds is a `Value` (support/values.py) until narrowed here: below the mapping,
    the rules read it by its schema's shape, and `guarded` skips what a file that failed its
    schema holds too malformed to check."""
    return value if isinstance(value, dict) else {}


def ids_in(items: object, key: str = "id") -> set[str]:
    """The `key` values of a list of mappings."""
    return {i[key] for i in items if isinstance(i, dict) and isinstance(i.get(key), str)} if isinstance(items, list) else set()


MALFORMED = (KeyError, TypeError, AttributeError, ValueError, IndexError)


class Checker:
    """What every rule needs: the project's ids, and saying a problem at its place in a file."""

    def __init__(self, inputs: Inputs, problems: Problems):
        self.inputs = inputs
        self.problems = problems
        org = as_dict(inputs.organization.data if inputs.organization else None)
        self.people = ids_in(org.get("people"))
        roles = as_dict(as_dict(inputs.roles.data if inputs.roles else None).get("roles"))
        self.roles = set(roles) if inputs.roles and inputs.roles.path not in inputs.invalid else None
        fronts = [as_dict(p.meta.data) for p in inputs.plays]
        self.play_ids = {front["id"] for front in fronts if isinstance(front.get("id"), str)}
        self.play_ids |= inputs.unreadable_plays  # already reported; do not call references to them dangling
        self.source_ids = ids_in(as_dict(inputs.sources.data if inputs.sources else None).get("sources"))
        self.org_defaults = {k: v for k, v in as_dict(org.get("defaults")).items() if isinstance(v, str)}
        self.play_items = {front["id"]: ids_in(front.get("checklist")) for front in fronts if isinstance(front.get("id"), str)}
        self.dimensions = {d["id"]: str(d.get("name", d["id"])) for d in health_dimensions(org)}

    def guarded(self, doc: Document, check: Any, *args: Any) -> None:
        """Run a check; in a file that failed its schema, skip what is too malformed to check."""
        try:
            check(*args)
        except MALFORMED:
            if doc.path not in self.inputs.invalid:
                raise

    def at(self, doc: Document, path: Iterable[Any], message: str, *, key: bool = False) -> None:
        line, column = doc.source.at(tuple(path), key=key)
        self.problems.add(doc.path, line, column, message)

    def ref(self, doc: Document, path: DataPath, value: str, known: set[str], what: str, fix: str, *, key: bool = False) -> bool:
        """Whether `value` is one of `known`; if not, say so at it (`key`: the value is a mapping's key)."""
        if value in known:
            return True
        hint = did_you_mean(value, known) or (f"; known: {one_of(sorted(known))}" if 0 < len(known) <= 8 else "")
        self.at(doc, path, f"{what} `{value}` does not exist; {fix}{hint}", key=key)
        return False

    def unique(self, doc: Document, base: DataPath, items: list[dict[str, Any]], key: str, what: str) -> None:
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            value = item.get(key)
            if value is None:
                continue
            if value in seen:
                self.at(doc, base + (index, key), f"{what} `{value}` is used twice (also entry {seen[value] + 1}); ids must be unique")
            else:
                seen[value] = index

    def zone(self, doc: Document, path: DataPath, name: str) -> None:
        problem = zone_problem(name)
        if problem:
            self.at(doc, path, problem)

    def hours(self, doc: Document, path: DataPath, hours: dict[str, Any]) -> None:
        start, end = hours.get("start"), hours.get("end")
        if start and end and minutes(end) <= minutes(start):
            self.at(
                doc, path + ("end",),
                f"working hours end at {end}, which is not after their start at {start}; "
                "write the day's hours in the team's own time zone with the end after the start",
            )

    def dates(self, doc: Document, path: DataPath, first: str | None, last: str | None, what: str) -> None:
        if first and last and date.fromisoformat(last) < date.fromisoformat(first):
            self.at(doc, path, f"{what} ({last}) is before the start ({first}); swap them or fix the date")

    def role(self, doc: Document, path: DataPath, role: str) -> None:
        if self.roles is not None:
            self.ref(doc, path, role, self.roles, "role", "use a role from playbooks/roles.yml or add it there")
