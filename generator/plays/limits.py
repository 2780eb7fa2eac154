"""The limits every render of a play is held to, and the arithmetic that foresees how big a
value would get before it is made.

`play_sandbox.PlaySandbox` counts each render against a `Budget` (steps, time, work) and asks
the estimates here, before an operator, a filter or a method runs, whether its result would
grow beyond `MAX_CHARS`. Each limit's message says what the play's author should change.
"""

from __future__ import annotations

import re
import string
import time
from typing import Any, Callable, Protocol

from jinja2 import nodes

# Far above what real plays need: the sample plays take at most 6 steps and print at most
# 3,141 characters in a render (tests/hostile/test_plays_limits.py holds them 100 times below).
# 100,000 steps take 0.02 to 0.3 s.
MAX_STEPS = 100_000
MAX_SECONDS = 2.0
MAX_CHARS = 1_000_000  # the largest value, and the largest rendered text
MAX_WORK = 10_000_000  # characters and items a render may build in all
MAX_DIGITS = 4_000
_MAX_BITS = int(MAX_DIGITS * 3.3219)  # log2(10) bits per digit


class PlayError(Exception):
    """A play asked for what plays may not do; the message says what, and what to change."""


class LimitExceeded(PlayError):
    """A render went beyond a limit."""


STEPS = (f"this play ran more than {MAX_STEPS:,} steps (loop turns, calls, filters, field reads) in one "
         "rendering; make its loops shorter")
TIME = f"this play took more than {MAX_SECONDS:g} seconds to render; make its loops shorter or its values smaller"
WORK = (f"this play built more than {MAX_WORK:,} characters of text and lists in one rendering; make its "
        "loops shorter or its values smaller")
OUTPUT = f"this play's text grew beyond {MAX_CHARS:,} characters when rendered; make it shorter"
DIGITS = f"a number in this play would grow beyond {MAX_DIGITS:,} digits; use smaller numbers"
RECURSION = ("this play nests too deeply (a macro or a recursive loop that never stops, or lists inside lists); "
             "give the recursion a way to stop")
MEMORY = "this play ran out of memory while rendering; make its loops shorter or its values smaller"
NESTED = "this play's Jinja2 is nested too deeply to read; split the expression into simpler ones"


def too_big(what: str) -> LimitExceeded:
    return LimitExceeded(f"{what} would grow beyond {MAX_CHARS:,} characters in this play; "
                         "use smaller numbers or shorter text")


# Statements a play may not use: (keyword, why).
_REFUSED: dict[type[nodes.Node], tuple[str, str]] = {
    nodes.Include: ("include", "a play is one text; copy what you need into it"),
    nodes.Import: ("import", "a play is one text; write the macro into it"),
    nodes.FromImport: ("from", "a play is one text; write the macro into it"),
    nodes.Extends: ("extends", "a play is one text, not a template for others"),
    nodes.FilterBlock: ("filter", "apply the filter to a value instead: `{{ vendor.name|upper }}`"),
}


def refused(tree: nodes.Template) -> list[tuple[int, str, str]]:
    """Statements in a parsed play that plays may not use: (line, keyword, message)."""
    found = []
    for node in tree.find_all(tuple(_REFUSED)):
        keyword, why = _REFUSED[type(node)]
        found.append((node.lineno, keyword, f"`{{% {keyword} %}}` is not allowed in a play: {why}"))
    return found


class Budget:
    """What one render may still do."""

    __slots__ = ("steps", "work", "deadline", "sizes")

    def __init__(self) -> None:
        self.steps = MAX_STEPS
        self.work = MAX_WORK
        self.deadline = time.monotonic() + MAX_SECONDS
        self.sizes: dict[int, tuple[object, int]] = {}  # id -> (the value, kept alive; its size)

    def step(self) -> None:
        self.steps -= 1
        if self.steps < 0:
            raise LimitExceeded(STEPS)
        if time.monotonic() > self.deadline:
            raise LimitExceeded(TIME)

    def spend(self, amount: int) -> None:
        self.work -= amount
        if self.work < 0:
            raise LimitExceeded(WORK)


# Methods a play may call on strings, lists and dicts: none of them can take long or grow
# a value beyond what `method_size` foresees. Anything else (`int.to_bytes`,
# `str.expandtabs`, `str.translate`, ...) is refused.
STR_METHODS = frozenset({
    "capitalize", "casefold", "center", "count", "endswith", "find", "format", "format_map", "index", "isalnum",
    "isalpha", "isdecimal", "isdigit", "islower", "isnumeric", "isspace", "istitle", "isupper", "join", "ljust",
    "lower", "lstrip", "partition", "removeprefix", "removesuffix", "replace", "rfind", "rindex", "rjust",
    "rpartition", "rsplit", "rstrip", "split", "splitlines", "startswith", "strip", "swapcase", "title", "upper",
    "zfill", "striptags", "unescape",
})
SEQUENCE_METHODS = frozenset({"count", "index"})
DICT_METHODS = frozenset({"get", "items", "keys", "values"})

_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?(.)")
_FORMAT_SPEC = re.compile(r"[^{}]?[<>=^]?[+\- ]?z?#?0?(\d*)[,_]?(?:\.(\d+))?[a-zA-Z%]?$")


class Sizer(Protocol):
    """What the estimates need of the sandbox: a value's printed size, and a check that a size
    fits (counted as work)."""

    def size(self, value: Any) -> int: ...

    def fits(self, size: int, what: str) -> None: ...


# --- size estimates ------------------------------------------------------------------------------


def binop_size(meter: Sizer, operator: str, left: Any, right: Any) -> None:
    """Refuse an operation whose result would be too big, before it is computed."""
    if isinstance(left, int) and isinstance(right, int):
        a, b = abs(left), abs(right)
        if operator == "*":
            bits = a.bit_length() + b.bit_length()
        elif operator == "**":
            bits = 0 if right < 0 or a <= 1 else a.bit_length() * b
        elif operator == "+":
            bits = max(a.bit_length(), b.bit_length()) + 1
        else:
            bits = 0  # `//` and `%` make no number bigger
        if bits > _MAX_BITS:
            raise LimitExceeded(DIGITS)
        return
    if operator == "*":
        for sequence, times in ((left, right), (right, left)):
            if isinstance(sequence, (str, list, tuple)) and isinstance(times, int):
                meter.fits(meter.size(sequence) * max(times, 0), "a repeated text or list")
    elif operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
        meter.fits(meter.size(left) + meter.size(right), "a text or list joined with `+`")
    elif operator == "%" and isinstance(left, str):
        meter.fits(_percent_size(meter, left, right), "a formatted text")


def _percent_size(meter: Sizer, template: str, values: Any) -> int:
    """An upper bound of `template % values`: the template, every width and precision, and
    the values as often as the template asks for them."""
    items = list(values) if isinstance(values, tuple) else [values]
    sizes = [meter.size(v) for v in (values.values() if isinstance(values, dict) else items)]
    biggest = max(sizes, default=0)
    numbers = iter(v for v in items if isinstance(v, int))
    total = len(template)
    for match in _PERCENT_SPEC.finditer(template):
        if match.group(3) == "%":
            continue
        for part in match.group(1), match.group(2):
            if part == "*":
                width = next(numbers, 0)
                total += abs(width) if isinstance(width, int) else 0
            elif part:
                total += int(part)
        total += biggest
    return total


def brace_format_size(meter: Sizer, template: str, values: list[Any]) -> int:
    """An upper bound of `template.format(...)`, as `_percent_size`; widths given by other
    fields (`{:{}}`) are refused."""
    biggest = max((meter.size(v) for v in values), default=0)
    total = len(template)
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError:
        return total  # `format` itself explains the mistake
    for _, field, spec, _ in fields:
        if field is None:
            continue
        if spec and "{" in spec:
            raise PlayError("a format width in this play must be a number, not another field: `{:>10}`")
        match = _FORMAT_SPEC.match(spec or "")
        if match:
            total += int(match.group(1) or 0) + int(match.group(2) or 0)
        total += biggest
    return total


def method_size(meter: Sizer, text: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    if name in ("center", "ljust", "rjust", "zfill") and args and isinstance(args[0], int):
        meter.fits(max(len(text), args[0]), f"the result of `{name}()`")
    elif name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        count = args[2] if len(args) > 2 and isinstance(args[2], int) else -1
        meter.fits(_replaced_size(text, args[0], args[1], count), "the result of `replace()`")
    elif name == "join" and args:
        items = args[0]
        if isinstance(items, (list, tuple, str)):
            meter.fits(meter.size(items) + len(text) * len(items), "the result of `join()`")
        else:
            raise PlayError("in a play, `join()` takes a list: write `x|list` first")


def _replaced_size(text: str, old: str, new: str, count: int) -> int:
    found = text.count(old) if old else len(text) + 1
    if count >= 0:
        found = min(found, count)
    return len(text) + found * max(len(new) - len(old), 0)


def _size_of_replace(meter: Sizer, a: dict[str, Any]) -> None:
    count = a.get("count")
    meter.fits(_replaced_size(str(a["s"]), str(a["old"]), str(a["new"]), count if isinstance(count, int) else -1),
              "the result of `|replace`")


def _size_of_center(meter: Sizer, a: dict[str, Any]) -> None:
    width = a.get("width")
    if isinstance(width, int):
        meter.fits(max(len(str(a["value"])), width), "the result of `|center`")


def _size_of_indent(meter: Sizer, a: dict[str, Any]) -> None:
    text, width = str(a["s"]), a.get("width")
    step = width if isinstance(width, int) else len(str(width))
    meter.fits(len(text) + (text.count("\n") + 1) * max(step, 0), "the result of `|indent`")


def _size_of_wordwrap(meter: Sizer, a: dict[str, Any]) -> None:
    text = str(a["s"])
    wrap = a.get("wrapstring") or "\n"
    meter.fits(len(text) + (len(text) + 1) * len(str(wrap)), "the result of `|wordwrap`")


def _size_of_format(meter: Sizer, a: dict[str, Any]) -> None:
    values = a.get("kwargs") or a.get("args") or ()
    meter.fits(_percent_size(meter, str(a["value"]), values if isinstance(values, dict) else tuple(values)),
              "the result of `|format`")


def _size_of_join(meter: Sizer, a: dict[str, Any]) -> list[Any] | tuple[Any, ...] | str | None:
    value = a["value"]
    items = value if isinstance(value, (list, tuple, str)) else list(value)  # a range or a filter's items: bounded
    meter.fits(meter.size(items if not isinstance(items, str) else list(items)) + len(str(a.get("d", ""))) * len(items),
              "the result of `|join`")
    return None if items is value else items


def _size_of_repeat(name: str, count: str, fill: str) -> Callable[[Sizer, dict[str, Any]], None]:
    """`|batch` and `|slice` fill up to `count` places with `fill`."""

    def estimate(meter: Sizer, a: dict[str, Any]) -> None:
        times = a.get(count)
        if isinstance(times, int):
            if times > MAX_CHARS:
                raise too_big(f"the result of `|{name}`")
            if a.get(fill) is not None:
                meter.fits(times * (meter.size(a[fill]) + 2), f"the result of `|{name}`")

    return estimate


def _size_of_sum(meter: Sizer, a: dict[str, Any]) -> None:
    if not isinstance(a.get("start", 0), (int, float)):
        raise PlayError("in a play, `|sum` adds numbers only")


def _size_of_tojson(meter: Sizer, a: dict[str, Any]) -> None:
    indent = a.get("indent")
    size = meter.size(a["value"])
    meter.fits(size * (6 + (indent if isinstance(indent, int) and indent > 0 else 0)), "the result of `|tojson`")


def _size_of_urlize(meter: Sizer, a: dict[str, Any]) -> None:
    text = str(a["value"])
    extra = sum(len(str(a.get(key) or "")) for key in ("target", "rel")) + 80
    meter.fits(len(text) * 2 + (len(text) // 4 + 1) * extra, "the result of `|urlize`")


FILTER_SIZES: dict[str, Callable[[Sizer, dict[str, Any]], Any]] = {
    "replace": _size_of_replace,
    "center": _size_of_center,
    "indent": _size_of_indent,
    "wordwrap": _size_of_wordwrap,
    "format": _size_of_format,
    "join": _size_of_join,
    "batch": _size_of_repeat("batch", "linecount", "fill_with"),
    "slice": _size_of_repeat("slice", "slices", "fill_with"),
    "sum": _size_of_sum,
    "tojson": _size_of_tojson,
    "urlize": _size_of_urlize,
}
