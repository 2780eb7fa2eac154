"""Who may see what: cuts loaded data down to what one audience may see, before anything renders.

Levels, from most to least open: `vendor` (also reaches the vendor's own site), `internal`
(our staff), `restricted` (a small group: contract values, penalties, incentives). An
audience sees every value whose level is at or below its own, inside containers it sees.

A value's level is, in order: the `visibility` key of the mapping itself, if it has one;
else the field's `x-visibility` in the JSON Schema (`inherit` = its container's level);
else `internal`. So a field nobody thought about stays internal: safe by default.

Filtering the data (not the pages) means no template, search index or export can show what
an audience may not see: it is simply not there when the site is generated.
"""

from __future__ import annotations

from typing import Any

from .schema_check import schemas

LEVELS = {"vendor": 0, "internal": 1, "restricted": 2}
AUDIENCES = tuple(LEVELS)


def allows(audience: str, level: str) -> bool:
    return LEVELS[level] <= LEVELS[audience]


def _resolve(schema: dict[str, Any], current: str) -> tuple[dict[str, Any], str]:
    """Follow `$ref`s (local or to a sibling schema file), keeping annotations on the way."""
    annotations: dict[str, Any] = {}
    while "$ref" in schema:
        for key in ("x-visibility",):
            if key in schema and key not in annotations:
                annotations[key] = schema[key]
        ref = schema["$ref"]
        file, _, pointer = ref.partition("#")
        if file:
            current = file.removesuffix(".schema.json")
        target: Any = schemas()[current]
        for part in pointer.strip("/").split("/") if pointer.strip("/") else []:
            target = target[part]
        schema = target
    return ({**schema, **annotations} if annotations else schema), current


def _level(value: Any, schema: dict[str, Any], parent: str) -> str:
    if isinstance(value, dict) and value.get("visibility") in LEVELS:
        return value["visibility"]
    annotated = schema.get("x-visibility")
    if annotated == "inherit":
        return parent
    return annotated if annotated in LEVELS else "internal"


def _cut(value: Any, schema: dict[str, Any], current: str, level: str, audience: str) -> Any:
    schema, current = _resolve(schema, current)
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        out = {}
        for key, child in value.items():
            if key == "visibility":
                continue
            child_schema = properties.get(key)
            if child_schema is None:  # a map's values (`our_team`): as open as the map
                child_schema = {"x-visibility": "inherit", **(extra if isinstance(extra, dict) else {})}
            child_schema, child_file = _resolve(child_schema, current)
            child_level = _level(child, child_schema, level)
            if isinstance(child, list) and not allows(audience, child_level):
                # A list this audience may not see may still hold items marked for it
                # (one penalty shared with the vendor): keep those, drop the rest.
                shared = _cut(child, child_schema, child_file, child_level, audience)
                if shared:
                    out[key] = shared
            elif allows(audience, child_level):
                out[key] = _cut(child, child_schema, child_file, child_level, audience)
        return out
    if isinstance(value, list):
        items = schema.get("items", {})
        items, items_file = _resolve(items, current)
        items = items if "x-visibility" in items else {**items, "x-visibility": "inherit"}
        out_list = []
        for child in value:
            child_level = _level(child, items, level)
            if allows(audience, child_level):
                out_list.append(_cut(child, items, items_file, child_level, audience))
        return out_list
    return value


def cut(data: dict[str, Any], schema_name: str, audience: str, *, level: str = "vendor") -> dict[str, Any]:
    """The part of a schema-valid document that `audience` may see.

    `level` is the document's own level: vendor files are open at the top (each field then
    says what it is); a play is as visible as its `visibility` (internal if unmarked).
    """
    return _cut(data, schemas()[schema_name], schema_name, level, audience)


def play_level(front_matter: dict[str, Any]) -> str:
    return front_matter.get("visibility", "internal")
