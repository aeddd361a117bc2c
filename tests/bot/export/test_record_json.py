"""The JSON decision record: versioned, complete, and saying so when there is no recommendation."""

from __future__ import annotations

import json
from collections.abc import Callable

from bot.export.files import export_files
from bot.export.model import DecisionRecord
from bot.export.record_json import SCHEMA_VERSION, render_json
from flows.engine.model import Analysis
from flows.schema import Flow


def test_the_record_carries_its_schema_version_and_every_part(
    make_record: Callable[..., DecisionRecord],
) -> None:
    record = make_record(decision="small")

    document = json.loads(render_json(record))

    assert document["schema_version"] == SCHEMA_VERSION == 1
    assert document["workshop"]["id"] == 7 and document["workshop"]["anonymous"] is True
    assert document["decision"]["option"] == record.analysis.recommendation.option_id
    assert document["decision"]["source"] == "Hiring AI Leaders"
    assert Flow.model_validate(document["flow"]) == record.flow
    assert Analysis.model_validate(document["analysis"]) == record.analysis
    assert len(document["answers"]) == len(record.answers)
    [decided] = [d for d in document["disputes"] if d["status"] == "decided"]
    assert decided["settlements"][0]["value_label"] == "Small"
    assert decided["settlements"][0]["decided_by"] is None
    assert document["checkins"][0]["months"] == 12


def test_no_recommendation_is_null_with_its_reasons(record: DecisionRecord) -> None:
    chosen = record.analysis.recommendation.model_copy(
        update={"option_id": None, "label": None, "confidence": None, "missing": ["Quorum not met"]}
    )
    waiting = record.model_copy(
        update={"analysis": record.analysis.model_copy(update={"recommendation": chosen})}
    )

    decision = json.loads(render_json(waiting))["decision"]

    assert (decision["option"], decision["confidence"], decision["missing"]) == (
        None,
        None,
        ["Quorum not met"],
    )


def test_the_three_files_are_named_after_the_workshop(record: DecisionRecord) -> None:
    files = export_files(record)

    assert [f.filename for f in files] == [
        "workshop-7-decision-record.md",
        "workshop-7-answers.csv",
        "workshop-7-decision-record.json",
    ]
    assert all(f.content for f in files)
    assert files[0].content.decode().startswith("---\nstatus:")
