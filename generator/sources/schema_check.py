"""Checks loaded YAML against the JSON Schemas in `generator/schemas/` and explains failures.

jsonschema's own messages ("None is not of type 'string'") are written for programmers. Each
error is turned into a sentence for the person editing the file, placed at the line and
column of the offending key or value, with a did-you-mean hint for misspelt keys and values.
Schemas may carry `x-message` (what a valid value looks like) and `examples`.
"""

from __future__ import annotations

import copy
import difflib
import json
from datetime import date
from functools import cache
from typing import Any, Callable

import fastjsonschema
import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from ..support.codes import DataPath
from ..support.problems import Problems, did_you_mean, one_of
from ..support.schema_files import resolve, schemas
from .yaml_loader import Document

# The schemas' `$id`s are their file names, so that an editor resolves `$ref`s beside the
# file as the registry below does by name.
# The keywords our schemas use, each of which the fast validator compiles as jsonschema checks
# it; a schema using any other is refused at compile time rather than silently disagreeing.
# Annotations (titles, descriptions, `x-` keys) mean nothing to either.
_UNDERSTOOD = {"$ref", "type", "properties", "additionalProperties", "items", "required", "enum", "pattern", "minimum",
               "maximum", "minLength", "maxLength", "minItems", "minProperties", "uniqueItems", "propertyNames", "format"}
_ANNOTATIONS = {"$schema", "$id", "$defs", "$comment", "title", "description", "examples", "default"}


@cache
def registry() -> Registry:
    return Registry().with_resources(
        (f"{name}.schema.json", Resource.from_contents(schema, default_specification=DRAFT202012))
        for name, schema in schemas().items()
    )


@cache
def validator(name: str) -> jsonschema.protocols.Validator:
    cls = jsonschema.Draft202012Validator
    return cls(schemas()[name], registry=registry(), format_checker=cls.FORMAT_CHECKER)


def _real_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
        return True
    except ValueError:
        return False


# Compiling a schema costs about 0.18 s (the vendor schema, here); it then checks a vendor file
# in 0.2 ms, where jsonschema takes 7 ms. So a schema is compiled from its 20th check in a
# process on (or ahead of a batch that large, `expect`): `playbooks generate` after one
# vendor's change checks one file, and jsonschema does that in less than the compile's time.
FAST_FROM = 20
_checks: dict[str, int] = {}  # schema -> documents checked by jsonschema so far
_fast_ready: set[str] = set()  # schemas checked with the compiled validator from now on


def expect(schema: str, count: int) -> None:
    """`count` documents are about to be checked against `schema`: compile it now if that
    pays (load.py does this while worker processes parse the vendor files)."""
    if count >= FAST_FROM:
        fast_validator(schema)
        _fast_ready.add(schema)


@cache
def fast_validator(name: str) -> Callable[[Any], Any]:
    """The same schema compiled to Python by fastjsonschema: about 40x faster than jsonschema
    once compiled.

    Used as the fast path: a document it accepts is valid (tests/test_properties.py checks
    that both validators agree); one it rejects goes to jsonschema, whose errors carry the
    paths that the explanations need.
    """

    def inline(node: Any, current: str) -> Any:
        # Our schemas have no recursion, so every `$ref` can be replaced by its target: the
        # compiled code then makes no calls between schema parts (much faster).
        if isinstance(node, list):
            return [inline(item, current) for item in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            target, target_file = resolve(node["$ref"], current)
            merged = {**{k: v for k, v in node.items() if k != "$ref"}, **target}
            return inline(merged, target_file)
        return {key: inline(value, current) if key not in ("enum", "const", "examples") else value for key, value in node.items()}

    def check_keywords(node: Any, within_properties: bool = False) -> None:
        if isinstance(node, list):
            for item in node:
                check_keywords(item)
        elif isinstance(node, dict):
            for key, value in node.items():
                if within_properties:  # property names, not keywords
                    check_keywords(value)
                    continue
                if key not in _UNDERSTOOD and key not in _ANNOTATIONS and not key.startswith("x-"):
                    raise ValueError(f"schema `{name}` uses the keyword `{key}`, which the fast validator is not known "
                                     "to check as jsonschema does; add it to schema_check._UNDERSTOOD after testing both")
                if key not in ("enum", "const", "examples", "default"):
                    check_keywords(value, within_properties=key in ("properties", "$defs"))

    for schema in schemas().values():
        check_keywords(schema)

    flat = inline(copy.deepcopy(schemas()[name]), name)
    flat.pop("$defs", None)
    flat.pop("$id", None)
    flat["$schema"] = "http://json-schema.org/draft-07/schema#"
    return fastjsonschema.compile(flat, formats={"date": _real_date})


def is_valid(data: Any, schema: str) -> bool:
    if schema not in _fast_ready:
        _checks[schema] = _checks.get(schema, 0) + 1
        if _checks[schema] < FAST_FROM:
            return bool(validator(schema).is_valid(data))
        _fast_ready.add(schema)
    return fast_is_valid(data, schema)


def fast_is_valid(data: Any, schema: str) -> bool:
    """The compiled schema's verdict (compiling it if need be)."""
    try:
        fast_validator(schema)(data)
        return True
    except fastjsonschema.JsonSchemaException:
        return False


def check(document: Document, schema: str, problems: Problems) -> bool:
    """Report every schema violation in `document`; True if there were none."""
    if is_valid(document.data, schema):
        return True
    errors = list(validator(schema).iter_errors(document.data))
    explained = [item for error in errors for item in _explain(error, schema)]
    # A misspelt key explains the "missing" error for the key it should have been.
    misspelt = {(path[:-1], guess) for path, _, _, guess in explained if guess}
    for path, on_key, message, _ in explained:
        if any(path[: len(done)] == done for done in document.source.reported):
            continue  # the YAML loader already reported this value (an alias, a tag)
        if message.startswith("\0missing:"):
            name, message = message[len("\0missing:"):].split("\0", 1)
            if (path, name) in misspelt:
                continue
        line, column = document.source.at(path, key=on_key)
        problems.add(document.path, line, column, message)
    return not errors


# --- turning a jsonschema error into sentences -------------------------------------------------

_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "`true` or `false`",
    "array": "a list",
    "object": "a mapping of `key: value` lines",
    "null": "empty",
}


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def show_path(path: DataPath) -> str:
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the file"


def _field(path: DataPath) -> str:
    return f"`{show_path(path)}`" if path else "the file"


def _short(value: Any, limit: int = 40) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


@cache
def field_homes(schema_name: str) -> dict[str, tuple[str, ...]]:
    """Every field name in a schema and the mappings it belongs to, e.g. timezone -> working_hours."""
    homes: dict[str, set[str]] = {}

    def follow(node: dict[str, Any], current: str) -> tuple[dict[str, Any], str]:
        """The node a chain of `$ref`s ends at (ten at most), and the schema it is in."""
        seen = 0
        while "$ref" in node and seen < 10:
            node, current = resolve(node["$ref"], current)
            seen += 1
        return node, current

    def walk(node: dict[str, Any], current: str, where: str, depth: int) -> None:
        node, current = follow(node, current)
        if depth > 4:
            return
        for name, child in node.get("properties", {}).items():
            homes.setdefault(name, set()).add(where)
            walk(child, current, f"{where}.{name}" if where else name, depth + 1)
        if isinstance(node.get("items"), dict):
            walk(node["items"], current, f"{where}[]" if where else "[]", depth + 1)

    walk(schemas()[schema_name], schema_name, "", 0)
    return {name: tuple(sorted(places)) for name, places in homes.items()}


def _elsewhere(key: str, here: DataPath, schema_name: str) -> str:
    """"; `timezone` belongs under `working_hours`" when a misplaced or misspelt key exists elsewhere."""
    homes = field_homes(schema_name)
    close = difflib.get_close_matches(key, list(homes), n=1, cutoff=0.75)
    if not close:
        return ""
    name = close[0]
    places = [p for p in homes[name] if p]
    if not places and "" in homes[name] and here:  # a field of the file's top level, written inside another
        return f"; `{name}` is a field of its own at the top of the file, not under `{here[0]}`" if name == key else \
            f"; did you mean `{name}`, a field of its own at the top of the file?"
    if not places:
        return ""
    shown = " or ".join(f"`{p}`" for p in places[:3])
    if name == key:
        return f"; `{key}` belongs under {shown}, not here"
    return f"; did you mean `{name}`, which belongs under {shown}?"


# One explained error: the path of the value, whether it points at the key (not the value), the
# sentence, and the key a misspelt key probably meant.
Explained = tuple[tuple[str | int, ...], bool, str, str | None]


def _explain(error: jsonschema.ValidationError, schema_name: str) -> list[Explained]:
    return [item if len(item) == 4 else (item[0], item[1], item[2], None) for item in _sentences(error, schema_name)]


def _missing(path: DataPath, schema: dict[str, Any], required: list[str], value: object, where: str) -> list[tuple[Any, ...]]:
    """A problem for each required field the mapping lacks, with an example where the schema has one."""
    missing = [name for name in required if isinstance(value, dict) and name not in value]
    return [(path, bool(path), f"\0missing:{name}\0{where} is missing the required field `{name}`; add it{_example(schema, name)}")
            for name in missing]


def _unknown(path: DataPath, schema: dict[str, Any], value: object, where: str, schema_name: str) -> list[tuple[Any, ...]]:
    """A problem for each field the schema does not know here: the near miss, or where it belongs."""
    allowed = list(schema.get("properties", {}))
    extras = [k for k in value if k not in allowed] if isinstance(value, dict) else []
    out: list[tuple[Any, ...]] = []
    for key in extras:
        close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
        rest = f"; did you mean `{close[0]}`?" if close else _elsewhere(key, path, schema_name)
        rest = rest or (f"; allowed here: {one_of(allowed)}" if allowed else "")
        inside = f" in {where}" if path else ""
        out.append((path + (key,), True, f"unknown field `{key}`{inside}{rest}", close[0] if close else None))
    return out


def _sentences(error: jsonschema.ValidationError, schema_name: str) -> list[tuple[Any, ...]]:
    path: tuple[str | int, ...] = tuple(error.absolute_path)
    schema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    kind = error.validator
    value: Any = error.instance
    rule: Any = error.validator_value
    where = _field(path)
    hint = schema.get("x-message")

    if "propertyNames" in error.relative_schema_path:
        key = value
        return [(path + (key,), True, f"`{key}` in {where} is not a valid name: it {hint or 'must be a short id like `weekly-sync`'}")]
    if kind == "required":
        return _missing(path, schema, rule, value, where)
    if kind == "additionalProperties":
        return _unknown(path, schema, value, where, schema_name)
    if kind == "type":
        wanted = rule
        wanted_text = " or ".join(_TYPE_NAMES.get(str(t), str(t)) for t in (wanted if isinstance(wanted, list) else [wanted]))
        if value is None:
            return [(path, True, f"{where} is empty; give it a value ({wanted_text})")]
        extra = ""
        if wanted == "string" and isinstance(value, (int, float, bool)):
            extra = "; put the value in quotes to keep it as text"
        return [(path, False, f"{where} must be {wanted_text}, not {_kind(value)}{extra}")]
    if kind == "enum":
        choices = [str(c) for c in rule]
        guess = did_you_mean(str(value), choices)
        return [(path, False, f"{where} is `{_short(value)}`, which is not one of {one_of(choices)}{guess}")]
    if kind == "pattern":
        if schema.get("minLength") == 1 and isinstance(value, str) and not value.strip():
            # An empty value fails `minLength` too, which says so: one problem, not two.
            return [(path, False, f"{where} is blank; give it a value")] if value else []
        return [(path, False, f"{where} {hint or 'has the wrong form'} (got `{_short(value)}`)")]
    if kind == "format":
        return [(path, False, f"{where} is `{_short(value)}`, which is not a real {rule}: write an existing one as YYYY-MM-DD")]
    if kind == "minLength":
        return [(path, False, f"{where} is empty; give it a value")]
    if kind == "maxLength":
        return [(path, False, f"{where} is {len(value)} characters long; the limit is {rule}")]
    if kind == "minItems":
        n = rule
        return [(path, False, f"{where} needs at least {n} entr{'y' if n == 1 else 'ies'}")]
    if kind == "minProperties":
        return [(path, False, f"{where} needs at least {rule} entry")]
    if kind == "uniqueItems":
        seen: set[str] = set()
        for index, item in enumerate(value):
            marker = json.dumps(item, sort_keys=True, default=str)
            if marker in seen:
                return [(path + (index,), False, f"{where} lists `{_short(item)}` twice; remove the repeat")]
            seen.add(marker)
        return [(path, False, f"{where} has repeated entries")]
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        words = {"minimum": "at least", "maximum": "at most", "exclusiveMinimum": "more than", "exclusiveMaximum": "less than"}
        return [(path, False, f"{where} must be {words[kind]} {rule} (got {value})")]
    if kind == "const":
        return [(path, False, f"{where} must be `{rule}`")]
    return [(path, False, f"{where}: {error.message}")]  # pragma: no cover - keywords our schemas do not use


def _example(schema: dict[str, Any], name: str) -> str:
    prop = schema.get("properties", {}).get(name, {})
    examples = prop.get("examples")
    if examples:
        return f", for example `{name}: {examples[0]}`"
    return ""

