"""Hostile vendor data, built into a real site: every value arrives as harmless text.

Values with a <script> tag, an event handler, a javascript: link in Markdown, a table pipe,
Markdown emphasis and attr_list syntax go into a vendor file; the built pages must show them
as text and contain no markup that came from them.
"""

from __future__ import annotations

import re
import shutil
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator import pipeline

BASE = Path(__file__).resolve().parent / "bad" / "_base"
ATTACKS = {
    "name": "Evil <script>alert('name')</script> Ltd.",
    "summary": "Click [here](javascript:alert('summary')) or <img src=x onerror=alert('img')> now",
    "location": "Row | breaker | city",
    "contact": "**Bold** _Mallory_ {: onclick=alert('attr') }",
    "title": "<a href=\"javascript:alert('title')\">boss</a>",
    "use_for": "`code` and <iframe src=//evil.example></iframe>",
}


class Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "img") and any("alert" in (v or "") or "evil" in (v or "") for _, v in attrs):
            self.bad.append(f"<{tag} {attrs}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.bad.append(f"<{tag} {name}>")
            if name in ("href", "src") and (value or "").strip().lower().startswith("javascript:"):
                self.bad.append(f"<{tag} {name}={value}>")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("hostile") / "project"
    shutil.copytree(BASE, project)
    path = project / "content" / "vendors" / "acme.yml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["name"] = ATTACKS["name"]
    data["summary"] = ATTACKS["summary"]
    data["location"] = ATTACKS["location"]
    data["contacts"][0]["name"] = ATTACKS["contact"]
    data["contacts"][0]["title"] = ATTACKS["title"]
    data["communication"] = {"channels": [{"type": "chat", "tool": "Chat", "use_for": ATTACKS["use_for"]}]}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    site = project / "site"
    pipeline.build(project, site_dir=site)
    return site


def pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text("utf-8") for p in site.rglob("*.html")}


def test_no_markup_from_data_reaches_any_page(hostile_site):
    for name, html in pages(hostile_site).items():
        parser = Markup()
        parser.feed(html)
        assert not parser.bad, f"{name}: {parser.bad}"
        assert "alert('name')</script>" not in html


def test_values_arrive_as_visible_text(hostile_site):
    html = (hostile_site / "vendors" / "acme" / "index.html").read_text("utf-8")
    text = re.sub(r"<[^>]+>", "", html)
    import html as htmllib

    text = htmllib.unescape(text)
    for value in ATTACKS.values():
        assert value in text, value


def test_a_pipe_in_data_does_not_break_the_table_row(hostile_site):
    html = (hostile_site / "vendors" / "acme" / "index.html").read_text("utf-8")
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", html, re.S) if "Location" in r)
    assert row.count("<td") == 2
    directory = (hostile_site / "vendors" / "index.html").read_text("utf-8")
    rows = re.findall(r"<tr>(.*?)</tr>", directory, re.S)
    assert len({r.count("<t") for r in rows}) == 1  # header and every row have the same cell count
    # and no cell lost text to a pipe (the table extension drops cells past the header's count)
    acme = next(r for r in rows if "acme/" in r)
    assert ATTACKS["location"] in unescape(re.sub(r"<[^>]+>", "", acme)), acme


# The relationship's record (issue 17): every free text a vendor file holds about how the
# relationship runs, each a different attack; all of them shown on the profile, the review pack,
# the checklists page or the vendor's own site.
RECORD_ATTACKS = {
    "result note": "Late <script>alert('note')</script> report",
    "our comment": "See [the dashboard](javascript:alert('ours'))",
    "their comment": "Fine <img src=x onerror=alert('theirs')> really",
    "check summary": "Plan agreed {: onclick=alert('summary') }",
    "risk": "Key <iframe src=//evil.example></iframe> people",
    "mitigation": "Hire <a href=\"javascript:alert('mit')\">two</a>",
    "decision": "Keep *the* team | split <b onmouseover=alert('dec')>it</b>",
    "action": "Send [plan](javascript:alert('act')) now",
    "document": "ISO <svg onload=alert('doc')> certificate",
    "progress note": "Booked <script>alert('progress')</script>",
    "escalation": "Late <img src=x onerror=alert('esc')> again",
    "change request": "Add [pay](javascript:alert('cr')) | now",
    "plan target": "Fewer <iframe src=//evil.example></iframe> defects",
    "session": "Backups {: onclick=alert('kt') }",
    "decision right": "Release <b onmouseover=alert('raci')>go</b>",
    "penalty rule": "Late <b onclick=alert('rule')>cycle</b> | billed",
    "money fee": "that [cycle](javascript:alert('fee'))'s fee <script>alert('fee')</script>",
}


@pytest.fixture(scope="module")
def hostile_record(tmp_path_factory) -> dict[str, Path]:
    project = tmp_path_factory.mktemp("hostile-record") / "project"
    shutil.copytree(BASE, project)
    path = project / "content" / "vendors" / "acme.yml"
    data = yaml.safe_load(path.read_text("utf-8"))
    a = RECORD_ATTACKS
    kpi = data["performance"]["kpis"][0]
    kpi.update(comparator="<=", measured="monthly", results=[
        {"period": "2026-09", "value": 9}, {"period": "2026-10", "value": 12, "note": a["result note"]}])
    data["health_checks"] = [{"date": "2026-10-14", "visibility": "vendor", "decision": "improve", "summary": a["check summary"],
                              "scores": {"delivery": {"ours": 3, "theirs": 4, "ours_comment": a["our comment"],
                                                      "theirs_comment": a["their comment"]}}}]
    data["risks"] = [{"id": "people", "text": a["risk"], "likelihood": "high", "impact": "high", "owner": "olga",
                      "mitigation": a["mitigation"], "review": "2026-11-01", "visibility": "vendor"}]
    data["governance"]["log"] = [{"meeting": "sync", "date": "2026-10-21",
                                  "decisions": [{"text": a["decision"], "owner": "olga"}],
                                  "actions": [{"text": a["action"], "owner": "ravi", "due": "2026-11-01"}]}]
    data["documents"] = [{"id": "iso", "name": a["document"], "kind": "certificate", "expires": "2027-01-31",
                          "owner": "olga", "visibility": "vendor"}]
    data["progress"] = {"sync-play": {"book": {"done": "2026-10-02", "by": "olga", "note": a["progress note"]}}}
    data["escalation"] = [{"level": 1, "ours": "olga", "theirs": "ravi", "respond_within": "1 working day", "when": "A blocker."}]
    data["escalations"] = [{"id": "late", "level": 1, "raised": "2026-10-05", "about": a["escalation"], "visibility": "vendor"}]
    data["change_requests"] = [{"id": "pay", "title": a["change request"], "raised": "2026-10-01", "decision": "pending",
                                "visibility": "vendor"}]
    data["improvement_plans"] = [{"id": "fix", "title": "Fix", "target": a["plan target"], "owner": "ravi", "due": "2026-10-30",
                                  "visibility": "vendor"}]
    data["transition"] = {"visibility": "vendor", "sessions": [{"id": "kt", "topic": a["session"], "date": "2026-10-20"}]}
    data["decision_rights"] = [{"decision": a["decision right"], "accountable": "olga", "visibility": "vendor"}]
    # A penalty shared with the vendor, its terms as data: October's miss (12 against 10) is due.
    data["performance"]["penalties"] = [{"measure": "lead-time", "when": a["penalty rule"], "then": "Billed at 80 percent.",
                                         "visibility": "vendor", "money": {"kind": "penalty", "applies": "missed", "percent": 20,
                                                                           "fee": 1000, "of": a["money fee"], "currency": "EUR"}}]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    sites = {"internal": project / "site", "restricted": project / "restricted", "vendor": project / "acme"}
    pipeline.build(project, site_dir=sites["internal"])
    pipeline.build(project, site_dir=sites["restricted"], audience="restricted")
    pipeline.build(project, site_dir=sites["vendor"], vendor="acme")
    return sites


@pytest.mark.parametrize("audience", ["internal", "restricted", "vendor"])
def test_the_relationships_record_reaches_every_site_as_text(hostile_record, audience):
    import html as htmllib

    shown: set[str] = set()
    for name, html in pages(hostile_record[audience]).items():
        parser = Markup()
        parser.feed(html)
        assert not parser.bad, f"{audience} {name}: {parser.bad}"
        assert "<script>alert" not in html and "<iframe src=//evil" not in html and "<svg onload" not in html
        text = htmllib.unescape(re.sub(r"<[^>]+>", "", html))
        shown |= {key for key, value in RECORD_ATTACKS.items() if value in text}
    # Every value is shown somewhere on each site (all of it is shared with the vendor here), so
    # each one went through the escaping of the place it lands.
    assert shown == set(RECORD_ATTACKS), sorted(set(RECORD_ATTACKS) - shown)
