"""Role pages send each role to the right person first: people in the team ask up their own
line, the roles facing the client ask their counterpart there, and nobody is sent to themselves."""

from __future__ import annotations

import re

import pytest

from generator import pipeline

from .conftest import BUILD_DATE


@pytest.fixture(scope="module")
def first_ask(sample_inputs):
    def ask(vendor: str, role: str) -> str:
        tree = pipeline.render(sample_inputs, audience="vendor", vendor=vendor, today=BUILD_DATE).tree
        page = tree[f"vendors/{vendor}/start/{role}.md"].decode()
        found = re.search(r"^First ask (.*?);", page, re.M)
        assert found, page[:600]
        return found.group(1)
    return ask


@pytest.mark.parametrize("vendor, role, person", [
    # Everest's engagement manager is its SPOC: Northwind's SPOC, not Everest's own team lead.
    ("everest-qa-partners", "spoc", "Nora Schmidt, Northwind's SPOC"),
    ("everest-qa-partners", "account-manager", "Hanna Weiss, Northwind's relationship owner"),
    ("everest-qa-partners", "delivery-manager", "Bibek Thapa, your SPOC"),
    ("everest-qa-partners", "team-lead", "Sita Shrestha, your delivery manager"),
    ("everest-qa-partners", "team-member", "Pema Sherpa, your team lead"),
    # Tatra's Piotr Nowak is both its SPOC and its delivery manager: as delivery manager he is
    # not sent to himself.
    ("tatra-cloud-ops", "delivery-manager", "Paul Meyer, Northwind's SPOC"),
    ("tatra-cloud-ops", "team-member", "Piotr Nowak, your delivery manager"),
])
def test_each_role_asks_the_right_person_first(first_ask, vendor, role, person):
    assert first_ask(vendor, role) == person
