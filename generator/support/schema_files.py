"""The JSON Schemas of every file a contributor edits (`generator/schemas/*.schema.json`),
loaded once, and the one way to follow a `$ref` between them.

Two readers need the schemas besides the validators: the audience rules (each field's
`x-visibility`) and the fast validator, which inlines every `$ref` before compiling. Both
follow references with `resolve`.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

SCHEMA_NAMES = ("common", "organization", "vendor", "play", "area", "roles", "sources", "glossary", "rules")
Schema = dict[str, Any]


@cache
def schemas() -> dict[str, Schema]:
    """Every schema by name ("vendor" for vendor.schema.json). For the life of the process:
    the files ship with the generator."""
    folder = resources.files("generator") / "schemas"
    return {name: json.loads((folder / f"{name}.schema.json").read_text("utf-8")) for name in SCHEMA_NAMES}


def resolve(ref: str, current: str) -> tuple[Schema, str]:
    """The schema node `ref` points at ("#/$defs/x" in the schema named `current`, or
    "common.schema.json#/$defs/id" in another), and the name of the schema it is in."""
    file, _, pointer = ref.partition("#")
    name = file.removesuffix(".schema.json") if file else current
    node: Any = schemas()[name]
    for part in pointer.strip("/").split("/") if pointer.strip("/") else []:
        node = node[part]
    return node, name
