"""Rules for a vendor's record of how the relationship runs: results per period and their
thresholds, health checks, risks, the governance log, the contract's renewal, documents that
expire, and shared checklist progress. Each rule reports at the offending value's line and
column, says what is wrong and how to fix it, and never raises on schema-valid data.

Called by validate.py for every schema-valid vendor file, with its checker (the shared
helpers: `at`, `ref`, `unique`) and what the checker knows across files (our people, the
plays and their checklist items, the health-check dimensions).
"""

from __future__ import annotations

from typing import Any, Iterable, Protocol

from ..model.measures import COMPARATOR_WORDS, STATISTICS, amber_fits, number, red_fits

MISSES = {"<=": "above", ">=": "below", "<": "at least", ">": "at most"}  # what misses a target, by comparator
from ..support.codes import DataPath
from ..support.problems import did_you_mean, one_of
from ..schedules import dates, reporting, wording
from ..sources.yaml_loader import Document
from .checker import as_dict
PERCENT_UNITS = ("percent", "%", "per cent")


class Checker(Protocol):
    """What validate.py's checker offers the rules here."""

    people: set[str]
    play_items: dict[str, set[str]]
    dimensions: dict[str, str]

    def at(self, doc: Document, path: Iterable[Any], message: str, *, key: bool = False) -> None: ...

    def ref(self, doc: Document, path: DataPath, value: str, known: set[str], what: str, fix: str, *, key: bool = False) -> bool: ...

    def unique(self, doc: Document, base: DataPath, items: list[dict[str, Any]], key: str, what: str) -> None: ...


class RelationshipRules:
    """The rules for one vendor file."""

    def __init__(self, checker: Checker, doc: Document, theirs: set[str]):
        self.c = checker
        self.doc = doc
        self.theirs = theirs

    def check(self) -> None:
        data = as_dict(self.doc.data)
        performance = data.get("performance") or {}
        measures: dict[str, dict[str, Any]] = {}
        for group in ("slas", "kpis"):
            for index, measure in enumerate(performance.get(group) or []):
                measures.setdefault(measure["id"], measure)
                self.measure(("performance", group, index), measure)
        for group in ("incentives", "penalties"):
            for index, term in enumerate(performance.get(group) or []):
                if "measure" in term:
                    self.c.ref(self.doc, ("performance", group, index, "measure"), term["measure"], set(measures), "measure",
                               "name an SLA or KPI by its id from `performance.slas` or `performance.kpis`")
                if "money" in term:
                    self.money(("performance", group, index), group, term, measures.get(term.get("measure", "")))
        self.health_checks(data.get("health_checks") or [])
        risks = data.get("risks") or []
        self.c.unique(self.doc, ("risks",), risks, "id", "risk id")
        for index, risk in enumerate(risks):
            if "owner" in risk:
                self.person(("risks", index, "owner"), risk["owner"])
        meetings = (data.get("governance") or {}).get("meetings") or []
        self.log((data.get("governance") or {}).get("log") or [], {m["id"] for m in meetings})
        self.contract(data.get("contract") or {})
        documents = data.get("documents") or []
        self.c.unique(self.doc, ("documents",), documents, "id", "document id")
        for index, document in enumerate(documents):
            if "owner" in document:
                self.person(("documents", index, "owner"), document["owner"])
        self.progress(data.get("progress") or {})
        self.joiner_progress(data.get("joiner_progress") or {}, {j["id"] for j in data.get("joiners") or []})
        self.records(data, set(measures))

    # --- the records plays ask for: escalations raised, change requests, plans, hand-over, RACI ---

    def records(self, data: dict[str, Any], measures: set[str]) -> None:
        self.raised_escalations(data)
        self.change_requests(data)
        self.improvement_plans(data, measures)
        self.hand_over(data)

    def raised_escalations(self, data: dict[str, Any]) -> None:
        """Each escalation raised: at one of the vendor's levels, whose response time can be counted."""
        levels = {step["level"]: step.get("respond_within") for step in data.get("escalation") or []}
        raised = data.get("escalations") or []
        self.c.unique(self.doc, ("escalations",), raised, "id", "escalation id")
        for index, item in enumerate(raised):
            at = ("escalations", index)
            level = item["level"]
            if level not in levels:
                known = ", ".join(str(n) for n in sorted(levels)) or "none yet"
                self.c.at(self.doc, at + ("level",), f"escalation level {level} is not one of this vendor's levels "
                          f"({known}); use a level listed under `escalation`, or add it there")
            elif dates.respond_days(levels[level]) is None:
                self.c.at(self.doc, at + ("level",), f"level {level}'s `respond_within` ({levels[level] or 'not given'}) gives no "
                          "number of hours or days, so nobody can tell when this escalation is late; write it like "
                          "`4 working hours` or `2 working days`")
            for field in ("responded", "resolved"):
                self.not_before(at, item, field, "raised", f"the escalation was {field}")

    def change_requests(self, data: dict[str, Any]) -> None:
        """Change requests: a decision date exactly when decided, a currency for a cost."""
        requests = data.get("change_requests") or []
        self.c.unique(self.doc, ("change_requests",), requests, "id", "change request id")
        for index, item in enumerate(requests):
            at = ("change_requests", index)
            if "requested_by" in item:
                self.person(at + ("requested_by",), item["requested_by"])
            if item["decision"] == "pending" and "decided" in item:
                self.c.at(self.doc, at + ("decided",), "a pending change request has no decision date; set `decision` "
                          "(approved, rejected or deferred) or remove `decided`")
            elif item["decision"] != "pending" and "decided" not in item:
                self.c.at(self.doc, at + ("decision",), f"the change request was {item['decision']} but `decided` does not "
                          "say when; add `decided: YYYY-MM-DD`")
            self.not_before(at, item, "decided", "raised", "the change request was decided")
            if "cost_change" in item and "currency" not in item:
                self.c.at(self.doc, at + ("cost_change",), "`cost_change` needs a `currency` (for example `currency: EUR`)")

    def improvement_plans(self, data: dict[str, Any], measures: set[str]) -> None:
        """Improvement plans: an owner, a known measure, a done date exactly when done."""
        plans = data.get("improvement_plans") or []
        self.c.unique(self.doc, ("improvement_plans",), plans, "id", "improvement plan id")
        for index, item in enumerate(plans):
            at = ("improvement_plans", index)
            self.person(at + ("owner",), item["owner"])
            if "measure" in item:
                self.c.ref(self.doc, at + ("measure",), item["measure"], measures, "measure",
                           "name an SLA or KPI by its id from `performance.slas` or `performance.kpis`")
            if item.get("status", "open") == "done" and "done" not in item:
                self.c.at(self.doc, at + ("status",), "a plan that is done says when: add `done: YYYY-MM-DD`")
            if "done" in item and item.get("status", "open") != "done":
                self.c.at(self.doc, at + ("done",), "the plan has a `done` date but its `status` is not `done`; "
                          "set `status: done` or remove the date")

    def hand_over(self, data: dict[str, Any]) -> None:
        """Knowledge transfer, key personnel and decision rights name known people."""
        transition = data.get("transition") or {}
        if "owner" in transition:
            self.c.ref(self.doc, ("transition", "owner"), transition["owner"], self.c.people, "person",
                       "use the id of someone under `people` in content/organization.yml")
        sessions = transition.get("sessions") or []
        self.c.unique(self.doc, ("transition", "sessions"), sessions, "id", "session id")
        for index, session in enumerate(sessions):
            where: DataPath = ("transition", "sessions", index)
            if "given_by" in session:
                self.person(where + ("given_by",), session["given_by"])
            for i, who in enumerate(session.get("attendees") or []):
                self.person(where + ("attendees", i), who)
        for index, key in enumerate(data.get("key_personnel") or []):
            self.c.ref(self.doc, ("key_personnel", index, "contact"), key["contact"], self.theirs, "contact",
                       "use the id of one of this vendor's `contacts`")
        for index, right in enumerate(data.get("decision_rights") or []):
            at = ("decision_rights", index)
            self.person(at + ("accountable",), right["accountable"])
            for field in ("responsible", "consulted", "informed"):
                for i, who in enumerate(right.get(field) or []):
                    self.person(at + (field, i), who)

    def not_before(self, at: DataPath, item: dict[str, Any], later: str, earlier: str, what: str) -> None:
        if later in item and earlier in item and item[later] < item[earlier]:
            self.c.at(self.doc, at + (later,), f"{what} on {item[later]}, before it was {earlier} on {item[earlier]}; "
                      "fix one of the dates")

    # --- people of either side ---

    def person(self, path: DataPath, value: str) -> None:
        """An owner from either side: someone in organization.yml or a contact of this vendor."""
        if value in self.c.people and value in self.theirs:
            self.c.at(self.doc, path, f"`{value}` is both a person in content/organization.yml and a contact of this vendor, "
                      "so it is unclear who is meant; give the vendor's contact another id")
            return
        self.c.ref(self.doc, path, value, self.c.people | self.theirs, "person",
                   "use the id of someone under `people` in content/organization.yml or under this vendor's `contacts`")

    # --- money the contract moves ---

    def money(self, path: DataPath, group: str, term: dict[str, Any], measure: dict[str, Any] | None) -> None:
        """A rule's terms as data (model.scorecards.Money): one kind per group, one way to give
        the amount, a margin only for misses, claims only for credits and of recorded periods."""
        money, at = term["money"], path + ("money",)
        if "measure" not in term:
            self.c.at(self.doc, at, "`money` is worked out from the results of the measure the rule names; add "
                      "`measure:` with the id of an SLA or KPI", key=True)
        kinds = ("bonus",) if group == "incentives" else ("credit", "penalty")
        if money["kind"] not in kinds:
            where = "`incentives` are bonuses" if group == "incentives" else "`penalties` are credits or penalties"
            self.c.at(self.doc, at + ("kind",), f"`{money['kind']}` does not fit here: {where}; use "
                      f"{' or '.join(f'`{k}`' for k in kinds)}, or move the rule")
        if ("fixed" in money) == ("percent" in money):
            self.c.at(self.doc, at, "give the amount one way: `percent` of a stated `fee`, or a `fixed` sum", key=True)
        elif "percent" in money and "fee" not in money:
            self.c.at(self.doc, at + ("percent",), "`percent` needs `fee`, the stated fee of one period it is a share of")
        elif "fee" in money and "fixed" in money:
            self.c.at(self.doc, at + ("fee",), "`fee` goes with `percent`; a `fixed` sum needs none, so remove `fee`")
        if "margin" in money and money["applies"] != "missed":
            self.c.at(self.doc, at + ("margin",), "`margin` says how far a miss must go; it needs `applies: missed`")
        claimed = money.get("claimed") or []
        if claimed and money["kind"] != "credit":
            self.c.at(self.doc, at + ("claimed",), f"only a credit is claimed; remove `claimed` from this {money['kind']}",
                      key=True)
            return
        if not measure or not claimed:
            return
        recorded = {str(r["period"]) for r in measure.get("results") or []}
        seen: set[str] = set()
        for index, claim in enumerate(claimed):
            code = str(claim["period"])
            if code not in recorded:
                self.c.at(self.doc, at + ("claimed", index, "period"), f"`{code}` is not a period with a result of "
                          f"`{measure['id']}`; use one of its periods, as its `results` write them")
            elif code in seen:
                self.c.at(self.doc, at + ("claimed", index, "period"), f"`{code}` is claimed twice; keep one entry")
            seen.add(code)

    # --- results and thresholds ---

    def measure(self, path: DataPath, measure: dict[str, Any]) -> None:
        comparator, target = measure.get("comparator", ">="), measure["target"]
        for name in ("amber", "red"):
            if name not in measure:
                continue
            value = measure[name]
            if comparator == "=":
                self.c.at(self.doc, path + (name,), f"`{name}` needs a direction, and the comparator `=` has none; "
                          "use `<=` or `>=` as the comparator, or remove `amber` and `red`")
                continue
            wanted = f"{COMPARATOR_WORDS[comparator]} {number(target)}"
            if name == "amber" and not amber_fits(value, comparator, target):
                better = {"<=": "below", ">=": "above", "<": "below", ">": "above"}[comparator]
                problem = (f"`amber` ({number(value)}) is the target itself, so \"{wanted}; at risk from {number(value)}\" "
                           "can be read two ways" if value == target else f"`amber` ({number(value)}) misses the target ({wanted})")
                self.c.at(self.doc, path + (name,), f"{problem}; `amber` starts the margin in which a value still meets the "
                          f"target but is at risk, so give one {better} {number(target)}, or remove `amber` (a miss is "
                          "always off target, and `red` only marks where it is far off)")
            if name == "red" and not red_fits(value, comparator, target):
                self.c.at(self.doc, path + (name,), f"`red` ({number(value)}) meets the target ({wanted}); `red` marks where a "
                          f"miss is far off, so give one that is {MISSES[comparator]} {number(target)}")
        results = measure.get("results") or []
        if not results:
            return
        if path[-2] == "slas" and "statistic" not in measure:
            self.c.at(self.doc, path + ("results",), f"the SLA `{measure['id']}` has results but does not say what each one is: "
                      "an average, a median, a worst case or a share of cases; add `statistic:` with one of "
                      f"{one_of(list(STATISTICS))}, the one the contract measures", key=True)
        cadence = measure.get("measured")
        if cadence is None:
            self.c.at(self.doc, path + ("results",), "`results` need `measured`, the cadence their periods follow; add "
                      "`measured: monthly` (or weekly, quarterly, yearly, daily, per-release, per-ticket)", key=True)
            return
        previous: reporting.ReportPeriod | None = None
        seen: dict[str, int] = {}
        percent = str(measure.get("unit", "")).strip().lower() in PERCENT_UNITS
        for index, result in enumerate(results):
            at = path + ("results", index)
            code = result["period"]
            period = reporting.parse(code, cadence)
            if period is None:
                kind = reporting.form_of(cadence)
                real = reporting.FORMS[kind].match(code) is not None
                what = {"daily": "day", "weekly": "ISO week", "monthly": "month", "quarterly": "quarter", "yearly": "year"}[kind]
                problem = f"`{code}` is not a real {what}" if real else f"`{code}` is not a period of a `{cadence}` measure"
                self.c.at(self.doc, at + ("period",), f"{problem}; write {wording.period_form(cadence)}")
                continue
            if code in seen:
                self.c.at(self.doc, at + ("period",), f"`{code}` has a result already (entry {seen[code] + 1}); give each period "
                          "one result, and correct that one if it changed")
                continue
            seen[code] = index
            if previous is not None and period < previous:
                self.c.at(self.doc, at + ("period",), f"`{code}` is listed after `{previous.code}`, a later period; list "
                          "results oldest first")
            previous = period if previous is None or period > previous else previous
            if percent and not 0 <= result["value"] <= 100:
                self.c.at(self.doc, at + ("value",), f"`{number(result['value'])}` is not a percentage; the unit is percent, "
                          "so write a value from 0 to 100")

    # --- health checks ---

    def health_checks(self, checks: list[dict[str, Any]]) -> None:
        first_on: dict[str, int] = {}  # a date -> the index of its first check
        known = self.c.dimensions
        for index, check in enumerate(checks):
            at = ("health_checks", index)
            if check["date"] in first_on:
                self.c.at(self.doc, at + ("date",), f"a health check dated {check['date']} is listed already (entry "
                          f"{first_on[check['date']] + 1}); keep one check per day")
            first_on.setdefault(check["date"], index)
            for dimension, score in check["scores"].items():
                if dimension not in known:
                    hint = did_you_mean(dimension, known) or f"; use one of {one_of(known)}"
                    self.c.at(self.doc, at + ("scores", dimension), f"`{dimension}` is not a health-check dimension (those are "
                              f"`health_dimensions` in content/organization.yml, or the default five){hint}", key=True)
                if "ours" not in score and "theirs" not in score:
                    self.c.at(self.doc, at + ("scores", dimension), "a dimension's score needs `ours`, `theirs` or both "
                              "(whole numbers from 1 to 5); add the score or remove the dimension", key=True)

    # --- the governance log ---

    def log(self, entries: list[dict[str, Any]], meetings: set[str]) -> None:
        seen: dict[tuple[str, str], int] = {}
        for index, entry in enumerate(entries):
            at = ("governance", "log", index)
            self.c.ref(self.doc, at + ("meeting",), entry["meeting"], meetings, "meeting",
                       "use the `id` of a meeting under `governance.meetings`")
            key = (entry["meeting"], entry["date"])
            if key in seen:
                self.c.at(self.doc, at + ("date",), f"`{entry['meeting']}` on {entry['date']} is logged already (entry "
                          f"{seen[key] + 1}); put its decisions and actions in one entry")
            seen.setdefault(key, index)
            for i, decision in enumerate(entry.get("decisions") or []):
                if "owner" in decision:
                    self.person(at + ("decisions", i, "owner"), decision["owner"])
            for i, action in enumerate(entry.get("actions") or []):
                self.person(at + ("actions", i, "owner"), action["owner"])
                if action["due"] < entry["date"]:
                    self.c.at(self.doc, at + ("actions", i, "due"), f"the action is due {action['due']}, before the meeting "
                              f"that agreed it ({entry['date']}); give the day it is really due")
                if "done" in action and action.get("status", "open") == "open":
                    self.c.at(self.doc, at + ("actions", i, "done"), "the action has a `done` date but is still open; add "
                              "`status: done` (or `dropped`), or remove the date")

    # --- the contract's renewal ---

    def contract(self, contract: dict[str, Any]) -> None:
        renewal = contract.get("renewal") or {}
        if "owner" in renewal:
            self.c.ref(self.doc, ("contract", "renewal", "owner"), renewal["owner"], self.c.people, "person",
                       "use the id of someone under `people` in content/organization.yml")
        for name in ("renewal", "auto_renew", "remind_days"):
            if name in contract and "end" not in contract:
                self.c.at(self.doc, ("contract", name), f"`{name}` is about the notice deadline, which is the contract's end "
                          "minus `notice_days`; add the contract's `end` date", key=True)
                break

    # --- shared checklist progress ---

    def progress(self, progress: dict[str, Any]) -> None:
        plays = self.c.play_items
        for play, items in progress.items():
            if not self.c.ref(self.doc, ("progress", play), play, set(plays), "play", "use the `id` of a play under playbooks/",
                              key=True):
                continue
            for item, done in items.items():
                self.c.ref(self.doc, ("progress", play, item), item, plays[play], "checklist item",
                           f"use the `id` of an item in the checklist of the play `{play}`", key=True)
                if "by" in done:
                    self.person(("progress", play, item, "by"), done["by"])

    def joiner_progress(self, recorded: dict[str, Any], joiners: set[str]) -> None:
        """Progress per joiner: a joiner listed under `joiners`, then plays and items as in `progress`."""
        plays = self.c.play_items
        for joiner, done_plays in recorded.items():
            if not self.c.ref(self.doc, ("joiner_progress", joiner), joiner, joiners, "joiner",
                              "use the `id` of a joiner under `joiners` in this file", key=True):
                continue
            for play, items in done_plays.items():
                if not self.c.ref(self.doc, ("joiner_progress", joiner, play), play, set(plays), "play",
                                  "use the `id` of a play under playbooks/", key=True):
                    continue
                for item, done in items.items():
                    self.c.ref(self.doc, ("joiner_progress", joiner, play, item), item, plays[play], "checklist item",
                               f"use the `id` of an item in the checklist of the play `{play}`", key=True)
                    if "by" in done:
                        self.person(("joiner_progress", joiner, play, item, "by"), done["by"])
