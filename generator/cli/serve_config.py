"""`playbooks serve-config nginx|caddy|feeds`: the web server's rules for the built sites, from
`access:` in content/organization.yml (access.py), as serve_plan.py lays the sites out.

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

import re
from typing import Callable
from urllib.parse import quote

from .serve_plan import (CSP as CSP, HASHED_ASSET, HEADERS, LISTEN, LONG_CACHE as LONG_CACHE,
                         SECRET_VARIABLE as SECRET_VARIABLE, Feed as Feed, Layout, Options as Options, Site,
                         UsageError as UsageError, layout as layout, read_secret as read_secret)


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
    match = LISTEN.match(plan.listen)
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
