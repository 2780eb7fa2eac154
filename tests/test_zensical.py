"""The same docs tree builds with Zensical (it reads mkdocs.yml but runs no MkDocs plugins)."""

import json


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
