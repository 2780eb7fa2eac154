"""`playbooks serve-config`: who reaches which site, proven against Debian's nginx (`make nginx`)
serving the sample's built sites (tests/conftest.py's `sample_site` and `partner_sites`, built
once per session) on 127.0.0.1.

The basic-authentication configuration gets one password file per group (tests/web_servers.py
writes `user-of-<group>` into `<group>.htpasswd`); the single sign-on one asks a stand-in for
oauth2-proxy's `/oauth2/auth`. The restricted host serves the internal build (no restricted
build is made for these tests): what is tested there is its group, not its pages. Every denial
is also shown to fail when its rule is taken out of the generated configuration.
"""

from __future__ import annotations

import io
import re
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from generator.model import access
from generator.cli import commands as cli, serve_config
from generator import pipeline
from generator.support.problems import UserError

from .conftest import ROOT, copy_project
from .web_servers import SESSION_HEADER, Running, StandIn, free_port, missing, start_nginx, user_for, write_htpasswd

SECRET = b"a test secret of more than sixteen bytes"
INTERNAL_HOST, PARTNERS_HOST, RESTRICTED_HOST = "localhost", "127.0.0.1", "restricted.test"
OWN = "everest-qa-partners"  # the vendor whose user the tests sign in as
OTHER = "lotus-code-works"  # a vendor with a group of its own in the sample (`partner-lotus`)


@pytest.fixture(scope="module")
def served_project(tmp_path_factory) -> Path:
    """The sample project with one vendor's group named (`access.vendors`), as a team with
    groups of its own would: the sample's built sites are the same, only the rules change."""
    project = copy_project(tmp_path_factory.mktemp("access") / "project")
    organization = project / "content" / "organization.yml"
    text = organization.read_text("utf-8")
    assert text.count("\naccess:\n") == 1
    organization.write_text(text.replace("\naccess:\n", f"\naccess:\n  vendors:\n    {OTHER}: partner-lotus\n"), "utf-8")
    return project


@pytest.fixture(scope="module")
def groups(served_project) -> access.Access:
    inputs = pipeline.load_checked(served_project)
    found = access.access(inputs.organization.data, inputs.vendors)
    assert found.vendors[OTHER] == "partner-lotus" and found.vendors[OWN] == f"vendor-{OWN}"
    return found


def options(sample_site: Path, partner_sites: Path, port: int, **more) -> serve_config.Options:
    settings = {"secret": SECRET, **more}
    return serve_config.Options(internal=str(sample_site), partners=str(partner_sites), internal_host=INTERNAL_HOST,
                                partners_host=PARTNERS_HOST, restricted=str(sample_site), restricted_host=RESTRICTED_HOST,
                                listen=f"127.0.0.1:{port}", **settings)


def all_groups(groups: access.Access) -> list[str]:
    return [groups.internal, groups.restricted, *groups.vendors.values()]


@pytest.fixture(scope="module")
def basic(served_project, sample_site, partner_sites, groups, tmp_path_factory):
    """nginx with the basic-authentication configuration; yields (server, layout, config text, folder)."""
    problem = missing("nginx", "nginx")
    if problem:
        pytest.fail(problem)
    folder = tmp_path_factory.mktemp("nginx-basic")
    passwords = write_htpasswd(folder / "htpasswd", all_groups(groups))
    port = free_port()
    plan = serve_config.layout(served_project, options(sample_site, partner_sites, port, basic=str(passwords)))
    text = serve_config.nginx(plan)
    server = start_nginx(folder / "server", text, port)
    yield server, plan, text, folder
    server.stop()


def vendor_path(slug: str, rest: str = "") -> str:
    return f"/partners/{slug}/{rest}"


def feed(plan: serve_config.Layout, host: str, title_part: str) -> serve_config.Feed:
    return next(f for s in plan.hosts[host] for f in s.feeds if title_part in f.url_path)


# --- who reaches what ------------------------------------------------------------------------


def test_each_vendors_user_reaches_its_own_pages_search_index_and_calendar(basic, groups):
    server, *_ = basic
    for slug, group in groups.vendors.items():
        user = user_for(group)
        for rest in ("", f"vendors/{slug}/", f"vendors/{slug}/checklists/", "search/search_index.json", f"vendors/{slug}/{slug}.ics"):
            answer = server.get(PARTNERS_HOST, vendor_path(slug, rest), user=user)
            assert answer.status == 200, (slug, rest, answer.status)
        assert "BEGIN:VCALENDAR" in server.get(PARTNERS_HOST, vendor_path(slug, f"vendors/{slug}/{slug}.ics"), user=user).text


def test_no_vendors_user_reaches_another_vendors_site_or_ours(basic, groups):
    server, *_ = basic
    for slug, group in groups.vendors.items():
        user = user_for(group)
        for other in groups.vendors:
            if other != slug:
                for rest in ("", "search/search_index.json", f"vendors/{other}/{other}.ics", "assets/playbooks/checklists.js"):
                    assert server.get(PARTNERS_HOST, vendor_path(other, rest), user=user).status in (401, 403), (slug, other, rest)
        for host in (INTERNAL_HOST, RESTRICTED_HOST):
            for path in ("/", "/search/search_index.json", "/calendars/portfolio.ics", f"/vendors/{slug}/"):
                assert server.get(host, path, user=user).status in (401, 403), (slug, host, path)


def test_nobody_signed_out_reaches_any_site(basic, groups):
    server, *_ = basic
    for slug in groups.vendors:
        assert server.get(PARTNERS_HOST, vendor_path(slug)).status == 401
        assert server.get(PARTNERS_HOST, vendor_path(slug), user=user_for(groups.vendors[slug]), password="wrong").status == 401
    assert server.get(INTERNAL_HOST, "/").status == 401
    assert server.get(RESTRICTED_HOST, "/").status == 401


def test_staff_reach_the_internal_site_and_only_the_restricted_group_the_restricted_one(basic, groups):
    server, *_ = basic
    staff = user_for(groups.internal)
    for path in ("/", "/search/search_index.json", "/calendars/portfolio.ics", f"/vendors/{OWN}/"):
        assert server.get(INTERNAL_HOST, path, user=staff).status == 200, path
    assert server.get(RESTRICTED_HOST, "/", user=staff).status == 401
    assert server.get(RESTRICTED_HOST, "/", user=user_for(groups.restricted)).status == 200
    assert server.get(PARTNERS_HOST, vendor_path(OWN), user=staff).status == 401


def test_no_folder_is_listed_and_what_is_not_served_names_no_site(basic, groups):
    server, *_ = basic
    user = user_for(groups.vendors[OWN])
    for path in (vendor_path(OWN, "assets/"), vendor_path(OWN, "assets/javascripts/"), vendor_path(OWN, "vendors/")):
        answer = server.get(PARTNERS_HOST, path, user=user)
        assert answer.status in (403, 404) and "Index of" not in answer.text, path
    assert "Index of" not in server.get(INTERNAL_HOST, "/assets/", user=user_for(groups.internal)).text
    for path in ("/", "/partners/", "/no-such-vendor/", "/partners/no-such-vendor/"):
        answer = server.get(PARTNERS_HOST, path)
        assert answer.status == 404 and answer.text == "Not found.\n", path
    # A page missing inside one's own site: that site's 404 page, naming no other vendor.
    answer = server.get(PARTNERS_HOST, vendor_path(OWN, "no-such-page/"), user=user)
    assert answer.status == 404 and "Everest" in answer.text
    for slug in groups.vendors:
        if slug != OWN:
            assert slug not in answer.text and slug.split("-")[0].capitalize() not in answer.text, slug


def test_every_answer_carries_the_security_headers_and_the_right_caching(basic, groups, partner_sites):
    server, plan, *_ = basic
    user = user_for(groups.vendors[OWN])
    bundle = next((partner_sites / OWN / "assets" / "javascripts").glob("bundle.*.min.js")).name
    answers = {
        "page": server.get(PARTNERS_HOST, vendor_path(OWN), user=user),
        "search index": server.get(PARTNERS_HOST, vendor_path(OWN, "search/search_index.json"), user=user),
        "calendar": server.get(PARTNERS_HOST, vendor_path(OWN, f"vendors/{OWN}/{OWN}.ics"), user=user),
        "our script": server.get(PARTNERS_HOST, vendor_path(OWN, "assets/playbooks/checklists.js"), user=user),
        "feed": server.get(PARTNERS_HOST, feed(plan, PARTNERS_HOST, OWN).url_path),
        "bundle": server.get(PARTNERS_HOST, vendor_path(OWN, f"assets/javascripts/{bundle}"), user=user),
        "denied": server.get(PARTNERS_HOST, vendor_path(OTHER), user=user),
        "not found": server.get(PARTNERS_HOST, "/elsewhere/"),
        "internal": server.get(INTERNAL_HOST, "/", user=user_for(groups.internal)),
    }
    for what, answer in answers.items():
        headers = answer.headers
        assert headers.get("content-security-policy") == serve_config.CSP, what
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers.get("x-content-type-options") == "nosniff", what
        assert headers.get("referrer-policy") == "same-origin", what
        assert headers.get("x-frame-options") == "DENY", what
        assert "nginx/" not in headers.get("server", ""), what  # no version
        expected = serve_config.LONG_CACHE if what == "bundle" else "no-cache"
        assert headers.get("cache-control") == expected, what
    assert answers["bundle"].status == 200 and answers["bundle"].headers["content-type"].startswith("application/javascript")


def test_calendar_feeds_need_no_sign_on_only_their_secret_path(basic, served_project, groups, partner_sites, sample_site):
    server, plan, *_ = basic
    own = feed(plan, PARTNERS_HOST, f"/{OWN}.ics")
    answer = server.get(PARTNERS_HOST, own.url_path)
    assert answer.status == 200 and answer.headers["content-type"].startswith("text/calendar")
    assert answer.body == (partner_sites / OWN / "vendors" / OWN / f"{OWN}.ics").read_bytes()
    portfolio = feed(plan, INTERNAL_HOST, "/portfolio.ics")
    assert server.get(INTERNAL_HOST, portfolio.url_path).body == (sample_site / "calendars" / "portfolio.ics").read_bytes()
    # The token is what opens it: any other token, or the file's own path, asks for sign-on or is not there.
    token = own.url_path.split("/")[2]
    assert re.fullmatch(r"[0-9a-f]{32}", token)
    wrong = own.url_path.replace(token, "0" * 32)
    assert server.get(PARTNERS_HOST, wrong).status == 404
    assert server.get(PARTNERS_HOST, own.url_path.replace(f"{OWN}.ics", f"{OTHER}.ics")).status == 404
    assert server.get(INTERNAL_HOST, portfolio.url_path.replace("portfolio", OWN)).status == 401
    # Each feed has its own token, and a new secret gives every feed a new one.
    paths = [f.url_path for sites in plan.hosts.values() for s in sites for f in s.feeds]
    assert len({p.split("/")[2] for p in paths}) == len(paths)
    rotated = serve_config.layout(served_project, options(sample_site, partner_sites, 80, secret=b"another secret, rotated today"))
    assert not set(paths) & {f.url_path for sites in rotated.hosts.values() for s in sites for f in s.feeds}


# --- each denial fails without its rule --------------------------------------------------------


def _location(text: str, prefix: str) -> str:
    start = text.index(f"    location ^~ {prefix} {{")
    return text[start:text.index("    }", start) + 5]


def _without_auth(text: str, prefix: str) -> str:
    block = _location(text, prefix)
    bare = "\n".join(line for line in block.splitlines() if not re.match(r"\s+(auth_basic|auth_basic_user_file|auth_request|error_page 401)\b", line))
    assert bare != block
    return text.replace(block, bare)


def relisten(text: str, port: int) -> str:
    return re.sub(r"listen 127\.0\.0\.1:[0-9]+;", f"listen 127.0.0.1:{port};", text)


MUTATIONS = {
    "another vendor's site": (lambda t: _without_auth(t, vendor_path(OTHER)), PARTNERS_HOST, vendor_path(OTHER), "200"),
    "the internal site": (lambda t: _without_auth(t, "/"), INTERNAL_HOST, "/", "200"),
    "folder listings": (lambda t: t.replace("autoindex off;", "autoindex on;"), PARTNERS_HOST, vendor_path(OWN, "assets/"), "Index of"),
}


@pytest.mark.parametrize("what", MUTATIONS)
def test_each_denial_fails_when_its_rule_is_removed(basic, groups, what, tmp_path):
    _, _, text, _ = basic
    change, host, path, shows = MUTATIONS[what]
    port = free_port()
    broken = relisten(change(text), port)
    server = start_nginx(tmp_path / "server", broken, port)
    try:
        answer = server.get(host, path, user=user_for(groups.vendors[OWN]))
    finally:
        server.stop()
    if shows.isdigit():
        assert answer.status == int(shows), what
    else:
        assert shows in answer.text, what


# --- single sign-on through an oauth2-proxy-style endpoint --------------------------------------


@pytest.fixture(scope="module")
def sign_on(served_project, sample_site, partner_sites, groups, tmp_path_factory):
    users = {"a-vendor-user": [groups.vendors[OWN]], "a-staff-member": [groups.internal, "everyone"],
             "a-manager": [groups.internal, groups.restricted]}
    stand_in = StandIn(users)
    port = free_port()
    plan = serve_config.layout(served_project, options(sample_site, partner_sites, port, auth_url=stand_in.url))
    text = serve_config.nginx(plan)
    server = start_nginx(tmp_path_factory.mktemp("nginx-sso") / "server", text, port)
    yield server, stand_in, text
    server.stop()
    stand_in.stop()


def as_user(server: Running, host: str, path: str, user: str | None):
    return server.get(host, path, headers={SESSION_HEADER: user} if user else None)


def test_single_sign_on_lets_each_group_into_its_own_site_only(sign_on, groups):
    server, stand_in, _ = sign_on
    assert as_user(server, PARTNERS_HOST, vendor_path(OWN), "a-vendor-user").status == 200
    assert as_user(server, PARTNERS_HOST, vendor_path(OWN, "search/search_index.json"), "a-vendor-user").status == 200
    assert (groups.vendors[OWN], "a-vendor-user") in stand_in.asked
    for other in groups.vendors:
        if other != OWN:
            assert as_user(server, PARTNERS_HOST, vendor_path(other), "a-vendor-user").status == 403, other
    assert as_user(server, INTERNAL_HOST, "/", "a-vendor-user").status == 403
    assert as_user(server, INTERNAL_HOST, "/", "a-staff-member").status == 200
    assert as_user(server, RESTRICTED_HOST, "/", "a-staff-member").status == 403
    assert as_user(server, RESTRICTED_HOST, "/", "a-manager").status == 200
    assert as_user(server, PARTNERS_HOST, vendor_path(OWN), "a-staff-member").status == 403


def test_without_a_session_the_reader_is_sent_to_sign_in(sign_on):
    server, *_ = sign_on
    answer = as_user(server, PARTNERS_HOST, vendor_path(OWN, "glossary/"), None)
    assert answer.status == 302
    assert answer.headers["location"] == f"/oauth2/sign_in?rd=http://{PARTNERS_HOST}{vendor_path(OWN, 'glossary/')}"
    assert as_user(server, PARTNERS_HOST, "/oauth2/sign_in", None).text == "sign in here\n"


def test_single_sign_on_denial_fails_when_its_rule_is_removed(sign_on, tmp_path):
    _, _, text = sign_on
    port = free_port()
    broken = relisten(_without_auth(text, vendor_path(OTHER)), port)
    server = start_nginx(tmp_path / "server", broken, port)
    try:
        assert as_user(server, PARTNERS_HOST, vendor_path(OTHER), "a-vendor-user").status == 200
    finally:
        server.stop()


# --- the command ------------------------------------------------------------------------------


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(["serve-config", *args])
    return code, out.getvalue(), err.getvalue()


BASE_ARGS = ("--root", str(ROOT), "--internal", "/srv/playbooks", "--partners", "/srv/partners",
             "--internal-host", "playbooks.example.com", "--partners-host", "partners.example.com")


def test_the_command_prints_server_blocks_for_nginx_and_caddy(monkeypatch):
    monkeypatch.delenv(serve_config.SECRET_VARIABLE, raising=False)
    code, out, _ = run("nginx", *BASE_ARGS)
    assert code == 0 and out.count("server {") == 2 and "auth_request /_playbooks_auth/vendor-lotus-code-works;" in out
    assert "location /feeds/" not in out and "No calendar feeds" in out
    code, out, _ = run("caddy", *BASE_ARGS, "--basic", "/etc/playbooks/users")
    assert code == 0 and 'import "/etc/playbooks/users/vendor-lotus-code-works.caddy"' in out


def test_the_command_lists_the_feeds_for_subscribers(monkeypatch, tmp_path):
    monkeypatch.setenv(serve_config.SECRET_VARIABLE, SECRET.decode())
    code, out, _ = run("feeds", *BASE_ARGS)
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2 * 7 - 1  # portfolio + 6 internal vendor feeds, 6 vendor feeds
    assert any(line.startswith(f"https://partners.example.com/feeds/") and line.split("\t")[0].endswith(f"/{OWN}.ics") for line in lines)
    secret_file = tmp_path / "secret"
    secret_file.write_text("another secret, kept in a file\n")
    code, from_file, _ = run("feeds", *BASE_ARGS, "--feed-secret-file", str(secret_file))
    assert code == 0 and from_file != out


@pytest.mark.parametrize("args, says", [
    (("--listen", "80; evil"), "--listen"),
    (("--partners-host", "partners example"), "--partners-host"),
    (("--internal", "/srv/$document_root"), "--internal"),
    (("--restricted", "/srv/restricted"), "--restricted-host"),
    (("--partners-host", "playbooks.example.com"), "a host of its own"),
    (("--auth-url", "http://x/oauth2"), "--auth-url"),
])
def test_a_wrong_option_is_refused_with_exit_2(args, says, monkeypatch):
    monkeypatch.delenv(serve_config.SECRET_VARIABLE, raising=False)
    code, out, err = run("nginx", *BASE_ARGS, *args)
    assert code == 2 and out == "" and says in err and "Traceback" not in err


def test_a_short_or_missing_secret_is_refused(monkeypatch):
    monkeypatch.setenv(serve_config.SECRET_VARIABLE, "short")
    code, _, err = run("nginx", *BASE_ARGS)
    assert code == 2 and "at least 16" in err
    monkeypatch.delenv(serve_config.SECRET_VARIABLE)
    code, _, err = run("feeds", *BASE_ARGS)
    assert code == 2 and serve_config.SECRET_VARIABLE in err


# --- access: as data, checked -------------------------------------------------------------------


def _problems_with(tmp_path: Path, access_yaml: str) -> list[str]:
    project = copy_project(tmp_path / "project")
    organization = project / "content" / "organization.yml"
    text = organization.read_text("utf-8")
    text = text[:text.index("\naccess:")] + "\n" + access_yaml
    organization.write_text(text, "utf-8")
    with pytest.raises(UserError) as raised:
        pipeline.load_checked(project)
    return [str(p) for p in raised.value.problems]


def _line_of(tmp_path: Path, needle: str) -> int:
    lines = (tmp_path / "project" / "content" / "organization.yml").read_text("utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_an_unknown_vendor_under_access_is_reported_at_its_line(tmp_path):
    problems = _problems_with(tmp_path, "access:\n  vendors:\n    lotus-code-work: partner-lotus\n")
    line = _line_of(tmp_path, "lotus-code-work:")
    assert problems == [f"content/organization.yml:{line}:5: vendor `lotus-code-work` does not exist; use the slug of a file in "
                        "content/vendors/ (its name without `.yml`); did you mean `lotus-code-works`?"]


def test_two_sites_sharing_a_group_are_reported(tmp_path):
    problems = _problems_with(tmp_path, "access:\n  internal: staff\n  vendors:\n    nile-data-studio: staff\n")
    line = _line_of(tmp_path, "nile-data-studio: staff")
    assert problems == [f"content/organization.yml:{line}:23: the internal site and the site of `nile-data-studio` both use "
                        "the group `staff`, so each one's readers would reach the other; give each site a group of its own"]


def test_a_vendors_default_group_taken_by_another_site_is_reported(tmp_path):
    problems = _problems_with(tmp_path, "access:\n  restricted: vendor-nile-data-studio\n")
    line = _line_of(tmp_path, "restricted: vendor-nile")
    assert problems == [f"content/organization.yml:{line}:15: the restricted site and the site of `nile-data-studio` both use "
                        "the group `vendor-nile-data-studio`, so each one's readers would reach the other; give each site a group of its own"]


def test_a_group_name_the_servers_cannot_hold_is_refused_by_the_schema(tmp_path):
    problems = _problems_with(tmp_path, "access:\n  internal: \"staff; evil\"\n")
    assert len(problems) == 1 and "`access.internal` must be a group name" in problems[0]


# --- the deployment recipe ------------------------------------------------------------------------


def test_the_recipes_nginx_conf_accepts_the_generated_rules(tmp_path, served_project, sample_site, partner_sites):
    """deploy/nginx.conf with a generated playbooks.conf passes `nginx -t` (paths moved into a
    test folder; the sign-on endpoint on 127.0.0.1, as nginx -t resolves its host), and the
    compose file mounts what the two configurations name."""
    import subprocess

    import yaml

    deploy = ROOT / "deploy"
    compose = yaml.safe_load((deploy / "compose.yaml").read_text("utf-8"))
    mounts = compose["services"]["nginx"]["volumes"]
    assert "./nginx.conf:/etc/nginx/nginx.conf:ro" in mounts and "./playbooks.conf:/etc/nginx/playbooks.conf:ro" in mounts
    assert compose["services"]["oauth2-proxy"]["environment"]["OAUTH2_PROXY_SET_XAUTHREQUEST"] == "true"
    main = (deploy / "nginx.conf").read_text("utf-8")
    assert "include /etc/nginx/playbooks.conf;" in main
    plan = serve_config.layout(served_project, options(sample_site, partner_sites, free_port()))
    (tmp_path / "playbooks.conf").write_text(serve_config.nginx(plan), "utf-8")
    (tmp_path / "logs").mkdir()
    test_conf = tmp_path / "nginx.conf"
    test_conf.write_text(f"error_log {tmp_path}/logs/error.log;\npid {tmp_path}/nginx.pid;\n"
                         + main.replace("/etc/nginx/playbooks.conf", str(tmp_path / "playbooks.conf")), "utf-8")
    result = subprocess.run(["/usr/sbin/nginx", "-t", "-p", str(tmp_path), "-c", str(test_conf)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_deploy_runs_the_reload_command_after_the_copy(tmp_path):
    import os
    import subprocess

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("x", "utf-8")
    marker = tmp_path / "reloaded"
    env = {**os.environ, "DEPLOY_RELOAD_COMMAND": f"test -f {tmp_path}/served/index.html && touch {marker}"}
    script = ROOT / ".github" / "scripts" / "deploy.sh"
    result = subprocess.run(["sh", str(script), str(site), str(tmp_path / "served")], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert marker.exists()
    env["DEPLOY_RELOAD_COMMAND"] = "exit 3"
    assert subprocess.run(["sh", str(script), str(site), str(tmp_path / "served")], capture_output=True, env=env).returncode == 3


def test_the_organisations_name_cannot_write_into_the_configuration(tmp_path):
    """The realm comes from `short_name`, which is data: quotes, `$`, `;` and braces never reach
    the server's configuration."""
    project = copy_project(tmp_path / "project")
    organization = project / "content" / "organization.yml"
    text = organization.read_text("utf-8")
    organization.write_text(text.replace("short_name: Northwind", 'short_name: \'North"; $wind {}\''), "utf-8")
    plan = serve_config.layout(project, serve_config.Options(
        internal="/srv/i", partners="/srv/p", internal_host="i.example", partners_host="p.example", basic="/etc/pw"))
    assert plan.realm == "North wind playbooks"
    assert 'auth_basic "North wind playbooks";' in serve_config.nginx(plan)
