"""The review pack for the room (issue 26) and money on the Scorecards page, from the sample.

The pack has, in this order: an executive summary with one headline status in words, the
agenda, results against targets with the trend charts, commercials (restricted), decisions
needed (the renewal first when its notice deadline falls before or near the meeting),
actions, risks, capacity and the plan for the quarter ahead, and the vendor's own view. Each
status names its period. A vendor's own site has its version, without internal sections.
No page of any site prints an editing hint (a scan of every page of every site).
The same pack printed to A4 in Chromium: tests/browser/test_relationship.py.
"""

from __future__ import annotations

import re

import pytest

from generator.cli import commands as cli
from generator import pipeline

from .conftest import BUILD_DATE, copy_project
from .page_text import pages, pieces

ORDER = ["summary", "agenda", "results", "commercials", "decisions", "actions", "risks", "plan", "their-view"]
SECTION = re.compile(r"^## .*\{ #([a-z-]+) \}$", re.M)


def page(generated, path: str) -> str:
    text = generated.tree[path]
    return text if isinstance(text, str) else text.decode("utf-8")


@pytest.fixture(scope="module")
def restricted(sample_inputs):
    return pipeline.render(sample_inputs, audience="restricted", today=BUILD_DATE)


@pytest.fixture(scope="module")
def lotus_own(sample_inputs):
    return pipeline.render(sample_inputs, audience="vendor", vendor="lotus-code-works", today=BUILD_DATE)


def section(text: str, anchor: str) -> str:
    """The text of the pack's section `anchor`, up to the next heading of its level."""
    start = text.index(f"{{ #{anchor} }}")
    end = text.find("\n## ", start)
    return text[start:end if end >= 0 else None]


def test_the_lotus_pack_has_the_sections_for_the_room_in_order(restricted, sample_render):
    assert SECTION.findall(page(restricted, "vendors/lotus-code-works/review.md")) == ORDER
    # the internal site sees no money (restricted by default): the same order without commercials
    assert SECTION.findall(page(sample_render, "vendors/lotus-code-works/review.md")) == [s for s in ORDER if s != "commercials"]


def test_the_headline_is_one_status_in_words_naming_what_it_covers(sample_render):
    lotus = section(page(sample_render, "vendors/lotus-code-works/review.md"), "summary")
    # green on results, but an action is overdue and the renewal's notice deadline falls before the meeting
    assert ('<p class="rp-headline rp-rag-amber"><strong>Amber: on track on results, but 1 action is overdue and '
            'the renewal must be decided first</strong>.') in lotus
    assert "latest period (Q3 2026 to week 46 of 2026) and our assessment of the relationship (green)" in lotus
    sentences = [s for s in re.split(r"(?<=\.) (?=[A-Z])", lotus.split("</p>", 1)[1].strip()) if s]
    assert len(sentences) == 3, sentences
    assert sentences[0].startswith("In Q3 2026, 5 of 6 measures met their target at the quarter's end;")
    assert sentences[2].startswith("The renewal must be decided first, before the meeting on Wed 20 Jan 2027: "
                                   "the notice deadline is Thu 31 Dec 2026")
    andes = section(page(sample_render, "vendors/andes-quality-labs/review.md"), "summary")
    assert "<strong>Red: action needed, and 2 actions are overdue</strong>" in andes


def test_overdue_actions_and_a_renewal_to_decide_first_keep_the_headline_from_green(sample_render):
    """Results alone do not make a pack green: Tatra's measures and our assessment are green, but
    an action is overdue; Nile's results are amber with nothing overdue and no renewal near."""
    tatra = section(page(sample_render, "vendors/tatra-cloud-ops/review.md"), "summary")
    assert '<p class="rp-headline rp-rag-amber"><strong>Amber: on track on results, but 1 action is overdue</strong>.' in tatra
    assert "our assessment of the relationship (green)" in tatra
    nile = section(page(sample_render, "vendors/nile-data-studio/review.md"), "summary")
    assert '<strong>Amber: needs attention</strong>.' in nile
    everest = section(page(sample_render, "vendors/everest-qa-partners/review.md"), "summary")
    assert "<strong>Red: action needed</strong>." in everest


def test_the_renewal_comes_first_among_the_decisions_when_due_before_the_meeting(sample_render):
    decisions = section(page(sample_render, "vendors/lotus-code-works/review.md"), "decisions")
    items = [line for line in decisions.splitlines() if re.match(r"\d+\. ", line)]
    assert items[0].startswith("1. **The renewal of contract NW-2023-014**")
    assert "It falls before the Joint steering committee on Wed 20 Jan 2027: decide it first, before the meeting." in items[0]
    # Andes' renewed term has its notice deadline in July 2027, long after its next review: by date, not first
    andes = section(page(sample_render, "vendors/andes-quality-labs/review.md"), "decisions")
    assert "The renewal comes first" not in andes and "**The renewal of contract NW-2024-031**" in andes


def test_each_result_names_its_period_the_quarters_end_and_the_latest(sample_render):
    results = section(page(sample_render, "vendors/lotus-code-works/review.md"), "results")
    row = next(line for line in results.splitlines() if line.startswith("| Crash-free sessions |"))
    assert "✕ off target</span> (week 39 of 2026)" in row and "✓ on target</span> (week 46 of 2026)" in row
    assert results.count('<figure class="rp-chart"') == 6  # a trend chart per measure


def test_the_agenda_capacity_and_the_vendors_view_come_from_the_file(sample_render):
    text = page(sample_render, "vendors/lotus-code-works/review.md")
    assert "1. Results against objectives and KPIs\n2. Risks, escalations and decisions needed\n3. Roadmap and capacity" \
        in section(text, "agenda")
    plan = section(text, "plan")
    assert plan.startswith("{ #plan }") and "Capacity: a team of 14; up to 30 people; 4 weeks to add people." in plan
    assert "| Notice deadline, contract NW-2023-014 | Tobias Klein |" in plan
    view = section(text, "their-view")
    assert "| Commercial fit | 3 | The rate card has not moved since 2023. | 4 |" in view


def test_the_vendors_own_site_has_its_pack_without_internal_sections(lotus_own):
    text = page(lotus_own, "vendors/lotus-code-works/review.md")
    assert SECTION.findall(text) == [s for s in ORDER if s != "commercials"]
    assert "# Your review pack with Northwind, Q3 2026" in text and "## Your view { #their-view }" in text
    assert "| Dimension | Your score | Your comment | Northwind's score |" in text
    for internal in ("Commercials", "credit", "bonus", "NW-2023-014", "renewal of", "Capacity", "assessment",
                     "Two senior engineers"):  # a risk, internal by default
        assert internal not in text, internal


def test_scorecards_show_each_vendors_money_per_period_on_the_restricted_site_only(restricted, sample_render):
    text = page(restricted, "scorecards.md").split("## Money the contracts moved", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in text.splitlines() if line.startswith("| [")]
    andes = [r for r in rows if r.startswith("| [Andes Quality Labs]")]
    assert len(andes) == 6 and sum(r.endswith("| nothing to claim |") for r in andes) == 5
    assert any("| Thu 22 Oct 2026 | 3&#46;5 working days" in r and r.endswith("| penalty due: EUR 3,200 |") for r in andes)
    lotus = {r.split(" | ")[2]: r.rsplit(" | ", 1)[1] for r in rows if r.startswith("| [Lotus Code Works]")}
    assert lotus == {"Q3 2026": "bonus owed: EUR 9,500 |", "Jul 2026": "credit earned: EUR 7,900, claimed Fri 21 Aug 2026 |",
                     "Aug 2026": "nothing to claim |", "Sep 2026": "nothing to claim |", "Oct 2026": "nothing to claim |"}
    assert "Money the contracts moved" not in page(sample_render, "scorecards.md")  # no rule is shared on the internal site


def test_validate_says_where_a_review_was_held_with_no_health_check(tmp_path, capsys):
    project = copy_project(tmp_path / "sample")
    path = project / "content" / "vendors" / "lotus-code-works.yml"
    text = path.read_text("utf-8")
    path.write_text(text[:text.index("health_checks:")] + text[text.index("\nrisks:") + 1:], "utf-8")
    line = next(i for i, one in enumerate(path.read_text("utf-8").splitlines(), 1) if 'last_held: "2026-10-21"' in one)
    assert cli.main(["validate", "--root", str(project)]) == 0
    err = capsys.readouterr().err
    assert err == (f"content/vendors/lotus-code-works.yml:{line}:19: warning: the Joint steering committee was held on "
                   "Wed 21 Oct 2026 but no health check is recorded, so the review pack has neither side's view; add one "
                   "under `health_checks` with both sides' scores\n")
    generated = pipeline.render(pipeline.load_checked(project), today=BUILD_DATE)
    view = section(page(generated, "vendors/lotus-code-works/review.md"), "their-view")
    assert "No health check has been recorded yet" in view and "health_checks" not in view


# --- no editing hint on any page --------------------------------------------------------------------

# An instruction to edit the file, naming a field in code: "add one under `health_checks`",
# "add `results` to an SLA". Code is marked ⟦...⟧ in the reader's text.
HINT = re.compile(r"\badd\b[^.⟦]{0,40}⟦[a-z][a-z0-9_.]*⟧|in its vendor file", re.I)


def hints(site) -> list[str]:
    found = []
    for one in pages(site):
        text = re.sub(r"\s+", " ", "".join(f"⟦{p.text}⟧" if p.code else p.text for p in pieces(one)))
        found += [f"{one.relative_to(site)}: …{text[max(0, m.start() - 40):m.end() + 20]}…" for m in HINT.finditer(text)]
    return found


def test_no_page_of_any_site_prints_an_editing_hint(every_site):
    assert len(every_site) == 8
    found = [f"{name}/{hit}" for name, site in every_site.items() for hit in hints(site)]
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("html", ["<p>No health check recorded: add one under <code>health_checks</code>.</p>",
                                  "<p>No vendor has recorded results yet: add <code>results</code> to an SLA or KPI.</p>"])
def test_the_hint_scan_sees_the_old_hints(tmp_path, html):
    (tmp_path / "index.html").write_text(f"<html><body><article class='md-content__inner'>{html}</article></body></html>")
    assert hints(tmp_path), html
