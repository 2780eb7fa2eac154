"""The overlap picture on a vendor page: an inline SVG strip of one typical day, drawn at build time.

A 24-hour line in our time (axis on top) and the vendor's (axis below, shifted by the time
difference, so half- and quarter-hour offsets show as such); a bar for each side's working
hours, the overlap as a dashed band across both, and a marker where each side's day ends
and it hands work over. Every bar and band carries its times as text, so nothing depends on
colour; colours come from CSS classes (`generator/assets/timeline.css`) that use Material's
CSS variables, so the strip follows the light and the dark scheme. No scripts, nothing loaded
from elsewhere. Data (names) is escaped for HTML; the figure is a raw HTML block in Markdown.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from functools import lru_cache

from markupsafe import Markup, escape

from ...support import escape as esc
from ...schedules import wording
from ...schedules.clock import DAY_NAMES, duration, local, weekday_of, zone
from ...schedules.hours import on_day
from ...schedules.view import TimeView
from ..voice import Voice

WIDTH = 688  # about the width of Material's content column: text renders near its nominal size
X0, X1 = 16, 672  # the 24 hours: 656 px, 27.3 px an hour
PLOT = X1 - X0
TITLE_Y = 16  # "Berlin time" (left) and the overlap's label (over the band)
AXIS_OURS = 42  # our axis line; hour labels above it
OURS_BAR = (50, 82)
THEIRS_BAR = (90, 122)
AXIS_THEIRS = 130  # their axis line; hour labels below it
THEIRS_TITLE_Y = 168
HANDOFF_Y = (192, 212)
HEIGHT = 222
CHAR = 6.0  # average width of a 12.5-13 px character (measured in Chromium: ~5.5), for placing labels
BOLD = 7.3  # ... of a bold 13 px digit or letter
# The strip scales to its box (a viewBox, width 100%): on a phone its 688 units take about 358
# px and timeline.css sets its short labels in 20 units (about 10 px) there, leaving out the
# long hand-off labels, which the page says in words under the strip. Names, bar texts and the
# overlap's label are placed with room for that size.
PHONE = 20 / 13


def _x(minute: float) -> float:
    return round(X0 + PLOT * minute / 1440, 2)


def _name(text: str, limit: int = 22) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _t(x: float, y: float, text: str, cls: str, anchor: str = "middle") -> str:
    return f'<text x="{round(x, 2)}" y="{y}" text-anchor="{anchor}" class="{cls}">{escape(text)}</text>'


def _width(text: str, bold: bool = False) -> float:
    return len(text) * (BOLD if bold else CHAR)


def _room(text: str) -> float:
    """The width a short bold label needs at the larger of its two sizes (the phone's)."""
    return _width(text, bold=True) * PHONE


@lru_cache(maxsize=256)
def _axes(delta: int, ours_city: str, theirs_city: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The axes' lines and their labels: the same for every vendor with the same time
    difference and cities, so drawn once per run for each."""
    lines: list[str] = []
    texts: list[str] = [_t(X0, TITLE_Y, f"{ours_city} time", "rp-tl-axis-title", "start")]
    for hour in range(0, 25, 3):
        x = _x(hour * 60)
        lines.append(f'<line class="rp-tl-grid" x1="{x}" y1="{AXIS_OURS}" x2="{x}" y2="{AXIS_THEIRS}"/>')
    lines.append(f'<line class="rp-tl-axis" x1="{X0}" y1="{AXIS_OURS}" x2="{X1}" y2="{AXIS_OURS}"/>')
    for hour in range(0, 25):
        x = _x(hour * 60)
        lines.append(f'<line class="rp-tl-axis" x1="{x}" y1="{AXIS_OURS}" x2="{x}" y2="{AXIS_OURS - (6 if hour % 3 == 0 else 3)}"/>')
        if hour % 3 == 0:
            anchor = "start" if hour == 0 else "end" if hour == 24 else "middle"
            texts.append(_t(x, AXIS_OURS - 10, f"{hour:02d}:00", "rp-tl-tick", anchor))
    lines.append(f'<line class="rp-tl-axis" x1="{X0}" y1="{AXIS_THEIRS}" x2="{X1}" y2="{AXIS_THEIRS}"/>')
    for hour in range(0, 24):
        x = _x((hour * 60 - delta) % 1440)
        lines.append(f'<line class="rp-tl-axis" x1="{x}" y1="{AXIS_THEIRS}" x2="{x}" y2="{AXIS_THEIRS + (6 if hour % 3 == 0 else 3)}"/>')
        if hour % 3 == 0:
            anchor = "start" if x < X0 + 18 else "end" if x > X1 - 18 else "middle"
            texts.append(_t(x, AXIS_THEIRS + 20, f"{hour:02d}:00", "rp-tl-tick", anchor))
    texts.append(_t(X0, THEIRS_TITLE_Y, f"{theirs_city} time", "rp-tl-axis-title", "start"))
    return tuple(lines), tuple(texts)


class _Strip:
    """One picture being drawn: its day in minutes from the start of ours, the shapes drawn in
    order (`parts`), the texts drawn last, over the shapes, each with a halo in the page colour
    (`texts`), and the x positions that bar texts and names keep clear of (`obstacles`)."""

    def __init__(self, view: TimeView):
        self.view = view
        ours, theirs, day = view.ours, view.theirs, view.reference_day
        self.span = ours.day_span(day)
        self.mine = ours.interval(day)
        self.other = theirs.intervals(self.span)
        today = on_day(ours, theirs, day)
        self.overlap = (today.start, today.end) if today is not None and today.start is not None and today.end is not None else None
        self.parts: list[str] = []
        self.texts: list[str] = []
        self.obstacles: list[float] = []

    def minute(self, moment: datetime) -> float:
        return (moment - self.span[0]).total_seconds() / 60

    def keep_clear(self) -> None:
        """Where the hand-off markers and the overlap's edges will be: bar texts avoid them."""
        if self.overlap:
            self.obstacles += [_x(self.minute(self.overlap[0])), _x(self.minute(self.overlap[1]))]
        if self.view.handoffs:
            if self.mine is not None:
                self.obstacles.append(_x(self.minute(self.mine[1])))
            self.obstacles += [_x(self.minute(h[1])) for h in self.other if 0 < self.minute(h[1]) <= 1440]

    def place(self, x0: float, x1: float, text: str) -> float | None:
        """The centre for `text` inside [x0, x1] clear of the obstacles (nearest the middle), or None."""
        need = _room(text) + 8
        cuts = sorted({x0, x1, *(o for o in self.obstacles if x0 < o < x1)})
        best = None
        for a, b in zip(cuts, cuts[1:]):
            if b - a >= need:
                centre = min(max((x0 + x1) / 2, a + need / 2), b - need / 2)
                if best is None or abs(centre - (x0 + x1) / 2) < abs(best - (x0 + x1) / 2):
                    best = centre
        if best is None and x1 - x0 >= need:
            best = (x0 + x1) / 2
        return best

    def bar(self, row: tuple[int, int], a: float, b: float, cls: str, text: str) -> tuple[float, float] | None:
        """A bar of working hours from minute `a` to `b`, its hours inside where they fit; its ends."""
        x0, x1 = _x(max(0.0, a)), _x(min(1440.0, b))
        if x1 - x0 < 1:
            return None
        self.parts.append(f'<rect class="{cls}" x="{x0}" y="{row[0]}" width="{round(x1 - x0, 2)}" height="{row[1] - row[0]}" rx="4"/>')
        centre = self.place(x0, x1, text) if text else None
        if centre is not None:
            self.texts.append(_t(centre, (row[0] + row[1]) / 2 + 5, text, "rp-tl-bar-text"))
        return x0, x1

    def name(self, row: tuple[int, int], segments: list[tuple[float, float]], label: str) -> None:
        """The side's name beside its bar, in a free stretch of its row, clear of marker lines."""
        y = (row[0] + row[1]) / 2 + 5
        edges = sorted(segments)
        if not edges:
            self.texts.append(_t((X0 + X1) / 2, y, label, "rp-tl-name"))
            return
        spots = _name_spots(edges, _room(label))
        if not spots:
            self.texts.append(_t(X0 + 2, row[0] - 2, label, "rp-tl-name", "start"))
            return
        clear = [spot for spot in spots if not any(spot[3][0] - 3 <= o <= spot[3][1] + 3 for o in self.obstacles)]
        _, x, anchor, _ = (clear or spots)[0]
        self.texts.append(_t(x, y, label, "rp-tl-name", anchor))


Spot = tuple[float, float, str, tuple[float, float]]  # (gap width, x, anchor, span)


def _name_spots(edges: list[tuple[float, float]], width: float) -> list[Spot]:
    """Where a name of `width` fits right after or right before a bar (`edges`), widest gap first."""
    gaps, cursor = [], float(X0)
    for x0, x1 in edges:
        gaps.append((cursor, x0))
        cursor = max(cursor, x1)
    gaps.append((cursor, float(X1)))
    spots: list[Spot] = []
    for g0, g1 in gaps:
        if g1 - g0 < width + 12:
            continue
        if any(abs(g0 - x1) < 1 for _, x1 in edges):  # right after a bar
            spots.append((g1 - g0, g0 + 6, "start", (g0 + 6, g0 + 6 + width)))
        if any(abs(g1 - x0) < 1 for x0, _ in edges):  # right before a bar
            spots.append((g1 - g0, g1 - 6, "end", (g1 - 6 - width, g1 - 6)))
    spots.sort(key=lambda spot: -spot[0])
    return spots


def _words(strip: _Strip, ours_name: str) -> tuple[str, list[str]]:
    """The picture's accessible name and description: the same facts as the picture, in words."""
    view = strip.view
    ours, theirs = view.ours, view.theirs
    ours_city, theirs_city = ours.city, theirs.city
    title = f"Working hours on a typical {DAY_NAMES[weekday_of(view.reference_day)]}: {ours_name} and {view.vendor.name}"
    desc = [f"{ours_name} works {ours.start}–{ours.end} {ours_city} time."]
    their_text = f"{theirs.start}–{theirs.end} {theirs_city} time"
    span, overlap = strip.span, strip.overlap
    if strip.other:
        h = max(strip.other, key=lambda i: min(i[1], span[1]) - max(i[0], span[0]))
        desc.append(f"{view.vendor.name} works {their_text}, which is {local(h[0], ours.timezone)}–{local(h[1], ours.timezone)} {ours_city} time.")
    else:
        desc.append(f"{view.vendor.name} works {their_text}, but not on this day.")
    if overlap:
        mins = int((overlap[1] - overlap[0]).total_seconds() // 60)
        desc.append(f"Overlap: {duration(mins)}, {local(overlap[0], ours.timezone)}–{local(overlap[1], ours.timezone)} {ours_city} time, "
                    f"which is {local(overlap[0], theirs.timezone)}–{local(overlap[1], theirs.timezone)} {theirs_city} time.")
    else:
        desc.append("The working hours do not overlap.")
    return title, desc


def _bars(strip: _Strip, ours_name: str, vendor: str) -> None:
    """Each side's bars, with their hours inside and the side's name beside them."""
    ours, theirs = strip.view.ours, strip.view.theirs
    ours_segments = []
    if strip.mine is not None:
        seg = strip.bar(OURS_BAR, strip.minute(strip.mine[0]), strip.minute(strip.mine[1]), "rp-tl-ours", f"{ours.start}–{ours.end}")
        if seg:
            ours_segments.append(seg)
    strip.name(OURS_BAR, ours_segments, _name(ours_name))
    theirs_segments = []
    for hours in strip.other:
        a, b = strip.minute(hours[0]), strip.minute(hours[1])
        starts, ends = a >= 0, b <= 1440
        text = f"{theirs.start}–{theirs.end}" if starts and ends else f"{theirs.start} →" if starts else f"→ {theirs.end}"
        seg = strip.bar(THEIRS_BAR, a, b, "rp-tl-theirs", text)
        if seg:
            theirs_segments.append(seg)
    strip.name(THEIRS_BAR, theirs_segments, vendor if strip.other else f"{vendor}: day off")


def _overlap(strip: _Strip, ours_title: str) -> None:
    """The overlap: a highlighter band across both bars, labelled above (or "No overlap")."""
    if strip.overlap is None:
        label = "No overlap"
        strip.texts.append(_t(max((X0 + X1) / 2, X0 + _room(ours_title) + 16 + _room(label) / 2), TITLE_Y, label, "rp-tl-strong"))
        return
    start, end = strip.overlap
    x0, x1 = _x(strip.minute(start)), _x(strip.minute(end))
    strip.parts.append(f'<rect class="rp-tl-overlap" x="{x0}" y="{OURS_BAR[0] - 5}" width="{round(x1 - x0, 2)}" '
                       f'height="{THEIRS_BAR[1] - OURS_BAR[0] + 10}"/>')
    strip.parts.append(f'<line class="rp-tl-overlap-edge" x1="{x0}" y1="{OURS_BAR[0] - 5}" x2="{x0}" y2="{THEIRS_BAR[1] + 5}"/>')
    strip.parts.append(f'<line class="rp-tl-overlap-edge" x1="{x1}" y1="{OURS_BAR[0] - 5}" x2="{x1}" y2="{THEIRS_BAR[1] + 5}"/>')
    label = f"Overlap {duration(int((end - start).total_seconds() // 60))}"
    half = _room(label) / 2
    strip.texts.append(_t(max(X0 + _room(ours_title) + 16 + half, min(X1 - half, (x0 + x1) / 2)), TITLE_Y, label, "rp-tl-strong"))


def _handoffs(strip: _Strip, voice: Voice, names: tuple[str, str]) -> None:
    """Where each side's day ends, and who picks the work up when (the words are the voice's)."""
    if not strip.view.handoffs:
        return
    theirs_off, ours_off = strip.view.handoffs
    theirs_city = strip.view.theirs.city
    marks = []
    their_end = next((h for h in sorted(strip.other, key=lambda i: i[1]) if 0 < strip.minute(h[1]) <= 1440), None)
    if their_end is not None:
        marks.append((strip.minute(their_end[1]), THEIRS_BAR, voice.handoff_label(theirs_off, names, theirs_city)))
    if strip.mine is not None:
        marks.append((strip.minute(strip.mine[1]), OURS_BAR, voice.handoff_label(ours_off, names, theirs_city)))
    xs = [_x(m) for m, _, _ in marks]
    for index, (m, row, label) in enumerate(sorted(marks, key=lambda e: e[0])):
        x = _x(m)
        y = HANDOFF_Y[index]
        strip.parts.append(f'<line class="rp-tl-handoff" x1="{x}" y1="{row[1]}" x2="{x}" y2="{y - 5}"/>')
        strip.parts.append(f'<circle class="rp-tl-marker" cx="{x}" cy="{row[1]}" r="3.5"/>')
        strip.parts.append(f'<path class="rp-tl-marker" d="M{x - 4},{y - 10} L{x + 4},{y - 10} L{x},{y - 4} Z"/>')
        tx, anchor = _beside(x, _width(label), [o for o in xs if abs(o - x) > 1])
        strip.texts.append(_t(tx, y, label, "rp-tl-label", anchor))


def _beside(x: float, width: float, others: list[float]) -> tuple[float, str]:
    """A marker label's x and anchor: beside its marker, on the side where it fits and crosses
    no other marker's line."""
    options = [(x - 8, "end", x - 8 - width, x - 8), (x + 8, "start", x + 8, x + 8 + width)]
    fitting = [o for o in options if o[2] >= 0 and o[3] <= WIDTH]
    clear = [o for o in fitting if not any(o[2] - 4 <= other <= o[3] + 4 for other in others)]
    tx, anchor, _, _ = (clear or fitting or [(0.0, "start", 0.0, 0.0)])[0]
    return tx, anchor


def strip(view: TimeView, voice: Voice) -> Markup:
    """The picture of `view`'s typical day, for a vendor page (a template global), worded for
    the site's reader by `voice` (on a vendor-facing site its hand-off labels speak to the
    vendor's staff)."""
    ours, theirs, day = view.ours, view.theirs, view.reference_day
    ours_name, vendor = voice.org, _name(view.vendor.short_name)
    noon = datetime.combine(day, time(12), zone(ours.timezone))
    delta = round(((noon.astimezone(zone(theirs.timezone)).utcoffset() or timedelta(0)) - (noon.utcoffset() or timedelta(0))).total_seconds() / 60)
    slug = re.sub(r"[^a-z0-9-]", "", view.vendor.slug) or "vendor"
    title_id, desc_id = f"rp-tl-title-{slug}", f"rp-tl-desc-{slug}"
    drawing = _Strip(view)
    title, desc = _words(drawing, ours_name)
    desc.extend(voice.handoff_lines(view))
    drawing.parts += [
        f'<svg class="rp-tl" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'aria-labelledby="{esc.attr(title_id)} {esc.attr(desc_id)}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{esc.attr(title_id)}">{escape(title)}</title>',
        f'<desc id="{esc.attr(desc_id)}">{escape(" ".join(desc))}</desc>',
    ]
    # axes: our hours above, theirs below (shifted by the time difference)
    lines, axis_texts = _axes(delta, ours.city, theirs.city)
    drawing.parts.extend(lines)
    drawing.texts.extend(axis_texts)
    drawing.keep_clear()
    _bars(drawing, ours_name, vendor)
    _overlap(drawing, f"{ours.city} time")
    _handoffs(drawing, voice, (_name(ours_name), vendor))
    caption = Markup("A typical {} ({}), 24 hours in {} time (top scale) and {} time (bottom scale). Bars: working "
                     "hours. Highlighted band: the overlap. Markers: where each side's day ends and its work passes "
                     "to the other side.").format(DAY_NAMES[weekday_of(day)], wording.when(day), ours.city, theirs.city)
    return Markup(
        f'<figure class="rp-timeline" data-search-exclude>\n{"".join(drawing.parts)}{"".join(drawing.texts)}</svg>\n'
        f"<figcaption>{caption}</figcaption>\n</figure>"
    )
