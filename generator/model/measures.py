"""What a KPI's or SLA's comparator, target and thresholds say about one value: whether it
meets the target, and its status (on target, at risk, off target). The one home of these
rules: validation holds the thresholds to them and the model scores every result with them.

- A value that meets the target (under the comparator) is on target, unless `amber` is set
  and the value is at `amber` or worse: then it is at risk: it still meets the target, inside
  the margin between `amber` and the target (an early warning). "At risk" never means a miss.
- A value that misses the target is off target, always; for an SLA that is a breach. `red`
  does not soften a miss: it marks where a miss is far off (a line on the chart, words in the
  target), never a status of its own.
- So `amber` lies strictly on the target's better side (a margin of no width, `amber` equal to
  the target, would read "at most 3; at risk from 3") and `red` strictly on its worse side;
  validation refuses anything else.
- A measure at risk in AMBER_REPEAT periods in a row is to be escalated.
"""

from __future__ import annotations

ON, RISK, OFF = "on", "risk", "off"
# A measure at risk in this many of its periods in a row (its latest included) is escalated: an
# early warning that keeps coming back is a problem, though each figure meets the target. The
# scorecard play says so through `{{ org.amber_repeat }}`, which reads this number.
AMBER_REPEAT = 2
STATUSES = (ON, RISK, OFF)  # from best to worst


def severity(status: str | None) -> int:
    """How bad a status is, for sorting: no figure 0, on target 1, at risk 2, off target 3."""
    return STATUSES.index(status) + 1 if status is not None else 0
LOWER_IS_BETTER = ("<=", "<")

# What one result of a measure is, over its period (`statistic` in a vendor file): the schema's
# enum and the words the pages and messages use. An SLA with results must say which it is, or
# "21 minutes" could be an average, a median or a worst case, and a penalty cannot be judged.
STATISTICS = {
    "mean": "average",
    "median": "median",
    "p90": "90th percentile",
    "p95": "95th percentile",
    "worst": "worst case",
    "share": "share of cases within the target",
    "count": "number of cases",
    "total": "total",
}
COMPARATOR_WORDS = {"<=": "at most", ">=": "at least", "<": "below", ">": "above", "=": "exactly"}


def meets(value: float, comparator: str, target: float) -> bool:
    """Whether `value` meets `target` under `comparator`."""
    if comparator == "<=":
        return value <= target
    if comparator == ">=":
        return value >= target
    if comparator == "<":
        return value < target
    if comparator == ">":
        return value > target
    return value == target


def at_or_worse(value: float, comparator: str, line: float) -> bool:
    """Whether `value` is at `line` or on its worse side (lower is better for `<=` and `<`)."""
    return value >= line if comparator in LOWER_IS_BETTER else value <= line


def status(value: float, comparator: str, target: float, amber: float | None) -> str:
    """ON, RISK or OFF for one value (see the module's rules; `=` has no thresholds)."""
    if not meets(value, comparator, target):
        return OFF
    if amber is not None and comparator != "=" and at_or_worse(value, comparator, amber):
        return RISK
    return ON


def amber_fits(amber: float, comparator: str, target: float) -> bool:
    """Whether an at-risk line can be read one way: strictly on the target's better side."""
    return meets(amber, comparator, target) and amber != target


def red_fits(red: float, comparator: str, target: float) -> bool:
    """Whether a far-off line lies strictly on the target's worse side."""
    return not meets(red, comparator, target)



def better(change: float, comparator: str, before: float, after: float, target: float) -> bool | None:
    """Whether a change from `before` to `after` is an improvement: up for "at least", down
    for "at most", closer to the target for "exactly"; None for no change."""
    if change == 0:
        return None
    if comparator == "=":
        return abs(after - target) < abs(before - target)
    return (change < 0) if comparator in LOWER_IS_BETTER else (change > 0)


def number(value: float | int) -> str:
    """A value as the data gave it: 99.5, 30, 4.25, 9100 (no trailing zeros), for messages
    that quote the data (relationship_rules)."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def figure(value: float | int) -> str:
    """A value as a reader reads it, thousands separated: "9,100", "11,800", "99.5", "1e+308".
    The one home of how pages and charts show a figure (`number` keeps the data's form)."""
    text = number(value)
    if "e" in text or "n" in text:  # 1e+308, inf, nan: no digits to group
        return text
    sign = "-" if text.startswith("-") else ""
    whole, dot, fraction = text.lstrip("-").partition(".")
    return f"{sign}{int(whole):,}{dot}{fraction}"
