"""The playbook content itself: wording of our own, play structure, and stable checklist ids.

These tests read the files in playbooks/ and content/ directly (and through the project's own
loader); they build no site, so they run in a second or two.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from generator import pipeline
from generator.audience import strip_sections

from .conftest import ROOT

SOURCES_DIR = Path(__file__).resolve().parents[2] / "shared" / "sources"
CHECKLIST_IDS = ROOT / "tests" / "checklist_ids.txt"
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


@pytest.fixture(scope="module")
def inputs():
    return pipeline.load_checked(ROOT)  # raises, listing every problem, if anything is invalid


def headings(body: str) -> list[str]:
    """Level-2 headings outside fenced code blocks."""
    found, fenced = [], False
    for line in body.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and line.startswith("## "):
            found.append(line[3:].strip())
    return found


def section(body: str, heading: str) -> str:
    match = re.search(rf"^## {re.escape(heading)}[ \t]*\n(.*?)(?=^## |\Z)", body, re.M | re.S)
    return match.group(1).strip() if match else ""


def prose_words(body: str) -> int:
    """Words a reader sees: Jinja tags and Markdown link targets removed."""
    text = re.sub(r"\{%.*?%\}", " ", body, flags=re.S)
    text = re.sub(r"\{\{.*?\}\}", " x ", text, flags=re.S)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'’-]*", text))


def play_ids(inputs) -> list[str]:
    return sorted(
        f"{play.meta.data['id']}/{item['id']}" for play in inputs.plays for item in play.meta.data["checklist"]
    )


# --- 1. our own words --------------------------------------------------------------------------


def test_wording_check_catches_a_copied_sentence(source_grams):
    copied = "Communication is key in any relationship, including the one between a business and its IT outsourcing provider."
    assert shared_phrases(f"Our play says: {copied} Then it goes on.", source_grams)
    assert not shared_phrases("Both single points of contact agree the weekly priorities in writing.", source_grams)


def test_no_wording_is_copied_from_the_sources(source_grams):
    offenders = []
    for folder in ("playbooks", "content"):
        for path in sorted((ROOT / folder).rglob("*")):
            if not path.is_file() or path.suffix.lower() not in {".md", ".yml", ".yaml", ".txt"}:
                continue
            text = path.read_text("utf-8")
            if path == ROOT / "playbooks" / "sources.yml":
                # A citation quotes its article's title and address on purpose.
                text = _CITATION_FIELDS.sub("", text)
            for phrase in shared_phrases(text, source_grams):
                offenders.append(f"{path.relative_to(ROOT)}: “{phrase}”")
    assert not offenders, (
        f"these runs of {NGRAM}+ words also appear in the source articles in {SOURCES_DIR}; "
        "say it in your own words:\n" + "\n".join(offenders)
    )


# --- 2. structure of every play ----------------------------------------------------------------


def test_required_playbooks_exist_with_an_introduction(inputs):
    for name in REQUIRED_PLAYBOOKS:
        index = ROOT / "playbooks" / name / "index.md"
        assert index.is_file(), f"playbooks/{name}/index.md is missing"
        area = inputs.areas[name]
        assert area.meta is not None and area.meta.data.get("visibility") == "vendor", f"{index}: visibility: vendor"
        assert area.body.strip(), f"{index}: introduce the playbook in a few sentences"
    assert len(inputs.plays) >= MIN_PLAYS, f"only {len(inputs.plays)} plays; the library needs {MIN_PLAYS}"


def test_every_play_has_the_seven_sections_in_order(inputs):
    for play in inputs.plays:
        found = headings(play.body)
        assert found == HEADINGS, (
            f"{play.path}: level-2 headings are {found}; write exactly {HEADINGS}, in that order "
            "(the generator adds Checklist and Related plays)"
        )
        for name in ("What", "Why"):
            assert section(play.body, name), f"{play.path}: `## {name}` is empty"
        assert re.search(r"^1\. ", section(play.body, "Steps"), re.M), f"{play.path}: Steps must be a numbered list"


def test_every_play_body_has_a_readable_length(inputs):
    low, high = BODY_WORDS
    for play in inputs.plays:
        count = prose_words(play.body)
        assert low <= count <= high, f"{play.path}: body has {count} words; keep it between {low} and {high}"


def test_every_play_has_a_real_checklist(inputs):
    for play in inputs.plays:
        items = play.meta.data["checklist"]
        assert 3 <= len(items) <= 8, f"{play.path}: {len(items)} checklist items; write 3 to 8"
        duplicates = [i for i, n in Counter(item["id"] for item in items).items() if n > 1]
        assert not duplicates, f"{play.path}: checklist ids used twice: {duplicates}"


def test_every_play_cites_sources_and_every_source_is_used(inputs):
    known = {s["id"] for s in inputs.sources.data["sources"]}
    cited: Counter[str] = Counter()
    for play in inputs.plays:
        sources = play.meta.data.get("sources") or []
        assert sources, f"{play.path}: list the source ids the play draws on under `sources:`"
        cited.update(sources)
    for source in sorted(known):
        assert cited[source] >= MIN_CITATIONS_PER_SOURCE, (
            f"source `{source}` is cited by {cited[source]} plays; expected at least {MIN_CITATIONS_PER_SOURCE}"
        )


def test_vendor_visible_plays_link_only_to_pages_vendors_can_see(inputs):
    # A vendor-facing site drops internal plays and `!!! internal` blocks; a link from a
    # vendor-visible play to an internal play would break that site's strict build.
    visibility = {(p.area, p.stem): p.meta.data.get("visibility", "internal") for p in inputs.plays}
    for play in inputs.plays:
        if play.meta.data.get("visibility") != "vendor":
            continue
        body = strip_sections(play.body, "vendor")
        for target in re.findall(r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)", body):
            resolved = (ROOT / "playbooks" / play.area / target).resolve()
            if resolved.name == "index.md":
                continue
            key = (resolved.parent.name, resolved.stem)
            assert key in visibility, f"{play.path}: link to {target}, which is not a play"
            assert visibility[key] == "vendor", (
                f"{play.path}: links to the internal play {target} outside an `!!! internal` block; "
                "vendors cannot open it"
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
}


@pytest.mark.parametrize("practice", sorted(COVERAGE))
def test_each_practice_from_the_sources_is_covered(inputs, practice):
    play_id, pattern = COVERAGE[practice]
    plays = {p.meta.data["id"]: p for p in inputs.plays}
    assert play_id in plays, f"`{practice}` is covered by play `{play_id}`, which no longer exists"
    assert re.search(pattern, plays[play_id].body, re.I), f"play `{play_id}` no longer covers `{practice}`"


# --- 3. checklist ids stay stable --------------------------------------------------------------


def test_checklist_ids_are_stable(inputs):
    listed = [line.strip() for line in CHECKLIST_IDS.read_text("utf-8").splitlines() if line.strip() and not line.startswith("#")]
    current = set(play_ids(inputs))
    gone = sorted(set(listed) - current)
    assert not gone, (
        "these checklist items disappeared (a play id or item id was renamed or removed):\n  "
        + "\n  ".join(gone)
        + "\nTicks are saved in readers' browsers under `play-id/item-id`, so renaming an id loses "
        "everyone's saved progress for that item. Keep the id and change only the text. If removing "
        f"or renaming it is really intended, delete the line from {CHECKLIST_IDS.relative_to(ROOT)} in the same change."
    )
    new = sorted(current - set(listed))
    assert not new, (
        f"these checklist items are not listed in {CHECKLIST_IDS.relative_to(ROOT)}; add them (one "
        "`play-id/item-id` per line, sorted) so the file stays the record of every id in use:\n  " + "\n  ".join(new)
    )
    assert listed == sorted(listed), f"keep {CHECKLIST_IDS.relative_to(ROOT)} sorted"
