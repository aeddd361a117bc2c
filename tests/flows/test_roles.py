"""Roles as people write them, shared by `/hiring start` and the answers file."""

from __future__ import annotations

import pytest

from flows.roles import ROLE_WORDS, role_of
from flows.schema import ROLES


@pytest.mark.parametrize(
    ("written", "role"),
    [
        ("CEO", "ceo"),
        ("cfo", "cfo"),
        (" Founder ", "ceo"),
        ("Head of Product", "product"),
        ("VP Engineering", "engineering"),
        ("Head of Data", "engineering"),
        ("Legal counsel", "compliance"),
        ("HR", "people"),
    ],
)
def test_roles_are_read_in_any_case_and_from_titles(written: str, role: str) -> None:
    assert role_of(written) == role


@pytest.mark.parametrize("written", ["Chief Wizard", "", "CTO and CFO", "head of"])
def test_words_that_name_no_role_or_two_are_refused(written: str) -> None:
    assert role_of(written) is None


def test_every_role_key_and_word_names_a_role() -> None:
    assert set(ROLES) <= set(ROLE_WORDS)
    assert set(ROLE_WORDS.values()) <= set(ROLES)
