"""What a health check rates and on which scale: organization.yml's dimensions (or the schema's
default five) and the schema's bounds of a score. One home for the model, the checks and the plays."""

from __future__ import annotations

from collections.abc import Mapping

from ..support.schema_files import schemas


def health_dimensions(organization: Mapping[str, object]) -> list[dict[str, str]]:
    """The dimensions a health check rates: organization.yml's `health_dimensions`, else the
    default its schema gives (the one place the default five are written down)."""
    given = organization.get("health_dimensions")
    if isinstance(given, list) and given:
        return [d for d in given if isinstance(d, dict) and isinstance(d.get("id"), str)]
    default: list[dict[str, str]] = schemas()["organization"]["properties"]["health_dimensions"]["default"]
    return default


def health_scale() -> tuple[int, int]:
    """The lowest and highest score a health check gives: the schema's bounds of a score."""
    score = schemas()["vendor"]["$defs"]["score"]
    return int(score["minimum"]), int(score["maximum"])
