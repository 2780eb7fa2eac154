"""Calendar files (.ics, RFC 5545): each vendor's governance meetings and holidays, and a
portfolio calendar of all of them."""

from __future__ import annotations

from .model import Site


def files(site: Site) -> dict[str, bytes]:
    """docs-relative path -> bytes of every calendar file of this site."""
    return {}
