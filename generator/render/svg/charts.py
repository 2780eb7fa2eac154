"""Trend charts of a KPI or SLA on the vendor pages: an inline SVG drawn at build time.

The last periods of a measure (model.scorecards: at most 12) left to right: each figure as a
point with its value written above it, joined by a line that breaks where a period has no
figure (a gap says "no figure", and nothing is drawn in: a missing period is never filled in);
the target as a dashed line, labelled; the thresholds as bands, labelled "at risk" and "off
target". Nothing depends on colour: each point's shape says its status (a circle on target, a
triangle at risk, a cross off target), the bands are hatched or dotted as well as tinted, and
every value is written out. The `<title>` names the measure, so the picture has an accessible
name, and its `<desc>` lists every period in words. No script; colours come from CSS classes
(`generator/assets/relationship.css`) using Material's variables, so both colour schemes work.
Data (names, units) is escaped with markupsafe's `escape`, as in timeline.py.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache

from markupsafe import Markup, escape

from ...model.measures import LOWER_IS_BETTER, ON, RISK, figure
from ...model import Measure, labels
from ...model.scorecards import Result
from ...schedules import wording

WIDTH, HEIGHT = 640, 226
LEFT, RIGHT = 52, 526  # the plot's x extent; band and target labels sit to its right
TOP, BOTTOM = 26, 186  # the plot's y extent; period labels below, and the year under a week or day
CHAR = 6.1  # average width of an 11 px character, for spacing labels
# The chart scales to its box (a viewBox, width 100%): on a phone its 640 units take about 358
# px, and relationship.css sets its text in 17 units (about 9.5 px) there; labels are spaced for that.
PHONE = 17 / 11


def _fmt(x: float) -> str:
    return f"{round(x, 1):g}"


_SPECIAL = re.compile(r"[<>&\"']")


def _t(x: float, y: float, text: str, cls: str, anchor: str = "middle") -> str:
    # Most labels are numbers and period names this module made: escape only what needs it.
    shown = escape(text) if _SPECIAL.search(text) else text
    return f'<text x="{_fmt(x)}" y="{_fmt(y)}" text-anchor="{anchor}" class="{cls}">{shown}</text>'


@lru_cache(maxsize=32)
def _xs(count: int) -> tuple[float, ...]:
    """The x of each of `count` periods: evenly spread, half a step in from each end."""
    step = (RIGHT - LEFT) / count
    return tuple(LEFT + step * (i + 0.5) for i in range(count))


def _ticks(low: float, high: float) -> list[float]:
    """Three to six round values across [low, high] for the value axis."""
    span = high - low
    raw = span / 4
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(low / step) * step
    out = []
    value = first
    while value <= high + step * 1e-9:
        out.append(round(value, 10))
        value += step
    return out


def _range(measure: Measure, values: list[float]) -> tuple[float, float]:
    lines = [measure.target] + [v for v in (measure.amber, measure.red) if v is not None]
    low, high = min(values + lines), max(values + lines)
    if high == low:
        high, low = high + 1, low - 1
    pad = (high - low) * 0.18
    low, high = low - pad, high + pad
    if min(values + lines) >= 0 > low:  # counts and percentages do not go below zero
        low = 0.0
    return low, high


def _shape(x: float, y: float, status: str | None) -> str:
    if status == ON:
        return f'<circle class="rp-ch-pt rp-ch-on" cx="{_fmt(x)}" cy="{_fmt(y)}" r="4.5"/>'
    if status == RISK:
        return (f'<path class="rp-ch-pt rp-ch-risk" d="M{_fmt(x)},{_fmt(y - 6)} L{_fmt(x + 5.5)},{_fmt(y + 4)} '
                f'L{_fmt(x - 5.5)},{_fmt(y + 4)} Z"/>')
    return (f'<path class="rp-ch-pt rp-ch-off" d="M{_fmt(x - 4.5)},{_fmt(y - 4.5)} L{_fmt(x + 4.5)},{_fmt(y + 4.5)} '
            f'M{_fmt(x + 4.5)},{_fmt(y - 4.5)} L{_fmt(x - 4.5)},{_fmt(y + 4.5)}"/>')


def _bands(measure: Measure, y: "_Scale", key: str) -> tuple[list[str], list[str]]:
    """The at-risk and off-target bands (shapes, labels), from the target and thresholds."""
    if measure.comparator == "=":
        return [], []
    lower_better = measure.comparator in LOWER_IS_BETTER
    shapes, texts = [], []
    edge = TOP if lower_better else BOTTOM  # the worse end of the plot
    # A miss is off target (an SLA's a breach) from the target on; the at-risk band lies on the
    # target's better side, between `amber` and the target, where values still meet it.
    miss = "breached" if measure.kind == "SLA" else "off target"
    spans: list[tuple[str, str, str, float, float | None]] = [("rp-ch-band-off", "hatch", miss, measure.target, None)]
    if measure.amber is not None:
        spans.append(("rp-ch-band-risk", "dots", "at risk", measure.amber, measure.target))
    for cls, pattern, label, start, stop in spans:
        y0 = y(start)
        y1 = edge if stop is None else y(stop)
        top, bottom = max(TOP, min(y0, y1)), min(BOTTOM, max(y0, y1))
        if bottom - top < 1:
            continue
        shapes.append(f'<rect class="{cls}" fill="url(#{key}-{pattern})" x="{LEFT}" y="{_fmt(top)}" width="{RIGHT - LEFT}" '
                      f'height="{_fmt(bottom - top)}"/>')
        if bottom - top >= 16:  # a thinner band is left to its pattern and the legend
            texts.append(_t(RIGHT + 6, (top + bottom) / 2 + 4, label, "rp-ch-band-label", "start"))
    return shapes, texts


class _Scale:
    def __init__(self, low: float, high: float):
        self.low, self.high = low, high

    def __call__(self, value: float) -> float:
        return BOTTOM - (value - self.low) / (self.high - self.low) * (BOTTOM - TOP)


def _desc(measure: Measure, shown: tuple[Result, ...]) -> str:
    """Every period in words, for screen readers and for anyone without the picture."""
    unit = measure.unit
    parts = []
    for r in shown:
        label = wording.period_label(r.period)
        if r.value is None or r.status is None:
            parts.append(f"{label}: no figure")
        else:
            parts.append(f"{label}: {figure(r.value)} ({labels.measure_status(r.status, measure.kind)})")
    target = f"Target: {labels.word('comparator', measure.comparator)} {figure(measure.target)} {unit}."
    return f"{target} {'; '.join(parts)}."


def _grid(y: _Scale, parts: list[str]) -> list[str]:
    """The value axis's grid lines (into `parts`) and their labels (returned: drawn last)."""
    texts: list[str] = []
    for tick in _ticks(y.low, y.high):
        ty = y(tick)
        if TOP - 0.5 <= ty <= BOTTOM + 0.5:
            parts.append(f'<line class="rp-ch-grid" x1="{LEFT}" y1="{_fmt(ty)}" x2="{RIGHT}" y2="{_fmt(ty)}"/>')
            texts.append(_t(LEFT - 6, ty + 4, figure(tick), "rp-ch-tick", "end"))
    return texts


def _line(xs: Sequence[float], shown: Sequence[Result], y: _Scale) -> list[str]:
    """The line through the results, broken at every period without a figure (none without any)."""
    path, pen = [], "M"
    for x, r in zip(xs, shown):
        if r.value is None:
            pen = "M"
            continue
        path.append(f"{pen}{_fmt(x)},{_fmt(y(r.value))}")
        pen = "L"
    return [f'<path class="rp-ch-line" d="{" ".join(path)}"/>'] if path else []


def trend(measure: Measure) -> Markup:
    """The trend chart of one measure with results (empty for one without)."""
    shown = measure.chart
    values = [r.value for r in shown if r.value is not None]
    if not values:
        return Markup("")
    key = "rp-chart-" + measure.id  # ids are unique per vendor, and a page shows one vendor
    y = _Scale(*_range(measure, values))
    xs = _xs(len(shown))
    parts = [f'<svg class="rp-ch" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
             f'aria-labelledby="{key}-title {key}-desc" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{key}-title">{escape(measure.name)}: trend, {escape(wording.period_label(shown[0].period))} to '
             f'{escape(wording.period_label(shown[-1].period))}</title>',
             f'<desc id="{key}-desc">{escape(_desc(measure, shown))}</desc>',
             _defs(key)]
    band_shapes, band_texts = _bands(measure, y, key)
    parts += band_shapes
    texts = _grid(y, parts)
    parts.append(f'<line class="rp-ch-axis" x1="{LEFT}" y1="{BOTTOM}" x2="{RIGHT}" y2="{BOTTOM}"/>')
    ty = y(measure.target)
    parts.append(f'<line class="rp-ch-target" x1="{LEFT}" y1="{_fmt(ty)}" x2="{RIGHT}" y2="{_fmt(ty)}"/>')
    texts.append(_t(RIGHT + 6, ty - 3, f"target {figure(measure.target)}", "rp-ch-target-label", "start"))
    texts += band_texts
    parts += _line(xs, shown, y)
    step = (RIGHT - LEFT) / len(shown)
    longest = max(len(wording.period_tick(r.period)) for r in shown)
    every = max(1, math.ceil(longest * CHAR * PHONE / (step - 4)))
    widest = max((len(figure(v)) for v in values), default=1)
    crowded = widest * CHAR * PHONE + 4 > step  # neighbours' values would touch: every other one goes below
    last = len(shown) - 1
    dated = _dated(shown)
    year_shown = None
    for index, (x, r) in enumerate(zip(xs, shown)):
        if r.value is None:
            parts.append(f'<line class="rp-ch-gap" x1="{_fmt(x)}" y1="{TOP}" x2="{_fmt(x)}" y2="{BOTTOM}"/>')
            if index == 0 or shown[index - 1].value is not None:  # one label for a run of missing periods
                run = next((j for j in range(index, len(shown)) if shown[j].value is not None), len(shown)) - index
                texts.append(_t((x + xs[index + run - 1]) / 2, BOTTOM - 6, "no figure", "rp-ch-missing"))
        else:
            py = y(r.value)
            parts.append(_shape(x, py, r.status))
            below = crowded and index % 2 == 1 or py - 9 <= TOP + 2
            texts.append(_t(x, py + 19 if below else py - 9, figure(r.value), "rp-ch-value"))
        if (last - index) % every == 0:  # the latest period always has its label
            texts.append(_t(x, BOTTOM + 16, wording.period_tick(r.period), "rp-ch-tick"))
            if dated and r.period.start.year != year_shown:  # weeks and days: the year under the first and at each new year
                year_shown = r.period.start.year
                texts.append(_t(x, BOTTOM + 31, str(year_shown), "rp-ch-tick rp-ch-year"))
    parts.extend(texts)
    parts.append("</svg>")
    # The caption comes first and names the chart for everyone who sees it; the legend is the
    # scorecard's (templates/_vendor-scorecard.md.j2), said once for all the charts.
    caption = (f"<strong>{escape(measure.name)}</strong> ({escape(measure.unit)}), "
               f"{escape(labels.word('measured', measure.measured))}: the last {len(shown)} period{'s' if len(shown) != 1 else ''}")
    return Markup(f'<figure class="rp-chart" data-search-exclude>\n<figcaption>{caption}</figcaption>\n{"".join(parts)}\n</figure>')


def _dated(shown: tuple[Result, ...]) -> bool:
    """Whether the axis's labels lack the year ("W47", "14 Oct"): weeks and days."""
    return any(str(r.period.start.year) not in wording.period_tick(r.period) for r in shown)


@lru_cache(maxsize=1024)
def _defs(key: str) -> str:
    """The band patterns of one chart (ids must be unique on the page)."""
    return (f'<defs><pattern id="{key}-hatch" class="rp-ch-hatch" width="8" height="8" patternUnits="userSpaceOnUse" '
            f'patternTransform="rotate(45)"><rect class="rp-ch-hatch-bg" width="8" height="8"/>'
            f'<line class="rp-ch-hatch-line" x1="0" y1="0" x2="0" y2="8"/></pattern>'
            f'<pattern id="{key}-dots" class="rp-ch-dots" width="7" height="7" patternUnits="userSpaceOnUse">'
            f'<rect class="rp-ch-dots-bg" width="7" height="7"/><circle class="rp-ch-dot" cx="3.5" cy="3.5" r="1"/></pattern></defs>')

