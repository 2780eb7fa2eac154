"""Plays cannot hang a build or exhaust its memory (issue 12, cases 9 and 10).

A play comes from a pull request. Before the fix, each of these made `playbooks validate`
run until it was killed, eat gigabytes, or die with a RecursionError traceback (in a worker
process, with many vendors). Now each is reported at the play's line, with what to change,
within seconds, and `validate` exits 1 without a traceback. Every case runs the real command
in a process of its own with a timeout, so a hang fails the test rather than stopping the suite:
forked from a fork server that imported the generator once (tests/hostile/forked.py), not a
new interpreter each time.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from . import forked
from .conftest import assert_refused, base_project
from .forked import fork_server, playbooks  # noqa: F401 - fork_server: the module's fork server

PLAY = "playbooks/governance/sync-play.md"
BODY_LINE = 15  # the first body line of the base project's play


def with_body(project: Path, body: str) -> Path:
    """The base project's play with this body."""
    path = project / PLAY
    front, _ = path.read_text("utf-8").split("---\n## What", 1)
    path.write_text(front + "---\n" + body, "utf-8")
    return project


# (id, a line of Jinja2 that never ends or never fits, what the report says)
HANGS = [
    ("nested-loops", "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}", "steps"),
    ("string-repetition", "{{ 'x' * 10**9 }}", "a repeated text or list would grow beyond"),
    ("list-repetition", "{{ [vendor.name] * 10**9 }}", "a repeated text or list would grow beyond"),
    ("huge-power", "{{ (10**(10**8)) % 7 }}", "a number in this play would grow beyond"),
    ("huge-product", "{% set n = 10**3000 %}{{ (n * n * n) % 7 }}", "a number in this play would grow beyond"),
    ("lipsum", "{{ lipsum(10**6) }}", "unknown variable `lipsum`"),
    ("center", "{{ 'x'|center(2*10**9) }}", "the result of `|center` would grow beyond"),
    ("indent", "{{ ('x\\n' * 10000)|indent(10**5) }}", "the result of `|indent` would grow beyond"),
    ("replace", "{{ ('x' * 10**5)|replace('x', 'y' * 10**5) }}", "the result of `|replace` would grow beyond"),
    ("percent-width", "{{ '%0999999999d'|format(1) }}", "the result of `|format` would grow beyond"),
    ("percent-operator", "{{ '%*s' % (10**9, 'x') }}", "a formatted text would grow beyond"),
    ("format-width", "{{ '{:>999999999}'.format(1) }}", "a formatted text would grow beyond"),
    ("join-separator", "{{ range(100000)|join('x' * 10**5) }}", "the result of `|join` would grow beyond"),
    ("method-to-bytes", "{{ (1).to_bytes(10**9, 'big') }}", "`.to_bytes()` cannot be called in a play"),
    ("method-expandtabs", "{{ ('\\t' * 10**5).expandtabs(10**5) }}", "`.expandtabs()` cannot be called in a play"),
    ("shared-doubling", "{% set ns = namespace(x=[1]) %}{% for i in range(64) %}{% set ns.x = [ns.x, ns.x] %}"
                        "{% endfor %}{{ ns.x }}", "a list or dict would grow beyond"),
    ("macro-buffer", "{% macro m() %}{% for i in range(99000) %}{{ vendor.name ~ 'x' * 99999 }}{% endfor %}"
                     "{% endmacro %}{{ m()|length }}", "characters of text and lists in one rendering"),
    ("slow-comparisons", "{% set a = range(100000)|list %}{% set b = range(100000)|list %}"
                         "{% for i in range(99000) %}{% if a == b %}{% endif %}{% endfor %}", "seconds to render"),
    # the rendered text as a whole: reported at the text's first line
    ("output", "{% for i in range(2000) %}" + "y" * 1000 + "{% endfor %}", "text grew beyond"),
    ("macro-recursion", "{% macro r() %}{{ r() }}{% endmacro %}{{ r() }}", "nests too deeply"),
    ("recursive-loop", "{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}", "nests too deeply"),
    ("recursive-loop-wide", "{% for x in range(1000) recursive %}{% if loop.depth < 3 %}{{ loop(range(1000)) }}"
                            "{% endif %}{% endfor %}", "steps"),
]


@pytest.mark.parametrize("jinja, expected", [h[1:] for h in HANGS], ids=[h[0] for h in HANGS])
def test_a_play_that_never_ends_is_reported_at_its_line(tmp_path, jinja, expected):
    project = with_body(base_project(tmp_path / "project"), f"## What\n\nA sync.\n{jinja}\n")
    started = time.monotonic()
    result = playbooks("validate", "--root", project, timeout=120)
    line = BODY_LINE if expected == "text grew beyond" else BODY_LINE + 3
    assert_refused(result, f"{PLAY}:{line}:", expected)
    assert time.monotonic() - started < 15, "refused, but not within seconds"


INCLUDES = [
    ("include-itself", "{% include 'playbooks/governance/sync-play.md#body' %}", "{% include %}"),
    ("import", "{% import 'playbooks/governance/sync-play.md#body' as x %}", "{% import %}"),
    ("from-import", "{% from 'playbooks/governance/sync-play.md#body' import y %}", "{% from %}"),
    ("extends", "{% extends 'playbooks/governance/sync-play.md#body' %}", "{% extends %}"),
    ("filter-block", "{% filter replace('&#60;', '<') %}{{ vendor.name }}{% endfilter %}", "{% filter %}"),
]


@pytest.mark.parametrize("jinja, expected", [i[1:] for i in INCLUDES], ids=[i[0] for i in INCLUDES])
def test_a_play_cannot_include_import_or_extend(tmp_path, jinja, expected):
    # Including itself made a RecursionError traceback; the others reach for other texts or,
    # for `{% filter %}`, print around `finalize`, the escaping of vendor data.
    project = with_body(base_project(tmp_path / "project"), f"## What\n\n{jinja}\n")
    result = playbooks("validate", "--root", project, timeout=120)
    assert_refused(result, f"{PLAY}:{BODY_LINE + 2}:4: `{expected}` is not allowed in a play")  # at the keyword


def test_a_play_that_hit_a_limit_is_not_run_again_for_the_next_vendor(tmp_path):
    # An item that takes the whole time limit (2 s) for each of 12 vendors: reported once,
    # after one vendor's worth of time, not twelve.
    project = base_project(tmp_path / "project")
    play = project / PLAY
    slow = ("{% if vendor.known %}{% set a = range(100000)|list %}{% set b = range(100000)|list %}"
            "{% for i in range(99000) %}{% if a == b %}{% endif %}{% endfor %}{% endif %}")
    play.write_text(play.read_text("utf-8").replace("text: Book it with {{ vendor.spoc.theirs }}.", f"text: Slow {slow}"), "utf-8")
    vendor = (project / "content" / "vendors" / "acme.yml").read_text("utf-8")
    for index in range(11):
        (project / "content" / "vendors" / f"acme-{index}.yml").write_text(vendor, "utf-8")
    started = time.monotonic()
    result = playbooks("validate", "--root", project, timeout=120, env={"PLAYBOOKS_JOBS": "1"})
    assert_refused(result, f"{PLAY}:11:11: this play took more than 2 seconds to render", "1 problem found")
    assert time.monotonic() - started < 10


def test_the_sample_plays_are_far_below_the_limits(sample_inputs):
    """The limits are generous: the sample plays' heaviest render, measured."""
    from generator import pipeline
    from generator.plays import limits as play_limits, sandbox as play_sandbox
    from generator.render.pages import PageRenderer
    from generator.support.problems import Problems

    site = pipeline.render(sample_inputs, audience="restricted").site
    renderer = PageRenderer(site, Problems())
    env = renderer.plays.env
    used_steps, printed = 0, 0
    original = env.render

    def measured(template, context):
        nonlocal used_steps, printed
        text = original(template, context)
        printed = max(printed, len(text))
        return text

    def counting_step():
        nonlocal used_steps
        if env.budget is not None:
            env.budget.step()
            used_steps = max(used_steps, play_limits.MAX_STEPS - env.budget.steps)

    env.render = measured
    env._step = counting_step
    for vendor in [None, *site.vendors]:
        for play in site.plays.values():
            renderer.play_text(play, "body", vendor)
            renderer.play_text(play, "summary", vendor)
            for item in play.checklist:
                renderer.play_text(play, "item", vendor, item)
    assert 0 < used_steps and used_steps * 100 <= play_limits.MAX_STEPS, used_steps
    assert 0 < printed and printed * 100 <= play_limits.MAX_CHARS, printed


# --- many vendors: the same refusals from forked worker processes ---------------------------------

WORKER_PLAY = """---
id: worker-play
title: Worker play
summary: Rendered for every vendor.
audience: [client-team]
owner: Office
last_reviewed: "2026-10-01"
visibility: vendor
checklist:
  - id: recurse
    text: Recurse {% if vendor.known %}{% macro r() %}{{ r() }}{% endmacro %}{{ r() }}{% endif %}
    owner: vendor-spoc
    phase: week-1
  - id: spin
    text: Spin {% if vendor.known %}{% for i in range(10**5) %}{% for j in range(10**5) %}{% endfor %}{% endfor %}{% endif %}
    owner: vendor-spoc
    phase: week-1
---
## What

Only vendors make these items run: the generic rendering knows no vendor.
"""


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory) -> Path:
    """The base project with 40 vendors (enough for two worker processes) and a play whose
    items recurse and spin only for a vendor, so only the workers run them."""
    project = base_project(tmp_path_factory.mktemp("workers") / "project")
    vendor = (project / "content" / "vendors" / "acme.yml").read_text("utf-8")
    for index in range(40):
        (project / "content" / "vendors" / f"acme-{index:02d}.yml").write_text(vendor, "utf-8")
    (project / "playbooks" / "governance" / "worker-play.md").write_text(WORKER_PLAY, "utf-8")
    return project


def test_limits_hold_in_forked_workers(portfolio):
    result = playbooks("validate", "--root", portfolio, timeout=120, env={"PLAYBOOKS_JOBS": "2"})
    assert_refused(result, "playbooks/governance/worker-play.md:11:11: this play nests too deeply",
                   "playbooks/governance/worker-play.md:15:11: this play ran more than")


def rendered_in_workers(project: str) -> list[str]:
    """In a process of its own (workers are forked only from a process without threads): the
    jobs of the last worker run, then the problems the restricted render with two jobs raised."""
    from generator import pipeline
    from generator.support import workers
    from generator.support.problems import UserError

    inputs = pipeline.load_checked(Path(project))
    runs, start = [], workers.start
    workers.start = lambda *args, **kwargs: runs.append(start(*args, **kwargs)) or runs[-1]  # type: ignore[assignment]
    try:
        pipeline.render(inputs, audience="restricted", jobs=2)
    except UserError as error:
        return [str(runs[-1].jobs), *sorted({str(p) for p in error.problems})]
    return ["no problem raised"]


def test_the_workers_really_rendered_them(portfolio):
    lines = forked.call(rendered_in_workers, str(portfolio), timeout=120)
    assert lines[0] == "2", lines
    assert any("worker-play.md:11:11: this play nests too deeply" in line for line in lines), lines
    assert any("worker-play.md:15:11: this play ran more than" in line for line in lines), lines
