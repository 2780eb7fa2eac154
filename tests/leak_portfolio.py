"""A test portfolio whose every value is a unique marker, labelled with who may see it.

The expected audience of each field is written out here by hand, from the table in the
docs/vendor-sites.md, not computed with the generator's own code: the leak test checks the
generator against this independent statement of the rules.

Levels: "V" vendor-visible, "I" internal, "R" restricted. `shown` says whether a page of
the site displays the value (ids, for example, are never displayed, so only their absence
can be checked).
"""

from __future__ import annotations

import itertools
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .conftest import ROOT

LEVEL_RANK = {"V": 0, "I": 1, "R": 2}


@dataclass
class Marker:
    token: str
    owner: str  # vendor slug, or "org"
    level: str
    shown: bool
    where: str


@dataclass
class Markers:
    items: list[Marker] = field(default_factory=list)
    _count: itertools.count = field(default_factory=lambda: itertools.count(1000))

    def text(self, owner: str, level: str, where: str, *, shown: bool = True, prefix: str = "") -> str:
        token = f"ZQ{next(self._count)}{owner[:2].upper()}{level}X"
        self.items.append(Marker(token, owner, level, shown, where))
        return f"{prefix}{token}" if prefix else f"Value {token}"

    def ident(self, owner: str, level: str, where: str) -> str:
        token = f"zq{next(self._count)}{owner[:2]}{level.lower()}x"
        self.items.append(Marker(token, owner, level, False, where))
        return token

    def email(self, owner: str, level: str, where: str) -> str:
        token = f"zq{next(self._count)}{owner[:2]}{level.lower()}x"
        self.items.append(Marker(token, owner, level, True, where))
        return f"{token}@{owner}.example"

    def url(self, owner: str, level: str, where: str) -> str:
        token = f"zq{next(self._count)}{owner[:2]}{level.lower()}x"
        self.items.append(Marker(token, owner, level, True, where))
        return f"https://{token}.example/path"

    def phone(self, owner: str, level: str, where: str) -> str:
        # Digits only are allowed in a phone number; the "(30) 77" part keeps it distinctive.
        token = f"(30) 77{next(self._count):05d}"
        self.items.append(Marker(token, owner, level, True, where))
        return f"+49 {token}"


def vendor(slug: str, m: Markers, *, tier: str, status: str) -> dict:
    """A vendor file using every field, explicit marks included."""
    V, I, R = "V", "I", "R"

    def contact(level: str, index: int, *, roles: list[str], mark: str | None = None) -> dict:
        item = {
            "id": m.ident(slug, level, f"contacts[{index}].id"),
            "name": m.text(slug, level, f"contacts[{index}].name", prefix="Person "),
            "title": m.text(slug, level, f"contacts[{index}].title"),
            "roles": roles,
            "email": m.email(slug, level, f"contacts[{index}].email"),
            "phone": m.phone(slug, max(level, I, key=LEVEL_RANK.get), f"contacts[{index}].phone"),
            "notes": m.text(slug, max(level, I, key=LEVEL_RANK.get), f"contacts[{index}].notes"),
        }
        if mark:
            item["visibility"] = mark
        return item

    spoc = contact(V, 0, roles=["spoc", "delivery-manager"])
    hidden = contact(I, 1, roles=["team-lead"], mark="internal")
    secret = contact(R, 2, roles=["account-manager"], mark="restricted")
    steering, sync = m.ident(slug, V, "meetings[0].id"), m.ident(slug, I, "meetings[1].id")

    def results(level: str, where: str) -> list[dict]:
        # Four months of figures: notes and evidence links are as visible as their measure.
        return [{"period": "2026-07", "value": 31, "note": m.text(slug, level, f"{where}.results[0].note")},
                {"period": "2026-08", "value": 29},
                {"period": "2026-09", "value": 27, "evidence": m.url(slug, level, f"{where}.results[2].evidence")},
                {"period": "2026-10", "value": 25}]

    def scores(level: str, where: str) -> dict:
        return {"delivery": {"ours": 4, "theirs": 3, "ours_comment": m.text(slug, level, f"{where}.ours_comment"),
                             "theirs_comment": m.text(slug, level, f"{where}.theirs_comment")}}

    return {
        "name": m.text(slug, V, "name", prefix="Vendor "),
        "short_name": m.text(slug, V, "short_name", prefix="Short "),
        "summary": m.text(slug, V, "summary"),
        "tier": tier,
        "status": status,
        "since": "2024-01-15",
        "location": m.text(slug, V, "location"),
        "website": m.url(slug, V, "website"),
        "services": [
            {"id": m.ident(slug, V, "services[0].id"), "name": m.text(slug, V, "services[0].name"),
             "type": "software-development", "description": m.text(slug, V, "services[0].description")},
            {"id": m.ident(slug, I, "services[1].id"), "name": m.text(slug, I, "services[1].name"),
             "type": "consulting", "description": m.text(slug, I, "services[1].description"), "visibility": "internal"},
        ],
        "working_hours": {"timezone": "Asia/Kolkata", "days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:30", "end": "18:30"},
        "contacts": [spoc, hidden, secret],
        "our_team": {"spoc": "hanna-weiss", "qa-lead": f"only-{slug}"},
        "escalation": [
            {"level": 1, "ours": "hanna-weiss", "theirs": spoc["id"],
             "respond_within": m.text(slug, V, "escalation[0].respond_within"), "when": m.text(slug, V, "escalation[0].when")},
            {"level": 2, "ours": "marta-kowalski", "theirs": hidden["id"],
             "respond_within": m.text(slug, R, "escalation[1].respond_within"), "when": m.text(slug, R, "escalation[1].when"),
             "visibility": "restricted"},
            # A level whose time is a number of days, so escalations raised at it can be late.
            {"level": 3, "ours": "lukas-berg", "respond_within": "2 working days", "when": m.text(slug, V, "escalation[2].when")},
        ],
        "governance": {"meetings": [
            {"id": steering, "title": m.text(slug, V, "meetings[0].title"), "type": "steering-committee",
             "cadence": "quarterly", "weekday": "wed", "first": "2026-01-14", "ours": ["hanna-weiss"], "theirs": [spoc["id"], hidden["id"]],
             "agenda": [m.text(slug, V, "meetings[0].agenda[0]")]},
            {"id": sync, "title": m.text(slug, I, "meetings[1].title"), "type": "status-sync",
             "cadence": "weekly", "weekday": "tue", "first": "2026-01-06", "ours": ["hanna-weiss"], "theirs": [spoc["id"]],
             "agenda": [m.text(slug, I, "meetings[1].agenda[0]")], "visibility": "internal"},
        ], "log": [
            # The vendor sees what its steering committee decided and its actions, except one
            # marked internal; the log of a meeting it may not see stays internal as a whole.
            {"meeting": steering, "date": "2026-10-14",
             "decisions": [{"text": m.text(slug, V, "log[0].decisions[0]"), "owner": "hanna-weiss"},
                           {"text": m.text(slug, I, "log[0].decisions[1]"), "visibility": "internal"}],
             "actions": [{"text": m.text(slug, V, "log[0].actions[0]"), "owner": spoc["id"], "due": "2026-11-13"},
                         {"text": m.text(slug, I, "log[0].actions[1]"), "owner": "hanna-weiss", "due": "2026-12-01",
                          "visibility": "internal"},
                         {"text": m.text(slug, R, "log[0].actions[2]"), "owner": "hanna-weiss", "due": "2026-12-02",
                          "visibility": "restricted"}]},
            {"meeting": sync, "date": "2026-11-17",
             "decisions": [{"text": m.text(slug, I, "log[1].decisions[0]")}],
             "actions": [{"text": m.text(slug, I, "log[1].actions[0]"), "owner": spoc["id"], "due": "2026-11-20"}]},
        ]},
        "performance": {
            "objectives": [
                {"id": m.ident(slug, V, "objectives[0].id"), "statement": m.text(slug, V, "objectives[0].statement"), "kpis": ["k-open"]},
                {"id": m.ident(slug, I, "objectives[1].id"), "statement": m.text(slug, I, "objectives[1].statement"), "visibility": "internal"},
            ],
            "slas": [{"id": "s-open", "name": m.text(slug, V, "slas[0].name"), "comparator": "<=", "target": 30, "red": 40,
                      "unit": m.text(slug, V, "slas[0].unit"), "source": m.text(slug, V, "slas[0].source"), "measured": "monthly",
                      "statistic": "mean",
                      "results": results(V, "slas[0]")}],
            "kpis": [
                {"id": "k-open", "name": m.text(slug, V, "kpis[0].name"), "category": "quality", "comparator": "<=", "target": 30,
                 "amber": 28, "unit": "percent", "source": m.text(slug, V, "kpis[0].source"), "measured": "monthly",
                 "results": results(V, "kpis[0]")},
                {"id": "k-hidden", "name": m.text(slug, I, "kpis[1].name"), "category": "cost", "comparator": "<=", "target": 30,
                 "unit": "EUR", "source": m.text(slug, I, "kpis[1].source"), "visibility": "internal", "measured": "monthly",
                 "results": results(I, "kpis[1]")},
            ],
            # Each rule's terms as data (`money`): what it moved per period reaches the sites that see the rule.
            "incentives": [{"when": m.text(slug, R, "incentives[0].when"), "then": m.text(slug, R, "incentives[0].then"),
                            "cap": m.text(slug, R, "incentives[0].cap"), "measure": "k-open",
                            "money": {"kind": "bonus", "applies": "met", "percent": 2, "fee": 1000,
                                      "of": m.text(slug, R, "incentives[0].money.of"), "currency": "EUR"}}],
            "penalties": [
                {"when": m.text(slug, R, "penalties[0].when"), "then": m.text(slug, R, "penalties[0].then"), "measure": "s-open",
                 "money": {"kind": "credit", "applies": "missed", "percent": 5, "fee": 1000,
                           "of": m.text(slug, R, "penalties[0].money.of"), "currency": "EUR", "cap": 100}},
                # An explicit mark shares this one penalty with the vendor.
                {"when": m.text(slug, V, "penalties[1].when"), "then": m.text(slug, V, "penalties[1].then"), "visibility": "vendor",
                 "measure": "s-open", "money": {"kind": "penalty", "applies": "missed", "percent": 10, "fee": 500,
                                                "of": m.text(slug, V, "penalties[1].money.of"), "currency": "EUR"}},
            ],
        },
        "contract": {"reference": m.text(slug, I, "contract.reference"), "start": "2024-01-01", "end": "2027-01-31",
                     "notice_days": 90, "auto_renew": True, "remind_days": [30, 7],
                     "renewal": {"owner": "hanna-weiss", "note": m.text(slug, I, "contract.renewal.note")},
                     "value": m.text(slug, R, "contract.value"), "notes": m.text(slug, R, "contract.notes")},
        "communication": {
            "languages": [m.text(slug, V, "languages[0]")],
            "channels": [
                {"type": "chat", "tool": m.text(slug, V, "channels[0].tool"), "where": m.text(slug, V, "channels[0].where"),
                 "use_for": m.text(slug, V, "channels[0].use_for"),
                 "access": {"granted_by": spoc["id"], "by": "before-day-1", "how": m.text(slug, V, "channels[0].access.how")}},
                {"type": "chat", "tool": m.text(slug, R, "channels[1].tool"), "where": m.text(slug, R, "channels[1].where"),
                 "url": m.url(slug, R, "channels[1].url"), "use_for": m.text(slug, R, "channels[1].use_for"), "visibility": "restricted"},
            ],
        },
        "culture": {
            "notes": [m.text(slug, I, "culture.notes[0]")],
            "social": [{"event": m.text(slug, V, "social[0].event"), "cadence": m.text(slug, V, "social[0].cadence")}],
        },
        "holidays": [
            {"date": "2026-12-25", "name": m.text(slug, V, "holidays[0].name")},
            {"date": "2026-12-28", "name": m.text(slug, I, "holidays[1].name"), "visibility": "internal"},
        ],
        # People joining: one the vendor's site shows (with their own page), one kept internal.
        "joiners": [
            {"id": m.ident(slug, V, "joiners[0].id"), "name": m.text(slug, V, "joiners[0].name", prefix="Joiner "),
             "role": "new-joiner", "starts": "2026-12-07", "buddy": spoc["id"], "manager": f"only-{slug}"},
            {"id": m.ident(slug, I, "joiners[1].id"), "name": m.text(slug, I, "joiners[1].name", prefix="Joiner "),
             "role": "new-joiner", "starts": "2026-12-07", "buddy": hidden["id"], "visibility": "internal"},
        ],
        "capacity": {"team_size": 5, "max_team_size": 9, "ramp_up_weeks": 2, "surge": m.text(slug, I, "capacity.surge")},
        "assessment": {"health": "amber", "summary": m.text(slug, I, "assessment.summary")},
        "health_checks": [  # the later one is internal; the one shared with the vendor is on its site alone
            {"date": "2026-10-14", "scores": scores(V, "health_checks[0]"), "decision": "improve",
             "summary": m.text(slug, V, "health_checks[0].summary"), "visibility": "vendor"},
            {"date": "2026-11-10", "scores": scores(I, "health_checks[1]"), "decision": "invest",
             "summary": m.text(slug, I, "health_checks[1].summary")},
        ],
        "risks": [
            {"id": m.ident(slug, I, "risks[0].id"), "text": m.text(slug, I, "risks[0].text"), "likelihood": "high", "impact": "low",
             "owner": spoc["id"], "mitigation": m.text(slug, I, "risks[0].mitigation"), "review": "2026-11-01"},
            {"id": m.ident(slug, R, "risks[1].id"), "text": m.text(slug, R, "risks[1].text"), "visibility": "restricted"},
            {"id": m.ident(slug, V, "risks[2].id"), "text": m.text(slug, V, "risks[2].text"), "visibility": "vendor"},
        ],
        "documents": [
            {"id": m.ident(slug, I, "documents[0].id"), "name": m.text(slug, I, "documents[0].name"), "kind": "insurance",
             "expires": "2027-01-15", "url": m.url(slug, I, "documents[0].url"), "owner": spoc["id"]},
            {"id": m.ident(slug, V, "documents[1].id"), "name": m.text(slug, V, "documents[1].name"), "kind": "nda",
             "expires": "2027-02-15", "url": m.url(slug, V, "documents[1].url"), "visibility": "vendor",
             "standard": "nda", "scope": m.text(slug, V, "documents[1].scope")},
        ],
        "progress": {"marked-play": {
            "open-item": {"done": "2026-11-02", "by": spoc["id"], "note": m.text(slug, V, "progress.open-item.note")},
            "hidden-item": {"done": "2026-11-03", "by": "hanna-weiss", "note": m.text(slug, I, "progress.hidden-item.note")},
        }},
        "data_leaves_eu": True,
        "subcontractors": [
            {"name": m.text(slug, V, "subcontractors[0].name"), "does": m.text(slug, V, "subcontractors[0].does"),
             "location": m.text(slug, V, "subcontractors[0].location"), "approved": "2026-01-10", "visibility": "vendor"},
            {"name": m.text(slug, I, "subcontractors[1].name"), "does": m.text(slug, I, "subcontractors[1].does")},
            {"name": m.text(slug, R, "subcontractors[2].name"), "does": m.text(slug, R, "subcontractors[2].does"),
             "visibility": "restricted"},
        ],
        "key_personnel": [
            {"contact": spoc["id"], "why": m.text(slug, V, "key_personnel[0].why"), "notice_days": 30, "visibility": "vendor"},
            {"contact": spoc["id"], "why": m.text(slug, I, "key_personnel[1].why")},
            {"contact": spoc["id"], "why": m.text(slug, R, "key_personnel[2].why"), "visibility": "restricted"},
        ],
        # The records plays ask for: internal unless marked, one item at each level.
        "escalations": [
            {"id": "esc-v", "level": 3, "raised": "2026-11-02", "about": m.text(slug, V, "escalations[0].about"),
             "resolved": "2026-11-06", "outcome": m.text(slug, V, "escalations[0].outcome"), "visibility": "vendor"},
            {"id": "esc-i", "level": 3, "raised": "2026-11-10", "about": m.text(slug, I, "escalations[1].about")},
            {"id": "esc-r", "level": 3, "raised": "2026-11-12", "about": m.text(slug, R, "escalations[2].about"),
             "visibility": "restricted"},
        ],
        "change_requests": [
            {"id": "cr-v", "title": m.text(slug, V, "change_requests[0].title"), "raised": "2026-09-01", "requested_by": spoc["id"],
             "cost_change": 1200, "currency": m.text(slug, V, "change_requests[0].currency", prefix="C"), "days_change": 3,
             "decision": "approved", "decided": "2026-09-10", "note": m.text(slug, V, "change_requests[0].note"), "visibility": "vendor"},
            {"id": "cr-i", "title": m.text(slug, I, "change_requests[1].title"), "raised": "2026-10-01", "decision": "pending",
             "note": m.text(slug, I, "change_requests[1].note")},
            {"id": "cr-r", "title": m.text(slug, R, "change_requests[2].title"), "raised": "2026-10-02", "decision": "rejected",
             "decided": "2026-10-09", "visibility": "restricted"},
        ],
        "improvement_plans": [
            {"id": "ip-v", "title": m.text(slug, V, "improvement_plans[0].title"), "target": m.text(slug, V, "improvement_plans[0].target"),
             "measure": "s-open", "owner": spoc["id"], "due": "2026-11-13", "visibility": "vendor"},
            {"id": "ip-i", "title": m.text(slug, I, "improvement_plans[1].title"), "target": m.text(slug, I, "improvement_plans[1].target"),
             "measure": "k-hidden", "owner": "hanna-weiss", "due": "2026-12-13"},
            {"id": "ip-r", "title": m.text(slug, R, "improvement_plans[2].title"), "target": m.text(slug, R, "improvement_plans[2].target"),
             "owner": "hanna-weiss", "due": "2026-10-13", "visibility": "restricted"},
        ],
        "transition": {
            "visibility": "vendor", "summary": m.text(slug, V, "transition.summary"), "to": m.text(slug, V, "transition.to"),
            "owner": "hanna-weiss",
            "sessions": [
                {"id": "kt-v", "topic": m.text(slug, V, "transition.sessions[0].topic"), "date": "2026-11-05", "given_by": spoc["id"],
                 "attendees": ["hanna-weiss"]},
                {"id": "kt-i", "topic": m.text(slug, I, "transition.sessions[1].topic"), "date": "2026-12-05", "given_by": spoc["id"],
                 "visibility": "internal"},
                {"id": "kt-r", "topic": m.text(slug, R, "transition.sessions[2].topic"), "date": "2026-12-06",
                 "visibility": "restricted"},
            ],
        },
        "decision_rights": [
            {"decision": m.text(slug, V, "decision_rights[0].decision"), "responsible": [spoc["id"]], "accountable": "hanna-weiss",
             "informed": [f"only-{slug}"], "visibility": "vendor"},
            {"decision": m.text(slug, I, "decision_rights[1].decision"), "responsible": [spoc["id"]], "accountable": "hanna-weiss"},
            {"decision": m.text(slug, R, "decision_rights[2].decision"), "accountable": "hanna-weiss", "visibility": "restricted"},
        ],
        "onboarding": {"day_one": "2026-12-01", "notes": m.text(slug, V, "onboarding.notes")},
        "exit": {"notice_given": "2026-10-01", "last_day": "2027-01-31", "reason": m.text(slug, I, "exit.reason"),
                 "successor": m.text(slug, I, "exit.successor")},
    }


MARKED_PLAY = """---
id: marked-play
title: Marked play {title}
summary: Summary {summary}
audience: [client-team, vendor-staff]
owner: Vendor Management Office
last_reviewed: "2026-10-01"
review_every: 1 year
visibility: vendor
checklist:
  - id: open-item
    text: Open item {item_open}
    owner: vendor-spoc
    phase: week-1
  - id: hidden-item
    text: Hidden item {item_hidden}
    owner: our-spoc
    phase: week-1
    visibility: internal
  - id: joiner-open
    text: "Joiner item {joiner_open}: sign in to {{{{ vendor.tool.chat }}}} and ask {{{{ vendor.buddy }}}}."
    owner: vendor-new-joiner
    phase: week-1
    ask: our-qa-lead
  - id: joiner-hidden
    text: Joiner hidden item {joiner_hidden}
    owner: vendor-new-joiner
    phase: month-1
    visibility: internal
---
## What

Body {body}

!!! internal "Internal note"
    Internal section {section_internal}

!!! restricted "Restricted note"
    Restricted section {section_restricted}

## Why

Closing {closing}

![The roadmap](roadmap.png) and ![a chart](img/chart.png)

!!! internal "Internal diagram"
    ![Only for us](internal-diagram.png)

{passages}
"""

# Passages for some readers only, in every spelling and nesting Python-Markdown renders as a
# box of that type (each checked there): (level, Markdown with `{secret}` and `{public}`).
# `{public}` is text after the box that every reader sees; nothing may take it along.
PASSAGES = [
    ("I", '!!! Internal "Capitalised"\n    {secret}\n\n{public}'),
    ("I", "!!! INTERNAL\n    {secret}\n\n{public}"),
    ("I", "!!!internal\n    {secret}\n\n{public}"),
    ("I", "!!! note internal\n    {secret}\n\n{public}"),
    ("I", "???+ Internal\n    {secret}\n\n{public}"),
    ("I", '??? internal "Closed"\n    {secret}\n\n{public}'),
    ("R", "???+ RESTRICTED\n    {secret}\n\n{public}"),
    ("I", "!!! internal\n\t{secret}\n\n{public}"),
    ("I", '!!! note "A public box"\n    {public}\n\n    !!! internal\n        {secret}\n'),
    ("R", "1. A step\n\n    !!! restricted\n        {secret}\n\n2. {public}"),
    ("I", "- !!! internal\n      {secret}\n- {public}"),
    ("I", "> !!! internal\n>     {secret}\n\n>     {secret}\n\n{public}"),
    ("I", "Term\n:   !!! internal\n        {secret}\n\n{public}"),
    ("I", "<div markdown>\n!!! internal\n    {secret}\n</div>\n\n{public}"),
    ("I", "Text[^1]\n\n[^1]: !!! internal\n        {secret}\n\n{public}"),
    # A template that puts the marker together only when it renders.
    ("I", "{{% if vendor.known or not vendor.known %}}!!!{{% endif %}} internal\n    {secret}\n\n{public}"),
]

INTERNAL_PLAY = """---
id: internal-play
title: Internal play {title}
summary: Summary {summary}
audience: [vendor-management]
owner: Vendor Management Office
last_reviewed: "2026-10-01"
review_every: 1 year
checklist:
  - id: only-item
    text: Only item {item}
    owner: our-spoc
    phase: recurring
---
## What

Body {body}

![A map](map.png)
"""

# Images beside the marked plays, and which sites must have them: the vendor-visible play links
# roadmap.png and img/chart.png (in a subfolder); map.png is linked only by the internal play,
# and its name is the end of roadmap.png's; internal-diagram.png only inside an internal
# passage. (One transparent pixel each, told apart by a trailing comment.)
IMAGES = {"roadmap.png": "vendor", "img/chart.png": "vendor", "map.png": "internal", "internal-diagram.png": "internal"}
_PIXEL = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000" "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")

AREA = """---
title: Marked area
summary: Plays with markers for the leak test.
order: 99
visibility: vendor
---
Intro of the marked area.
"""


def build_project(target: Path) -> tuple[Path, Markers, list[str]]:
    """Write the marker portfolio into `target`; return it, the markers and the vendor slugs."""
    m = Markers()
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "playbooks", target / "playbooks")
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    (target / "content" / "vendors").mkdir(parents=True)
    slugs = ["alpha", "bravo", "charlie"]
    org = yaml.safe_load((ROOT / "content" / "organization.yml").read_text("utf-8"))
    for person in org["people"]:
        person.pop("phone", None)
    hanna = next(p for p in org["people"] if p["id"] == "hanna-weiss")
    hanna["phone"] = m.phone("org", "I", "people[hanna].phone")
    hanna["notes"] = m.text("org", "I", "people[hanna].notes")
    for slug in slugs:
        # One of our people works only with this vendor: their name is this vendor's business.
        org["people"].append({"id": f"only-{slug}", "name": m.text(slug, "V", "our person", prefix="Ours "), "roles": ["qa-lead"],
                              "email": m.email(slug, "V", "our person email")})
    # What each tier must hold (internal): every vendor misses one requirement, shown by name.
    org["compliance"] = {tier: [{"id": "papers", "name": m.text("org", "I", f"compliance.{tier}", prefix="Needs "),
                                 "any_of": ["soc2-type2"]},
                                {"id": "transfers", "name": m.text("org", "I", f"compliance.{tier}.transfers", prefix="Needs "),
                                 "any_of": ["transfer-clauses"], "only_if": "data-leaves-eu"}]
                         for tier in ("strategic", "tactical", "operational")}
    (target / "content" / "organization.yml").write_text(yaml.safe_dump(org, sort_keys=False, allow_unicode=True), "utf-8")
    statuses = {"alpha": "active", "bravo": "onboarding", "charlie": "exiting"}
    tiers = {"alpha": "strategic", "bravo": "tactical", "charlie": "operational"}
    for slug in slugs:
        data = vendor(slug, m, tier=tiers[slug], status=statuses[slug])
        (target / "content" / "vendors" / f"{slug}.yml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    area = target / "playbooks" / "marked"
    area.mkdir()
    (area / "index.md").write_text(AREA, "utf-8")
    (area / "marked-play.md").write_text(MARKED_PLAY.format(
        title=m.text("play", "V", "play title", prefix=""), summary=m.text("play", "V", "play summary", prefix=""),
        item_open=m.text("play", "V", "open item", prefix=""), item_hidden=m.text("play", "I", "hidden item", prefix=""),
        # A new team member's items reach their role page and the welcome pack of a vendor's site,
        # whom to ask included; the internal one never does.
        joiner_open=m.text("play", "V", "joiner item", prefix=""), joiner_hidden=m.text("play", "I", "joiner hidden item", prefix=""),
        body=m.text("play", "V", "play body", prefix=""), section_internal=m.text("play", "I", "internal section", prefix=""),
        section_restricted=m.text("play", "R", "restricted section", prefix=""), closing=m.text("play", "V", "closing", prefix=""),
        passages="\n\n".join(
            passage.format(secret=m.text("play", level, f"passage {index}", prefix="Passage "),
                           public=m.text("play", "V", f"after passage {index}", prefix="After "))
            for index, (level, passage) in enumerate(PASSAGES)
        ),
    ), "utf-8")
    for name in IMAGES:
        (area / name).parent.mkdir(parents=True, exist_ok=True)
        (area / name).write_bytes(_PIXEL + name.encode())
    (area / "internal-play.md").write_text(INTERNAL_PLAY.format(
        title=m.text("play", "I", "internal play title", prefix=""), summary=m.text("play", "I", "internal play summary", prefix=""),
        item=m.text("play", "I", "internal play item", prefix=""), body=m.text("play", "I", "internal play body", prefix=""),
    ), "utf-8")
    return target, m, slugs
