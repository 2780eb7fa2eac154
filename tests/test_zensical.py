"""The same docs tree builds with Zensical (it reads mkdocs.yml but runs no MkDocs plugins)."""

import json
import re

from .conftest import ROOT


def test_zensical_builds_the_sample_site(zensical_site):
    assert (zensical_site / "index.html").is_file()
    assert (zensical_site / "vendors" / "lotus-code-works" / "index.html").is_file()
    assert (zensical_site / "vendors" / "lotus-code-works" / "checklists" / "index.html").is_file()
    assert (zensical_site / "playbooks" / "governance" / "steering-committee" / "index.html").is_file()


def test_zensical_search_index_holds_vendors(zensical_site):
    index = json.loads((zensical_site / "search.json").read_text("utf-8"))
    text = json.dumps(index)
    assert "Lotus Code Works" in text and "Priya Raman" in text


def test_zensical_edit_links_point_at_sources(zensical_site):
    page = (zensical_site / "vendors" / "lotus-code-works" / "index.html").read_text("utf-8")
    assert "/content/vendors/lotus-code-works.yml" in page


def test_zensical_loads_the_search_repairs_which_leave_its_own_search_alone(zensical_site):
    """Zensical uses the theme override (generator/theme/main.html): search.js is in each page's
    head, before the engine's bundle. It only wraps a lunr worker (a setup whose index config
    has a `pipeline`), and Zensical's index has none, so its search runs as Zensical made it."""
    page = (zensical_site / "vendors" / "lotus-code-works" / "index.html").read_text("utf-8")
    head = page.split("</head>", 1)[0]
    assert re.search(r'<script src="[./]*assets/playbooks/search\.js"></script>', head)
    assert page.index("assets/playbooks/search.js") < page.index("assets/javascripts/bundle.")
    index = json.loads((zensical_site / "search.json").read_text("utf-8"))
    assert "pipeline" not in index["config"]
    assert '"pipeline" in message.data.config' in (ROOT / "generator" / "assets" / "search.js").read_text("utf-8")
