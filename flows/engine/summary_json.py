"""The analysis as a JSON-ready dict for exports and the command line: anonymous, like the summary."""

from __future__ import annotations

from typing import Any

from flows.engine.model import Analysis
from flows.engine.summary import sensitivity_verdict
from flows.schema import Flow


def summary_json(flow: Flow, analysis: Analysis) -> dict[str, Any]:
    chosen = analysis.recommendation
    taking_part = analysis.participation
    return {
        "flow": {"id": flow.id, "version": flow.version, "title": flow.title},
        "recommendation": {
            "option": chosen.option_id,
            "option_id": chosen.option_id,
            "label": chosen.label,
            "confidence": chosen.confidence,
            "margin": chosen.margin,
            "reasons": list(chosen.reasons),
            "blocked_by": list(chosen.blocked_by),
            "missing": list(chosen.missing),
            "tied": list(chosen.tied),
            "tie_breakers": list(chosen.tie_breakers),
        },
        "scores": dict(analysis.scores),
        "shares": dict(analysis.shares),
        "agreement": analysis.agreement,
        "alpha": {"ordinal": analysis.alpha.ordinal, "nominal": analysis.alpha.nominal},
        "disputed": [
            {"question": q.question_id, "decisive": q.decisive, "resolution": q.resolution}
            for q in analysis.disputed
        ],
        "participation": {
            "answered": taking_part.answered,
            "invited": taking_part.invited,
            "declined": taking_part.declined,
            "completeness": taking_part.completeness,
            "roles_missing": list(taking_part.roles_missing),
        },
        "sensitivity": {
            "verdict": sensitivity_verdict(analysis),
            "flipped": [c.model_dump(mode="json") for c in analysis.sensitivity if c.flipped],
            "cases": len(analysis.sensitivity),
        },
    }
