"""Editors check and complete the YAML as `playbooks validate` would: each content file names its
schema on its first line, VS Code's settings map the rest, and the schemas' `$id`s and `$ref`s
resolve as an editor resolves them, from the schema files themselves."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlparse

import jsonschema
import pytest
import yaml
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from .conftest import ROOT

SCHEMAS = ROOT / "generator" / "schemas"
LINE = "# yaml-language-server: $schema="


def content_files() -> list[Path]:
    return sorted((ROOT / "content").glob("*.yml")) + sorted((ROOT / "content" / "vendors").glob("*.yml"))


def schema_of(path: Path) -> Path:
    first = path.read_text("utf-8").splitlines()[0]
    assert first.startswith(LINE), f"{path.relative_to(ROOT)}: the first line must be `{LINE}<schema>`"
    return (path.parent / first[len(LINE):]).resolve()


def test_every_content_file_names_its_schema_on_its_first_line():
    files = content_files()
    vendors = list((ROOT / "content" / "vendors").glob("*.yml"))
    assert len(files) == len(vendors) + 1 and len(vendors) >= 5  # organization.yml and every vendor
    for path in files:
        expected = "organization" if path.name == "organization.yml" else "vendor"
        assert schema_of(path) == (SCHEMAS / f"{expected}.schema.json").resolve(), path


def editor_registry() -> Registry:
    """What an editor's language server has: nothing but the files, found by their URI."""

    def retrieve(uri: str) -> Resource:
        target = Path(urlparse(uri).path)
        assert target.is_file(), f"an editor could not load {uri}"
        return Resource.from_contents(json.loads(target.read_text("utf-8")), default_specification=DRAFT202012)

    return Registry(retrieve=retrieve)


@pytest.mark.parametrize("path", content_files(), ids=lambda p: p.name)
def test_the_schema_resolves_from_its_file_and_accepts_the_sample(path):
    schema_file = schema_of(path)
    schema = json.loads(schema_file.read_text("utf-8"))
    assert schema["$id"] == schema_file.name  # a real reference, relative to where the file is
    # Start, as the editor does, from the schema's address: the file the first line names.
    validator = jsonschema.Draft202012Validator({"$ref": schema_file.as_uri()}, registry=editor_registry())
    # A `$ref` to another schema file is followed (the editor loads common.schema.json beside it).
    assert list(validator.iter_errors(yaml.safe_load(path.read_text("utf-8")))) == []
    broken = yaml.safe_load(path.read_text("utf-8")) | {"timzone": "x"}
    assert [e.validator for e in validator.iter_errors(broken)] == ["additionalProperties"]


def test_every_schema_id_is_its_file_name():
    for path in sorted(SCHEMAS.glob("*.schema.json")):
        assert json.loads(path.read_text("utf-8"))["$id"] == path.name


def test_vscode_maps_every_file_a_contributor_edits_to_its_schema():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text("utf-8"))
    mapped = settings["yaml.schemas"]
    for schema, globs in mapped.items():
        assert (ROOT / schema).is_file(), schema
        for pattern in globs:
            assert list(ROOT.glob(pattern)) or pattern.endswith(".yaml"), f"{pattern} matches no file"
    names = {Path(schema).name.removesuffix(".schema.json") for schema in mapped}
    editable = {p.name.removesuffix(".schema.json") for p in SCHEMAS.glob("*.schema.json")} - {"common", "play", "area"}
    assert names == editable  # plays and playbook indexes are Markdown: their front matter is checked by validate
    recommended = json.loads((ROOT / ".vscode" / "extensions.json").read_text("utf-8"))["recommendations"]
    assert "redhat.vscode-yaml" in recommended
