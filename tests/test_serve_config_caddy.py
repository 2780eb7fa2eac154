"""`playbooks serve-config caddy`, proven with Debian's Caddy (`make caddy`) on 127.0.0.1, as
tests/test_serve_config.py proves the nginx configuration: basic authentication with one account
file per group (`<group>.caddy`, bcrypt from `caddy hash-password`), and `forward_auth` to the
oauth2-proxy stand-in."""

from __future__ import annotations

import pytest

from generator.cli import serve_config

from .test_serve_config import (INTERNAL_HOST, OTHER, OWN, PARTNERS_HOST, RESTRICTED_HOST, all_groups, as_user, feed,
                                groups, options, served_project, vendor_path)
from .web_servers import StandIn, free_port, missing, start_caddy, user_for, write_caddy_users

__all__ = ["groups", "served_project"]  # the module fixtures, shared


@pytest.fixture(scope="module")
def caddy_basic(served_project, sample_site, partner_sites, groups, tmp_path_factory):
    problem = missing("caddy", "caddy")
    if problem:
        pytest.fail(problem)
    folder = tmp_path_factory.mktemp("caddy-basic")
    accounts = write_caddy_users(folder / "users", all_groups(groups))
    port = free_port()
    plan = serve_config.layout(served_project, options(sample_site, partner_sites, port, basic=str(accounts)))
    text = serve_config.caddy(plan)
    server = start_caddy(folder / "server", text, port)
    yield server, plan, text
    server.stop()


def test_caddy_lets_each_vendor_into_its_own_site_only(caddy_basic, groups):
    server, *_ = caddy_basic
    for slug, group in groups.vendors.items():
        user = user_for(group)
        for rest in ("", "search/search_index.json", f"vendors/{slug}/{slug}.ics"):
            assert server.get(PARTNERS_HOST, vendor_path(slug, rest), user=user).status == 200, (slug, rest)
        for other in groups.vendors:
            if other != slug:
                assert server.get(PARTNERS_HOST, vendor_path(other), user=user).status == 401, (slug, other)
        assert server.get(INTERNAL_HOST, "/", user=user).status == 401
    assert server.get(INTERNAL_HOST, "/", user=user_for(groups.internal)).status == 200
    assert server.get(RESTRICTED_HOST, "/", user=user_for(groups.internal)).status == 401
    assert server.get(RESTRICTED_HOST, "/", user=user_for(groups.restricted)).status == 200


def test_caddy_lists_no_folder_sends_the_headers_and_serves_feeds(caddy_basic, groups, partner_sites):
    server, plan, _ = caddy_basic
    user = user_for(groups.vendors[OWN])
    listing = server.get(PARTNERS_HOST, vendor_path(OWN, "assets/"), user=user)
    assert listing.status == 404 and OTHER not in listing.text
    outside = server.get(PARTNERS_HOST, "/partners/")
    assert outside.status == 404 and outside.text == "Not found."
    bundle = next((partner_sites / OWN / "assets" / "javascripts").glob("bundle.*.min.js")).name
    for path, who, cache in ((vendor_path(OWN), user, "no-cache"), (vendor_path(OTHER), user, "no-cache"),
                             (vendor_path(OWN, f"assets/javascripts/{bundle}"), user, serve_config.LONG_CACHE)):
        headers = server.get(PARTNERS_HOST, path, user=who).headers
        assert headers.get("content-security-policy") == serve_config.CSP, path
        assert headers.get("x-content-type-options") == "nosniff" and headers.get("referrer-policy") == "same-origin"
        assert headers.get("cache-control") == cache, path
        assert "server" not in headers
    own = feed(plan, PARTNERS_HOST, f"/{OWN}.ics")
    answer = server.get(PARTNERS_HOST, own.url_path)
    assert answer.status == 200 and answer.headers["content-type"].startswith("text/calendar")
    assert answer.body == (partner_sites / OWN / "vendors" / OWN / f"{OWN}.ics").read_bytes()
    assert server.get(PARTNERS_HOST, own.url_path.replace(own.url_path.split("/")[2], "f" * 32)).status == 404


def test_caddy_denial_fails_when_its_rule_is_removed(caddy_basic, tmp_path):
    _, _, text = caddy_basic
    start = text.index(f"\thandle_path {vendor_path(OTHER)}* {{")
    block = text[start:text.index("\t\troot *", start)]
    bare = block[:block.index("\t\tbasicauth")]
    port = free_port()
    broken = text.replace(block, bare).replace(f":{caddy_basic[0].port} {{", f":{port} {{")
    server = start_caddy(tmp_path / "server", broken, port)
    try:
        assert server.get(PARTNERS_HOST, vendor_path(OTHER), user=user_for("nobody")).status == 200
    finally:
        server.stop()


def test_caddy_forward_auth_asks_the_sign_on_endpoint_for_each_sites_group(served_project, sample_site, partner_sites, groups, tmp_path):
    if missing("caddy", "caddy"):
        pytest.fail(missing("caddy", "caddy"))
    stand_in = StandIn({"a-vendor-user": [groups.vendors[OWN]], "a-staff-member": [groups.internal]})
    port = free_port()
    plan = serve_config.layout(served_project, options(sample_site, partner_sites, port, auth_url=stand_in.url))
    server = start_caddy(tmp_path / "server", serve_config.caddy(plan), port)
    try:
        assert as_user(server, PARTNERS_HOST, vendor_path(OWN), "a-vendor-user").status == 200
        assert as_user(server, PARTNERS_HOST, vendor_path(OTHER), "a-vendor-user").status == 403
        assert as_user(server, INTERNAL_HOST, "/", "a-vendor-user").status == 403
        assert as_user(server, INTERNAL_HOST, "/", "a-staff-member").status == 200
        signed_out = as_user(server, PARTNERS_HOST, vendor_path(OWN, "glossary/"), None)
        assert signed_out.status == 302, signed_out.headers
        assert signed_out.headers["location"] == f"/oauth2/sign_in?rd=http://{PARTNERS_HOST}{vendor_path(OWN, 'glossary/')}"
    finally:
        server.stop()
        stand_in.stop()
