"""The whole decision record as JSON, with `schema_version` so a reader can tell which shape it holds.
Version 1: the keys below; `flow` is the flow as the workshop ran it and `analysis` the engine's
`Analysis` as it may be shown (null, with `decision.withheld` saying why, when too few answered an
anonymous workshop). An anonymous workshop's record holds no name, no Slack user id and no per-person key."""

from __future__ import annotations

import json
from typing import Any

from bot.export.model import DecisionRecord
from flows.engine.phrasing import robustness

SCHEMA_VERSION = 1


def record_json(record: DecisionRecord) -> dict[str, Any]:
    dumped = record.model_dump(mode="json", by_alias=True)
    return {
        "schema_version": SCHEMA_VERSION,
        "workshop": {
            "id": record.workshop_id,
            "status": record.status,
            "anonymous": record.anonymous,
            "created_at": dumped["created_at"],
            "closed_at": dumped["closed_at"],
            "decided_at": dumped["decided_at"],
            "facilitator": record.facilitator,
            "recommendation_revision": record.recommendation_revision,
        },
        "decision": _decision(record),
        "flow": dumped["flow"],
        "analysis": dumped["analysis"],
        "answers": dumped["answers"],
        "disputes": dumped["disputes"],
        "checkins": dumped["checkins"],
    }


def _decision(record: DecisionRecord) -> dict[str, Any]:
    """The outcome; with the results withheld, only the question and why nothing more is shown."""
    decision: dict[str, Any] = {"question": record.flow.decision, "source": record.flow.source.title}
    if record.analysis is None:
        return decision | {"withheld": record.withheld}
    chosen = record.analysis.recommendation
    return decision | {
        "option": chosen.option_id,
        "label": chosen.label,
        "confidence": chosen.confidence,
        "margin": chosen.margin,
        "reasons": list(chosen.reasons),
        "missing": list(chosen.missing),
        "tied": list(chosen.tied),
        "tie_breakers": list(chosen.tie_breakers),
        "robustness": robustness(record.analysis),
    }


def render_json(record: DecisionRecord) -> str:
    return json.dumps(record_json(record), indent=2, ensure_ascii=False) + "\n"
