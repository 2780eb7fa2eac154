"""HTML, links and attribute lists in plays are held to an allowlist (issue 12, case 8).

Plays come from pull requests. Before the fix, raw `<script>`, `<img onerror>`, `<iframe>`
and `javascript:`, `data:` or `vbscript:` links in a play's body, summary or checklist items
passed `validate` and were published live. Now `validate` (the real command, in a child
process) refuses each at its exact line and column, with a fix; what plays do need passes.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from .conftest import assert_refused, base_project, playbooks
from .test_plays_limits import BODY_LINE, PLAY, with_body

# (a line of a play's body, the column of the problem, words of the message)
BAD_LINES = [
    ("<script>alert(1)</script>", 1, "`<script>` is not allowed in a play"),
    ("Text <SCRIPT src=\"https://e.example/x.js\"></SCRIPT>", 6, "`<script>` is not allowed in a play"),
    ("<img src=\"x.png\" onerror=\"alert(2)\">", 18, "the attribute `onerror` is not allowed on `<img>`"),
    ("<img src=x onerror=alert(2)>", 6, "the value of `src` must be in double quotes"),
    ("<iframe src=\"https://e.example/\"></iframe>", 1, "`<iframe>` is not allowed in a play"),
    ("<svg onload=\"alert(1)\"></svg>", 1, "`<svg>` is not allowed in a play"),
    ("<a href=\"javascript:alert(1)\">x</a>", 4, "`javascript:` addresses are not allowed"),
    ("<a href=\" JaVa&#x09;Script&colon;alert(1)\">x</a>", 4, "`javascript:` addresses are not allowed"),
    ("<a href='https://e.example/'>x</a>", 4, "the value of `href` must be in double quotes"),
    ("<a href=\"https://e.example/\" target=\"_blank\">x</a>", 30, "the attribute `target` is not allowed on `<a>`"),
    ("<span style=\"color: red\">x</span>", 7, "the attribute `style` is not allowed on `<span>`"),
    ("<div onmouseover=\"alert(1)\" markdown>x</div>", 6, "the attribute `onmouseover` is not allowed"),
    ("<a href=\"{{ vendor.name }}\">x</a>", 4, "the address of `href` on `<a>` cannot come from Jinja2"),
    ("<scr{% if vendor.known %}ipt{% endif %}>alert(1)", 1, "could be read as an HTML tag, but it is not a well-formed one"),
    ("[click](javascript:alert(1))", 9, "`javascript:` addresses are not allowed in a play (a Markdown link)"),
    ("![x](data:image/svg+xml;base64,PHN2Zz4=)", 6, "`data:` addresses are not allowed"),
    ("[x](vbscript:msgbox(1))", 5, "`vbscript:` addresses are not allowed"),
    ("[x](file:///etc/passwd)", 5, "`file:` addresses are not allowed"),
    ("[x](<jav&#97;script:alert(1)> \"title\")", 5, "`javascript:` addresses are not allowed"),
    ("[x]({{ vendor.name }})", 5, "the address of a Markdown link cannot come from Jinja2"),
    ("[x]{% if vendor.known %}(javascript:alert(1)){% endif %}", 26, "`javascript:` addresses are not allowed"),
    # a value printed right after `]` could finish a link: escaped values keep `(` and `:`
    ("[docs]{{ vendor.name }}", 6, "Jinja2 may not print right after `]`"),
    ("[id]{{ vendor.spoc.ours.title }}: javascript:alert(1)", 4, "Jinja2 may not print right after `]`"),
    ("[ref]: javascript:alert(1)", 8, "`javascript:` addresses are not allowed in a play (a reference definition)"),
    ("<javascript:alert(1)>", 1, "`javascript:` addresses are not allowed in a play (an autolink)"),
    ("Some text {: onclick=\"alert(1)\" }", 11, "is read as an attribute list"),
    ("## Heading { style=\"color: red\" }", 12, "is read as an attribute list"),
    ("<!--> <b>x</b>", 1, "an HTML comment in a play must be `<!-- ... -->`"),
    ("<!DOCTYPE html>", 1, "`<!` starts an HTML declaration"),
    ("<?php echo 1; ?>", 1, "`<?` is read as an HTML processing instruction"),
    ("</div></li></ul>", 1, "`</div>` closes nothing"),
    ("<span>open", 1, "`<span>` is never closed in this text"),
]


def reported(stderr: str) -> list[tuple[int, int, str]]:
    found = []
    for line in stderr.splitlines():
        match = re.match(re.escape(PLAY) + r":(\d+):(\d+): (.*)", line)
        if match:
            found.append((int(match.group(1)), int(match.group(2)), match.group(3)))
    return found


def test_each_forbidden_piece_of_markup_is_reported_at_its_line_and_column(tmp_path):
    # One play, one forbidden piece per paragraph: one run reports them all.
    body = "## What\n\n" + "\n\n".join(line for line, _, _ in BAD_LINES) + "\n"
    project = with_body(base_project(tmp_path / "project"), body)
    result = playbooks("validate", "--root", project)
    assert_refused(result)
    found = reported(result.stderr)
    for index, (line, column, words) in enumerate(BAD_LINES):
        at = BODY_LINE + 2 + 2 * index
        assert any(l == at and c == column and words in m for l, c, m in found), (line, at, column, words, found)


# Inside a checklist item and the summary: YAML values, at the column inside the value.
PLAY_WITH_ITEMS = """---
id: sync-play
title: Sync
summary: 'Quoted <img src="x.png" onerror="alert(1)">'
audience: [client-team]
owner: Office
last_reviewed: "2026-10-01"
visibility: vendor
checklist:
  - id: book
    text: Book it with [them](javascript:alert(2)).
    owner: vendor-spoc
    phase: week-1
  - id: close
    text: 'Close </span></label></li></ul></div> the page'
    owner: vendor-spoc
    phase: week-1
---
## What

A sync.
"""


def test_summaries_and_items_are_checked_at_the_character(tmp_path):
    project = base_project(tmp_path / "project")
    (project / PLAY).write_text(PLAY_WITH_ITEMS, "utf-8")
    result = playbooks("validate", "--root", project)
    assert_refused(result,
                   f"{PLAY}:4:35: the attribute `onerror` is not allowed on `<img>`",
                   f"{PLAY}:11:31: `javascript:` addresses are not allowed",
                   # a checklist item cannot close the page's own markup around it
                   f"{PLAY}:15:18: `</span>` closes nothing")


def test_internal_blocks_cannot_hide_a_tag_from_the_check(tmp_path):
    # What renders for vendors is the body without its `!!! internal` blocks: a `<div>` whose
    # `</div>` sits in one is left open on vendor-facing sites.
    body = "## What\n\n<div markdown>\n\nShared.\n\n!!! internal \"Note\"\n    Ours.\n\n    </div>\n"
    project = with_body(base_project(tmp_path / "project"), body)
    result = playbooks("validate", "--root", project)
    assert_refused(result, f"{PLAY}:{BODY_LINE + 2}:1: `<div>` is never closed in this text")


def test_a_template_cannot_assemble_what_its_source_does_not_show(tmp_path):
    # The source is fine as it stands; the generic rendering (no vendor) leaves a `</div>`
    # that closes nothing. Reported from the rendered text, at its line.
    body = "## What\n\n{% if vendor.known %}<div markdown>{% endif %}\nShared.\n</div>\n"
    project = with_body(base_project(tmp_path / "project"), body)
    result = playbooks("validate", "--root", project)
    assert_refused(result, f"{PLAY}:{BODY_LINE + 4}:1: `</div>` closes nothing: no `<div>` is open before it in this text "
                           "(in what this play renders)")


ALLOWED = """## What

<div class="admonition note" markdown>
<p class="admonition-title">Note</p>

Press <kbd>Ctrl</kbd>+<kbd>C</kbd>; the <abbr title="Service level agreement">SLA</abbr> says so.
</div>

<details open markdown>
<summary>More</summary>

| Who | What |
|---|---|
| <b>us</b> | <em>them</em> |

</details>

<table>
<thead><tr><th colspan="2">Head</th></tr></thead>
<tbody><tr><td>a</td><td>b</td></tr></tbody>
</table>

See [the steering committee](../governance/sync-play.md), [the site](https://example.com/a?b=c#d),
<https://example.com/>, [mail us](mailto:team@example.com) and [a reference][ref].
![A diagram](diagram.png){: .wide }

[ref]: https://example.com/ref

## Heading {: #custom-id .highlight }

Code shows markup as text: `<script>alert(1)</script>` and

```html
<iframe src="javascript:alert(1)"></iframe>
```

<!-- a note for editors -->
{{ vendor.name }} works with <span class="rp-org" title="{{ org.name }}">{{ org.name }}</span>.
"""


def test_the_markup_plays_need_passes(tmp_path):
    project = with_body(base_project(tmp_path / "project"), ALLOWED)
    # A real image (one transparent pixel): the link must resolve, and images are checked.
    (project / "playbooks" / "governance" / "diagram.png").write_bytes(bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000" "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"))
    result = playbooks("validate", "--root", project)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("line", [line for line, _, _ in BAD_LINES], ids=range(len(BAD_LINES)))
def test_each_piece_alone_is_refused(tmp_path, line):
    # Each on its own too: no piece is refused only because of a neighbour.
    from generator.plays import markup as play_markup

    assert play_markup.findings(play_markup.blank_template(line))
