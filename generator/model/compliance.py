"""Compliance by tier: the documents organization.yml says each tier of vendor must hold, set
against the vendor's documents (met by a valid one whose `standard` is one of a requirement's
`any_of`), and the vendor's subcontractors and key personnel.

A requirement is `held`, `expiring` (its best document expires within DECISIONS_AHEAD_DAYS, the
window in which Upcoming lists expiries), `expired`, or `missing`. Built for our sites only:
the requirements are internal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..support.codes import Audience
from ..schedules.deadlines import DECISIONS_AHEAD_DAYS
from .people import Person
from .relationship import ContractDocument

STATES = ("missing", "expired", "expiring", "held")  # worst first


@dataclass(frozen=True)
class Requirement:
    id: str
    name: str
    any_of: tuple[str, ...]
    state: str
    document: ContractDocument | None  # the one that meets it best (the latest expiry), if any

    @property
    def problem(self) -> bool:
        return self.state != "held"


def requirements(organization: dict[str, Any], tier: str, data_leaves_eu: bool, documents: tuple[ContractDocument, ...],
                 today: date) -> tuple[Requirement, ...]:
    out = []
    for need in (organization.get("compliance") or {}).get(tier) or []:
        if need.get("only_if") == "data-leaves-eu" and not data_leaves_eu:
            continue
        matching = sorted((d for d in documents if d.standard in need["any_of"]), key=lambda d: d.expires)
        best = matching[-1] if matching else None
        if best is None:
            state = "missing"
        elif best.expires < today:
            state = "expired"
        elif (best.expires - today).days <= DECISIONS_AHEAD_DAYS:
            state = "expiring"
        else:
            state = "held"
        out.append(Requirement(need["id"], need["name"], tuple(need["any_of"]), state, best))
    return tuple(sorted(out, key=lambda r: STATES.index(r.state)))


@dataclass(frozen=True)
class Subcontractor:
    name: str
    does: str
    location: str | None
    approved: date | None


@dataclass(frozen=True)
class KeyPerson:
    person: Person
    why: str | None
    notice_days: int | None


def subcontractors(data: list[dict[str, Any]]) -> tuple[Subcontractor, ...]:
    return tuple(Subcontractor(s["name"], s["does"], s.get("location"),
                               date.fromisoformat(s["approved"]) if s.get("approved") else None) for s in data)


def key_personnel(data: list[dict[str, Any]], contacts: dict[str, Person]) -> tuple[KeyPerson, ...]:
    return tuple(KeyPerson(contacts[k["contact"]], k.get("why"), k.get("notice_days")) for k in data if k["contact"] in contacts)


def for_vendor(data: dict[str, Any], full: dict[str, Any], organization: dict[str, Any], documents: tuple[ContractDocument, ...],
               contacts: dict[str, Person], audience: Audience, today: date) -> dict[str, Any]:
    """The Vendor's compliance fields; no requirements on a vendor-facing site (they are internal)."""
    return {
        "compliance": () if audience == "vendor" else requirements(
            organization, full["tier"], bool(full.get("data_leaves_eu")), documents, today),
        "subcontractors": subcontractors(data.get("subcontractors") or []),
        "key_personnel": key_personnel(data.get("key_personnel") or [], contacts),
    }
