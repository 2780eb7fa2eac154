"""`playbooks serve-config nginx|caddy|feeds`: the web server's rules for the built sites, from
`access:` in content/organization.yml (access.py).

Who reaches what: the internal site at `http://<internal-host>/` for the group `staff`, the
restricted site at `http://<restricted-host>/` for its group, and each vendor's own site at
`http://<partners-host>/partners/<slug>/` (where its build puts it: the project's `site_url`
path plus `partners/<slug>/`) for `vendor-<slug>`. Each site asks for its group before
anything else, so a path that is not served to you is refused whether or not a file is there.
Single sign-on goes through an oauth2-proxy-style endpoint (`/oauth2/auth?allowed_groups=G`
answers 202 for a member, 401 to sign in, 403 for anyone else); without it, HTTP basic
authentication reads one password file per group (`HTPASSWD_DIR/<group>.htpasswd` for nginx,
`HTPASSWD_DIR/<group>.caddy` for Caddy).

Every response carries the same headers: a Content-Security-Policy (Material's inline scripts
need `'unsafe-inline'`, its search worker `worker-src 'self' blob:`; nothing from another
origin), `X-Content-Type-Options`, `Referrer-Policy`, `frame-ancestors` (and X-Frame-Options);
hashed assets are cached for a year, everything else (pages, search indexes, calendars, our own
scripts) is revalidated each time. No directory is ever listed; a path outside every site gets
a plain 404 that names no site.

Calendar feeds: calendar applications fetch them without a browser session, so each feed is
also served, without sign-on, at `/feeds/<token>/<name>.ics`, where the token is an HMAC of
the site and the feed under a secret kept outside the repository (PLAYBOOKS_FEED_SECRET, or a
file). A new secret gives every feed a new address and the old ones stop answering.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import quote, urlsplit

from ..model import access
from .. import pipeline
from ..render.files.calendars import PORTFOLIO_PATH
from ..support.problems import Problem, UserError

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
_LISTEN = re.compile(r"^(?:(?:[0-9]{1,3}(?:\.[0-9]{1,3}){3}|\[[0-9A-Fa-f:]+\]|localhost):)?([0-9]{1,5})$")
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
    match = _LISTEN.match(options.listen)
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
    org_name = " ".join(_REALM_WORD.findall(str(inputs.organization.data.get("short_name") or ""))) or "Team"
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


# --- nginx -----------------------------------------------------------------------------------


def _q(value: str) -> str:
    """A quoted nginx string (values are checked to hold no quote, backslash or `$`)."""
    return '"' + value + '"'


def nginx(plan: Layout) -> str:
    """Server blocks (and one map) to include inside `http {}`."""
    out = [_preamble(plan, "nginx"),
           "# Hashed assets are cached for a year; pages, search indexes, calendars and scripts are revalidated.",
           "map $uri $playbooks_cache_control {",
           f"    {_q('~' + HASHED_ASSET)} {_q(LONG_CACHE)};",
           f"    default {_q('no-cache')};",
           "}",
           ""]
    for host, sites in plan.hosts.items():
        out += _nginx_server(plan, host, sites)
    return "\n".join(out) + "\n"


def _nginx_server(plan: Layout, host: str, sites: list[Site]) -> list[str]:
    lines = ["server {",
             f"    listen {plan.listen};",
             f"    server_name {host};",
             "    server_tokens off;",
             "    autoindex off;  # a folder is never listed",
             "    absolute_redirect off;",
             "    charset utf-8;"]
    lines += [f"    add_header {name} {_q(value)} always;" for name, value in HEADERS]
    lines.append("    add_header Cache-Control $playbooks_cache_control always;")
    if plan.basic is None:
        lines += _nginx_sign_on(plan, sorted({site.group for site in sites}))
    for site in sites:
        for feed in site.feeds:
            lines += [f"    # {site.title}: {feed.title}, without sign-on, for calendar subscriptions",
                      f"    location = {feed.url_path} {{",
                      f"        alias {_q(site.folder + feed.file)};",
                      "        default_type text/calendar;",
                      "    }"]
    for site in sites:
        lines += [f"    # {site.title}: the group `{site.group}`"]
        if site.prefix != "/":
            lines += [f"    location = {site.prefix.rstrip('/')} {{ return 301 {site.prefix}; }}"]
        lines += [f"    location ^~ {site.prefix} {{"]
        if plan.basic is None:
            lines += [f"        auth_request /_playbooks_auth/{site.group};",
                      "        error_page 401 = @playbooks_sign_in;"]
        else:
            lines += [f"        auth_basic {_q(plan.realm)};",
                      f"        auth_basic_user_file {_q(plan.basic + site.group + '.htpasswd')};"]
        lines += [f"        alias {_q(site.folder)};",
                  "        index index.html;",
                  f"        error_page 404 {site.prefix}404.html;",
                  "    }"]
    if not any(site.prefix == "/" for site in sites):
        lines += ["    # Anything else: a plain 404 that names no site.",
                  "    location / {",
                  "        default_type text/plain;",
                  "        return 404 \"Not found.\\n\";",
                  "    }"]
    lines += ["}", ""]
    return lines


def _nginx_sign_on(plan: Layout, groups: list[str]) -> list[str]:
    lines = ["    # Single sign-on: oauth2-proxy (or an endpoint like it) at " + plan.auth_url + ".",
             "    location /oauth2/ {",
             f"        proxy_pass {plan.auth_url};",
             "        proxy_set_header Host $host;",
             "        proxy_set_header X-Real-IP $remote_addr;",
             "        proxy_set_header X-Auth-Request-Redirect $request_uri;",
             "    }",
             "    location @playbooks_sign_in {",
             "        return 302 /oauth2/sign_in?rd=$scheme://$host$request_uri;",
             "    }"]
    for group in groups:
        lines += [f"    # 202 for a member of `{group}`, 401 without a session, 403 for anyone else.",
                  f"    location = /_playbooks_auth/{group} {{",
                  "        internal;",
                  f"        proxy_pass {plan.auth_url}/oauth2/auth?allowed_groups={quote(group, safe='')};",
                  "        proxy_pass_request_body off;",
                  "        proxy_set_header Content-Length \"\";",
                  "        proxy_set_header Host $host;",
                  "        proxy_set_header X-Forwarded-Uri $request_uri;",
                  "    }"]
    return lines


# --- Caddy -----------------------------------------------------------------------------------


def caddy(plan: Layout) -> str:
    """Site blocks for a Caddyfile (after its global options, if any)."""
    match = _LISTEN.match(plan.listen)
    assert match is not None
    port = match.group(1)
    bind = plan.listen[: -len(port) - 1].strip("[]") if ":" in plan.listen else ""
    out = [_preamble(plan, "caddy")]
    for host, sites in plan.hosts.items():
        out += [f"http://{host}:{port} {{"]
        if bind:
            out += [f"\tbind {bind}"]
        out += _caddy_headers("\t")
        if plan.basic is None:
            out += ["\t# Single sign-on: oauth2-proxy (or an endpoint like it).",
                    "\thandle /oauth2/* {",
                    f"\t\treverse_proxy {plan.auth_url}",
                    "\t}"]
        for site in sites:
            for feed in site.feeds:
                out += [f"\t# {site.title}: {feed.title}, without sign-on, for calendar subscriptions",
                        f"\thandle {feed.url_path} {{",
                        f"\t\troot * {_cq(site.folder)}",
                        f"\t\trewrite * /{feed.file}",
                        "\t\theader Content-Type text/calendar",
                        "\t\tfile_server",
                        "\t}"]
        for site in sites:
            out += [f"\t# {site.title}: the group `{site.group}`",
                    f"\thandle_path {site.prefix}* {{"]
            if plan.basic is None:
                out += [f"\t\tforward_auth {plan.auth_url} {{",
                        f"\t\t\turi /oauth2/auth?allowed_groups={quote(site.group, safe='')}",
                        "\t\t\tcopy_headers X-Auth-Request-User X-Auth-Request-Groups",
                        "\t\t\t@signin status 401",
                        "\t\t\thandle_response @signin {",
                        "\t\t\t\tredir * /oauth2/sign_in?rd={scheme}://{host}{http.request.orig_uri} 302",
                        "\t\t\t}",
                        "\t\t}"]
            else:
                out += ["\t\tbasicauth bcrypt " + _cq(plan.realm) + " {",
                        f"\t\t\timport {_cq(plan.basic + site.group + '.caddy')}",
                        "\t\t}"]
            out += [f"\t\troot * {_cq(site.folder)}",
                    "\t\tfile_server",
                    "\t}"]
        if not any(site.prefix == "/" for site in sites):
            out += ["\t# Anything else: a plain 404 that names no site.",
                    "\thandle {",
                    "\t\trespond \"Not found.\" 404",
                    "\t}"]
        out += _caddy_errors(sites)
        out += ["\t\trespond \"{err.status_code} {err.status_text}\"", "\t}", "}", ""]
    return "\n".join(out) + "\n"


def _caddy_errors(sites: list[Site]) -> list[str]:
    """A host's error pages: each site's own 404 page for its addresses (the block's opening; its end is the caller's)."""
    out = ["\thandle_errors {"] + _caddy_headers("\t\t", "_error")  # error responses start without the headers above
    for site in sites:
        if site.prefix != "/":
            name = "site_" + re.sub(r"[^A-Za-z0-9_]", "_", site.prefix.strip("/"))
            out += [f"\t\t@{name} expression `{{err.status_code}} == 404 && {{http.request.orig_uri.path}}.startsWith(\"{site.prefix}\")`",
                    f"\t\thandle @{name} {{",
                    f"\t\t\troot * {_cq(site.folder)}",
                    "\t\t\trewrite * /404.html",
                    "\t\t\tfile_server",
                    "\t\t}"]
        else:
            out += ["\t\t@notfound expression `{err.status_code} == 404`",
                    "\t\thandle @notfound {",
                    f"\t\t\troot * {_cq(site.folder)}",
                    "\t\t\trewrite * /404.html",
                    "\t\t\tfile_server",
                    "\t\t}"]
    return out


def _caddy_headers(indent: str, suffix: str = "") -> list[str]:
    return ([f"{indent}header {{"] + [f"{indent}\t{name} {_cq(value)}" for name, value in HEADERS] + [f"{indent}\t-Server", f"{indent}}}",
            f"{indent}@hashed{suffix} path_regexp hashed {HASHED_ASSET}",
            f"{indent}header @hashed{suffix} Cache-Control {_cq(LONG_CACHE)}",
            f"{indent}@revalidated{suffix} not path_regexp revalidated {HASHED_ASSET}",
            f"{indent}header @revalidated{suffix} Cache-Control no-cache"])


def _cq(value: str) -> str:
    return '"' + value + '"'


# --- feeds -----------------------------------------------------------------------------------


def feed_list(plan: Layout, scheme: str = "https") -> str:
    """One line per feed: its address, then whose it is (tab-separated)."""
    lines = []
    for host, sites in plan.hosts.items():
        for site in sites:
            for feed in site.feeds:
                lines.append(f"{scheme}://{host}{feed.url_path}\t{site.title}: {feed.title}")
    return "".join(line + "\n" for line in lines)


def _preamble(plan: Layout, kind: str) -> str:
    how = ("HTTP basic authentication, one password file per group in " + (plan.basic or "")) if plan.basic else \
        f"single sign-on through {plan.auth_url}/oauth2/auth (oauth2-proxy)"
    feeds = any(site.feeds for sites in plan.hosts.values() for site in sites)
    lines = [f"# Generated by `playbooks serve-config {kind}` from `access:` in content/organization.yml.",
             f"# Who reaches what, by {how}:"]
    for sites in plan.hosts.values():
        for site in sites:
            lines.append(f"#   http://{site.host}{site.prefix}  {site.title}: the group `{site.group}`")
    lines.append("# Calendar feeds are served without sign-on at secret paths: keep this file as private as the secret."
                 if feeds else f"# No calendar feeds without sign-on: set {SECRET_VARIABLE} (or --feed-secret-file) to add them.")
    return "\n".join(lines) + "\n"


WRITERS: dict[str, Callable[[Layout], str]] = {"nginx": nginx, "caddy": caddy}
