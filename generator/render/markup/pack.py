"""The review pack's words for the room (templates/vendor-review.md.j2): the headline status in words,
the executive summary's three sentences, each decision needed, and the vendor's side of the
health check. Worded for the reader: our staff on our sites, the vendor on its own ("you").

Every value printed here comes from a vendor file, so each is escaped (escape.text).
"""

from __future__ import annotations

from markupsafe import Markup

from ...model import Vendor, labels
from ...model.pack_parts import Headline, Need
from ...model.relationship import HealthCheck
from ...model.review import ReviewPack
from ...model.scorecards import Clause
from ...model.vendor_parts import Capacity
from ...schedules import wording
from ...schedules.reporting import ReportPeriod
from ...support import escape as esc
from ...support.codes import Side
from ..voice import Voice
from .relationship import MONEY_WORDS, money_amount

RAG_WORDS = {"green": "Green: on track", "amber": "Amber: needs attention", "red": "Red: action needed"}


def headline(pack: ReviewPack, voice: Voice) -> Markup:
    """The one status, in words as well as colour, with what it is worked out from and the
    periods it covers: "Green: on track. From each measure's latest period (Oct 2026 to week
    46 of 2026) and our assessment (green)."; what else weighs on it said in the status:
    "Amber: on track on results, but 3 actions are overdue and the renewal must be decided first"."""
    h = pack.headline
    if h.rag is None:
        return Markup('<p class="rp-headline rp-rag-none"><strong>No status yet</strong>: no measure has a figure '
                      "and no assessment is recorded.</p>")
    parts = []
    if h.measured is not None:
        parts.append(f"each measure's latest period ({_span(h)})")
    if h.assessed is not None:
        parts.append(f"{'our' if not voice.for_vendor else 'the'} assessment of the relationship ({h.assessed})")
    basis = ("From " + " and ".join(parts) + ".") if parts else "No measure has a figure and no assessment is recorded."
    return Markup(f'<p class="rp-headline rp-rag-{esc.attr(h.rag)}"><strong>{esc.html(_status(h))}</strong>. '
                  f"{esc.html(basis)}</p>")


def _status(h: Headline) -> str:
    """The status in words, with the overdue actions and the renewal to decide first where they
    weigh on it (they make a status from green results amber)."""
    assert h.rag is not None
    concerns = []
    if h.overdue_actions:
        concerns.append(f"{wording.count(h.overdue_actions, 'action')} {'is' if h.overdue_actions == 1 else 'are'} overdue")
    if h.renewal_first:
        concerns.append("the renewal must be decided first")
    if not concerns:
        return RAG_WORDS[h.rag]
    said = " and ".join(concerns)
    if h.results == "green":
        return f"Amber: on track on results, but {said}"
    if h.results is None:
        return f"{RAG_WORDS[h.rag]}, as {said}"
    return f"{RAG_WORDS[h.rag]}, and {said}"


def _span(h: Headline) -> str:
    first, last = h.first, h.last
    if first is None or last is None:
        return "no figure"
    if first == last:
        return wording.period_label(first)
    return f"{wording.period_label(first)} to {wording.period_label(last)}"


def summary(pack: ReviewPack, vendor: Vendor, voice: Voice) -> Markup:
    """Three sentences: the results (the quarter and since), the relationship (the latest
    health check), and what must be decided."""
    return Markup(" ".join(str(esc.text(s)) for s in (_results(pack), _relationship(pack, vendor, voice),
                                                           _decide(pack, voice))))


def _results(pack: ReviewPack) -> str:
    q = wording.period_label(pack.quarter)
    ended = [row for row in pack.rows if row.last is not None]
    h = pack.headline
    if not ended and not h.measures:
        return f"No measure has a result for {q} or since."
    met = sum(1 for row in ended if row.last is not None and row.last.status in ("on", "risk"))
    if ended:
        head = f"In {q}, {met} of {wording.count(len(ended), 'measure')} met {'its' if len(ended) == 1 else 'their'} target at the quarter's end"
    else:
        head = f"No measure has a result for {q}"
    scored = [m for m in h.measures if m.status is not None]
    if not scored:
        return head + "."
    now = ", ".join(f"{n} {w}" for n, w in ((h.count("on"), "on target"), (h.count("risk"), "at risk"),
                                            (h.count("off"), "off target")) if n)
    return f"{head}; in {'its' if len(scored) == 1 else 'their'} latest periods ({_span(h)}) {now}."


def _relationship(pack: ReviewPack, vendor: Vendor, voice: Voice) -> str:
    check = pack.health
    if check is None:
        return "No health check has been recorded yet, so neither side's view of the relationship is in this pack."
    said = f"The latest health check, on {wording.date_text(check.date)}"
    if check.decision:
        said += f", decided: {labels.word('health_decision', check.decision)}"
    gaps = [s for s in check.scores if s.gap]
    if not gaps:
        return said + "; both sides gave the same scores." if check.scores else said + "."
    widest = max(gaps, key=lambda s: abs(s.gap or 0))
    first, second = voice.sides_in_order()
    return (f"{said}; the widest gap is on {widest.dimension.name.lower()} "
            f"({_side(first, vendor, voice)} {getattr(widest, first)}, {_side(second, vendor, voice)} {getattr(widest, second)}).")


def _side(side: Side, vendor: Vendor, voice: Voice) -> str:
    return "you" if voice.for_vendor and voice.mine(side) else voice.name(side, vendor)


def _decide(pack: ReviewPack, voice: Voice) -> str:
    actions = pack.open_actions
    overdue = len(pack.overdue_actions)
    tail = (f"{wording.count(len(actions), 'open action')}, {overdue or 'none'} overdue" if actions else "no open action")
    if pack.renewal_first:
        need = pack.needs[0]
        assert need.by is not None
        meeting = f" on {wording.date_text(pack.next_review.date)}" if pack.next_review else ""
        return (f"The renewal must be decided first, before the meeting{meeting}: the notice deadline is "
                f"{wording.date_text(need.by)}; {tail}.")
    if pack.needs:
        return f"{wording.count(len(pack.needs), 'decision')} needed; {tail}."
    return f"No decision is due; {tail}."


def need(one: Need, pack: ReviewPack, vendor: Vendor, voice: Voice) -> Markup:
    """One decision needed, as a list item's text."""
    owner = f" Owner: {voice.person_with_side(one.owner, vendor)}." if one.owner else ""
    if one.kind == "renewal" and one.deadline is not None:
        d = one.deadline
        meeting = pack.next_review
        when = ""
        if one.before_meeting and meeting is not None:
            place = "before" if d.day < meeting.date else "on the day of" if d.day == meeting.date else "soon after"
            when = f" It falls {place} the {meeting.title} on {wording.date_text(meeting.date)}: decide it first, before the meeting."
        renews = ""
        if vendor.renewal is not None and vendor.renewal.auto_renew:
            renews = " Without notice by then, the contract renews by itself."
        rest = (f": {one.subject}; notice by {wording.date_text(d.day)} ({wording.days_text(d.days_left)}).{when}{renews}"
                f"{owner}")
        return Markup(f"**The renewal of {esc.text(d.subject)}**{esc.text(rest)}")
    if one.kind == "document" and one.deadline is not None:
        d = one.deadline
        return esc.text(f"{wording.deadline_title(d)} {wording.date_text(d.day)} ({wording.days_text(d.days_left)}): "
                        f"{one.subject}.{f' Owner: {d.owner}.' if d.owner else ''}")
    if one.kind == "change-request" and one.change is not None:
        c = one.change
        cost = f" ({c.cost})" if c.cost else ""
        return esc.text(f"Change request, raised {wording.date_text(c.raised)}: {c.title}{cost}: {one.subject}.{owner}")
    if one.kind == "escalate" and one.measure is not None:
        m = one.measure
        return esc.text(f"{m.name}: at risk {m.at_risk_in_a_row} periods in a row; {one.subject}.")
    if one.plan is not None:
        p = one.plan
        return esc.text(f"Improvement plan “{p.title}”, due {wording.date_text(p.due)}: {one.subject}.{owner}")
    return esc.text(one.subject)


def vendor_view(check: HealthCheck, vendor: Vendor, voice: Voice) -> Markup:
    """The vendor's side of the latest check, a row per dimension: their score and comment,
    then ours beside it for contrast."""
    theirs, ours = voice.whose("theirs", vendor), voice.whose("ours", vendor)
    lines = [f"| Dimension | {esc.text(theirs[:1].upper() + theirs[1:])} score | {esc.text(theirs[:1].upper() + theirs[1:])} comment | "
             f"{esc.text(ours[:1].upper() + ours[1:])} score |", "|---|---|---|---|"]
    for s in check.scores:
        lines.append(f"| {esc.text(s.dimension.name)} | {_score(s.theirs)} | {esc.text(s.theirs_comment or '—')} | {_score(s.ours)} |")
    return Markup("\n".join(lines))


def money_totals(clauses: list[Clause], quarter: ReportPeriod) -> Markup:
    """The quarter's money in one line, per kind and currency: "In Q3 2026: credits earned EUR
    7,900; bonuses owed EUR 9,500; penalties due none."."""
    totals: dict[tuple[str, str], float] = {}
    for c in clauses:
        if c.money is None:
            continue
        key = (c.money.kind, c.money.currency)
        totals[key] = totals.get(key, 0.0) + sum(o.amount for o in c.within(quarter.start, quarter.end))
    kinds = {"credit": "credits earned", "penalty": "penalties due", "bonus": "bonuses owed"}
    parts = [f"{kinds[kind]} {money_amount(amount, currency)}" if amount else f"no {MONEY_WORDS[kind]}"
             for (kind, currency), amount in sorted(totals.items(), key=lambda kv: list(kinds).index(kv[0][0]))]
    return esc.text(f"In {wording.period_label(quarter)}: {'; '.join(parts)}.") if parts else Markup("")


def capacity(c: Capacity) -> Markup:
    """"Capacity: a team of 14; up to 30 people; 4 weeks to add people. Up to four extra engineers..."."""
    said = []
    if c.team_size is not None:
        said.append(f"a team of {c.team_size:,}")
    if c.max_team_size is not None:
        said.append(f"up to {c.max_team_size:,} people")
    if c.ramp_up_weeks is not None:
        said.append(f"{wording.count(c.ramp_up_weeks, 'week')} to add people")
    text = f"Capacity: {'; '.join(said) if said else 'no figures recorded'}."
    return esc.text(text + (f" {c.surge}" if c.surge else ""))


def _score(value: int | None) -> str:
    return "—" if value is None else str(value)
