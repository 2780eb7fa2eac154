"""A file's data as the model reads it: a mapping in the shape its schema has passed.

Until validation, `Document.data` may be any `Value` (support/values.py) and the checks narrow
it step by step. The model runs only on a project that validated, so it narrows a file once,
here, and reads below it by the schema's keys.
"""

from __future__ import annotations

from typing import Any

from ..support.values import Value


def fields(value: Value) -> dict[str, Any]:
    """`value` as the mapping its schema has passed; no data (an absent file) reads as empty."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise TypeError(f"expected a mapping that passed its schema, got {type(value).__name__}: validate first")
    return value
