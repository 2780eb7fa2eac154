"""Plays say what the tool does: every number a play shares with the model (reminder lead times,
the health-check scale and dimensions, the scorecard's repeat rule) is written in the play as a
field of `org`, which reads the one place the tool keeps that rule. So the two cannot drift:
change the rule and the play's sentence changes with it."""

from __future__ import annotations

import re

import pytest
import yaml

from generator.model import measures
from generator import pipeline
from generator.model.health import health_dimensions, health_scale
from generator.schedules import deadlines, phrases, wording

from .conftest import BUILD_DATE, ROOT, copy_project

# (play file, the `org` fields it must use for the tool's numbers, what it must no longer say)
PLAYS = [
    ("relationship-lifecycle/health-check.md", ("health_scale", "health_dimensions"),
     ("green, amber or red", "by our side alone")),
    ("performance/scorecard.md", ("amber_repeat",), ("within 10 percent", "amber twice in a row")),
    ("relationship-lifecycle/read-the-contract.md", ("reminders",), ("two weeks ahead",)),
]


def page_of(render: pipeline.Generated, play: str) -> str:
    path = next(p for p in render.tree if p.endswith(play))
    return render.tree[path].decode("utf-8")


@pytest.mark.parametrize("play, fields, stale", PLAYS)
def test_each_play_takes_the_tools_numbers_from_org(play, fields, stale):
    source = (ROOT / "playbooks" / play).read_text("utf-8")
    for field in fields:
        assert re.search(r"\{\{\s*org\." + field + r"\s*\}\}", source), f"{play} writes {field} by hand"
    for phrase in stale:
        assert phrase not in source


def test_the_rendered_plays_say_what_the_model_uses(sample_render):
    low, high = health_scale()
    schema = yaml.safe_load((ROOT / "generator" / "schemas" / "vendor.schema.json").read_text("utf-8"))
    assert (low, high) == (schema["$defs"]["score"]["minimum"], schema["$defs"]["score"]["maximum"])
    health = page_of(sample_render, "health-check.md")
    assert f"{low} (poor) to {high} (excellent)" in health
    names = [d["name"].lower() for d in health_dimensions({})]
    assert phrases.listed(names) in health
    scorecard = page_of(sample_render, "performance/scorecard.md")
    assert f"{phrases.count_word(measures.AMBER_REPEAT)} periods in a row" in scorecard
    contract = page_of(sample_render, "read-the-contract.md")
    assert wording.lead_times(deadlines.DEFAULT_REMINDERS) == "90, 30 and 7 days before"
    assert "90, 30 and 7 days before" in contract


def test_a_team_that_changes_its_reminders_gets_plays_that_say_so(tmp_path):
    project = copy_project(tmp_path / "project")
    org = project / "content" / "organization.yml"
    text = org.read_text("utf-8")
    assert "remind_days" not in text
    org.write_text(text + "remind_days: [120, 45]\n", "utf-8")
    render = pipeline.render(pipeline.load_checked(project), today=BUILD_DATE)
    contract = page_of(render, "read-the-contract.md")
    assert "120 and 45 days before" in contract and "90, 30 and 7" not in contract


def test_a_measure_at_risk_twice_in_a_row_is_marked_for_escalation(sample_render):
    flagged = [(v.slug, m.id) for v in sample_render.site.vendors for m in v.scored if m.escalate]
    assert flagged, "the sample should show the repeat rule at work"
    for slug, measure_id in flagged:
        vendor = next(v for v in sample_render.site.vendors if v.slug == slug)
        measure = next(m for m in vendor.scored if m.id == measure_id)
        recorded = measure.recorded[-measures.AMBER_REPEAT:]
        assert all(r.status == measures.RISK for r in recorded)
        page = next(p for p in sample_render.tree if p.endswith(f"vendors/{slug}/index.md") or p == f"vendors/{slug}.md")
        assert "periods in a row: escalate" in sample_render.tree[page].decode("utf-8")


def test_an_amber_once_is_not_escalated():
    from generator.model.scorecards import measure as make

    data = {"id": "m", "name": "M", "comparator": "<=", "target": 30, "amber": 25, "unit": "minutes", "measured": "monthly",
            "results": [{"period": "2026-08", "value": 26}, {"period": "2026-09", "value": 20}, {"period": "2026-10", "value": 27}]}
    one = make(data, "SLA", BUILD_DATE)
    assert one.at_risk_in_a_row == 1 and not one.escalate
    data["results"][1]["value"] = 28
    two = make(data, "SLA", BUILD_DATE)
    assert two.at_risk_in_a_row == 3 and two.escalate

