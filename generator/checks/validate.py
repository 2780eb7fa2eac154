"""Rules that span fields and files: references, time zones, hours, unique ids (the plays' in
play_checks.py, on the helpers of checker.py); and (in relationship_rules) those of the record of how a relationship runs: results, health checks,
risks, the governance log, renewals, documents and shared progress.

Runs on schema-valid inputs (a file that failed its schema is skipped here, and a reference
into a file that failed is not reported twice). Every problem is reported, none raises.

`validate` holds what every build needs; `editorial` adds the team's rules for contributions
(play_rules: sections, length, sources; ledger: checklist ids never vanish; codeowners: every
play's owner reviews it), which
`playbooks validate` checks and a build or a preview of a play being written does not.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

from ..model import access
from . import codeowners, ledger, play_rules
from .checker import as_dict
from .play_checks import PlayChecks
from .relationship_rules import RelationshipRules
from ..sources.load import Inputs
from ..support.codes import DataPath
from ..support.problems import Problems
from ..schedules.clock import DEFAULT_DAYS, day_list, short_date, weekday_of
from ..sources.yaml_loader import Document

SPOC_ROLE = "spoc"


class _Checker(PlayChecks):
    """The organisation's and each vendor's cross-field rules (the plays' in PlayChecks)."""

    def joiners(self, doc: Document, data: dict[str, Any], theirs: set[str]) -> None:
        """Joiners and who grants access to a tool: people known on either side, roles known."""
        people = theirs | self.people
        fix = "use the id of one of this vendor's `contacts` or of someone under `people` in content/organization.yml"
        joiners = data.get("joiners") or []
        self.unique(doc, ("joiners",), joiners, "id", "joiner id")
        for index, joiner in enumerate(joiners):
            self.role(doc, ("joiners", index, "role"), joiner["role"])
            self.ref(doc, ("joiners", index, "buddy"), joiner["buddy"], people, "buddy", fix)
            if "manager" in joiner:
                self.ref(doc, ("joiners", index, "manager"), joiner["manager"], people, "manager", fix)
        self.leavers(doc, data, people, fix)
        for index, channel in enumerate((data.get("communication") or {}).get("channels") or []):
            grant = channel.get("access") or {}
            if "granted_by" in grant:
                self.ref(doc, ("communication", "channels", index, "access", "granted_by"), grant["granted_by"], people, "person", fix)

    def leavers(self, doc: Document, data: dict[str, Any], people: set[str], fix: str) -> None:
        """Leavers: unique ids, known roles, whoever takes over known, and each access they hold
        one of the vendor's channels (by `id`, or `type` without one)."""
        channels = (data.get("communication") or {}).get("channels") or []
        self.unique(doc, ("communication", "channels"), [c for c in channels if "id" in c], "id", "channel id")
        tools = {c.get("id") or c["type"] for c in channels}
        leavers = data.get("leavers") or []
        self.unique(doc, ("leavers",), leavers, "id", "leaver id")
        for index, leaver in enumerate(leavers):
            self.role(doc, ("leavers", index, "role"), leaver["role"])
            if "hands_over_to" in leaver:
                self.ref(doc, ("leavers", index, "hands_over_to"), leaver["hands_over_to"], people, "person", fix)
            for held, key in enumerate(leaver["holds"]):
                self.ref(doc, ("leavers", index, "holds", held), key, tools, "tool",
                         "name a channel under `communication.channels` by its `id`, or by its `type` when it has no id")

    # --- files -----------------------------------------------------------------------------

    def organization(self, doc: Document) -> None:
        data = as_dict(doc.data)
        self.zone(doc, ("timezone",), data["timezone"])
        self.hours(doc, ("working_hours",), data["working_hours"])
        people = data["people"]
        self.unique(doc, ("people",), people, "id", "person id")
        for index, person in enumerate(people):
            self.person(doc, ("people", index), person)
        for role, person in self.org_defaults.items():
            self.role(doc, ("defaults", role), role)
            self.ref(doc, ("defaults", role), person, self.people, "person", "use the id of someone under `people`")
        self.unique(doc, ("health_dimensions",), data.get("health_dimensions") or [], "id", "health-check dimension")
        for tier, needs in (data.get("compliance") or {}).items():
            self.unique(doc, ("compliance", tier), needs, "id", "requirement id")
        ours = tuple(data["working_hours"].get("days") or DEFAULT_DAYS)
        for index, holiday in enumerate(data.get("holidays") or []):
            self.dates(doc, ("holidays", index, "until"), holiday["date"], holiday.get("until"), "the holiday's last day")
            self.holiday_on_day_off(doc, ("holidays", index, "date"), holiday, ours)
        if "access" in data:
            self.access(doc, data)

    def access(self, doc: Document, data: dict[str, Any]) -> None:
        """Every vendor named under `access.vendors` exists, and no two sites share a group: a
        group shared would let one site's readers into the other."""
        named = as_dict(data["access"].get("vendors"))
        for slug in named:
            self.ref(doc, ("access", "vendors", slug), slug, set(self.inputs.vendors), "vendor",
                     "use the slug of a file in content/vendors/ (its name without `.yml`)", key=True)
        groups = access.access(data, self.inputs.vendors)
        sites: dict[str, tuple[str, DataPath]] = {}
        for site, group, path in (
            ("the internal site", groups.internal, ("access", "internal")),
            ("the restricted site", groups.restricted, ("access", "restricted")),
            *((f"the site of `{slug}`", group, ("access", "vendors", slug)) for slug, group in groups.vendors.items()),
        ):
            if group in sites:
                first, first_path = sites[group]
                written = [p for p in (path, first_path) if self.written(data, p)]  # a default has no line of its own
                self.at(doc, written[0] if written else ("access",),
                        f"{first} and {site} both use the group `{group}`, so each one's readers would reach the other; "
                        "give each site a group of its own")
            else:
                sites[group] = (site, path)

    @staticmethod
    def written(data: Any, path: DataPath) -> bool:
        for key in path:
            if not isinstance(data, dict) or key not in data:
                return False
            data = data[key]
        return True

    def person(self, doc: Document, path: DataPath, person: dict[str, Any]) -> None:
        for index, role in enumerate(person.get("roles", [])):
            self.role(doc, path + ("roles", index), role)
        if person.get("timezone"):
            self.zone(doc, path + ("timezone",), person["timezone"])

    def vendor(self, slug: str, doc: Document) -> None:
        """The rules of one vendor file: each part's, then the relationship record's."""
        data = as_dict(doc.data)
        theirs = self.vendor_people(slug, doc, data)
        self.escalation(doc, data, theirs)
        self.meetings(doc, data, theirs)
        self.performance(doc, data)
        self.vendor_dates(doc, data, theirs)
        RelationshipRules(self, doc, theirs).check()

    def vendor_people(self, slug: str, doc: Document, data: dict[str, Any]) -> set[str]:
        """Slug, working hours, contacts, single points of contact and our team; the vendor's contact ids."""
        if "slug" in data and data["slug"] != slug:
            self.at(doc, ("slug",), f"`slug` is `{data['slug']}` but the file is named `{slug}`: the file name is the slug, "
                    f"so rename the file to `{data['slug']}.yml` or set `slug: {slug}`")
        hours = data["working_hours"]
        self.zone(doc, ("working_hours", "timezone"), hours["timezone"])
        self.hours(doc, ("working_hours",), hours)
        contacts = data["contacts"]
        self.unique(doc, ("contacts",), contacts, "id", "contact id")
        self.unique(doc, ("services",), data["services"], "id", "service id")
        theirs = {c["id"] for c in contacts}
        for index, contact in enumerate(contacts):
            self.person(doc, ("contacts", index), contact)
        spocs = [i for i, c in enumerate(contacts) if SPOC_ROLE in c.get("roles", [])]
        if not spocs:
            self.at(doc, ("contacts",), "no vendor contact has the role `spoc`: add `spoc` to the `roles` of the vendor's single point of contact", key=True)
        for extra in spocs[1:]:
            self.at(doc, ("contacts", extra, "roles"), "a second vendor contact has the role `spoc`; a relationship has one single point of contact per side")
        team = dict(self.org_defaults)
        for role, person in (data.get("our_team") or {}).items():
            self.role(doc, ("our_team", role), role)
            self.ref(doc, ("our_team", role), person, self.people, "person", "use the id of someone under `people` in content/organization.yml")
            team[role] = person
        if SPOC_ROLE not in team and self.inputs.organization is not None:
            self.at(doc, (), "our side has no single point of contact for this vendor: add `our_team: {spoc: <person id>}` "
                    "(or `defaults: {spoc: ...}` in content/organization.yml)")
        return theirs

    def escalation(self, doc: Document, data: dict[str, Any], theirs: set[str]) -> None:
        """The escalation levels: one entry a level, each with a contact and a trigger, someone new at each."""
        levels: Counter[int] = Counter()
        named: dict[str, dict[str, int]] = {"ours": {}, "theirs": {}}  # who each side already names, at which level
        for index, step in enumerate(data.get("escalation") or []):
            path = ("escalation", index)
            levels[step["level"]] += 1
            if levels[step["level"]] == 2:
                self.at(doc, path + ("level",), f"escalation level {step['level']} is listed twice; give each level one entry")
            if "ours" not in step and "theirs" not in step:
                self.at(doc, path, "an escalation level needs a contact: add `ours: <person id>` and/or `theirs: <contact id>`")
            if not step.get("when"):
                example = ("a blocker older than one working day" if step["level"] == 1 else
                           "the level below has not agreed a fix within two working days")
                self.at(doc, path + ("level",), f"escalation level {step['level']} has no trigger: add `when:` saying what "
                        f"sends an issue to this level (for example, {example})")
            for side, whose in (("ours", "our"), ("theirs", "the vendor's")):
                person = step.get(side)
                if not isinstance(person, str):
                    continue
                if person in named[side]:
                    self.at(doc, path + (side,), f"`{person}` is already {whose} contact at escalation level "
                            f"{named[side][person]}, so raising an issue to level {step['level']} reaches nobody new; "
                            f"name someone more senior here, or merge the two levels")
                else:
                    named[side][person] = step["level"]
            if "ours" in step:
                self.ref(doc, path + ("ours",), step["ours"], self.people, "person", "use an id from `people` in content/organization.yml")
            if "theirs" in step:
                self.ref(doc, path + ("theirs",), step["theirs"], theirs, "contact", "use an id from this vendor's `contacts`")

    def meetings(self, doc: Document, data: dict[str, Any], theirs: set[str]) -> None:
        """Governance meetings: ids, one steering committee, attendees, chair and play known."""
        meetings = (data.get("governance") or {}).get("meetings") or []
        self.unique(doc, ("governance", "meetings"), meetings, "id", "meeting id")
        steering = [i for i, m in enumerate(meetings) if m["type"] == "steering-committee"]
        for extra in steering[1:]:
            self.at(doc, ("governance", "meetings", extra, "type"), "a vendor has one steering committee; this is the second")
        for index, meeting in enumerate(meetings):
            at = ("governance", "meetings", index)
            for i, person in enumerate(meeting.get("ours", [])):
                self.ref(doc, at + ("ours", i), person, self.people, "person", "use an id from `people` in content/organization.yml")
            for i, contact in enumerate(meeting.get("theirs", [])):
                self.ref(doc, at + ("theirs", i), contact, theirs, "contact", "use an id from this vendor's `contacts`")
            if "chair" in meeting:
                members = set(meeting.get("ours", [])) | set(meeting.get("theirs", []))
                self.ref(doc, at + ("chair",), meeting["chair"], members, "chair", "the chair must be listed in `ours` or `theirs`")
            if "play" in meeting:
                self.ref(doc, at + ("play",), meeting["play"], self.play_ids, "play", "use the `id` of a play under playbooks/")

    def performance(self, doc: Document, data: dict[str, Any]) -> None:
        """Measure ids unique across SLAs and KPIs; objectives name known measures."""
        performance = data.get("performance") or {}
        measures = [("slas", i, m) for i, m in enumerate(performance.get("slas") or [])]
        measures += [("kpis", i, m) for i, m in enumerate(performance.get("kpis") or [])]
        seen: dict[str, str] = {}
        for group, index, measure in measures:
            if measure["id"] in seen:
                self.at(doc, ("performance", group, index, "id"), f"measure id `{measure['id']}` is already used in `{seen[measure['id']]}`; ids must be unique across SLAs and KPIs")
            seen.setdefault(measure["id"], group)
        for index, objective in enumerate(performance.get("objectives") or []):
            for i, kpi in enumerate(objective.get("kpis", [])):
                self.ref(doc, ("performance", "objectives", index, "kpis", i), kpi, set(seen), "KPI", "use an id from `performance.slas` or `performance.kpis`")
        self.unique(doc, ("performance", "objectives"), performance.get("objectives") or [], "id", "objective id")

    def vendor_dates(self, doc: Document, data: dict[str, Any], theirs: set[str]) -> None:
        """Contract, holiday and exit dates in order, joiners, and the plays added or skipped."""
        hours = data["working_hours"]
        contract = data.get("contract") or {}
        self.dates(doc, ("contract", "end"), contract.get("start"), contract.get("end"), "the contract's end")
        workdays = tuple(hours.get("days") or DEFAULT_DAYS)
        for index, holiday in enumerate(data.get("holidays") or []):
            self.dates(doc, ("holidays", index, "until"), holiday["date"], holiday.get("until"), "the holiday's last day")
            self.holiday_on_day_off(doc, ("holidays", index, "date"), holiday, workdays)
        self.joiners(doc, data, theirs)
        exit_ = data.get("exit") or {}
        self.dates(doc, ("exit", "last_day"), exit_.get("notice_given"), exit_.get("last_day"), "the last day")
        plays = data.get("plays") or {}
        for group in ("add", "skip"):
            for index, play in enumerate(plays.get(group, [])):
                self.ref(doc, ("plays", group, index), play, self.play_ids, "play", "use the `id` of a play under playbooks/")

    def holiday_on_day_off(self, doc: Document, path: DataPath, holiday: dict[str, Any], workdays: tuple[str, ...]) -> None:
        """A holiday every day of which is a day the team does not work anyway: the office's day
        off in lieu, if there is one, is missing, and the calendar loses nothing by it."""
        first = date.fromisoformat(holiday["date"])
        last = date.fromisoformat(holiday.get("until") or holiday["date"])
        if last < first or (last - first).days >= 7:
            return  # a week or more always holds a working day; a reversed range is reported above
        days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        if any(weekday_of(day) in workdays for day in days):
            return
        when = short_date(first) if first == last else f"{short_date(first)} to {short_date(last)}"
        self.at(doc, path, f"the holiday `{holiday['name']}` ({when}) falls only on days the team does not work "
                f"(it works {day_list(workdays)}); give the working day the office closes instead, or remove the entry")

    def contract_references(self) -> None:
        """Each contract has its own reference: two vendors under one reference means one of
        them carries the other's (a copied file, a typo), and renewals and invoices would mix."""
        first: dict[str, str] = {}
        for slug, doc in sorted(self.inputs.vendors.items()):
            if doc.path in self.inputs.invalid:
                continue
            reference = as_dict(as_dict(doc.data).get("contract")).get("reference")
            if not isinstance(reference, str):
                continue
            key = " ".join(reference.split()).casefold()
            if key in first:
                self.at(doc, ("contract", "reference"), f"contract reference `{reference}` is also the reference of "
                        f"`{first[key]}` (content/vendors/{first[key]}.yml); each contract has its own reference, "
                        "so correct the one that was copied")
            else:
                first[key] = slug

def validate(inputs: Inputs, problems: Problems) -> None:
    checker = _Checker(inputs, problems)
    if inputs.organization is not None:
        checker.guarded(inputs.organization, checker.organization, inputs.organization)
    for slug, doc in inputs.vendors.items():
        checker.guarded(doc, checker.vendor, slug, doc)
    checker.contract_references()
    checker.playbooks()


def editorial(inputs: Inputs, problems: Problems) -> None:
    """The team's rules for what is contributed: each play against playbooks/rules.yml, the
    checklist ids against their ledger, and CODEOWNERS against the plays' owners."""
    play_rules.check(inputs, problems)
    ledger.check(inputs, problems)
    codeowners.check(inputs, problems)
