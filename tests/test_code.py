"""The code's own shape: every module in the import layers that `lint-imports` holds (so a new
one cannot slip past them), and none of them too long to read."""

from __future__ import annotations

import tomllib

from .conftest import ROOT

PACKAGE = ROOT / "generator"


def modules() -> set[str]:
    """Every module of the generator as the layers name it (a package counts once)."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if len(parts) >= 2:
            found.add(".".join(parts[:2]))  # generator.<module> or generator.<package>
    return found - {"generator.__init__"}


def test_every_module_is_in_a_layer_of_the_import_contract():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    pipeline = next(c for c in config["tool"]["importlinter"]["contracts"] if not c.get("containers"))
    layered = {name.strip() for layer in pipeline["layers"] for name in layer.split("|")}
    assert modules() - layered == set()
    assert layered - modules() == set()  # and no layer names a module that is gone


def test_no_module_is_over_400_lines():
    long = {path.relative_to(ROOT).as_posix(): n for path in PACKAGE.rglob("*.py")
            if (n := len(path.read_text("utf-8").splitlines())) > 400}
    assert long == {}
