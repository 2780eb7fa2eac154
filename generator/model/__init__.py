"""The typed model every page is rendered from, built for one audience (`build`).

Input is validated data; each document is first cut down by `audience.cut`, so the model of
a vendor-facing site holds only what that vendor may see. Relations are computed here, not
written by hand in the data: both single points of contact (from roles), our team per vendor
(organisation defaults overridden by the vendor file), the plays that apply to a vendor (from
each play's `applies_to`, plus the vendor's `plays.add`, minus `plays.skip`), checklist
owners resolved to named people, overdue reviews, and each vendor's time (`schedules`).

    people      roles, people, checklist owners, our organisation
    playbooks   plays, their checklists, playbooks (areas), sources, glossary terms, reviews
    vendors     a vendor and every part of its file, each typed
    scorecards  its SLAs and KPIs with results per period: statuses, changes, breaches
    relationship  health checks, risks, decisions and actions, renewal and documents, shared progress
    review      the quarterly review pack of a vendor
    site        one site's model, and `build`, which makes it
    labels      words for the data's codes (tiers, phases, comparators, ...) and possessives
"""

from . import labels
from .labels import MEETING_TYPES, PHASES, SERVICE_TYPES, possessive
from .people import Organization, Owner, Person, Role
from .playbooks import Area, ChecklistItem, Play, Review, Source, Term
from .site import Site, build
from .scorecards import Measure
from .vendor_parts import Meeting
from .playbooks import VendorFacts
from .vendors import Vendor

__all__ = [
    "MEETING_TYPES", "PHASES", "SERVICE_TYPES", "Area", "ChecklistItem", "Measure", "Meeting", "Organization", "Owner",
    "Person", "Play", "Review", "Role", "Site", "Source", "Term", "Vendor", "VendorFacts", "build", "labels", "possessive",
]
