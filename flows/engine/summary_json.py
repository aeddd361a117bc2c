"""The analysis as a JSON-ready dict for exports and the command line: anonymous, like the summary."""

from __future__ import annotations

from typing import Any

from flows.engine.model import Analysis
from flows.engine.phrasing import robustness
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
            "signals": [
                {
                    "question": s.question_id,
                    "supporters": s.supporters,
                    "answered": s.answered,
                    "decided": s.decided,
                }
                for s in chosen.signals
            ],
        },
        "scores": dict(analysis.scores),
        "shares": dict(analysis.shares),
        "agreement": analysis.agreement,
        "questions_judged": analysis.judged,
        "questions_agreed": analysis.agreed,
        "alpha": {"ordinal": analysis.alpha.ordinal, "nominal": analysis.alpha.nominal},
        # Each dispute's distribution is the panel's own answers; a facilitator's decision is beside it.
        "disputed": [
            {
                "question": q.question_id,
                "decisive": q.decisive,
                "resolution": q.resolution,
                "distribution": dict(q.distribution),
                "dont_know": q.dont_know,
                "decided": q.decided,
            }
            for q in analysis.disputed
        ],
        "participation": {
            "answered": taking_part.answered,
            "invited": taking_part.invited,
            "declined": taking_part.declined,
            "completeness": taking_part.completeness,
            "roles_missing": list(taking_part.roles_missing),
            "present": taking_part.present,
            "coverage": taking_part.coverage,
        },
        "sensitivity": {
            "verdict": robustness(analysis),
            "flipped": [c.model_dump(mode="json") for c in analysis.sensitivity if c.flipped],
            "cases": len(analysis.sensitivity),
        },
    }
