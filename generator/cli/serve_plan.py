"""What `playbooks serve-config` writes rules for (serve_config.py writes them): the options,
the sites of a project with their hosts, paths, groups and calendar feeds (from `access:` in
content/organization.yml), the headers every answer carries, and the feeds' secret tokens.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..model import access
from .. import pipeline
from ..render.files.calendars import PORTFOLIO_PATH
from ..support.problems import Problem, UserError
from ..support import values

SECRET_VARIABLE = "PLAYBOOKS_FEED_SECRET"
DEFAULT_AUTH = "http://127.0.0.1:4180"
HASHED_ASSET = r"\.[0-9a-f]{8}\.min\.(?:js|css)$"  # Material's fingerprinted bundles
LONG_CACHE = "public, max-age=31536000, immutable"
CSP = "; ".join((
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
)
_HOST = re.compile(r"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")
LISTEN = re.compile(r"^(?:(?:[0-9]{1,3}(?:\.[0-9]{1,3}){3}|\[[0-9A-Fa-f:]+\]|localhost):)?([0-9]{1,5})$")
_SAFE_PATH = re.compile(r'^[^\s"\'\\$;{}#`]+$')  # nothing either server's syntax would read as more than a path
_BASE = re.compile(r"^/(?:[A-Za-z0-9._~-]+/)*$")
_REALM_WORD = re.compile(r"[A-Za-z0-9._-]+")
_AUTH_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?$")


class UsageError(Exception):
    """A wrong option: the command says so and exits 2."""


@dataclass(frozen=True)
class Feed:
    url_path: str  # /feeds/<token>/<name>.ics
    file: str  # path inside the site's folder
    title: str  # what it is, for `serve-config feeds`


@dataclass(frozen=True)
class Site:
    title: str
    host: str
    prefix: str  # URL path the site lives at, ending in /
    folder: str  # where the site's files are on the server, ending in /
    group: str
    feeds: tuple[Feed, ...] = ()


@dataclass
class Layout:
    """Every site with its host, path, folder, group and feeds."""

    hosts: dict[str, list[Site]] = field(default_factory=dict)  # host -> its sites, vendor sites in slug order
    listen: str = "80"
    basic: str | None = None  # HTPASSWD_DIR, or None for single sign-on
    auth_url: str = DEFAULT_AUTH
    realm: str = "Playbooks"


@dataclass(frozen=True)
class Options:
    internal: str
    partners: str
    internal_host: str
    partners_host: str
    restricted: str | None = None
    restricted_host: str | None = None
    listen: str = "80"
    basic: str | None = None
    auth_url: str = DEFAULT_AUTH
    secret: bytes | None = None


def token(secret: bytes, site: str, name: str) -> str:
    """The unguessable path segment of one feed: 128 bits of HMAC-SHA256 of the site and feed."""
    return hmac.new(secret, f"{site}\n{name}".encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def read_secret(file: Path | None) -> bytes | None:
    """The feeds' secret: the file's content (stripped) if given, else PLAYBOOKS_FEED_SECRET."""
    if file is not None:
        try:
            value = file.read_bytes().strip()
        except OSError as error:
            raise UsageError(f"--feed-secret-file {file}: cannot read it ({error.strerror})") from None
        source = f"--feed-secret-file {file}"
    else:
        value = os.environ.get(SECRET_VARIABLE, "").strip().encode("utf-8")
        if not value:
            return None
        source = SECRET_VARIABLE
    if len(value) < 16:
        raise UsageError(f"{source}: the secret is {len(value)} characters; use at least 16 random ones, "
                         "like the output of `openssl rand -hex 32`")
    return value


def _folder(value: str, option: str) -> str:
    if not _SAFE_PATH.match(value):
        raise UsageError(f"{option} `{value}`: a server path without spaces, quotes, `$`, `;`, `#` or braces")
    return value.rstrip("/") + "/"


def _host(value: str, option: str) -> str:
    if not _HOST.match(value):
        raise UsageError(f"{option} `{value}`: a host name like `partners.example.com`")
    return value.lower()


def layout(root: Path, options: Options) -> Layout:
    """The sites of the project at `root` as the options place them (raises UserError for a
    project with problems, UsageError for a wrong option)."""
    match = LISTEN.match(options.listen)
    if not match or not 0 < int(match.group(1)) < 65536:
        raise UsageError(f"--listen `{options.listen}`: a port, or an address and a port like `127.0.0.1:8080`")
    if not _AUTH_URL.match(options.auth_url):
        raise UsageError(f"--auth-url `{options.auth_url}`: the sign-on endpoint's origin, like `http://127.0.0.1:4180`")
    if (options.restricted is None) != (options.restricted_host is None):
        raise UsageError("--restricted SITE and --restricted-host HOST go together: the restricted site has a host of its own")
    basic = _folder(options.basic, "--basic") if options.basic is not None else None
    internal_host = _host(options.internal_host, "--internal-host")
    partners_host = _host(options.partners_host, "--partners-host")
    restricted_host = _host(options.restricted_host, "--restricted-host") if options.restricted_host else None
    hosts = [internal_host, partners_host] + ([restricted_host] if restricted_host else [])
    if len(set(hosts)) != len(hosts):
        raise UsageError("each site needs a host of its own: the internal, partners and restricted hosts must differ")

    inputs = pipeline.load_checked(root)
    config = pipeline.project_config(root)
    if inputs.organization is None:  # pragma: no cover - load_checked reports a missing file
        raise UserError([Problem("content/organization.yml", 1, 1, "missing")])
    groups = access.access(inputs.organization.data, inputs.vendors)
    base = urlsplit(config.site_url or "/").path or "/"
    base = base if base.endswith("/") else base + "/"
    secret = options.secret

    def feeds(site_key: str, names: list[tuple[str, str, str]]) -> tuple[Feed, ...]:
        if secret is None:
            return ()
        return tuple(Feed(f"{base}feeds/{token(secret, site_key, name)}/{name}.ics", file, title) for name, file, title in names)

    def internal_feeds() -> list[tuple[str, str, str]]:
        return [("portfolio", PORTFOLIO_PATH, "every vendor's calendar")] + [
            (slug, f"vendors/{slug}/{slug}.ics", f"the calendar of `{slug}`") for slug in sorted(inputs.vendors)]

    if not _BASE.match(base):
        raise UsageError(f"`site_url` in mkdocs.yml has the path `{base}`: use letters, digits and `/ . _ ~ -` only")
    # The realm is data (the organisation's name): only characters no server syntax reads.
    org_name = " ".join(_REALM_WORD.findall(str(values.at(inputs.organization.data, "short_name") or ""))) or "Team"
    result = Layout(listen=options.listen, basic=basic, auth_url=options.auth_url.rstrip("/"), realm=f"{org_name} playbooks")
    result.hosts[internal_host] = [Site("the internal site", internal_host, base, _folder(options.internal, "--internal"),
                                        groups.internal, feeds("internal", internal_feeds()))]
    if options.restricted is not None and restricted_host is not None:
        result.hosts[restricted_host] = [Site("the restricted site", restricted_host, base, _folder(options.restricted, "--restricted"),
                                              groups.restricted, feeds("restricted", internal_feeds()))]
    partners = _folder(options.partners, "--partners")
    result.hosts[partners_host] = [
        Site(f"the site of `{slug}`", partners_host, f"{base}partners/{slug}/", f"{partners}{slug}/", group,
             feeds(f"partners/{slug}", [(slug, f"vendors/{slug}/{slug}.ics", f"the calendar of `{slug}`")]))
        for slug, group in groups.vendors.items()
    ]
    return result
