"""A vendor's SLAs and KPIs with their results over time: each period's value and status, the
latest figure and its change, and the breaches counted against penalty and incentive rules.

Periods come from `schedules.reporting`: a run of results has its gaps filled in as missing
periods (shown as such, never interpolated), and a regular run goes on to the last period that
ended before the build date, so a result not yet recorded shows as missing too. Statuses come
from `measures` (on target, at risk, off target).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from . import measures as rules
from ..schedules import reporting
from ..schedules.reporting import ReportPeriod

CHART_PERIODS = 12  # a trend chart shows at most the last 12 periods
BREACH_WINDOW_DAYS = 365  # breaches are counted over the periods that ended in the last year
CATEGORY_OF_SLAS = "service-level"  # an SLA without a category is a service level


@dataclass(frozen=True)
class Result:
    """One period of a measure: its value (None: missing), note and evidence, and its status."""

    period: ReportPeriod
    value: float | None
    note: str | None = None
    evidence: str | None = None
    status: str | None = None  # measures.ON / RISK / OFF; None when missing

    @property
    def missing(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Change:
    """The latest value against the period before it."""

    previous: Result  # may be missing
    delta: float | None  # None when the previous period has no figure
    better: bool | None  # None: no change, or nothing to compare with


@dataclass(frozen=True)
class Measure:
    id: str
    kind: str  # "SLA" or "KPI"
    name: str
    category: str | None
    comparator: str
    target: float
    baseline: float | None
    unit: str
    measured: str | None
    source: str | None
    amber: float | None = None
    red: float | None = None
    results: tuple[Result, ...] = ()
    statistic: str | None = None  # what each result is (measures.STATISTICS)  # the run of periods, oldest first, missing ones included

    @property
    def heat_category(self) -> str:
        """Its column in the portfolio's heat table: its category; an SLA's is a service level."""
        return self.category or (CATEGORY_OF_SLAS if self.kind == "SLA" else "other")

    @cached_property
    def recorded(self) -> tuple[Result, ...]:
        """The periods with a figure (worked out once: pages ask for the latest many times)."""
        return tuple(r for r in self.results if not r.missing)

    @cached_property
    def latest(self) -> Result | None:
        """The most recent period with a figure."""
        recorded = self.recorded
        return recorded[-1] if recorded else None

    @property
    def status(self) -> str | None:
        latest = self.latest
        return latest.status if latest else None

    @property
    def change(self) -> Change | None:
        """The latest figure against the period just before it (which may be missing)."""
        latest = self.latest
        if latest is None:
            return None
        index = self.results.index(latest)
        if index == 0:
            return None
        previous = self.results[index - 1]
        if previous.value is None or latest.value is None:
            return Change(previous, None, None)
        delta = latest.value - previous.value
        return Change(previous, delta, rules.better(delta, self.comparator, previous.value, latest.value, self.target))

    @property
    def at_risk_in_a_row(self) -> int:
        """How many of the latest periods in a row were at risk (a missing period breaks the run)."""
        count = 0
        for result in reversed(self.results[:self.results.index(self.latest) + 1] if self.latest else ()):
            if result.status != rules.RISK:
                break
            count += 1
        return count

    @property
    def escalate(self) -> bool:
        """At risk in rules.AMBER_REPEAT periods in a row: the scorecard play's repeat rule."""
        return self.at_risk_in_a_row >= rules.AMBER_REPEAT

    @property
    def missing_since(self) -> tuple[Result, ...]:
        """The periods after the latest figure with none: results not recorded yet."""
        latest = self.latest
        if latest is None:
            return self.results
        return self.results[self.results.index(latest) + 1:]

    @property
    def chart(self) -> tuple[Result, ...]:
        """The periods a trend chart shows: the last CHART_PERIODS of the run."""
        return self.results[-CHART_PERIODS:]

    def within(self, first: date, last: date) -> tuple[Result, ...]:
        """The periods that end between `first` and `last` (inclusive)."""
        return tuple(r for r in self.results if first <= r.period.end <= last)

    def breaches(self, today: date) -> tuple[Result, ...]:
        """The periods of the last year (ended before `today`) whose figure missed the target."""
        since = today - timedelta(days=BREACH_WINDOW_DAYS)
        return tuple(r for r in self.results if r.value is not None and since <= r.period.end < today
                     and not rules.meets(r.value, self.comparator, self.target))

    def counted(self, today: date) -> tuple[Result, ...]:
        """The periods of the last year with a figure (what breaches are counted among)."""
        since = today - timedelta(days=BREACH_WINDOW_DAYS)
        return tuple(r for r in self.results if r.value is not None and since <= r.period.end < today)


def measure(data: dict[str, Any], kind: str, today: date) -> Measure:
    """One SLA or KPI as this audience sees it, its results scored and their gaps filled in."""
    comparator = data.get("comparator", ">=")
    target, amber, red = data["target"], data.get("amber"), data.get("red")
    cadence = data.get("measured")
    given: dict[ReportPeriod, dict[str, Any]] = {}
    for result in data.get("results") or ():
        period = reporting.parse(result["period"], cadence) if cadence else None
        if period is not None:
            given.setdefault(period, result)
    run = reporting.run(sorted(given), until=today)
    results = []
    for period, present in run:
        if not present:
            results.append(Result(period, None))
            continue
        raw = given[period]
        value = raw["value"]
        results.append(Result(period, value, raw.get("note"), raw.get("evidence"),
                              rules.status(value, comparator, target, amber)))
    return Measure(id=data["id"], kind=kind, name=data["name"], category=data.get("category"), comparator=comparator,
                   target=target, baseline=data.get("baseline"), unit=data["unit"], measured=cadence,
                   source=data.get("source"), amber=amber, red=red, results=tuple(results),
                   statistic=data.get("statistic"))


def measures(performance: dict[str, Any], today: date) -> tuple[Measure, ...]:
    return tuple(measure(m, kind, today) for kind, group in (("SLA", "slas"), ("KPI", "kpis"))
                 for m in performance.get(group) or [])


@dataclass(frozen=True)
class Breaches:
    """How often the measure a penalty or incentive names missed its target in the last year
    (restricted builds only)."""

    measure: Measure
    missed: tuple[Result, ...]
    counted: int  # periods with a figure


@dataclass(frozen=True)
class Money:
    """A rule's terms as data (the vendor schema's `money`): what kind of money, which periods
    it applies to, the amount (a share of a stated fee or a fixed sum), a cap per quarter, and
    the credits recorded as claimed."""

    kind: str  # credit | penalty | bonus
    applies: str  # missed | met
    margin: float | None
    percent: float | None
    fee: float | None
    of: str | None  # what the fee is: "that month's fee"
    fixed: float | None
    currency: str
    cap: float | None  # the most it moves in a calendar quarter
    claimed: dict[str, date]  # period code -> the day the claim was sent

    @property
    def amount(self) -> float:
        """What one period it applies to moves, before any cap."""
        if self.fixed is not None:
            return self.fixed
        return (self.percent or 0) / 100 * (self.fee or 0)

    def hits(self, measure: Measure, value: float) -> bool:
        """Whether a period's value is one this rule applies to."""
        met = rules.meets(value, measure.comparator, measure.target)
        if self.applies == "met":
            return met
        if met:
            return False
        if self.margin is None:
            return True
        return abs(value - measure.target) > self.margin


@dataclass(frozen=True)
class Outcome:
    """One period of the measure a money rule names, worked out: the amount it moves (0 when
    it does not apply: nothing to claim), whether a quarter's cap cut it, and for a credit its
    claim: recorded (the day) or not, and the last day to claim it."""

    result: Result
    amount: float
    capped: bool
    claimed: date | None = None
    claim_by: date | None = None  # credits with a claim window only

    @property
    def applies(self) -> bool:
        return self.amount > 0


def outcomes(money: Money, measure: Measure, claim_days: int | None) -> tuple[Outcome, ...]:
    """Every period of `measure` with a figure, oldest first, with what `money` moves in it; a
    cap counts per calendar quarter of the periods' ends."""
    out: list[Outcome] = []
    used: dict[tuple[int, int], float] = {}
    for r in measure.recorded:
        assert r.value is not None
        amount, capped = 0.0, False
        if money.hits(measure, r.value):
            amount = money.amount
            if money.cap is not None:
                quarter = (r.period.end.year, (r.period.end.month - 1) // 3)
                room = max(money.cap - used.get(quarter, 0.0), 0.0)
                capped, amount = amount > room, min(amount, room)
                used[quarter] = used.get(quarter, 0.0) + amount
        claim_by = None
        if money.kind == "credit" and amount > 0 and claim_days:
            claim_by = r.period.end + timedelta(days=claim_days)
        out.append(Outcome(r, amount, capped, money.claimed.get(r.period.code), claim_by))
    return tuple(out)


def money(data: dict[str, Any] | None) -> Money | None:
    if not data:
        return None
    return Money(data["kind"], data["applies"], data.get("margin"), data.get("percent"), data.get("fee"), data.get("of"),
                 data.get("fixed"), data["currency"], data.get("cap"),
                 {str(c["period"]): date.fromisoformat(c["date"]) for c in data.get("claimed") or ()})


@dataclass(frozen=True)
class Clause:
    """An incentive or a penalty: when it applies, what follows, its cap, the breaches of the
    measure it names (restricted builds), and, with its terms as data, what it moved in each
    period of that measure."""

    when: str
    then: str
    cap: str | None
    breaches: Breaches | None = None
    id: str | None = None
    measure: Measure | None = None
    money: Money | None = None
    outcomes: tuple[Outcome, ...] = ()
    today: date | None = None

    def unclaimed(self) -> tuple[Outcome, ...]:
        """Credits earned whose claim window closed before today with no claim recorded."""
        return tuple(o for o in self.outcomes if o.claim_by is not None and o.claimed is None
                     and self.today is not None and o.claim_by < self.today)

    def within(self, first: date, last: date) -> tuple[Outcome, ...]:
        """The outcomes of the periods that end between `first` and `last` (inclusive)."""
        return tuple(o for o in self.outcomes if first <= o.result.period.end <= last)


def clauses(terms: list[dict[str, Any]], by_id: dict[str, Measure], today: date, count: bool,
            claim_days: int | None = None) -> tuple[Clause, ...]:
    """Incentives or penalties; with `count`, each naming a measure gets its breaches; each
    with `money` gets its outcomes per period of the measure it names."""
    out = []
    for term in terms:
        named = by_id.get(term.get("measure", ""))
        found = named if count else None
        breaches = Breaches(found, found.breaches(today), len(found.counted(today))) if found else None
        terms_ = money(term.get("money")) if named else None
        worked = outcomes(terms_, named, claim_days) if terms_ and named else ()
        out.append(Clause(term["when"], term["then"], term.get("cap"), breaches, term.get("id"), named, terms_, worked, today))
    return tuple(out)


def worst(statuses: list[str | None]) -> str | None:
    """The worst status among some (None when none has a figure)."""
    found = [s for s in statuses if s is not None]
    return max(found, key=rules.STATUSES.index) if found else None
