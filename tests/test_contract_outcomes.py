"""What the contract's figures mean (issue 26): statuses that agree with the target, renewals
that roll on, and the money the contract moves; on the sample, rendered once per module in
memory (no engine)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from generator.render.svg import charts
from generator import pipeline
from generator.render.markup import relationship as relationship_markup

from .conftest import BUILD_DATE
from .upcoming_rows import unmarked

TODAY = BUILD_DATE


def vendor(generated, slug: str):
    return next(v for v in generated.site.vendors if v.slug == slug)


def page(generated, path: str) -> str:
    return generated.tree[path].decode("utf-8")


def plain(markup) -> str:
    return re.sub(r"<[^>]+>", "", str(markup))


# --- statuses that agree with the target ----------------------------------------------------------


def test_crash_free_at_its_target_meets_it_inside_the_at_risk_margin_in_words(sample_render):
    crash = next(m for m in vendor(sample_render, "lotus-code-works").scored if m.id == "crash-free")
    week42 = next(r for r in crash.results if r.period.code == "2026-W42")
    assert week42.value == 99.5 and week42.status == "risk"
    words = plain(relationship_markup.result_status(crash, week42))
    assert words == "! at risk: meets the target, inside the margin (week 42 of 2026)"
    assert plain(relationship_markup.target(crash)) == (
        "at least 99.5 percent; 99.5 to 99.6: meets the target, but at risk; any miss is off target, far off from 99")
    # The chart's description says the same, and never calls 99.5 or 99.6 a miss.
    desc = str(charts.trend(crash))
    assert "week 42 of 2026: 99.5 (at risk: meets the target, inside the margin)" in desc
    assert "week 43 of 2026: 99.6 (at risk: meets the target, inside the margin)" in desc
    assert "week 41 of 2026: 99.4 (off target)" in desc


def test_a_p1_response_over_its_sla_is_a_breach(sample_render):
    p1 = next(m for m in vendor(sample_render, "lotus-code-works").scored if m.id == "p1-response")
    june = next(r for r in p1.results if r.period.code == "2026-06")
    assert (june.value, june.status) == (41, "off")  # 41 minutes against at most 30, short of the far-off line (45)
    assert plain(relationship_markup.result_status(p1, june)) == "✕ breached (Jun 2026)"
    assert "Jun 2026: 41 (breached)" in str(charts.trend(p1))
    assert plain(relationship_markup.target(p1)).endswith("any miss is a breach, far off from 45")


def test_every_status_on_the_profile_and_in_the_pack_names_its_period(sample_render):
    profile = page(sample_render, "vendors/lotus-code-works/index.md").split("## Scorecard", 1)[1]
    row = next(line for line in profile.splitlines() if line.startswith("| Crash-free sessions |"))
    assert "✓ on target</span> (week 46 of 2026)" in row
    assert "each for its latest period with a figure" in page(sample_render, "vendors/lotus-code-works/index.md")
    pack = page(sample_render, "vendors/lotus-code-works/review.md")
    assert "is the measure's last period ending in Q3 2026; \"Latest\" is its latest period, as the profile shows it" in pack
    row = next(line for line in pack.splitlines() if line.startswith("| Crash-free sessions |"))
    assert "1 percent, <span" in row and "✕ off target</span> (week 39 of 2026)" in row
    assert "✓ on target</span> (week 46 of 2026)" in row  # the latest, as on the profile


# --- renewals that roll on ------------------------------------------------------------------------


def test_andes_shows_its_renewed_term_and_next_notice_deadline(sample_render):
    andes = vendor(sample_render, "andes-quality-labs")
    r = andes.renewal
    assert (r.rolled.start, r.rolled.end, r.deadline.day) == (date(2026, 9, 1), date(2027, 8, 31), date(2027, 7, 2))
    assert not r.deadline.warning and r.deadline.due and r.deadline.reminders() == (90, 30, 7)
    assert andes.warnings == ()  # `make site` prints no warning for a contract that renewed by itself
    text = page(sample_render, "vendors/andes-quality-labs/index.md")
    said = "renewed to Tue 31 Aug 2027 without a decision (notice deadline Thu 2 Jul 2026 passed)"
    assert text.count(said) == 1  # said once, in the note at the top
    assert "The next notice deadline is Fri 2 Jul 2027, in 223 days: see Deadlines below." in text
    assert "| Renewed term | Tue 1 Sep 2026 to Tue 31 Aug 2027, by itself" in text
    assert "| Last day to give notice | Fri 2 Jul 2027, in 223 days |" in text
    assert "passed without a decision" not in text
    upcoming = page(sample_render, "upcoming.md")
    row = next(line for line in upcoming.splitlines() if unmarked(line).startswith("| Fri 2 Jul 2027, in 223 days |"))
    assert "Andes Quality Labs" in row and said in row and "next notice deadline" in row


def test_the_renewed_deadline_is_in_the_calendar_with_its_reminders(sample_render):
    andes = vendor(sample_render, "andes-quality-labs")
    from generator.render.files import calendars

    event = next(e for e in calendars.events(sample_render.site, andes) if e.uid.split("@")[0].endswith(".deadline.notice"))
    assert event.start == date(2027, 7, 2) and [a.days for a in event.alarms] == [90, 30, 7]
    assert "renewed to Tue 31 Aug 2027 without a decision" in event.description


def test_a_renewal_rolls_term_by_term():
    from generator.schedules import deadlines

    rolled = deadlines.rolled(date(2024, 8, 31), 60, 12, date(2026, 11, 21))
    assert (rolled.start, rolled.end, rolled.terms) == (date(2026, 9, 1), date(2027, 8, 31), 3)
    # Between the notice deadline and the end, the renewal is already certain: the next term counts.
    ahead = deadlines.rolled(date(2026, 12, 31), 60, 6, date(2026, 11, 21))
    assert (ahead.start, ahead.end) == (date(2027, 1, 1), date(2027, 6, 30))
    assert deadlines.rolled(date(2027, 3, 31), 90, 12, date(2026, 11, 21)) is None  # Lotus: still ahead
    assert deadlines.next_term_end(date(2027, 2, 28), 12) == date(2028, 2, 29)  # to the month's end
    assert deadlines.rolled(date(9999, 12, 1), 0, 12, date(9999, 12, 30)) is None  # past the calendar: no crash


# --- money the contract moves ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def restricted(sample_inputs):
    return pipeline.render(sample_inputs, audience="restricted", today=TODAY)


def test_andes_late_cycle_shows_the_penalty_due_for_its_period(restricted):
    penalty = vendor(restricted, "andes-quality-labs").penalties[0]
    due = [(o.result.period.code, o.amount) for o in penalty.outcomes if o.applies]
    assert due == [("2026-10-22", 3200.0)]  # 3.5 working days against 2: more than one day late; 3 days is not
    profile = page(restricted, "vendors/andes-quality-labs/index.md").split("### Money these rules moved", 1)[1]
    row = next(line for line in profile.splitlines() if "| Thu 22 Oct 2026 |" in line)
    assert row.startswith("| A regression cycle finishes more than one working day late. |")
    assert "✕ breached" in row and row.endswith("| penalty due: EUR 3,200 |")
    assert "nothing to claim in 6 other periods of the last year" in profile
    # Q3's review pack: every cycle of the quarter worked out, none of them late enough.
    pack = page(restricted, "vendors/andes-quality-labs/review.md").split("## Commercials, Q3 2026", 1)[1]
    rows = [line for line in pack.split("\n## ", 1)[0].split("Breaches counted", 1)[0].splitlines() if line.startswith("| A regression")]
    assert len(rows) == 4 and all(r.endswith("| nothing to claim |") for r in rows)


def test_lotus_credit_and_bonus_are_worked_out_per_period(restricted):
    lotus = vendor(restricted, "lotus-code-works")
    bonus, credit = lotus.incentives[0], lotus.penalties[0]
    assert [(o.result.period.code, o.amount) for o in bonus.outcomes] == [
        ("2025-Q4", 0), ("2026-Q1", 0), ("2026-Q2", 9500.0), ("2026-Q3", 9500.0)]  # met the target: 2 percent of 475,000
    assert [(o.result.period.code, o.amount) for o in credit.outcomes] == [
        ("2026-05", 7900.0), ("2026-06", 7900.0), ("2026-07", 7900.0), ("2026-08", 0), ("2026-09", 0), ("2026-10", 0)]
    assert credit.unclaimed() == () and lotus.warnings == ()  # every credit claimed in its window
    pack = page(restricted, "vendors/lotus-code-works/review.md").split("## Commercials, Q3 2026", 1)[1]
    assert "| Q3 2026 | 4&#46;4 out of 5, <span class=\"rp-st rp-st-on\">✓ on target</span> | bonus owed: EUR 9,500 |" in pack
    assert "| Jul 2026 | 33 minutes, <span class=\"rp-st rp-st-off\">✕ breached</span> | credit earned: EUR 7,900, " \
           "claimed Fri 21 Aug 2026 |" in pack
    assert "| Sep 2026 | 24 minutes, <span class=\"rp-st rp-st-on\">✓ met</span> | nothing to claim |" in pack


def test_a_credit_not_claimed_in_its_window_warns_at_its_rule(tmp_path, capsys):
    from generator.cli import commands as cli

    from .conftest import copy_project

    project = copy_project(tmp_path / "sample")
    path = project / "content" / "vendors" / "lotus-code-works.yml"
    text = path.read_text("utf-8")
    path.write_text(text.replace('          - {period: 2026-07, date: "2026-08-21"}\n', ""), "utf-8")
    line = next(i for i, l in enumerate(path.read_text("utf-8").splitlines(), 1) if l.strip() == "money:"
                and "p1-credit" in "".join(path.read_text("utf-8").splitlines()[i - 8:i]))
    assert cli.main(["generate", "--root", str(project), "--out", str(tmp_path / "docs")]) == 0
    err = capsys.readouterr().err
    assert err.startswith(f"content/vendors/lotus-code-works.yml:{line}:7: warning: the service credit earned in Jul 2026 "
                          "was not recorded as claimed by Tue 29 Sep 2026"), err
    assert err.count("warning:") == 1
    # The internal site has no money (restricted by default); the restricted one says it in bold.
    assert "credit earned" not in (tmp_path / "docs" / "vendors" / "lotus-code-works" / "index.md").read_text("utf-8")
    profile = page(pipeline.render(pipeline.load_checked(project), audience="restricted", today=TODAY),
                   "vendors/lotus-code-works/index.md")
    assert "credit earned: EUR 7,900, **not claimed; the claim window closed Tue 29 Sep 2026**" in profile


def test_money_is_for_our_staff_unless_the_rule_is_shared(sample_render, restricted):
    # Penalties and incentives are restricted by default: the internal site has no money either.
    assert "### Money these rules moved" in page(restricted, "vendors/lotus-code-works/index.md")
    assert "Money these rules moved" not in page(sample_render, "vendors/lotus-code-works/index.md")
    assert "Commercials, " not in page(sample_render, "vendors/lotus-code-works/review.md")
