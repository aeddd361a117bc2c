"""The registry: every kind has exactly one plug-in, and every plug-in is a whole `KindPlugin`."""

from __future__ import annotations

import subprocess
import sys

import pytest
from pydantic import ValidationError

from flows.kinds.base import KindPlugin
from flows.kinds.registry import PLUGINS, kinds_where, plugin_for
from flows.schema import Question, QuestionKind

FLAGS = ("needs_choices", "takes_evidence", "takes_range", "own_words", "dont_know_box")


@pytest.mark.parametrize("kind", list(QuestionKind))
def test_every_kind_has_a_plugin_that_says_it_is_that_kind(kind: QuestionKind) -> None:
    assert plugin_for(kind).kind is kind


@pytest.mark.parametrize("kind", list(QuestionKind))
def test_every_plugin_satisfies_the_protocol(kind: QuestionKind) -> None:
    plugin = plugin_for(kind)
    assert isinstance(plugin, KindPlugin)
    assert all(isinstance(getattr(plugin, flag), bool) for flag in FLAGS)


def test_the_table_holds_nothing_but_the_kinds() -> None:
    assert set(PLUGINS) == set(QuestionKind)
    assert len({id(plugin) for plugin in PLUGINS.values()}) == len(QuestionKind)


def test_kinds_are_named_in_the_enums_order() -> None:
    assert kinds_where(lambda p: p.needs_choices) == "single_choice and multi_choice"
    assert kinds_where(lambda p: p.takes_evidence) == "yes_no and scale"
    assert kinds_where(lambda p: p.takes_range) == "number"


def test_the_schema_refuses_fields_a_kind_does_not_take_naming_the_kinds_that_do() -> None:
    with pytest.raises(ValidationError, match="evidence is for yes_no and scale questions only"):
        Question.model_validate(
            {"id": "q", "kind": "number", "text": "T", "help": "H", "quote": "Q", "evidence": {}}
        )
    with pytest.raises(ValidationError, match="dont_know is not for free_text, which may be left blank"):
        Question.model_validate(
            {"id": "q", "kind": "free_text", "text": "T", "help": "H", "quote": "Q", "dont_know": True}
        )


def test_the_registry_can_be_imported_before_the_engine() -> None:
    # The engine imports the registry; a plug-in that imported the engine back would break this.
    done = subprocess.run(
        [sys.executable, "-c", "import flows.kinds.registry, flows.engine"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
