"""A parsed file's data is a `Value`, narrowed where it is read (support/values.py, model/fields.py)."""

from __future__ import annotations

import pytest

from generator.model.fields import fields
from generator.support.values import at, items


def test_at_follows_keys_and_indexes_and_gives_none_where_a_step_is_missing():
    data = {"governance": {"meetings": [{"id": "qbr"}, {"id": "weekly"}]}}
    assert at(data, "governance", "meetings", 1, "id") == "weekly"
    assert at(data, "governance", "meetings", 2, "id") is None  # no third meeting
    assert at(data, "governance", "meetings", "id") is None  # a key into a list
    assert at(data, "governance", 0) is None  # an index into a mapping
    assert at("text", "id") is None and at(None, "id") is None
    assert at(data) is data


def test_items_is_a_list_or_nothing():
    assert items([1, "a"]) == [1, "a"]
    assert items({"a": 1}) == [] and items(None) == [] and items("abc") == []


def test_the_model_reads_a_file_as_the_mapping_its_schema_passed():
    assert fields({"name": "Lotus"}) == {"name": "Lotus"}
    assert fields(None) == {}  # an absent file
    with pytest.raises(TypeError, match="validate first"):
        fields(["not", "a", "mapping"])
