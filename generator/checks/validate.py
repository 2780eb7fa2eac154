"""Rules that span fields and files: references, time zones, hours, unique ids; and (in
relationship_rules) those of the record of how a relationship runs: results, health checks,
risks, the governance log, renewals, documents and shared progress.

Runs on schema-valid inputs (a file that failed its schema is skipped here, and a reference
into a file that failed is not reported twice). Every problem is reported, none raises.

`validate` holds what every build needs; `editorial` adds the team's rules for contributions
(play_rules: sections, length, sources; ledger: checklist ids never vanish; codeowners: every
play's owner reviews it), which
`playbooks validate` checks and a build or a preview of a play being written does not.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from typing import Any, Iterable

from ..model import access
from . import codeowners, ledger, play_rules
from .relationship_rules import RelationshipRules
from ..model.health import health_dimensions
from ..sources.load import Inputs, PlayFile
from ..model.audience import allows, strip_sections
from ..plays.addresses import local_path, targets
from ..plays.markup import blank_template
from ..plays.source import Snippet, check_source
from ..support.codes import Audience, DataPath, is_audience
from ..support.problems import Problems, did_you_mean, one_of
from ..schedules.clock import DEFAULT_DAYS, day_list, minutes, short_date, weekday_of, zone_problem
from ..sources.yaml_loader import Document

SPOC_ROLE = "spoc"


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _ids(items: Any, key: str = "id") -> set[str]:
    return {i[key] for i in items if isinstance(i, dict) and isinstance(i.get(key), str)} if isinstance(items, list) else set()


_MALFORMED = (KeyError, TypeError, AttributeError, ValueError, IndexError)


class _Checker:
    def __init__(self, inputs: Inputs, problems: Problems):
        self.inputs = inputs
        self.problems = problems
        org = _dict(inputs.organization.data if inputs.organization else None)
        self.people = _ids(org.get("people"))
        roles = _dict(_dict(inputs.roles.data if inputs.roles else None).get("roles"))
        self.roles = set(roles) if inputs.roles and inputs.roles.path not in inputs.invalid else None
        self.play_ids = {p.meta.data["id"] for p in inputs.plays if isinstance(_dict(p.meta.data).get("id"), str)}
        self.play_ids |= inputs.unreadable_plays  # already reported; do not call references to them dangling
        self.source_ids = _ids(_dict(inputs.sources.data if inputs.sources else None).get("sources"))
        self.org_defaults = {k: v for k, v in _dict(org.get("defaults")).items() if isinstance(v, str)}
        self.play_items = {p.meta.data["id"]: _ids(p.meta.data.get("checklist"))
                           for p in inputs.plays if isinstance(_dict(p.meta.data).get("id"), str)}
        self.dimensions = {d["id"]: str(d.get("name", d["id"])) for d in health_dimensions(org)}

    def guarded(self, doc: Document, check: Any, *args: Any) -> None:
        """Run a check; in a file that failed its schema, skip what is too malformed to check."""
        try:
            check(*args)
        except _MALFORMED:
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
            access = channel.get("access") or {}
            if "granted_by" in access:
                self.ref(doc, ("communication", "channels", index, "access", "granted_by"), access["granted_by"], people, "person", fix)

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
        data = doc.data
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
        named = _dict(data["access"].get("vendors"))
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
        data = doc.data
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
            reference = _dict(_dict(doc.data).get("contract")).get("reference")
            if not isinstance(reference, str):
                continue
            key = " ".join(reference.split()).casefold()
            if key in first:
                self.at(doc, ("contract", "reference"), f"contract reference `{reference}` is also the reference of "
                        f"`{first[key]}` (content/vendors/{first[key]}.yml); each contract has its own reference, "
                        "so correct the one that was copied")
            else:
                first[key] = slug

    def playbooks(self) -> None:
        first: dict[str, str] = {}
        for play in self.inputs.plays:
            self.guarded(play.meta, self.play, play, first)
        self.guarded_sources_and_glossary()

    def play(self, play: PlayFile, first: dict[str, str]) -> None:
        self.template_syntax(play)
        self.links_for_vendors(play)
        doc, data = play.meta, play.meta.data
        if data["id"] in first:
            self.at(doc, ("id",), f"play id `{data['id']}` is already used by {first[data['id']]}; play ids must be unique")
        first.setdefault(data["id"], play.path)
        if data.get("area", play.area) != play.area:
            self.at(doc, ("area",), f"`area` is `{data['area']}` but the play sits in playbooks/{play.area}/; move the file or fix `area`")
        items = data["checklist"]
        self.unique(doc, ("checklist",), items, "id", "checklist item id")
        for index, item in enumerate(items):
            for field in ("owner", "ask"):
                owner = _dict(item).get(field)
                if isinstance(owner, str) and "-" in owner:
                    self.role(doc, ("checklist", index, field), owner.split("-", 1)[1])
        for index, other in enumerate(data.get("related", [])):
            if other == data["id"]:
                self.at(doc, ("related", index), "a play cannot be related to itself; remove this entry")
            else:
                self.ref(doc, ("related", index), other, self.play_ids, "play", "use the `id` of another play")
        if self.inputs.sources is not None:
            for index, source in enumerate(data.get("sources", [])):
                self.ref(doc, ("sources", index), source, self.source_ids, "source", "use an id from playbooks/sources.yml")

    def links_for_vendors(self, play: PlayFile) -> None:
        """A play must not link to a page a site that shows it does not have: a vendor-visible
        play to an internal page (vendor-facing sites), an internal one to a restricted page
        (the internal site). Links inside blocks that audience does not see are fine."""
        level = _dict(play.meta.data).get("visibility", "internal")
        if not is_audience(level) or level == "restricted":
            return
        levels = {p.path: _dict(p.meta.data).get("visibility", "internal") for p in self.inputs.plays}
        levels.update({a.path: _dict(a.meta.data if a.meta else None).get("visibility", "internal")
                       for a in self.inputs.areas.values() if a.path})
        readers: tuple[Audience, ...] = ("vendor", "internal")
        for audience in readers:
            if not allows(audience, level):
                continue
            shown = strip_sections(play.body, audience)  # links inside `!!! internal` blocks are fine
            for link in targets(blank_template(shown)):
                target = local_path(play.path, link.address)
                target_level = levels.get(target, "vendor") if target is not None else "vendor"
                if target is None or not target.endswith(".md") or not is_audience(target_level) or allows(audience, target_level):
                    continue
                fix = ("vendor-facing sites do not have; move the link into an `!!! internal` block or mark that page "
                       "`visibility: vendor`" if audience == "vendor" else
                       "only restricted builds have; move the link into a `!!! restricted` block or give that page "
                       "`visibility: internal`")
                what = "vendor-visible play" if audience == "vendor" else "play"
                self.problems.add(play.path, play.body_line + link.line - 1, link.column,
                                  f"this {what} links to `{target}`, which {fix}")

    def template_syntax(self, play: PlayFile) -> None:
        """Jinja2 syntax, statements, HTML and links in the body, summary and items: checkable
        even if the data is not. The body also as each audience gets it (without the
        `!!! internal` or `!!! restricted` blocks it may not see), as that is what renders."""
        data = _dict(play.meta.data)
        snippets = []
        for audience in ("restricted", "internal", "vendor"):
            shown = strip_sections(play.body, audience)
            if audience == "restricted" or shown != play.body:
                snippets.append(Snippet(f"{play.path}#body", shown, play.path, play.body_line))
        if isinstance(data.get("summary"), str):
            snippets.append(self.scalar_snippet(play, ("summary",), "summary", data["summary"]))
        for index, item in enumerate(data.get("checklist") or []):
            if isinstance(_dict(item).get("text"), str):
                snippets.append(self.scalar_snippet(play, ("checklist", index, "text"), f"item.{item.get('id')}", item["text"]))
        check_source(snippets, self.problems)

    def scalar_snippet(self, play: PlayFile, path: DataPath, part: str, text: str) -> Snippet:
        """A front-matter value as play text, starting where its text starts (the loader places
        a quoted scalar after its quote), so that a problem inside it is reported at its character."""
        line, column = play.meta.source.at(path)
        return Snippet(f"{play.path}#{part}", text, play.path, line, column)

    def guarded_sources_and_glossary(self) -> None:
        if self.inputs.sources is not None:
            doc = self.inputs.sources
            self.guarded(doc, self.unique, doc, ("sources",), _dict(doc.data).get("sources") or [], "id", "source id")
        if self.inputs.glossary is not None:
            self.guarded(self.inputs.glossary, self.glossary, self.inputs.glossary)

    def glossary(self, doc: Document) -> None:
        for index, term in enumerate(doc.data["terms"]):
            for i, play in enumerate(term.get("plays", [])):
                self.ref(doc, ("terms", index, "plays", i), play, self.play_ids, "play", "use the `id` of a play")


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
