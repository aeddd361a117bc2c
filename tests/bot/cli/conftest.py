"""Fixtures for the command line: a small flow of our own for the rehearsal tests, so they do not
depend on the shipped flows' questions (a scale and a yes/no question, a free-text box, the CFO
required, a quorum of 3); and the storage suite's small workshop, for commands that read a
database (`export`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.bot.services.conftest import catalog, clock, flow, scope, start_workshop, workshop, workshops

__all__ = ["catalog", "clock", "flow", "scope", "start_workshop", "workshop", "workshops"]

TINY_FLOW_ID = "tiny-rehearsal"
WriteAnswers = Callable[[list[dict[str, Any]]], Path]


def _option(option_id: str, label: str) -> dict[str, Any]:
    cited = [{"text": f"{label} fits.", "quote": "A sentence."}]
    return {"id": option_id, "label": label, "summary": label, "when_it_makes_sense": cited, "risks": cited}


def _question(question_id: str, kind: str, **rest: Any) -> dict[str, Any]:
    return {
        "id": question_id,
        "kind": kind,
        "text": f"{question_id}?",
        "help": "Help.",
        "quote": "Q.",
        **rest,
    }


@pytest.fixture
def tiny_flows_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "flows"
    folder.mkdir()
    flow = {
        "kind": "hiring-workshop-flow",
        "id": TINY_FLOW_ID,
        "version": 1,
        "title": "Tiny rehearsal flow",
        "source": {"title": "A document", "file": "doc.txt"},
        "decision": "Which role first.",
        "options": [_option("lead", "Product Lead"), _option("head", "Head of AI")],
        "sections": [
            {
                "id": "only",
                "title": "Only",
                "questions": [
                    _question("mature", "scale", evidence={"agree": {"lead": 2}, "disagree": {"head": 2}}),
                    _question("ready", "yes_no", evidence={"agree": {"lead": 1}, "disagree": {"head": 1}}),
                    _question("notes", "free_text", required=False),
                ],
            }
        ],
        "success_criteria": [{"id": "shipped", "text": "Shipped.", "quote": "A sentence."}],
        "requires": {"roles": ["cfo"], "quorum": 3},
    }
    # JSON is YAML without anchors, which flow files refuse.
    (folder / f"{TINY_FLOW_ID}.yaml").write_text(json.dumps(flow, indent=1))
    return folder


@pytest.fixture
def write_answers(tmp_path: Path) -> WriteAnswers:
    """An answers file with these participants, in tmp_path."""

    def write(participants: list[dict[str, Any]]) -> Path:
        path = tmp_path / "answers.yaml"
        path.write_text(yaml.safe_dump({"participants": participants}))
        return path

    return write
