"""The trend charts' labels as a reader sees them (issue 27): one "no figure" for a run of
missing periods (two side by side overlapped: "no figure no figure" at W47/W48), and a week
axis that says the year. Rendered from the sample a little after its build date, when the
latest weeks have no figures yet."""

from __future__ import annotations

import re
from datetime import date

import pytest

from generator.render.svg import charts as charts_module
from generator import pipeline

LATER = date(2026, 12, 8)  # Harbor Light's weekly results end at W46: W47 and W48 are missing


@pytest.fixture(scope="module")
def charts(sample_inputs) -> dict[str, str]:
    tree = pipeline.render(sample_inputs, today=LATER).tree
    found = {}
    for path, body in tree.items():
        if path.startswith("vendors/") and path.endswith("/index.md"):
            for svg in re.findall(r'<svg class="rp-ch".*?</svg>', body.decode(), re.S):
                title = re.search(r"<title[^>]*>(.*?)</title>", svg).group(1)
                found[f"{path}: {title}"] = svg
    return found


def gap_runs(svg: str) -> int:
    """Runs of missing periods: gap lines one period apart belong to one run."""
    xs = [float(x) for x in re.findall(r'class="rp-ch-gap" x1="([\d.]+)"', svg)]
    periods = len(xs) + len(re.findall(r'class="rp-ch-pt ', svg))
    step = (charts_module.RIGHT - charts_module.LEFT) / periods
    return sum(1 for i, x in enumerate(xs) if i == 0 or abs(x - xs[i - 1] - step) > 0.5)


def test_a_run_of_missing_periods_has_one_label(charts):
    side_by_side = {name: svg for name, svg in charts.items() if re.search(r"rp-ch-gap.*rp-ch-gap", svg)}
    assert side_by_side, "the sample has no chart with two missing periods at this date"
    for name, svg in side_by_side.items():
        labels = svg.count(">no figure</text>")
        assert labels == gap_runs(svg), (name, labels, gap_runs(svg))


def test_a_week_axis_says_the_year(charts):
    weekly = {name: svg for name, svg in charts.items() if re.search(r'class="rp-ch-tick">W\d+<', svg)}
    assert weekly
    for name, svg in weekly.items():
        assert re.search(r'class="rp-ch-tick rp-ch-year">20\d\d<', svg), name
