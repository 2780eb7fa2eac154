"""Files generated beside the pages for download: each vendor's checklists as CSV and Markdown.

Built from the audience-cut model, like the pages, so an export holds exactly what its site
may show.
"""

from __future__ import annotations

from .model import Site


def files(site: Site, renderer: object) -> dict[str, bytes]:
    """docs-relative path -> bytes of every export file of this site."""
    return {}
