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

from .limits import DICT_METHODS, FILTER_SIZES, MAX_CHARS, OUTPUT, SEQUENCE_METHODS, STR_METHODS, Budget, LimitExceeded, PlayError, binop_size, brace_format_size, method_size, refused, too_big


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
        binop_size(self, operator, left, right)
        return self.binop_table[operator](left, right)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        template = value.__self__
        mapping = value.__name__ == "format_map"

        def guarded(*args: Any, **kwargs: Any) -> str:
            values = list(args[0].values()) if mapping and args and isinstance(args[0], dict) else [*args, *kwargs.values()]
            self.fits(brace_format_size(self, template, values), "a formatted text")
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
        self.fits(sum(self.size(part) for part in parts), "a text joined with `~`")
        return "".join(map(str, parts))

    def _value(self, value: Any) -> Any:
        self._check(value, "a list or dict")
        return value

    def _join(self, parts: Iterable[str]) -> str:
        parts = list(parts)
        self.fits(sum(map(len, parts)), "the text of a macro or block")
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
            return sum(self.size(k) + self.size(v) + 4 for k, v in value._Namespace__attrs.items())
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

    def fits(self, size: int, what: str) -> None:
        """Refuse a value of this size before it is made; count it as work."""
        if size > MAX_CHARS:
            raise too_big(what)
        if self.budget is not None:
            self.budget.spend(size)

    def _check(self, value: Any, what: str) -> None:
        """After a value was made: refuse it if it is too big, count it as work."""
        if isinstance(value, (str, list, tuple, dict)):
            self.fits(self.size(value), what)

    # --- filters and methods ---------------------------------------------------------------------

    def _guarded(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        """The filter, with its result's size foreseen where it can outgrow its input, and
        checked after."""
        estimate = FILTER_SIZES.get(name)
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
            allowed = STR_METHODS
        elif isinstance(owner, (list, tuple)):
            allowed = SEQUENCE_METHODS
        elif isinstance(owner, dict):
            allowed = DICT_METHODS
        else:
            allowed = frozenset()
        if name not in allowed:
            raise PlayError(f"`.{name}()` cannot be called in a play: only methods of text, lists and dicts that "
                            "can neither take long nor grow a value without bound (`upper()`, `split()`, `get()` ...)")
        if isinstance(owner, str):
            method_size(self, owner, name, args, kwargs)
