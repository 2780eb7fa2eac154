"""How a relationship runs (issue 17): results per period and their statuses, trend charts,
the heat table, health checks, risks, decisions and actions, deadlines that warn, shared
checklist progress and the quarterly review pack; on the sample data and on edited copies.

The sample is rendered once per module in memory (no engine); what only the built site shows
(chart titles in HTML) is read from the session's MkDocs build (tests/conftest.py)."""

from __future__ import annotations

import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from generator.cli import commands as cli
from generator.model import measures
from generator import pipeline
from generator.model.review import pack
from generator.schedules import deadlines, reporting, wording

from .conftest import BUILD_DATE, ROOT

TODAY = BUILD_DATE  # the suite's build date (tests/conftest.py BUILD_EPOCH)
SAMPLE_VENDORS = sorted(p.stem for p in (ROOT / "content" / "vendors").glob("*.yml"))


@pytest.fixture(scope="module")
def restricted(sample_inputs):
    return pipeline.render(sample_inputs, audience="restricted", today=TODAY)


def vendor(generated, slug: str):
    return next(v for v in generated.site.vendors if v.slug == slug)


def page(generated, path: str) -> str:
    return generated.tree[path].decode("utf-8")


def raw(slug: str) -> dict:
    return yaml.safe_load((ROOT / "content" / "vendors" / f"{slug}.yml").read_text("utf-8"))


# --- reporting periods (schedules/reporting.py) --------------------------------------------------


@pytest.mark.parametrize("code, cadence, start, end", [
    ("2026-10-14", "daily", date(2026, 10, 14), date(2026, 10, 14)),
    ("2026-10-14", "per-release", date(2026, 10, 14), date(2026, 10, 14)),
    ("2026-W01", "weekly", date(2025, 12, 29), date(2026, 1, 4)),  # ISO week 1 starts in the year before
    ("2026-W53", "weekly", date(2026, 12, 28), date(2027, 1, 3)),  # 2026 has 53 ISO weeks
    ("2026-02", "monthly", date(2026, 2, 1), date(2026, 2, 28)),
    ("2028-02", "monthly", date(2028, 2, 1), date(2028, 2, 29)),
    ("2026-Q3", "quarterly", date(2026, 7, 1), date(2026, 9, 30)),
    ("2026", "yearly", date(2026, 1, 1), date(2026, 12, 31)),
])
def test_a_period_is_parsed_for_its_cadence(code, cadence, start, end):
    period = reporting.parse(code, cadence)
    assert period is not None and (period.start, period.end) == (start, end)


@pytest.mark.parametrize("code, cadence", [
    ("2026-Q3", "monthly"), ("2026-10", "quarterly"), ("2026-10-14", "weekly"), ("2026-W45", "daily"),
    ("2027-W53", "weekly"), ("2026-13", "monthly"), ("2026-02-30", "per-ticket"), ("0000", "yearly"),
])
def test_a_period_of_another_form_or_that_does_not_exist_is_refused(code, cadence):
    assert reporting.parse(code, cadence) is None


def test_a_run_of_periods_names_its_gaps_and_runs_on_to_the_last_complete_period():
    given = [reporting.parse(c, "monthly") for c in ("2026-06", "2026-07", "2026-09")]
    run = reporting.run([p for p in given if p], until=TODAY)
    assert [(p.code, present) for p, present in run] == [
        ("2026-06", True), ("2026-07", True), ("2026-08", False), ("2026-09", True), ("2026-10", False)]
    assert reporting.last_complete("weekly", TODAY).code == "2026-W46"  # 21 Nov is in week 47
    assert reporting.last_complete("quarterly", TODAY).code == "2026-Q3"
    dated = [reporting.parse(c, "per-release") for c in ("2026-06-12", "2026-09-01")]
    assert [present for _, present in reporting.run([p for p in dated if p], until=TODAY)] == [True, True]  # no gaps


# --- statuses (generator/model/measures.py) ------------------------------------------------------------


@pytest.mark.parametrize("value, expected", [
    (20, "on"), (24.9, "on"), (25, "risk"), (30, "risk"),  # meets the target, but at amber or worse: at risk
    (30.1, "off"), (41, "off"), (45, "off"), (60, "off"),  # misses it: off target, however small the miss
])
def test_status_at_most_with_amber(value, expected):
    assert measures.status(value, "<=", 30, 25) == expected


@pytest.mark.parametrize("value, amber, expected", [
    (99.5, None, "on"), (99.4, None, "off"),  # no thresholds: any miss is off target
    (99.4, 99.6, "off"), (99.5, 99.6, "risk"), (99.6, 99.6, "risk"), (99.7, 99.6, "on"),
])
def test_status_at_least(value, amber, expected):
    assert measures.status(value, ">=", 99.5, amber) == expected


def test_exactly_has_no_bands():
    assert measures.status(0, "=", 0, None) == "on" and measures.status(1, "=", 0, None) == "off"


# --- deadlines (schedules/deadlines.py) ----------------------------------------------------------


def test_notice_deadline_and_reminders():
    assert deadlines.notice_deadline(date(2027, 3, 31), 90) == date(2026, 12, 31)
    assert deadlines.notice_deadline(date(2027, 3, 31), None) == date(2027, 3, 31)
    soon = deadlines.Deadline("notice", "notice", "contract X", date(2026, 12, 31), TODAY, (90, 30, 7), False)
    assert (soon.days_left, soon.due, soon.warning, soon.reminders()) == (40, True, False, (30, 7))
    far = deadlines.Deadline("notice", "notice", "contract X", TODAY + timedelta(days=121), TODAY, (90,), False)
    assert not far.due and far.reminders() == (90,)
    assert deadlines.Deadline("notice", "notice", "c", TODAY + timedelta(days=120), TODAY, (), False).due
    passed = deadlines.Deadline("notice", "notice", "contract X", date(2026, 7, 2), TODAY, (90,), False)
    assert passed.warning and passed.due and passed.reminders() == ()
    decided = deadlines.Deadline("notice", "notice", "contract X", date(2026, 7, 2), TODAY, (90,), True)
    assert not decided.warning and not decided.due
    assert deadlines.lead_times([7, 30, 30, 90]) == (90, 30, 7) and deadlines.lead_times(None) == (90, 30, 7)
    assert wording.lead_times((90, 30, 7)) == "90, 30 and 7 days before" and wording.due_text(date(2026, 11, 20), TODAY) == \
        "Fri 20 Nov 2026 (overdue by 1 day)"


# --- the sample tells a story --------------------------------------------------------------------


def test_every_sample_kpi_and_sla_has_at_least_four_periods_of_results():
    for slug in SAMPLE_VENDORS:
        performance = raw(slug).get("performance") or {}
        for measure in (performance.get("slas") or []) + (performance.get("kpis") or []):
            assert len(measure.get("results") or []) >= 4, (slug, measure["id"])


def test_one_vendor_improves_one_slips_and_one_has_a_missing_period(sample_render):
    lotus, andes, harbor = (vendor(sample_render, s) for s in ("lotus-code-works", "andes-quality-labs", "harbor-light-support"))
    # Lotus: every measure started below target and is on target now.
    assert all(m.recorded[0].status != "on" and m.status == "on" for m in lotus.scored)
    # Andes: on target in the spring, at risk (still meeting the target) over the summer, then off target.
    escaped = next(m for m in andes.scored if m.id == "escaped-defects")
    assert [r.status for r in escaped.recorded] == ["on", "on", "risk", "risk", "risk", "off", "off"]
    assert andes.scorecard_status == "off"
    # Harbor Light: August's satisfaction survey and week 44's helpdesk report are missing, and shown as such.
    csat = next(m for m in harbor.scored if m.id == "csat")
    assert [(wording.period_label(r.period), r.value) for r in csat.results][1:3] == [("Jul 2026", 91), ("Aug 2026", None)]
    first = next(m for m in harbor.scored if m.id == "first-response")
    assert [r.period.code for r in first.results if r.missing] == ["2026-W44"]
    assert "no figure" in str(sample_render.tree["vendors/harbor-light-support/index.md"].decode())


def test_two_health_checks_for_at_least_three_vendors_and_some_actions_overdue(sample_render):
    assert sum(1 for v in sample_render.site.vendors if len(v.health.checks) >= 2) >= 3
    assert len(sample_render.site.overdue_actions()) >= 3
    assert any(d.due and d.kind == "notice" and not d.passed for v in sample_render.site.vendors for d in v.deadlines)


# --- charts and the scorecard ----------------------------------------------------------------------


def test_every_sample_kpi_has_a_trend_chart_titled_with_its_name(sample_site):
    for slug in SAMPLE_VENDORS:
        html = (sample_site / "vendors" / slug / "index.html").read_text("utf-8")
        titles = re.findall(r"<title id=\"rp-chart-[a-z0-9-]+-title\">(.*?)</title>", html)
        performance = raw(slug).get("performance") or {}
        for measure in (performance.get("slas") or []) + (performance.get("kpis") or []):
            assert any(t.startswith(measure["name"].replace("'", "&#39;") + ": trend") for t in titles), (slug, measure["name"])


def test_a_chart_breaks_its_line_at_a_missing_period_and_says_so(sample_render):
    text = page(sample_render, "vendors/harbor-light-support/index.md")
    chart = text[text.index('aria-labelledby="rp-chart-csat-title'):]
    chart = chart[:chart.index("</svg>")]
    line = re.search(r'class="rp-ch-line" d="([^"]+)"', chart).group(1)
    assert line.count("M") == 2  # two runs: June–July, then September–October
    assert "no figure" in chart and "Aug 2026: no figure" in chart  # in the picture and in its description
    assert chart.count('class="rp-ch-pt') == 4  # one point per figure, none made up for August
    # Statuses are shapes as well as colours: a circle on target, a triangle at risk, a cross off target.
    andes = page(sample_render, "vendors/andes-quality-labs/index.md")
    assert "rp-ch-pt rp-ch-off" in andes and "rp-ch-pt rp-ch-risk" in andes and "rp-ch-pt rp-ch-on" in andes


def test_the_scorecard_says_status_change_and_thresholds_in_words(sample_render):
    text = page(sample_render, "vendors/andes-quality-labs/index.md").split("## Scorecard", 1)[1]
    row = next(line for line in text.splitlines() if line.startswith("| Defects found in production per release |"))
    assert "✕ off target" in row and "5 defects (Thu 19 Nov 2026)" in row and "−1 since Thu 22 Oct 2026, better" in row
    assert "at most 4 defects; 3 to 4: meets the target, but at risk; any miss is off target, far off from 5" in row
    assert "✕ off target</span> (19 Nov 2026)" in row or "✕ off target</span> (Thu 19 Nov 2026)" in row


def test_a_vendor_name_in_a_chart_is_text(tmp_path):
    project = copy_base(tmp_path)
    edit_vendor(project, lambda d: d["performance"]["kpis"][0].update(
        name="</title><script>alert(1)</script>", unit="<b>days</b>", measured="monthly",
        results=[{"period": "2026-09", "value": 12}, {"period": "2026-10", "value": 9}]))
    text = pipeline.render(pipeline.load_checked(project), today=TODAY).tree["vendors/acme/index.md"].decode()
    assert "<script>" not in text and "&lt;script&gt;" in text and "<b>days" not in text


# --- health checks, risks, decisions and actions ---------------------------------------------------


def test_the_latest_health_check_side_by_side_with_the_gap_and_the_trend(sample_render):
    text = page(sample_render, "vendors/lotus-code-works/index.md")
    section = text.split("## Health checks", 1)[1].split("\n## ", 1)[0]
    assert "| Dimension | Our score | Lotus Code Works' score | Gap | Since Wed 15 Apr 2026 | Comments |" in section
    assert "| People | 3 | 4 | −1: Lotus Code Works rates it higher | Northwind 3 → 3; Lotus Code Works 2 → 4 |" in section
    assert "decision: **invest in the relationship**" in section
    assert "Earlier health checks (1)" in section and "Wed 15 Apr 2026" in section


def test_a_vendor_sees_only_health_checks_shared_with_it_in_its_own_words(sample_inputs):
    lotus = pipeline.render(sample_inputs, audience="vendor", vendor="lotus-code-works", today=TODAY)
    text = page(lotus, "vendors/lotus-code-works/index.md")
    assert "| Dimension | Northwind's score | Your score |" in text
    assert "+1: Northwind rates it higher" in text and "you rate it higher" in text
    assert "Earlier health checks" not in text  # the April check is internal
    assert "## Risks" not in text  # risks are internal unless marked
    andes = pipeline.render(sample_inputs, audience="vendor", vendor="andes-quality-labs", today=TODAY)
    assert "## Health checks" not in page(andes, "vendors/andes-quality-labs/index.md")


def test_open_actions_overdue_first_then_by_owner(sample_render):
    actions = vendor(sample_render, "lotus-code-works").open_actions
    assert [a.overdue for a in actions] == [True, False, False, False, False]
    assert [a.owner.name for a in actions[1:]] == sorted(a.owner.name for a in actions[1:])
    text = page(sample_render, "vendors/lotus-code-works/index.md")
    assert "**Fri 13 Nov 2026 (overdue by 8 days)**" in text and "5 open, 1 overdue" in text


def test_a_log_entry_counts_as_last_held(sample_render):
    sync = vendor(sample_render, "tatra-cloud-ops").meeting("handover-sync")
    assert sync is not None and sync.last_held == date(2026, 11, 19)  # no `last_held` in the file: the log's latest


def test_stale_risks_come_first(sample_render):
    risks = vendor(sample_render, "lotus-code-works").risks
    assert [r.stale for r in risks] == [True, False, False] and risks[0].id == "store-review"


# --- deadlines on the profile and in the build output ----------------------------------------------


def test_a_passed_deadline_without_a_decision_warns_on_the_page_and_in_the_build_output(tmp_path, capsys):
    # Andes' contract renews by itself, so its passed deadline is a renewal, not a warning
    # (tests/test_contract_outcomes.py); without `auto_renew` the same deadline warns.
    project = copy_sample(tmp_path)
    path = project / "content" / "vendors" / "andes-quality-labs.yml"
    path.write_text(path.read_text("utf-8").replace("  auto_renew: true\n  renewal_months: 12\n", ""), "utf-8")
    text = page(pipeline.render(pipeline.load_checked(project), today=TODAY), "vendors/andes-quality-labs/index.md")
    assert '!!! warning "Notice deadline passed without a decision"' in text
    assert cli.main(["generate", "--root", str(project), "--out", str(tmp_path / "docs")]) == 0
    err = capsys.readouterr().err
    lines = path.read_text("utf-8").splitlines()
    at = lines.index("contract:") + next(i for i, text in enumerate(lines[lines.index("contract:"):]) if text.startswith("  end:")) + 1
    line = f"content/vendors/andes-quality-labs.yml:{at}:9: warning: the contract's notice deadline passed on Thu 2 Jul 2026"
    assert err.startswith(line), err
    assert err.count("warning:") == 1
    # Recording the decision settles it: no warning, on the page or in the output.
    path.write_text(path.read_text("utf-8").replace("    owner: tobias-klein\n  value:", "    owner: tobias-klein\n"
                                                    "    decision: renew\n  value:"), "utf-8")
    assert cli.main(["generate", "--root", str(project), "--out", str(tmp_path / "docs")]) == 0
    assert "warning" not in capsys.readouterr().err
    assert "passed without a decision" not in (tmp_path / "docs" / "vendors" / "andes-quality-labs" / "index.md").read_text("utf-8")


def test_an_expired_document_warns(tmp_path):
    project = copy_base(tmp_path)
    edit_vendor(project, lambda d: d.update(documents=[{"id": "iso", "name": "ISO 27001 certificate", "expires": "2026-11-01"}]))
    one = vendor(pipeline.render(pipeline.load_checked(project), today=TODAY), "acme")
    lines = (project / "content" / "vendors" / "acme.yml").read_text("utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "expires:" in text)
    assert [str(w) for w in one.warnings] == [
        f"content/vendors/acme.yml:{line}:13: ISO 27001 certificate expired on Sun 1 Nov 2026 (20 days ago); set `expires` "
        "to the renewed document's date, or remove the document if it no longer applies"]


# --- shared checklist progress ------------------------------------------------------------------------


def test_shared_progress_is_marked_on_the_checklists_page(sample_render, sample_inputs):
    text = page(sample_render, "vendors/harbor-light-support/checklists.md")
    item = re.search(r'<li class="rp-item" data-rp-item="scorecard"[^>]*>.*?</li>', text).group(0)
    assert 'data-rp-shared="2026-11-05"' in item
    assert "Done Thu 5 Nov 2026 by Joy Santos (Harbor Light): Scorecard shared two days before the review." in item
    assert text.count("data-rp-shared=") == 4  # the four items its file records
    assert "data-rp-shared=" not in page(sample_render, "vendors/lotus-code-works/checklists.md")  # records none
    everest = pipeline.render(sample_inputs, audience="vendor", vendor="everest-qa-partners", today=TODAY)
    # on Everest's own site, its own people are "your team" (voice.person_with_side)
    assert "Done Wed 18 Nov 2026 by Sita Shrestha (your team)" in page(everest, "vendors/everest-qa-partners/checklists.md")


# --- the quarterly review pack --------------------------------------------------------------------------


def test_the_review_pack_covers_the_last_quarter_since_the_last_review(sample_render):
    lotus = vendor(sample_render, "lotus-code-works")
    found = pack(lotus, TODAY)
    assert found.quarter.code == "2026-Q3" and found.last_review == date(2026, 10, 21)
    assert found.next_review is not None and found.next_review.date == date(2027, 1, 20)
    crash = next(r for r in found.rows if r.measure.id == "crash-free")
    assert [r.period.code for r in crash.results] == ["2026-W38", "2026-W39"]  # the weeks that ended in Q3
    changes = found.changes
    assert [m.measure.id for m in changes.results] == ["p1-response", "p1-fix", "release-interval", "crash-free"]
    assert [e.date for e in changes.meetings] == [date(2026, 11, 19)] and not changes.health_checks
    assert [d.text[:20] for d in found.decisions] == ["Crash-free sessions "]
    assert [r.id for r in found.risks_due] == ["store-review", "payment-knowledge", "rate-card"]


def test_the_review_pack_has_its_sections_and_a_version_for_the_vendor(sample_render, restricted, sample_inputs):
    text = page(sample_render, "vendors/lotus-code-works/review.md")
    for heading in ("Results against targets, Q3 2026 { #results }", "Actions { #actions }", "Risks { #risks }",
                    "Decisions needed { #decisions }",
                    'What changed since <time datetime="2026-10-21">Wed 21 Oct 2026</time>'):
        assert f"## {heading}" in text, heading
    assert "Breaches counted" not in text and "Breaches counted" in page(restricted, "vendors/lotus-code-works/review.md")
    # A vendor's own site has its version (tests/test_review_pack.py says what it leaves out).
    everest = pipeline.render(sample_inputs, audience="vendor", vendor="everest-qa-partners", today=TODAY)
    assert [p for p in everest.tree if p.endswith("/review.md")] == ["vendors/everest-qa-partners/review.md"]


# --- the portfolio: heat table and directory -----------------------------------------------------------


def test_the_heat_table_puts_the_vendors_furthest_off_target_first(sample_render, sample_inputs):
    heat = sample_render.site.heat()
    assert heat.categories == ("service-level", "quality", "satisfaction", "cost", "delivery")
    assert [r.vendor.slug for r in heat.rows][:2] == ["andes-quality-labs", "everest-qa-partners"]
    text = page(sample_render, "scorecards.md")
    assert '<table class="rp-heat" data-rp-sortable' in text and text.count("<tr ") == 1 + len(heat.rows)
    assert "scorecards.md" not in pipeline.render(sample_inputs, audience="vendor", vendor="lotus-code-works", today=TODAY).tree


def test_the_directory_has_each_vendors_worst_latest_status(sample_render):
    lines = page(sample_render, "vendors/index.md").splitlines()
    assert next(line for line in lines if line.startswith("| Vendor |")).endswith("| Overlap | Scorecard |")
    for v in sample_render.site.vendors:
        row = next(line for line in lines if f"]({v.slug}/index.md)" in line)
        assert row.rstrip(" |").rsplit("|", 1)[1].strip().startswith(f'<span class="rp-st rp-st-{v.scorecard_status}">')
    statuses = {v.slug: v.scorecard_status for v in sample_render.site.vendors}
    # Everest's automation share (38 against at least 70) is a miss, so off target; Harbor Light's
    # first response (7 hours against at most 8, at risk from 7) still meets its SLA, inside the margin.
    assert statuses["andes-quality-labs"] == "off" and statuses["everest-qa-partners"] == "off"
    assert statuses["harbor-light-support"] == "risk"
    assert statuses["lotus-code-works"] == "on"


# --- helpers --------------------------------------------------------------------------------------------


def copy_base(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "tests" / "bad" / "_base", project)
    return project


def copy_sample(tmp_path: Path) -> Path:
    from .conftest import copy_project

    return copy_project(tmp_path / "sample")


def edit_vendor(project: Path, change) -> None:
    path = project / "content" / "vendors" / "acme.yml"
    data = yaml.safe_load(path.read_text("utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


# --- the editor's guide's examples ------------------------------------------------------------------------------


def test_the_editors_guides_examples_are_valid_vendor_data(tmp_path, capsys):
    # Each YAML example of "How the relationship runs" put into a copy of the sample's Lotus Code
    # Works file (whose people, meetings and plays they name): `playbooks validate` accepts them all.
    guide = (ROOT / "docs" / "editing.md").read_text("utf-8")
    section = guide.split("## How the relationship runs", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```yaml\n(.*?)```", section, re.S)
    assert len(blocks) == 9
    project = copy_sample(tmp_path)
    path = project / "content" / "vendors" / "lotus-code-works.yml"
    data = yaml.safe_load(path.read_text("utf-8"))
    for block in blocks:
        example = yaml.safe_load(block)
        if "compliance" in example:  # organization.yml's part
            org_path = project / "content" / "organization.yml"
            org = yaml.safe_load(org_path.read_text("utf-8"))
            org["compliance"] = example["compliance"]
            org_path.write_text(yaml.safe_dump(org, allow_unicode=True, sort_keys=False), "utf-8")
            continue
        for key, value in example.items():
            if isinstance(value, dict) and isinstance(data.get(key), dict):
                data[key].update(value)  # performance.slas, governance.log, contract: the example's part
            else:
                data[key] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    assert cli.main(["validate", "--root", str(project)]) == 0, capsys.readouterr().err
    lotus = vendor(pipeline.render(pipeline.load_checked(project), today=TODAY), "lotus-code-works")
    assert lotus.renewal is not None and lotus.renewal.deadline.day == date(2026, 12, 31)
    assert [r.value for r in lotus.measures[0].recorded] == [24, 21]
    assert lotus.warnings == ()  # the money example: no credit earned (both months met the SLA), nothing to claim
