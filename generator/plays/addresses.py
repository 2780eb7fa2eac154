"""The addresses a play's text links to, read as the markup check (markup.py) reads it (code is
not a link), and the docs file each one points at, as MkDocs resolves links: where a page's
images and linked pages are worked out from.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import unquote

from .markup import CANDIDATE, SCHEME, Scan


@dataclass(frozen=True)
class Target:
    line: int  # 1-based, in the text read
    column: int
    address: str  # as written: a Markdown link's or image's, a reference's, an autolink's, `href`, `src`


def targets(text: str) -> list[Target]:
    """Every address `text` links to, read as `findings` reads it (code is not a link): where
    a page's images and linked pages are worked out from."""
    if not CANDIDATE.search(text):
        return []
    scan = Scan(text, True)
    scan.run()
    return [Target(*scan.position(offset), address) for offset, address in scan.addresses]


def local_path(page: str, address: str) -> str | None:
    """The docs-relative file a link on the docs page `page` points at ("img/chart.png" on
    playbooks/x/play.md: playbooks/x/img/chart.png), or None for another site, an anchor on
    the same page, or an address that leaves the docs tree. As MkDocs resolves links: relative
    to the page's own file, without its `#anchor` or `?query`, percent-encoding decoded."""
    address = address.strip()
    if address.startswith("<"):
        address = address[1:].split(">", 1)[0]
    else:
        address = address.split(None, 1)[0] if address.split() else ""  # drop a link's title
    address = unquote(address.split("#", 1)[0].split("?", 1)[0])
    if not address or SCHEME.match(address) or address.startswith(("/", "\\")):
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), address))
    return None if joined.startswith("../") or joined == ".." else joined
