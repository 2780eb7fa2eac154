"""A change `playbooks validate` accepts builds, and one it refuses does not: for the mistakes
only the engine's strict build used to find (links and anchors), both commands agree."""

from __future__ import annotations

import pytest

from .hostile.conftest import base_project, playbooks
from .test_bad_input import make_project

# Each case, and the build it breaks: the internal site, or the vendor-facing site of `acme`.
LINK_CASES = {"play-link-to-a-folder": [], "play-link-absolute": [], "play-link-missing-page": [],
              "play-link-missing-anchor": [], "play-links-to-restricted-play": [],
              "play-link-internal-page-from-vendor-play": ["--vendor", "acme"]}


@pytest.mark.parametrize("case", sorted(LINK_CASES))
def test_a_link_validate_refuses_fails_the_build_too(case, tmp_path):
    project = make_project(case, tmp_path / "project")
    assert playbooks("validate", "--root", project).returncode == 1
    build = playbooks("build", "--root", project, "--site-dir", tmp_path / "site", *LINK_CASES[case])
    assert build.returncode == 1 and "Traceback" not in build.stderr


def test_links_validate_accepts_build(tmp_path):
    project = base_project(tmp_path / "project")
    play = project / "playbooks" / "governance" / "sync-play.md"
    play.write_text(play.read_text("utf-8") + "\nSee [what it is](#what), [the playbook](index.md), "
                    "[the glossary](../../glossary.md), [this play](sync-play.md#what) and "
                    "[elsewhere](https://example.com/#x).\n", "utf-8")
    assert playbooks("validate", "--root", project).returncode == 0
    build = playbooks("build", "--root", project, "--site-dir", tmp_path / "site")
    assert build.returncode == 0, build.stderr
