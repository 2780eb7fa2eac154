"""Plays and their checklists, playbooks (areas), sources, glossary terms, and review dates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from .fields import fields
from ..support.codes import Audience, Phase, Side
from . import audience as aud
from ..sources.load import AreaFile, Inputs, PlayFile
from ..schedules.dates import add_interval
from .labels import PHASES

DEFAULT_REVIEW_INTERVAL = "6 months"


@dataclass(frozen=True)
class VendorFacts:
    """What play selection needs, taken from a vendor's full data before any audience cut."""

    tier: str
    status: str
    service_types: tuple[str, ...]


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    text: str
    owner: str  # `our-<role>` or `vendor-<role>`
    phase: Phase
    ask: str | None = None  # who to ask about it, in the same form as `owner` (optional)
    when: tuple[str, int] | None = None  # (event, working days): its date follows the event (anchors.py)

    @property
    def side(self) -> Side:
        return "ours" if self.owner.startswith("our-") else "theirs"

    @property
    def role(self) -> str:
        return self.owner.split("-", 1)[1]


@dataclass
class Play:
    id: str
    title: str
    area: str
    stem: str
    source_path: str
    summary: str
    audience: tuple[str, ...]
    applies_to: dict[str, tuple[str, ...]]
    cadence: str | None
    owner: str
    last_reviewed: date
    review_every: str
    review_due: date
    visibility: str
    checklist: tuple[ChecklistItem, ...]
    related: tuple[str, ...]
    sources: tuple[str, ...]
    body: str  # Markdown + Jinja2, sections this audience may not see already removed
    body_line: int
    positions: dict[str, tuple[int, int]]  # "summary", "checklist.<id>" -> line, column in the file
    onboarding: bool = False  # in a playbook marked `onboarding: true`: first for a vendor that is onboarding
    reader: Side = "ours"  # the side whose staff read this site: "ours", or "theirs" on a vendor-facing site

    @property
    def docs_path(self) -> str:
        return f"playbooks/{self.area}/{self.stem}.md"

    @property
    def checklist_size(self) -> int:
        return len(self.checklist)

    @cached_property
    def by_phase(self) -> list[tuple[str, str, list[ChecklistItem]]]:
        """(phase, label, items) for each phase that has items, in phase order; in each phase
        the reader's own items first, then the other side's, each as written (the checklist
        is a tuple, so this is worked out once)."""
        return [(phase, label, items) for phase, label in PHASES.items()
                if (items := sorted((i for i in self.checklist if i.phase == phase), key=lambda i: i.side != self.reader))]

    @cached_property
    def reader_phase(self) -> int:
        """The index (in PHASES) of the first phase holding one of the reader's items; the
        number of phases if the reader has none."""
        order = list(PHASES)
        return min((order.index(i.phase) for i in self.checklist if i.side == self.reader), default=len(order))

    @property
    def opens_with_reader(self) -> bool:
        """Whether the play's first item, as pages list it, is the reader's."""
        return bool(self.by_phase) and self.by_phase[0][2][0].side == self.reader

    def overdue(self, today: date) -> bool:
        return self.review_due < today

    def applies(self, vendor: VendorFacts) -> bool:
        rule = self.applies_to
        if "tiers" in rule and vendor.tier not in rule["tiers"]:
            return False
        if "statuses" in rule and vendor.status not in rule["statuses"]:
            return False
        if "services" in rule and not set(rule["services"]) & set(vendor.service_types):
            return False
        return True


@dataclass
class Area:
    id: str
    title: str
    summary: str
    order: int
    source_path: str | None
    body: str
    body_line: int
    owner: str | None
    last_reviewed: date | None
    review_every: str | None
    plays: list[Play] = field(default_factory=list)

    @property
    def docs_path(self) -> str:
        return f"playbooks/{self.id}/index.md"


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    origin: str
    url: str | None
    published: str | None
    summary: str | None


@dataclass(frozen=True)
class Term:
    term: str
    abbreviation: str | None
    definition: str
    plays: tuple[str, ...]


@dataclass(frozen=True)
class Review:
    """A playbook page and when its next review is due."""

    title: str
    docs_path: str
    area: str
    owner: str
    last_reviewed: date
    review_every: str
    due: date
    overdue: bool
    days_left: int


def reading_order(plays: list[Play], *, onboarding_first: bool) -> list[Play]:
    """Plays in the order their reader meets them (docs/features.md, "Checklists"): the onboarding
    playbooks' plays first when `onboarding_first`; then plays that open with one of the
    reader's items, then plays where the reader comes in later, then plays with nothing for
    the reader; within each group by the reader's first phase, then as the playbooks list them."""

    def key(indexed: tuple[int, Play]) -> tuple[bool, int, int, int]:
        index, one = indexed
        group = 0 if one.opens_with_reader else 1 if one.reader_phase < len(PHASES) else 2
        return (onboarding_first and not one.onboarding, group, one.reader_phase, index)

    return [one for _, one in sorted(enumerate(plays), key=key)]


def play(file: PlayFile, audience: Audience, onboarding: bool = False) -> Play | None:
    """The play as `audience` sees it, or None if it may not see it at all. `onboarding`:
    its playbook is marked `onboarding: true`."""
    assert file.meta is not None
    front = fields(file.meta.data)
    level = aud.play_level(front)
    if not aud.allows(audience, level):
        return None
    data = aud.cut(front, "play", audience, level=level)
    reviewed = date.fromisoformat(data["last_reviewed"])
    interval = data.get("review_every", DEFAULT_REVIEW_INTERVAL)
    return Play(
        id=data["id"],
        title=data["title"],
        area=file.area,
        stem=file.stem,
        source_path=file.path,
        summary=aud.strip_sections(data["summary"], audience),
        audience=tuple(data["audience"]),
        applies_to={k: tuple(v) for k, v in (front.get("applies_to") or {}).items()},
        cadence=data.get("cadence"),
        owner=data["owner"],
        last_reviewed=reviewed,
        review_every=interval,
        review_due=add_interval(reviewed, interval),
        visibility=level,
        checklist=tuple(
            ChecklistItem(i["id"], aud.strip_sections(i["text"], audience), i["owner"], i["phase"], i.get("ask"),
                          (i["when"]["event"], int(i["when"].get("working_days", 0))) if i.get("when") else None)
            for i in data.get("checklist", [])
        ),
        related=tuple(data.get("related", ())),
        sources=tuple(data.get("sources", ())),
        body=aud.strip_sections(file.body, audience),
        body_line=file.body_line,
        positions={
            "summary": file.meta.source.at(("summary",)),
            **{
                f"checklist.{item['id']}": file.meta.source.at(("checklist", index, "text"))
                for index, item in enumerate(front["checklist"])
            },
        },
        onboarding=onboarding,
        reader="theirs" if audience == "vendor" else "ours",
    )


def area(name: str, file: AreaFile, plays: list[Play], audience: Audience) -> Area | None:
    """The playbook as `audience` sees it, or None if it may not see it (or has no play for it)."""
    meta = fields(file.meta.data if file.meta else None)
    if not aud.allows(audience, meta.get("visibility", "internal")):
        return None
    found = Area(
        id=name,
        title=meta.get("title", name.replace("-", " ").capitalize()),
        summary=meta.get("summary", ""),
        order=meta.get("order", 100),
        source_path=file.path,
        body=aud.strip_sections(file.body, audience),
        body_line=file.body_line,
        owner=meta.get("owner"),
        last_reviewed=date.fromisoformat(meta["last_reviewed"]) if meta.get("last_reviewed") else None,
        review_every=meta.get("review_every"),
        plays=[p for p in plays if p.area == name],
    )
    return found if found.plays else None


def sources(inputs: Inputs) -> list[Source]:
    return [Source(s["id"], s["title"], s["origin"], s.get("url"), s.get("published"), s.get("summary"))
            for s in (fields(inputs.sources.data)["sources"] if inputs.sources else [])]


def glossary(inputs: Inputs, plays: dict[str, Play]) -> list[Term]:
    terms = [Term(t["term"], t.get("abbreviation"), t["definition"], tuple(p for p in t.get("plays", ()) if p in plays))
             for t in (fields(inputs.glossary.data)["terms"] if inputs.glossary else [])]
    return sorted(terms, key=lambda t: t.term.lower())


def reviews(areas: list[Area], today: date) -> list[Review]:
    """Every play and playbook with a review date, soonest due first."""
    rows = []
    for one in areas:
        if one.last_reviewed and one.owner:
            every = one.review_every or DEFAULT_REVIEW_INTERVAL
            due = add_interval(one.last_reviewed, every)
            rows.append(Review(f"{one.title} (playbook)", one.docs_path, one.title, one.owner, one.last_reviewed,
                               every, due, due < today, (due - today).days))
        for p in one.plays:
            rows.append(Review(p.title, p.docs_path, one.title, p.owner, p.last_reviewed, p.review_every,
                               p.review_due, p.overdue(today), (p.review_due - today).days))
    return sorted(rows, key=lambda r: (r.due, r.title))
