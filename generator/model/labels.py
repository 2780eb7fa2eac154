"""Words for the codes the data files use, and (re-exported from schedules.wording, where the
time sentences need it) the possessive of a name.

Files say `tactical`, `per-release` or `<=`; pages, exports and print say "Tactical", "every
release" and "at most". Every template filter, export column and sentence that shows a code
looks it up here (`word`), so a code reads the same everywhere and a new code needs one line.
"""

from __future__ import annotations

from ..schedules.wording import possessive as possessive  # noqa: F401 - its home is wording


TIERS = {"strategic": "Strategic", "tactical": "Tactical", "operational": "Operational", "commodity": "Commodity"}
STATUSES = {"onboarding": "Onboarding", "active": "Active", "exiting": "Exiting", "exited": "Exited"}
SERVICE_TYPES = {
    "software-development": "Software development",
    "quality-assurance": "Quality assurance",
    "customer-support": "Customer support",
    "data-labelling": "Data labelling",
    "infrastructure": "Infrastructure",
    "design": "Design",
    "consulting": "Consulting",
    "back-office": "Back office",
}
MEETING_TYPES = {
    "status-sync": "Status sync",
    "service-review": "Service review",
    "steering-committee": "Steering committee",
    "other": "Meeting",
}
PHASES = {
    "before-day-1": "Before day 1",
    "week-1": "Week 1",
    "month-1": "Month 1",
    "recurring": "Recurring",
}
# How often: a meeting's or a play's cadence (play cadences include the last three).
CADENCES = {
    "daily": "daily",
    "weekly": "weekly",
    "fortnightly": "fortnightly",
    "monthly": "monthly",
    "quarterly": "quarterly",
    "half-yearly": "twice a year",
    "yearly": "yearly",
    "once": "once",
    "per-change": "for each change",
    "per-joiner": "for each new person",
    "as-needed": "as needed",
}
# How often a service level or KPI is measured.
MEASURED = {
    "daily": "daily",
    "weekly": "weekly",
    "monthly": "monthly",
    "quarterly": "quarterly",
    "yearly": "yearly",
    "per-release": "every release",
    "per-ticket": "every ticket",
}
COMPARATORS = {"<=": "at most", ">=": "at least", "<": "below", ">": "above", "=": "exactly"}
MEASURE_CATEGORIES = {
    "service-level": "service level",
    "quality": "quality",
    "satisfaction": "satisfaction",
    "cost": "cost",
    "delivery": "delivery",
}
CHANNEL_TYPES = {
    "chat": "Chat",
    "tickets": "Tickets",
    "video": "Video",
    "email": "E-mail",
    "documents": "Documents",
    "phone": "Phone",
    "other": "Other",
}
HEALTH = {"green": "Green", "amber": "Amber", "red": "Red"}
# A result's status (generator/model/measures.py), and the worst of several.
STATUS = {"on": "on target", "risk": "at risk", "off": "off target"}
# One measure's status in full words (generator/model/measures.py): an SLA is met or breached, a KPI
# on or off target; "at risk" always says that the target is still met.
MEASURE_STATUS = {
    "SLA": {"on": "met", "risk": "at risk: met, inside the margin", "off": "breached"},
    "KPI": {"on": "on target", "risk": "at risk: meets the target, inside the margin", "off": "off target"},
}


def measure_status(status: str, kind: str) -> str:
    """"breached", "at risk: meets the target, inside the margin" (MEASURE_STATUS)."""
    return MEASURE_STATUS["SLA" if kind == "SLA" else "KPI"][status]
HEALTH_DECISIONS = {"invest": "invest in the relationship", "improve": "fix it with an improvement plan",
                    "exit": "prepare to exit"}
RATINGS = {"low": "low", "medium": "medium", "high": "high"}
RENEWAL_DECISIONS = {"renew": "renew", "renegotiate": "renegotiate", "end": "end the contract"}
DOCUMENT_KINDS = {"certificate": "certificate", "insurance": "insurance", "data-protection": "data protection agreement",
                  "security": "security attestation", "nda": "confidentiality agreement", "other": "document"}
ACTION_STATUSES = {"open": "open", "done": "done", "dropped": "dropped"}
PLAY_AUDIENCES = {
    "client-team": "client team",
    "vendor-staff": "vendor staff",
    "vendor-management": "vendor management",
    "leadership": "leadership",
}

_TABLES = {
    "tier": TIERS, "status": STATUSES, "service_type": SERVICE_TYPES, "meeting_type": MEETING_TYPES, "phase": PHASES,
    "cadence": CADENCES, "measured": MEASURED, "comparator": COMPARATORS, "category": MEASURE_CATEGORIES,
    "channel": CHANNEL_TYPES, "health": HEALTH, "audience": PLAY_AUDIENCES, "result_status": STATUS,
    "health_decision": HEALTH_DECISIONS, "rating": RATINGS, "renewal_decision": RENEWAL_DECISIONS,
    "document_kind": DOCUMENT_KINDS, "action_status": ACTION_STATUSES,
}
KINDS = tuple(_TABLES)


def word(kind: str, code: str | None) -> str:
    """The words for `code` of one `kind` (see KINDS); a code the table lacks reads with
    spaces for dashes (the schema keeps that from happening in valid data)."""
    if code is None:
        return ""
    found = _TABLES[kind].get(code)
    return found if found is not None else code.replace("-", " ")
