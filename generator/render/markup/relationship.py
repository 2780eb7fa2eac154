"""Small cells of the relationship's sections, built in Python (template globals, like
profile_markup): a result's status as a badge, a measure's change and thresholds, its notes,
a health check's gap and trend worded for the reader, and a person with their side.

Every value printed here comes from a vendor file, so each is escaped (escape.finalize for
Markdown text, markupsafe for HTML); links go through escape.link.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Callable

from markupsafe import Markup, escape

from ...support import escape as esc
from ...model.measures import OFF, ON, RISK, STATISTICS, figure, severity
from ...model import Measure, Person, Vendor, labels
from ...model.relationship import Health, HealthRow
from ...model.site import HeatTable
from ...model.review import QuarterRow
from ...model.scorecards import Clause, Outcome, Result
from ...schedules import wording
from ...support.codes import Side
from ..voice import Voice

SYMBOLS = {ON: "✓", RISK: "!", OFF: "✕"}


def status_badge(status: str | None, kind: str | None = None) -> Markup:
    """A status in words, with a symbol and a class for its colour: "✓ on target"; with the
    `kind` of one measure, in its full words: "✕ breached", "! at risk: met, inside the margin"."""
    if status is None:
        return Markup('<span class="rp-st rp-st-none">no figure</span>')
    words = labels.measure_status(status, kind) if kind else labels.word("result_status", status)
    return Markup(f'<span class="rp-st rp-st-{esc.attr(status)}">{SYMBOLS[status]} {escape(words)}</span>')


def result_status(measure: Measure, result: Result | None) -> Markup:
    """One period's status, naming the period: "✓ met (Oct 2026)", "! at risk: meets the target,
    inside the margin (week 42 of 2026)"; "no figure" without one."""
    if result is None or result.status is None:
        return status_badge(None)
    return Markup(f"{status_badge(result.status, measure.kind)} ({esc.text(wording.period_label(result.period))})")


def value(measure: Measure, amount: float | None) -> Markup:
    """"21 minutes"; "—" for no figure."""
    if amount is None:
        return Markup("—")
    return Markup(f"{esc.text(figure(amount))} {esc.text(measure.unit)}")


def latest(measure: Measure) -> Markup:
    """The latest figure with its period: "21 minutes (Oct 2026)"."""
    last = measure.latest
    if last is None:
        return Markup("no figure yet")
    return Markup(f"{value(measure, last.value)} ({esc.text(wording.period_label(last.period))})")


def change(measure: Measure) -> Markup:
    """"−3 since Sep 2026, better", "no figure for Aug 2026", "first figure"."""
    found = measure.change
    if found is None:
        return Markup("first figure")
    period = esc.text(wording.period_label(found.previous.period))
    if found.delta is None:
        return Markup(f"no figure for {period}")
    if found.delta == 0:
        return Markup(f"no change since {period}")
    sign = "+" if found.delta > 0 else "−"
    verdict = "better" if found.better else "worse"
    return Markup(f"{sign}{esc.text(figure(round(abs(found.delta), 6)))} since {period}, {verdict}")


def target(measure: Measure) -> Markup:
    """The target and what its thresholds mean, in words: "at most 30 minutes; 25 to 30: met,
    but at risk; any miss is a breach, far off from 45"."""
    text = f"{labels.word('comparator', measure.comparator)} {figure(measure.target)} {measure.unit}"
    if measure.statistic:
        text += f" ({STATISTICS[measure.statistic]})"
    extra = []
    if measure.amber is not None:
        met = "met" if measure.kind == "SLA" else "meets the target"
        low, high = sorted((measure.amber, measure.target))
        extra.append(f"{figure(low)} to {figure(high)}: {met}, but at risk")
    if measure.comparator != "=" and (measure.amber is not None or measure.red is not None):
        miss = "any miss is a breach" if measure.kind == "SLA" else "any miss is off target"
        extra.append(miss + (f", far off from {figure(measure.red)}" if measure.red is not None else ""))
    return Markup(esc.text(text + ("; " + "; ".join(extra) if extra else "")))


def notes(measure: Measure) -> Markup:
    """The notes and evidence links of a measure's shown periods, and the periods it still
    lacks a figure for, as a Markdown list (empty when there is nothing to say)."""
    lines = []
    for r in measure.chart:
        if r.note or r.evidence:
            line = f"- {esc.text(wording.period_label(r.period))}:"
            if r.note:
                line += f" {esc.text(r.note)}"
            if r.evidence:
                line += f" {esc.link('evidence', r.evidence)}"
            lines.append(line)
    behind = measure.missing_since
    if behind and measure.latest is not None:
        lines.append(f"- No figure yet for {esc.text(', '.join(wording.period_label(r.period) for r in behind))}.")
    return Markup("\n".join(lines))


def periods(results: tuple[Result, ...]) -> Markup:
    """"Jun 2026, Aug 2026": the periods of some results."""
    return esc.text(", ".join(wording.period_label(r.period) for r in results)) if results else Markup("")


def quarter_results(row: QuarterRow) -> Markup:
    """A measure's periods in a quarter: "Jul 2026: 33; Aug 2026: 28; Sep 2026: 24"; for more
    than four, the first and last figure and how many: "13 weeks, 2 without a figure: 98.9 (W27) to 99.6 (W39)"."""
    results = row.results
    if not results:
        return Markup("no period ended in the quarter")
    if len(results) <= 4:
        return esc.text("; ".join(f"{wording.period_tick(r.period)}: {'no figure' if r.value is None else figure(r.value)}"
                                  for r in results))
    recorded = [r for r in results if r.value is not None]
    missing = len(results) - len(recorded)
    head = f"{len(results)} periods" + (f", {missing} without a figure" if missing else "")
    if not recorded:
        return esc.text(head)
    first, last = recorded[0], recorded[-1]
    return esc.text(f"{head}: {figure(first.value or 0)} ({wording.period_tick(first.period)}) to "
                    f"{figure(last.value or 0)} ({wording.period_tick(last.period)})")


def counts(on: int, risk: int, off: int) -> str:
    """How many measures have which status, worst first: "1 off, 2 on"; "3 on"."""
    parts = [f"{n} {word}" for n, word in ((off, "off"), (risk, "at risk"), (on, "on")) if n]
    return ", ".join(parts) or "no figures"


def heat_rank(status: str | None, off: int, risk: int) -> int:
    """A heat-table cell's sort key: worse statuses, then more measures off and at risk, sort higher."""
    return severity(status) * 10000 + off * 100 + risk


def heat_rows(heat: HeatTable, link: Callable[[str, object], Markup]) -> Markup:
    """The heat table's body, a row per vendor (scorecards.md.j2). Built here, not in the
    template: the page is about every vendor, so any vendor's change renders it again, and at
    500 vendors the template's loop and calls took 70 ms of each regeneration. The vendor link
    is Markdown (`link`, the page's own helper) in a cell that says `markdown`, so MkDocs
    checks it."""
    rows = []
    for row in heat.rows:
        v = row.vendor
        cells = "".join(_heat_cell(c.status, c.count(ON), c.count(RISK), c.count(OFF)) if c else _HEAT_EMPTY
                        for c in row.cells)
        overall = _heat_cell(v.scorecard_status, v.status_count(ON), v.status_count(RISK), v.status_count(OFF))
        overdue = f" ({len(v.overdue_actions)} overdue)" if v.overdue_actions else ""
        actions = (f'<td data-rp-sort-value="{len(v.overdue_actions) * 1000 + len(v.open_actions)}">'
                   f"{len(v.open_actions)}{overdue}</td>")
        rows.append(f'<tr markdown="block"><th scope="row" data-rp-sort-value="{esc.attr(v.short_name.lower())}" '
                    f'markdown="span">{link("vendors/" + v.slug + "/index.md", v.short_name)}</th>{cells}{overall}{actions}</tr>')
    return Markup("\n".join(rows))


_HEAT_EMPTY = '<td class="rp-heat-cell rp-heat-empty" data-rp-sort-value="-1">—</td>'


def _heat_cell(status: str | None, on: int, risk: int, off: int) -> str:
    return (f'<td class="rp-heat-cell rp-heat-{esc.attr(status or "none")}" data-rp-sort-value="{heat_rank(status, off, risk)}">'
            f"{status_badge(status)}<br><small>{esc.text(counts(on, risk, off))}</small></td>")


def person(who: Person | None, vendor: Vendor, voice: Voice) -> Markup:
    """"Priya Raman (Lotus Code Works)", "Lukas Berg (Northwind)" (voice.person_with_side); "—" for nobody this site names."""
    if who is None:
        return Markup("—")
    return Markup(esc.text(voice.person_with_side(who, vendor)))


def gap(row: HealthRow, vendor: Vendor, voice: Voice) -> Markup:
    """The gap between the sides' scores, and who rates it higher: "+2: Northwind rates it higher"."""
    found = row.score.gap
    if found is None:
        return Markup("—")
    if found == 0:
        return Markup("0")
    higher: Side = "ours" if found > 0 else "theirs"
    return Markup(f"{'+' if found > 0 else '−'}{abs(found)}: {esc.text(voice.subject(higher, vendor))} "
                  f"{voice.verb(higher, 'rate')} it higher")


def trend(row: HealthRow, vendor: Vendor, voice: Voice) -> Markup:
    """Each side's score against the check before: "Northwind 3 → 4; Lotus Code Works 4 → 4"."""
    before = row.before
    if before is None:
        return Markup("—")
    parts = []
    for side in voice.sides_in_order():
        old, new = getattr(before, side), getattr(row.score, side)
        if old is not None or new is not None:
            parts.append(f"{voice.name(side, vendor)} {'—' if old is None else old} → {'—' if new is None else new}")
    return Markup(esc.text("; ".join(parts)))


def comments(row: HealthRow, vendor: Vendor, voice: Voice) -> Markup:
    parts = []
    for side in voice.sides_in_order():
        text = getattr(row.score, f"{side}_comment")
        if text:
            parts.append(f"{esc.text(voice.name(side, vendor))}: {esc.text(text)}")
    return Markup("<br>".join(parts))


def scorecard_table(vendor: Vendor) -> Markup:
    """The scorecard's table: a row per measure with results (the template line ends the last row)."""
    lines = ["| Measure | Latest | Status | Change | Target |", "|---|---|---|---|---|"]
    for m in vendor.scored:
        repeat = f" (**{m.at_risk_in_a_row} periods in a row: escalate**)" if m.escalate else ""
        lines.append(f"| {esc.text(m.name)} | {latest(m)} | {result_status(m, m.latest)}{repeat} | {change(m)} | {target(m)} |")
    return Markup("\n".join(lines))


def health_table(health: Health, vendor: Vendor, voice: Voice) -> Markup:
    """The latest check beside the one before: a row per dimension with both scores, the gap,
    each side's score before and the comments, then the averages. Built here: it runs for
    every vendor's profile and review pack, and a row is five cells worded for the reader."""
    latest, previous = health.latest, health.previous
    assert latest is not None
    since = f"Since {esc.text(wording.date_text(previous.date))}" if previous else "Trend"
    lines = [f"| Dimension | {esc.text(voice.side_score('ours', vendor))} | {esc.text(voice.side_score('theirs', vendor))} | "
             f"Gap | {since} | Comments |", "|---|---|---|---|---|---|"]
    for row in health.rows:
        lines.append(f"| {esc.text(row.score.dimension.name)} | {_score(row.score.ours)} | {_score(row.score.theirs)} | "
                     f"{gap(row, vendor, voice)} | {trend(row, vendor, voice)} | {comments(row, vendor, voice)} |")
    averages = ""
    if previous:
        averages = (f"{_mean(previous.ours_average)} → {_mean(latest.ours_average)}; "
                    f"{_mean(previous.theirs_average)} → {_mean(latest.theirs_average)}")
    lines.append(f"| Average | {_mean(latest.ours_average)} | {_mean(latest.theirs_average)} | | {averages} | |")
    return Markup("\n".join(lines))


def _mean(value: float | None) -> str:
    return "—" if value is None else figure(value)


def history(health: Health, vendor: Vendor, voice: Voice) -> Markup:
    """The checks before the latest, newest first, as a Markdown list (inside a collapsed box):
    each with its decision, both sides' scores per dimension and the comments."""
    lines = []
    ours, theirs = voice.sides_in_order()
    for check in reversed(health.checks[:-1]):
        decision = f" ({esc.text(labels.word('health_decision', check.decision))})" if check.decision else ""
        scores = "; ".join(f"{s.dimension.name} {_score(getattr(s, ours))}/{_score(getattr(s, theirs))}" for s in check.scores)
        line = f"- **{esc.text(wording.date_text(check.date))}**{decision}: {esc.text(scores)}."
        said = [f"{voice.name(side, vendor)} on {s.dimension.name.lower()}: {getattr(s, side + '_comment')}"
                for s in check.scores for side in (ours, theirs) if getattr(s, side + "_comment")]
        if check.summary:
            said.insert(0, check.summary)
        if said:
            line += " " + " ".join(str(esc.text(part if part.endswith(".") else part + ".")) for part in said)
        lines.append("    " + line)
    return Markup("\n".join(lines))


def _score(value: int | None) -> str:
    return "—" if value is None else str(value)


# --- money the contract moves (model.scorecards.Money) --------------------------------------------

MONEY_WORDS = {"credit": "credit earned", "penalty": "penalty due", "bonus": "bonus owed"}
MONEY_WINDOW_DAYS = 365  # the profile lists what the rules moved in the periods of the last year


def money_amount(amount: float, currency: str) -> str:
    """"EUR 7,900"; "EUR 7,916.67"."""
    return f"{currency} {figure(round(amount, 2))}"


def money_terms(clause: Clause) -> Markup:
    """What a rule moves in one period it applies to, in words: "credit: 5 percent of that
    month's fee (EUR 158,000) = EUR 7,900 a period it missed the target; at most EUR 23,700 a quarter"."""
    m = clause.money
    if m is None or clause.measure is None:
        return Markup("")
    if m.fixed is not None:
        amount = money_amount(m.fixed, m.currency)
    else:
        of = f" of {m.of}" if m.of else " of the fee"
        amount = (f"{figure(m.percent or 0)} percent{of} ({money_amount(m.fee or 0, m.currency)}) = "
                  f"{money_amount(m.amount, m.currency)}")
    if m.applies == "met":
        when = "for each period that meets the target"
    elif m.margin:
        when = f"for each period that misses the target by more than {figure(m.margin)} (in {clause.measure.unit})"
    else:
        when = "for each period that misses the target"
    cap = f"; at most {money_amount(m.cap, m.currency)} a quarter" if m.cap is not None else ""
    return esc.text(f"{m.kind}: {amount} {when}{cap}")


def money_outcome(clause: Clause, outcome: Outcome) -> Markup:
    """One period worked out: "credit earned: EUR 7,900, claimed Fri 19 Jun 2026"; "penalty
    due: EUR 3,200"; "nothing to claim"; a credit not claimed in its window says so in bold."""
    m = clause.money
    if m is None or not outcome.applies:
        return Markup("nothing to claim")
    text = f"{MONEY_WORDS[m.kind]}: {money_amount(outcome.amount, m.currency)}" + (" (capped)" if outcome.capped else "")
    if outcome.claimed is not None:
        return esc.text(f"{text}, claimed {wording.date_text(outcome.claimed)}")
    if outcome.claim_by is not None and clause.today is not None:
        late = outcome.claim_by < clause.today
        note = esc.text(f"not claimed; the claim window {'closed' if late else 'closes'} {wording.date_text(outcome.claim_by)}")
        return Markup(f"{esc.text(text)}, **{note}**" if late else f"{esc.text(text)}, {note}")
    return esc.text(text)


def money_rows(clause: Clause, outcomes: tuple[Outcome, ...]) -> Markup:
    """Table rows (Rule | Period | Result | Outcome) for some outcomes of a rule."""
    assert clause.measure is not None
    lines = []
    for o in outcomes:
        lines.append(f"| {esc.text(clause.when)} | {esc.text(wording.period_label(o.result.period))} | "
                     f"{value(clause.measure, o.result.value)}, {status_badge(o.result.status, clause.measure.kind)} | "
                     f"{money_outcome(clause, o)} |")
    return Markup("\n".join(lines))


def money_portfolio(vendors: list[Vendor], since: date, link: Callable[[str, object], Markup]) -> Markup:
    """The Scorecards page's money table: for each vendor's rules with terms as data that this
    site sees, every period of the measure ending from `since` on, worked out (a credit earned,
    a penalty due, a bonus owed, or nothing to claim). Empty when no vendor has one here."""
    lines = []
    for v in vendors:
        for c in v.incentives + v.penalties:
            if c.money is None or c.measure is None or c.today is None:
                continue
            name = link("vendors/" + v.slug + "/index.md", v.short_name)
            for o in c.within(since, c.today):
                lines.append(f"| {name} | {esc.text(c.when)} | {esc.text(wording.period_label(o.result.period))} | "
                             f"{value(c.measure, o.result.value)}, {status_badge(o.result.status, c.measure.kind)} | "
                             f"{money_outcome(c, o)} |")
    if not lines:
        return Markup("")
    return Markup("\n".join(["| Vendor | Rule | Period | Result | Worked out |", "|---|---|---|---|---|", *lines]))


def money_profile(clauses: tuple[Clause, ...]) -> Markup:
    """The profile's account of what the rules with terms as data moved in the last year: each
    period a rule applied to, and how many periods had nothing to claim."""
    worked = [c for c in clauses if c.money is not None and c.outcomes and c.today is not None]
    if not worked:
        return Markup("")
    lines = ["| Rule | Period | Result | Worked out |", "|---|---|---|---|"]
    quiet = []
    for c in worked:
        assert c.today is not None
        since = c.today - timedelta(days=MONEY_WINDOW_DAYS)
        shown = c.within(since, c.today)
        applied = tuple(o for o in shown if o.applies)
        if applied:
            lines.append(str(money_rows(c, applied)))
        rest = len(shown) - len(applied)
        quiet.append(f"{esc.text(c.when)} ({money_terms(c)}): "
                     + (f"nothing to claim in {rest} other period{'s' if rest != 1 else ''} of the last year." if applied
                        else f"nothing to claim in any of its {rest} period{'s' if rest != 1 else ''} of the last year."))
    body = "\n".join(lines) + "\n" if len(lines) > 2 else ""
    return Markup(body + "\n" + "\n".join(f"- {q}" for q in quiet))
