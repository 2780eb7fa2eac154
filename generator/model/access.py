"""Who may read which site: the groups of `access:` in content/organization.yml, with their
defaults (`staff` for the internal site, `restricted` for the restricted one, `vendor-<slug>`
for each vendor's own). validate.py checks them; serve_config.py writes the web server's rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

INTERNAL = "staff"
RESTRICTED = "restricted"


def vendor_default(slug: str) -> str:
    return f"vendor-{slug}"


@dataclass(frozen=True)
class Access:
    internal: str
    restricted: str
    vendors: dict[str, str]  # slug -> the group that reads that vendor's site


def access(organization: object, slugs: Iterable[str]) -> Access:
    """The group of every site, for the vendors `slugs` (a schema-valid organization, or anything)."""
    found = organization.get("access") if isinstance(organization, dict) else None
    data: dict[str, Any] = found if isinstance(found, dict) else {}
    named: dict[str, Any] = data["vendors"] if isinstance(data.get("vendors"), dict) else {}
    return Access(
        internal=str(data.get("internal") or INTERNAL),
        restricted=str(data.get("restricted") or RESTRICTED),
        vendors={slug: str(named.get(slug) or vendor_default(slug)) for slug in sorted(slugs)},
    )
