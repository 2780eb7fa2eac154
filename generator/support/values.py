"""What a parsed YAML file (or a play's front matter) holds: plain data, typed as such.

The strict YAML loader (sources/yaml_loader.py) builds only these: mappings with text keys,
lists, text (dates stay text), whole and decimal numbers, true/false and null. `Document.data`
is a `Value`; a reader narrows it with `isinstance` (or `at`, `items`) before it looks inside,
because until the schema has passed any part of it may be any of these. The checks narrow it
with `checks/checker.as_dict`, the model (which runs on validated files only) with
`model/fields.fields`.
"""

from __future__ import annotations

from typing import TypeAlias, Union

Value: TypeAlias = Union[None, bool, int, float, str, list["Value"], dict[str, "Value"]]


def items(value: Value) -> list[Value]:
    """`value` if it is a list, else an empty one."""
    return value if isinstance(value, list) else []


def at(value: Value, *path: str | int) -> Value:
    """What sits at `path` inside `value` (keys and list indexes), or None if any step is missing."""
    for step in path:
        if isinstance(step, str) and isinstance(value, dict):
            value = value.get(step)
        elif isinstance(step, int) and isinstance(value, list) and -len(value) <= step < len(value):
            value = value[step]
        else:
            return None
    return value
