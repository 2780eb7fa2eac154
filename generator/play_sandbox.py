"""A Jinja2 sandbox in which every render of a play is bounded: steps, time, sizes, output.

Plays come from pull requests. Jinja2's immutable sandbox keeps them away from Python's
internals, but not from asking for ten billion loop turns, a gigabyte of text
(`'x' * 10**9`, `|center(2*10**9)`), a number with a hundred million digits, or a macro that
calls itself. `PlaySandbox` counts what a render does and stops it with `LimitExceeded`, whose
message tells the play's author what to change:

- steps: every loop turn, call, filter, operator and field read counts one (loops are
  rewritten to count themselves, the rest passes through the sandbox's hooks), and a
  wall-clock deadline is checked at each step as a backstop;
- sizes: operators (`*`, `**`, `%`, `+`, `//`), `~`, list and dict literals, filters and
  string methods are checked for the size of their result before they run (string and list
  repetition, the digits of powers and products, format widths, `replace`, `join`, `indent`
  ...), and each result after; what a render builds in all is counted too;
- output: the rendered text chunk by chunk, and every buffer Jinja2 joins (macros, blocks).

A play is one text: `include`, `import`, `extends` and `from` are refused when it is parsed,
and so is `{% filter %}`, whose output would bypass `finalize` and with it the escaping of
vendor data. `lipsum`, `cycler`, `joiner` and the `random` filter are not there (the last would
make builds irreproducible); methods of strings, lists and dicts are limited to a list.
"""

from __future__ import annotations

import functools
import inspect
import re
import string
import time
import types
from typing import Any, Callable, Iterable, Iterator

import jinja2
from jinja2 import nodes
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace, _PassArg
from jinja2.visitor import NodeTransformer

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
# a value beyond what `_method_size` foresees. Anything else (`int.to_bytes`,
# `str.expandtabs`, `str.translate`, ...) is refused.
_STR_METHODS = frozenset({
    "capitalize", "casefold", "center", "count", "endswith", "find", "format", "format_map", "index", "isalnum",
    "isalpha", "isdecimal", "isdigit", "islower", "isnumeric", "isspace", "istitle", "isupper", "join", "ljust",
    "lower", "lstrip", "partition", "removeprefix", "removesuffix", "replace", "rfind", "rindex", "rjust",
    "rpartition", "rsplit", "rstrip", "split", "splitlines", "startswith", "strip", "swapcase", "title", "upper",
    "zfill", "striptags", "unescape",
})
_SEQUENCE_METHODS = frozenset({"count", "index"})
_DICT_METHODS = frozenset({"get", "items", "keys", "values"})

_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?(.)")
_FORMAT_SPEC = re.compile(r"[^{}]?[<>=^]?[+\- ]?z?#?0?(\d*)[,_]?(?:\.(\d+))?[a-zA-Z%]?$")


class _Bounded(NodeTransformer):
    """Rewrites a parsed play so that what the sandbox's hooks do not see counts anyway:
    loops count their turns, `~` and list, tuple and dict literals check their size."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, "_play_loop", [], [], None, None, lineno=node.iter.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        parts = nodes.List(node.nodes, lineno=node.lineno)
        return nodes.Filter(parts, "_play_concat", [], [], None, None, lineno=node.lineno)

    def _literal(self, node: nodes.Expr) -> nodes.Node:
        self.generic_visit(node)
        if getattr(node, "ctx", "load") != "load":
            return node  # an assignment target (`{% for a, b in ... %}`)
        return nodes.Filter(node, "_play_value", [], [], None, None, lineno=node.lineno)

    visit_List = visit_Tuple = visit_Dict = _literal


class PlaySandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox with a budget for each render (see the module's docstring)."""

    intercepted_binops = frozenset({"*", "**", "%", "+", "//"})

    def __init__(self, **options: Any):
        finalize: Callable[[Any], Any] = options.pop("finalize")
        super().__init__(finalize=self._finalized(finalize), **options)
        for name in ("lipsum", "cycler", "joiner"):
            self.globals.pop(name, None)
        self.filters.pop("random", None)
        self.filters = {name: self._guarded(name, function) for name, function in self.filters.items()}
        self.filters.update(_play_loop=self._loop, _play_concat=self._concat, _play_value=self._value)
        self.concat = self._join  # type: ignore[method-assign]  # every buffer Jinja2 joins: macros, blocks
        self.budget: Budget | None = None  # while a render runs

    # --- parsing and rendering --------------------------------------------------------------------

    def play(self, source: str, name: str) -> jinja2.Template:
        """The compiled play, rewritten to count; raises TemplateSyntaxError for what plays may not
        use (statements, at their line) as for Jinja2's own syntax errors, RecursionError if
        it is nested too deeply to read."""
        tree = self.parse(source, name=name)
        for line, _, message in refused(tree):
            raise jinja2.TemplateSyntaxError(message, line, name)
        tree = _Bounded().visit(tree)
        tree.set_environment(self)
        code = self.compile(tree, name, name)
        return self.template_class.from_code(self, code, self.make_globals(None), None)

    def render(self, template: jinja2.Template, context: dict[str, Any]) -> str:
        """The rendered text; LimitExceeded if the render goes beyond a limit."""
        self.budget = Budget()
        try:
            parts = []
            size = 0
            for part in template.generate(context):
                size += len(part)
                if size > MAX_CHARS:
                    raise LimitExceeded(OUTPUT)
                parts.append(part)
            return "".join(parts)
        finally:
            self.budget = None

    # --- the sandbox's hooks ----------------------------------------------------------------------

    def _step(self) -> None:
        if self.budget is not None:
            self.budget.step()

    def getattr(self, obj: Any, attribute: str) -> Any:
        self._step()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self._step()
        return super().getitem(obj, argument)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        __self._step()
        if isinstance(__obj, LoopContext) and args:  # `loop(children)` in a recursive loop: count its turns
            args = (__self._loop(args[0]), *args[1:])
        else:
            __self._check_method(__obj, args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        __self._check(result, "the result of a call")
        return result

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        self._step()
        _binop_size(self, operator, left, right)
        return self.binop_table[operator](left, right)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        template = value.__self__
        mapping = value.__name__ == "format_map"

        def guarded(*args: Any, **kwargs: Any) -> str:
            values = list(args[0].values()) if mapping and args and isinstance(args[0], dict) else [*args, *kwargs.values()]
            self._fits(_brace_format_size(self, template, values), "a formatted text")
            return wrapped(*args, **kwargs)

        return functools.update_wrapper(guarded, wrapped)

    # --- what the rewritten play calls -----------------------------------------------------------

    def _loop(self, iterable: Iterable[Any]) -> Iterator[Any]:
        budget = self.budget
        for item in iterable:
            if budget is not None:
                budget.step()
            yield item

    def _concat(self, parts: list[Any]) -> str:
        self._fits(sum(self.size(part) for part in parts), "a text joined with `~`")
        return "".join(map(str, parts))

    def _value(self, value: Any) -> Any:
        self._check(value, "a list or dict")
        return value

    def _join(self, parts: Iterable[str]) -> str:
        parts = list(parts)
        self._fits(sum(map(len, parts)), "the text of a macro or block")
        return "".join(parts)

    def _finalized(self, finalize: Callable[[Any], Any]) -> Callable[[Any], Any]:
        def bounded(value: Any) -> Any:
            printed = finalize(value)
            if self.budget is not None:
                self.budget.spend(len(str(printed)))
            return printed

        return bounded

    # --- sizes -------------------------------------------------------------------------------------

    def size(self, value: Any) -> int:
        """About how many characters `str(value)` would have (lists and dicts: their items,
        shared ones counted each time they appear, as printing would), without building it."""
        if isinstance(value, str):
            return len(value)
        if isinstance(value, (bool, float)) or value is None:
            return 8
        if isinstance(value, int):
            return value.bit_length() * 3 // 10 + 2  # log10(2) digits per bit
        if isinstance(value, Namespace):  # changes with `{% set ns.x %}`: measured each time
            return sum(self.size(k) + self.size(v) + 4 for k, v in value._Namespace__attrs.items())  # type: ignore[attr-defined]
        if not isinstance(value, (list, tuple, dict)):
            try:  # the play's views (a name), macros, loops, ranges: what printing them gives
                return len(str(value))
            except Exception:  # an undefined value: using it fails anyway, and says why
                return 0
        budget = self.budget
        known = budget.sizes.get(id(value)) if budget is not None else None
        if known is not None:
            return known[1]
        items = [x for pair in value.items() for x in pair] if isinstance(value, dict) else value
        total = 2 + sum(self.size(item) + 2 for item in items)
        if budget is not None:
            budget.spend(len(items))
            budget.sizes[id(value)] = (value, total)
        return total

    def _fits(self, size: int, what: str) -> None:
        """Refuse a value of this size before it is made; count it as work."""
        if size > MAX_CHARS:
            raise too_big(what)
        if self.budget is not None:
            self.budget.spend(size)

    def _check(self, value: Any, what: str) -> None:
        """After a value was made: refuse it if it is too big, count it as work."""
        if isinstance(value, (str, list, tuple, dict)):
            self._fits(self.size(value), what)

    # --- filters and methods ---------------------------------------------------------------------

    def _guarded(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        """The filter, with its result's size foreseen where it can outgrow its input, and
        checked after."""
        estimate = _FILTER_SIZES.get(name)
        signature = inspect.signature(function) if estimate else None
        passed = 1 if _PassArg.from_obj(function) else 0  # the context or environment Jinja2 passes first
        what = f"the result of `|{name}`"

        @functools.wraps(function)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            self._step()
            if estimate is not None and signature is not None:
                try:
                    bound = signature.bind(*args, **kwargs)
                except TypeError:
                    pass  # the filter itself says what is wrong with its arguments
                else:
                    bound.apply_defaults()
                    arguments = dict(bound.arguments)
                    replaced = estimate(self, arguments)
                    if replaced is not None:  # the estimate had to read an iterator: hand over its items
                        args = (*args[:passed], replaced, *args[passed + 1:])
            result = function(*args, **kwargs)
            self._check(result, what)
            return result

        return guarded

    def _check_method(self, obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        """Methods of strings, lists and dicts: only those in the lists, with their result's
        size foreseen; methods of anything else (numbers, types, modules) are refused."""
        if not isinstance(obj, (types.BuiltinMethodType, types.MethodType)):
            return  # macros, `range`, `dict`, `namespace`, a loop's `cycle`: bounded by the steps
        owner = obj.__self__
        name = obj.__name__
        if isinstance(owner, LoopContext):
            return
        if isinstance(owner, str):
            allowed = _STR_METHODS
        elif isinstance(owner, (list, tuple)):
            allowed = _SEQUENCE_METHODS
        elif isinstance(owner, dict):
            allowed = _DICT_METHODS
        else:
            allowed = frozenset()
        if name not in allowed:
            raise PlayError(f"`.{name}()` cannot be called in a play: only methods of text, lists and dicts that "
                            "can neither take long nor grow a value without bound (`upper()`, `split()`, `get()` ...)")
        if isinstance(owner, str):
            _method_size(self, owner, name, args, kwargs)


# --- size estimates ------------------------------------------------------------------------------


def _binop_size(env: PlaySandbox, operator: str, left: Any, right: Any) -> None:
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
                env._fits(env.size(sequence) * max(times, 0), "a repeated text or list")
    elif operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
        env._fits(env.size(left) + env.size(right), "a text or list joined with `+`")
    elif operator == "%" and isinstance(left, str):
        env._fits(_percent_size(env, left, right), "a formatted text")


def _percent_size(env: PlaySandbox, template: str, values: Any) -> int:
    """An upper bound of `template % values`: the template, every width and precision, and
    the values as often as the template asks for them."""
    items = list(values) if isinstance(values, tuple) else [values]
    sizes = [env.size(v) for v in (values.values() if isinstance(values, dict) else items)]
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


def _brace_format_size(env: PlaySandbox, template: str, values: list[Any]) -> int:
    """An upper bound of `template.format(...)`, as `_percent_size`; widths given by other
    fields (`{:{}}`) are refused."""
    biggest = max((env.size(v) for v in values), default=0)
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


def _method_size(env: PlaySandbox, text: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    if name in ("center", "ljust", "rjust", "zfill") and args and isinstance(args[0], int):
        env._fits(max(len(text), args[0]), f"the result of `{name}()`")
    elif name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        count = args[2] if len(args) > 2 and isinstance(args[2], int) else -1
        env._fits(_replaced_size(text, args[0], args[1], count), "the result of `replace()`")
    elif name == "join" and args:
        items = args[0]
        if isinstance(items, (list, tuple, str)):
            env._fits(env.size(items) + len(text) * len(items), "the result of `join()`")
        else:
            raise PlayError("in a play, `join()` takes a list: write `x|list` first")


def _replaced_size(text: str, old: str, new: str, count: int) -> int:
    found = text.count(old) if old else len(text) + 1
    if count >= 0:
        found = min(found, count)
    return len(text) + found * max(len(new) - len(old), 0)


def _size_of_replace(env: PlaySandbox, a: dict[str, Any]) -> None:
    count = a.get("count")
    env._fits(_replaced_size(str(a["s"]), str(a["old"]), str(a["new"]), count if isinstance(count, int) else -1),
              "the result of `|replace`")


def _size_of_center(env: PlaySandbox, a: dict[str, Any]) -> None:
    width = a.get("width")
    if isinstance(width, int):
        env._fits(max(len(str(a["value"])), width), "the result of `|center`")


def _size_of_indent(env: PlaySandbox, a: dict[str, Any]) -> None:
    text, width = str(a["s"]), a.get("width")
    step = width if isinstance(width, int) else len(str(width))
    env._fits(len(text) + (text.count("\n") + 1) * max(step, 0), "the result of `|indent`")


def _size_of_wordwrap(env: PlaySandbox, a: dict[str, Any]) -> None:
    text = str(a["s"])
    wrap = a.get("wrapstring") or "\n"
    env._fits(len(text) + (len(text) + 1) * len(str(wrap)), "the result of `|wordwrap`")


def _size_of_format(env: PlaySandbox, a: dict[str, Any]) -> None:
    values = a.get("kwargs") or a.get("args") or ()
    env._fits(_percent_size(env, str(a["value"]), values if isinstance(values, dict) else tuple(values)),
              "the result of `|format`")


def _size_of_join(env: PlaySandbox, a: dict[str, Any]) -> list[Any] | None:
    value = a["value"]
    items = value if isinstance(value, (list, tuple, str)) else list(value)  # a range or a filter's items: bounded
    env._fits(env.size(items if not isinstance(items, str) else list(items)) + len(str(a.get("d", ""))) * len(items),
              "the result of `|join`")
    return None if items is value else items


def _size_of_repeat(name: str, count: str, fill: str) -> Callable[[PlaySandbox, dict[str, Any]], None]:
    """`|batch` and `|slice` fill up to `count` places with `fill`."""

    def estimate(env: PlaySandbox, a: dict[str, Any]) -> None:
        times = a.get(count)
        if isinstance(times, int):
            if times > MAX_CHARS:
                raise too_big(f"the result of `|{name}`")
            if a.get(fill) is not None:
                env._fits(times * (env.size(a[fill]) + 2), f"the result of `|{name}`")

    return estimate


def _size_of_sum(env: PlaySandbox, a: dict[str, Any]) -> None:
    if not isinstance(a.get("start", 0), (int, float)):
        raise PlayError("in a play, `|sum` adds numbers only")


def _size_of_tojson(env: PlaySandbox, a: dict[str, Any]) -> None:
    indent = a.get("indent")
    size = env.size(a["value"])
    env._fits(size * (6 + (indent if isinstance(indent, int) and indent > 0 else 0)), "the result of `|tojson`")


def _size_of_urlize(env: PlaySandbox, a: dict[str, Any]) -> None:
    text = str(a["value"])
    extra = sum(len(str(a.get(key) or "")) for key in ("target", "rel")) + 80
    env._fits(len(text) * 2 + (len(text) // 4 + 1) * extra, "the result of `|urlize`")


_FILTER_SIZES: dict[str, Callable[[PlaySandbox, dict[str, Any]], Any]] = {
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
