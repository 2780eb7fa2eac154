"""The playbook content itself: wording of our own, the rules every play keeps, and that the
library covers its source articles.

What a play must have (its sections, length, checklist, sources and related plays, and its
checklist ids in the ledger) is checked by `playbooks validate`: generator/checks/play_rules.py and
ledger.py, from playbooks/rules.yml. These tests call the same code, so a play that validate
accepts passes them; `test_a_play_validate_accepts_passes_every_content_test` runs every test
here on the library with one more play, written from `playbooks new play`. What stays here as
tests is about this library as a whole: no wording copied from the source articles, every
practice in them covered, every source cited, the seven playbooks. They build no site.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml

from generator.cli import commands as cli
from generator import pipeline
from generator.checks import play_rules
from generator.sources.load import load
from generator.support.problems import Problems
from generator.checks.validate import editorial

from .conftest import ROOT, copy_project

SOURCES_DIR = Path(__file__).resolve().parents[2] / "shared" / "sources"
NGRAM = 9

HEADINGS = ["What", "Why", "When", "Who takes part", "Steps", "Pitfalls", "Variations"]
REQUIRED_PLAYBOOKS = [
    "communication",
    "change-management",
    "cultural-onboarding",
    "governance",
    "performance",
    "vendor-onboarding",
    "relationship-lifecycle",
]
MIN_PLAYS = 20
MIN_CITATIONS_PER_SOURCE = 3
BODY_WORDS = (250, 600)


# --- helpers -----------------------------------------------------------------------------------

_CITATION_FIELDS = re.compile(r"^\s*(?:-\s+)?(?:title|url|file):.*$", re.M)
_APOSTROPHES = re.compile(r"['\u2019\u2018\u02bc]")
_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """Lower-case words; apostrophes are dropped (don't -> dont), everything else separates."""
    return _WORD.findall(_APOSTROPHES.sub("", text.lower()))


def ngrams(tokens: list[str], n: int = NGRAM) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def shared_phrases(text: str, source_grams: set[tuple[str, ...]]) -> list[str]:
    """Every maximal run of NGRAM or more words that `text` shares with the sources."""
    tokens = words(text)
    hits = [i for i in range(len(tokens) - NGRAM + 1) if tuple(tokens[i : i + NGRAM]) in source_grams]
    runs: list[str] = []
    start = end = None
    for i in hits:
        if start is not None and i <= end:  # overlaps the current run: extend it
            end = i + NGRAM
            continue
        if start is not None:
            runs.append(" ".join(tokens[start:end]))
        start, end = i, i + NGRAM
    if start is not None:
        runs.append(" ".join(tokens[start:end]))
    return runs


@pytest.fixture(scope="module")
def source_grams() -> set[tuple[str, ...]]:
    if not SOURCES_DIR.is_dir():
        pytest.skip(f"source articles not found at {SOURCES_DIR}; the wording check needs them")
    files = sorted(p for p in SOURCES_DIR.iterdir() if p.is_file())
    if not files:
        pytest.skip(f"no source articles in {SOURCES_DIR}")
    grams: set[tuple[str, ...]] = set()
    for path in files:
        grams |= ngrams(words(path.read_text("utf-8", errors="replace")))
    return grams


# A play written as a contributor would: `playbooks new play`, then its text filled in. The
# wording is our own (the copy check below holds it to that).
NEW_PLAY_FRONT = {
    'summary: ""': "summary: A short call, a month before a contract ends, to agree what happens to open work.",
    "checklist: []": """checklist:
  - id: book-call
    text: Book the wind-down call with {{ vendor.spoc.theirs }} at least a month before the end date.
    owner: our-spoc
    phase: recurring
  - id: list-open-work
    text: List every open ticket, change request and pending invoice before the call.
    owner: our-spoc
    phase: recurring
  - id: agree-owners
    text: Agree who finishes, hands over or closes each open item, and by which date.
    owner: vendor-spoc
    phase: recurring""",
    "related: []": "related: [run-exit, exit-plan]",
    "sources: []": "sources: [eight-keys]",
}
NEW_PLAY_SECTIONS = {
    "What": "A single working session in which both sides walk through everything still open and decide, item by "
            "item, whether it is finished, handed to another team or closed without further work.",
    "Why": "Contracts rarely end cleanly. Tickets sit half done, access stays open for months and invoices arrive "
           "after the people who could check them have moved on. One structured conversation a month ahead turns "
           "that loose tail into a short list with names and dates, and it lets the partner plan the last weeks of "
           "its own staff instead of learning about them from an email.",
    "When": "About four weeks before the last day of service, and again a week before if the list is still long. "
            "Hold it even when the relationship ends on good terms; a friendly exit still leaves loose ends.",
    "Who takes part": "Our single point of contact leads. The vendor's single point of contact brings whoever owns "
                      "delivery on their side. Someone from finance joins for the last ten minutes to go through "
                      "billing that is still outstanding.",
    "Steps": "1. Send the list of open items two days ahead so both sides arrive prepared.\n"
             "2. Walk the list from the oldest item to the newest and give each one an owner and a date.\n"
             "3. Mark anything that needs a decision above the room and name who takes it there.\n"
             "4. Agree when accounts, keys and shared folders are closed, and who confirms it.\n"
             "5. Write the result into the shared tracker before the end of the day and send the link.",
    "Pitfalls": "Treating the call as a formality is the usual mistake: the list is read out, nobody commits, and "
                "the same items surface after the last day. Another is leaving finance out, which turns small "
                "billing questions into disputes once the contract has ended.",
    "Variations": "For a small supplier a shared document with comments can replace the meeting. For a large "
                  "partner with several teams, hold one session per service and a short final one to check that "
                  "nothing fell between them.",
}


def add_a_play(root: Path) -> Path:
    """A new play, made with `playbooks new play`, its front matter and sections filled in, and
    its checklist ids recorded with `playbooks ids --update`, as CONTRIBUTING.md says."""
    assert cli.main(["new", "play", "relationship-lifecycle/wind-down-call", "--root", str(root)]) == 0
    path = root / "playbooks" / "relationship-lifecycle" / "wind-down-call.md"
    text = path.read_text("utf-8")
    for old, new in NEW_PLAY_FRONT.items():
        assert old in text
        text = re.sub(re.escape(old) + r"[^\n]*(?:\n +#[^\n]*)*", lambda _: new, text, count=1)
    for name, words_ in NEW_PLAY_SECTIONS.items():
        text = text.replace(f"## {name}\n", f"## {name}\n\n{words_}\n", 1)
    path.write_text(text, "utf-8")
    assert cli.main(["ids", "--update", "--root", str(root)]) == 0
    return path


@pytest.fixture(scope="module", params=["library", "library-and-a-new-play"])
def project(request, tmp_path_factory) -> Path:
    """The sample library; and a copy of it with one more play that `playbooks validate` accepts."""
    if request.param == "library":
        return ROOT
    root = copy_project(tmp_path_factory.mktemp("content") / "project")
    add_a_play(root)
    assert cli.main(["validate", "--root", str(root)]) == 0
    return root


@pytest.fixture(scope="module")
def inputs(project):
    return pipeline.load_checked(project, editorial=True)  # raises, listing every problem, if anything is invalid


# --- 1. our own words --------------------------------------------------------------------------


def test_wording_check_catches_a_copied_sentence(source_grams):
    copied = "Communication is key in any relationship, including the one between a business and its IT outsourcing provider."
    assert shared_phrases(f"Our play says: {copied} Then it goes on.", source_grams)
    assert not shared_phrases("Both single points of contact agree the weekly priorities in writing.", source_grams)


def test_no_wording_is_copied_from_the_sources(source_grams, project):
    offenders = []
    for folder in ("playbooks", "content"):
        for path in sorted((project / folder).rglob("*")):
            if not path.is_file() or path.suffix.lower() not in {".md", ".yml", ".yaml", ".txt"}:
                continue
            text = path.read_text("utf-8")
            if path == project / "playbooks" / "sources.yml":
                # A citation quotes its article's title and address on purpose.
                text = _CITATION_FIELDS.sub("", text)
            for phrase in shared_phrases(text, source_grams):
                offenders.append(f"{path.relative_to(project)}: “{phrase}”")
    assert not offenders, (
        f"these runs of {NGRAM}+ words also appear in the source articles in {SOURCES_DIR}; "
        "say it in your own words:\n" + "\n".join(offenders)
    )


# --- 2. every play keeps the rules `playbooks validate` checks ---------------------------------


def rule_problems(root: Path) -> list[str]:
    """What validate's editorial rules say about a project: plays against playbooks/rules.yml,
    checklist ids against their ledger, CODEOWNERS against the owners."""
    problems = Problems()
    editorial(load(root, problems), problems)
    return [str(p) for p in problems]


def test_the_rules_are_the_ones_the_library_was_written_to():
    rules = play_rules.Rules.of(yaml.safe_load((ROOT / play_rules.RULES_FILE).read_text("utf-8")))
    assert rules.sections == HEADINGS and set(rules.not_empty) == set(HEADINGS) and rules.numbered == ["Steps"]
    assert rules.words == BODY_WORDS and rules.items == (3, 8) and rules.sources == 1 and rules.related == 1


def test_every_play_keeps_the_rules_and_every_id_is_in_the_ledger(project):
    assert rule_problems(project) == []


def test_the_rules_see_a_play_that_breaks_them(tmp_path):
    root = copy_project(tmp_path / "p")
    play = root / "playbooks" / "communication" / "weekly-status-sync.md"
    text = play.read_text("utf-8")
    play.write_text(text.replace("## Pitfalls", "## Pitfals").replace("\nsources: [", "\nsources: []\nold_sources: ["), "utf-8")
    found = rule_problems(root)
    assert any("`## Pitfals` is not one of this play's sections; did you mean `## Pitfalls`?" in p for p in found), found
    assert any("`sources` lists none" in p for p in found), found


# --- 3. the library as a whole ------------------------------------------------------------------


def test_required_playbooks_exist_with_an_introduction(inputs, project):
    for name in REQUIRED_PLAYBOOKS:
        index = project / "playbooks" / name / "index.md"
        assert index.is_file(), f"playbooks/{name}/index.md is missing"
        area = inputs.areas[name]
        assert area.meta is not None and area.meta.data.get("visibility") == "vendor", f"{index}: visibility: vendor"
        assert area.body.strip(), f"{index}: introduce the playbook in a few sentences"
    assert len(inputs.plays) >= MIN_PLAYS, f"only {len(inputs.plays)} plays; the library needs {MIN_PLAYS}"


def test_every_source_is_cited_by_several_plays(inputs):
    known = {s["id"] for s in inputs.sources.data["sources"]}
    cited: Counter[str] = Counter(source for play in inputs.plays for source in play.meta.data.get("sources") or [])
    for source in sorted(known):
        assert cited[source] >= MIN_CITATIONS_PER_SOURCE, (
            f"source `{source}` is cited by {cited[source]} plays; expected at least {MIN_CITATIONS_PER_SOURCE}"
        )


def test_glossary_terms_point_at_plays(inputs):
    terms = inputs.glossary.data["terms"]
    assert len(terms) >= 14, f"the glossary has {len(terms)} terms; expected at least 14"
    for term in terms:
        assert term.get("plays"), f"glossary term `{term['term']}` lists no plays"


# Each practice the source articles call for, the play that covers it, and words that show it.
COVERAGE = {
    "single point of contact and counterparts": ("single-points-of-contact", r"counterpart"),
    "goals and measurable criteria up front": ("set-objectives", r"baseline"),
    "knowing drivers, priorities and budget": ("define-goals", r"budget"),
    "realistic expectations from the partner's competence": ("define-goals", r"pilot"),
    "a partner that can grow; sudden changes in demand": ("plan-capacity", r"surge"),
    "understanding the contract": ("read-the-contract", r"clause"),
    "exiting when early problems pile up": ("health-check", r"piling up|pile up"),
    "exit": ("run-exit", r"knowledge transfer"),
    "decision makers and divided responsibilities": ("decision-rights", r"decides"),
    "joint steering committee": ("steering-committee", r"charter"),
    "escalation contacts": ("escalation-path", r"phone"),
    "regular check-ups": ("governance-calendar", r"check-ups?"),
    "client-side leadership and its skills": ("client-leadership", r"negotiat"),
    "status updates": ("weekly-status-sync", r"status note"),
    "right toolset": ("channels-and-tools", r"chat"),
    "time zones and three hours of overlap": ("time-zone-handoffs", r"hand-off"),
    "sharing the strategic picture and valuing advice": ("share-big-picture", r"advi[cs]e"),
    "change management": ("prepare-for-change", r"engage"),
    "compromise": ("change-requests", r"compromise"),
    "cultural sensitivity": ("cultural-exchange", r"training"),
    "social events and celebrating milestones": ("social-events", r"milestone"),
    "owning mistakes": ("own-mistakes", r"blame"),
    "SLA, KPIs in four groups, benchmarks": ("set-objectives", r"benchmark"),
    "scorecards": ("scorecard", r"trend"),
    "incentives and penalties": ("incentives-and-penalties", r"service credits?"),
    "periodic reviews": ("service-review", r"feedback"),
    "two-way feedback and no micromanaging": ("feedback-loop", r"micromanag"),
    "performance improvement plans": ("improvement-plan", r"exit condition"),
    "training beyond technical skills": ("business-training", r"problem solving"),
    "onboarding new vendor staff": ("first-weeks", r"day 1"),
    "training vendor staff in industry best practice": ("industry-practice-training", r"practice of their own\s+trade"),
    "choosing a partner that fits, with realistic expectations": ("choose-a-partner", r"pilot"),
}


@pytest.mark.parametrize("practice", sorted(COVERAGE))
def test_each_practice_from_the_sources_is_covered(inputs, practice):
    play_id, pattern = COVERAGE[practice]
    plays = {p.meta.data["id"]: p for p in inputs.plays}
    assert play_id in plays, f"`{practice}` is covered by play `{play_id}`, which no longer exists"
    assert re.search(pattern, plays[play_id].body, re.I), f"play `{play_id}` no longer covers `{practice}`"
