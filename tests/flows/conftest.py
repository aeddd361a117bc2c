"""Fixtures for the flow definition and loader tests: the shipped catalog, the seed documents, and
a small valid flow to break in one place at a time."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from flows.loader import FlowCatalog
from flows.schema import Flow

REPO_ROOT = Path(__file__).parents[2]
# The seed documents are in `SEEDS_DIR` when it is set, else in `../shared/seeds`, where the
# workspace and CI keep them beside the repository (the loader looks in the same places).
SEEDS_CANDIDATES = [
    *([Path(os.environ["SEEDS_DIR"])] if os.environ.get("SEEDS_DIR") else []),
    REPO_ROOT / ".." / "shared" / "seeds",
]
SEEDS_DIR = next((p.resolve() for p in SEEDS_CANDIDATES if p.is_dir()), None)

WriteYaml = Callable[[str, Any], Path]


@pytest.fixture(scope="session")
def catalog() -> FlowCatalog:
    return FlowCatalog.load()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The seed documents' folder. A user's machine may not have them: the tests that read them
    skip, saying where they looked; under CI, where they must be, those tests fail instead."""
    if SEEDS_DIR is None:
        looked = " or ".join(str(p) for p in SEEDS_CANDIDATES)
        reason = f"the seed documents are not in {looked}; set SEEDS_DIR to their folder"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return SEEDS_DIR


@pytest.fixture(scope="session")
def seed_text(seeds_dir: Path) -> Callable[[Flow], str]:
    """The text of the document a flow cites."""
    return lambda flow: (seeds_dir / flow.source.file).read_text(encoding="utf-8")


@pytest.fixture
def small_flow() -> dict[str, Any]:
    """A valid two-option flow as plain data; each test changes one thing."""
    cited = [{"text": "It fits.", "quote": "A sentence."}]
    return {
        "kind": "hiring-workshop-flow",
        "id": "small",
        "version": 1,
        "title": "Small flow",
        "source": {"title": "A document", "file": "doc.txt"},
        "decision": "Which role first.",
        "options": [
            {
                "id": "lead",
                "label": "Lead",
                "summary": "A lead.",
                "when_it_makes_sense": cited,
                "risks": cited,
            },
            {
                "id": "head",
                "label": "Head",
                "summary": "A head.",
                "when_it_makes_sense": cited,
                "risks": cited,
            },
        ],
        "sections": [
            {
                "id": "first",
                "title": "First",
                "questions": [
                    {
                        "id": "need_lead",
                        "kind": "yes_no",
                        "text": "Do we need a lead?",
                        "help": "Answer yes or no.",
                        "quote": "A sentence.",
                        "evidence": {"agree": {"lead": 2}, "disagree": {"head": 2}},
                    },
                    {
                        "id": "size",
                        "kind": "number",
                        "text": "How many people?",
                        "help": "Roughly.",
                        "quote": "A sentence.",
                        "bands": [{"max": 50, "weights": {"lead": 1}}, {"min": 50, "weights": {"head": 1}}],
                    },
                ],
            },
            {
                "id": "second",
                "title": "Second",
                "questions": [
                    {
                        "id": "why",
                        "kind": "free_text",
                        "text": "Why?",
                        "help": "A sentence.",
                        "quote": "A sentence.",
                        "show_when": {"question": "need_lead", "equals": True},
                    }
                ],
            },
        ],
        "success_criteria": [{"id": "shipped", "text": "Something shipped.", "quote": "A sentence."}],
    }


@pytest.fixture
def write_yaml(tmp_path: Path) -> WriteYaml:
    """Writes data (or raw text) as `tmp_path/<name>` and returns the path."""

    def write(name: str, content: Any) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        # Through JSON first: pieces the data shares would be written as YAML anchors and aliases,
        # which flow files may not use; a person writes each out in full.
        written = content if isinstance(content, str) else json.loads(json.dumps(content))
        text = written if isinstance(written, str) else yaml.safe_dump(written, sort_keys=False)
        path.write_text(text, encoding="utf-8")
        return path

    return write
