"""The domain's codes as types: one home for the few words the code branches on.

Each is a `Literal` (the values are the same strings the YAML files, the command line and the
cache hold, so nothing is converted at the edges) with a tuple of its values for argparse,
schemas and loops, and a narrowing function for text read from outside.

- `Audience`: who a site is for. `Level`: how far a value may be shown (the same three words,
  as a value's visibility rather than a site's reader).
- `Side`: whose a person, role or checklist item is: "ours" (the client) or "theirs" (the vendor).
- `Engine`: the static-site engine that builds the docs tree.
- `Phase`: when a checklist item falls in a relationship's first weeks.
- `DataPath`: where a value sits in a parsed YAML file (keys and list indexes).
"""

from __future__ import annotations

from typing import Literal, TypeGuard, get_args

Audience = Literal["internal", "restricted", "vendor"]
AUDIENCES: tuple[Audience, ...] = get_args(Audience)
Level = Audience  # a value's visibility: the lowest audience that may read it
SiteAudience = Literal["internal", "restricted"]  # what `build --audience` takes (a vendor site takes --vendor)
SITE_AUDIENCES: tuple[SiteAudience, ...] = get_args(SiteAudience)

Side = Literal["ours", "theirs"]
SIDES: tuple[Side, ...] = get_args(Side)

Engine = Literal["mkdocs", "zensical"]
ENGINES: tuple[Engine, ...] = get_args(Engine)

Phase = Literal["before-day-1", "week-1", "month-1", "recurring"]
PHASE_CODES: tuple[Phase, ...] = get_args(Phase)

DataPath = tuple[str | int, ...]


def is_audience(text: object) -> TypeGuard[Audience]:
    return text in AUDIENCES


def is_side(text: object) -> TypeGuard[Side]:
    return text in SIDES


def is_engine(text: object) -> TypeGuard[Engine]:
    return text in ENGINES


def is_phase(text: object) -> TypeGuard[Phase]:
    return text in PHASE_CODES

