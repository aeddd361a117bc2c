"""Why the confidence is what it is, in one plain sentence a CEO reads at a glance, built from the
engine's what-ifs and the panel's own counts: "1 of 5 answered no to “Do we…?”; if that view won,
the answer would be AI Product Lead." Unescaped text; the caller escapes it."""

from __future__ import annotations

from collections.abc import Sequence

from bot.blocks.disputes import question_text
from flows.engine.model import Analysis, SensitivityCase, Thresholds
from flows.engine.sensitivity import ALL_SWITCHED, SINGLE_SWITCH
from flows.engine.text import one_line, percent, points
from flows.schema import Flow

WEIGHT_CASES = {
    "weight_halved": "counting it half as much",
    "weight_raised": "counting it half as much again",
}
SCALE_GROUPS = (("1", "2"), ("3",), ("4", "5"))
# Below this lead, the margin itself is the reason to name; above it, the engine's own reason is.
NARROW_MARGIN = Thresholds().low_margin


def confidence_sentence(flow: Flow, analysis: Analysis) -> str:
    rec = analysis.recommendation
    labels = _Labels({o.id: o.label for o in flow.options})
    flipped = [c for c in analysis.sensitivity if c.flipped]
    if rec.confidence == "low":
        if rec.blocked_by:
            return " ".join(rec.blocked_by)
        sentence = _first_minority(flow, analysis, flipped, labels)
        if sentence:
            return sentence
        reweighted = next((c for c in flipped if c.name in WEIGHT_CASES and c.question_id), None)
        if reweighted is not None and reweighted.question_id is not None:
            return (
                f"The answer rests on how much “{_text(flow, reweighted.question_id)}” counts: "
                f"{WEIGHT_CASES[reweighted.name]} would make it {labels.of(reweighted.option_id)}."
            )
        still_open = [r for r in analysis.disputed if r.decisive and r.resolution in ("open", "left_open")]
        if still_open:
            return (
                f"The panel is still split on “{_text(flow, still_open[0].question_id)}”, which decides it."
            )
        runner_up = _runner_up(analysis, labels)
        if runner_up and rec.margin < NARROW_MARGIN:
            return f"{rec.label} is only {points(rec.margin)} ahead of {runner_up}."
    if rec.confidence == "medium":
        every = next((c for c in flipped if c.name == ALL_SWITCHED), None)
        if every is not None:
            return (
                "If every split question went the other way, the answer would be "
                f"{labels.of(every.option_id)}."
            )
        decided = [r for r in analysis.disputed if r.resolution == "decided"]
        if decided:
            count = len(decided)
            return (
                f"The panel split on {count} question{'s' if count != 1 else ''}, and the facilitator "
                f"decided {'them' if count != 1 else 'it'}; see the thread."
            )
        filled = next((c for c in flipped if c.name == "missing_filled"), None)
        if filled is not None:
            answer = labels.of(filled.option_id)
            return f"If the missing answers all went against it, the answer would be {answer}."
    if rec.confidence == "high":
        return (
            f"The panel agreed on {percent(analysis.agreement)} of the questions, and no single "
            "change of view alters the answer."
        )
    return rec.reasons[0] if rec.reasons else ""


def _first_minority(
    flow: Flow, analysis: Analysis, flipped: Sequence[SensitivityCase], labels: _Labels
) -> str | None:
    cases = [c for c in flipped if c.name == SINGLE_SWITCH and c.question_id and c.holders]
    if not cases:
        return None
    case = min(cases, key=lambda c: (c.holders or 0, c.question_id or ""))
    question = _text(flow, case.question_id or "")
    sentence = (
        f"{case.holders} of {case.answered} answered “{case.answer}” to “{question}”; if that view won, "
        f"the answer would be {labels.of(case.option_id)}."
    )
    more = len({c.question_id for c in cases}) - 1
    if more:
        sentence = sentence[:-1] + f" ({more} more question{'s' if more != 1 else ''} could also change it)."
    return sentence


def _text(flow: Flow, question_id: str) -> str:
    return one_line(question_text(flow, question_id))


def _runner_up(analysis: Analysis, labels: _Labels) -> str | None:
    chosen = analysis.recommendation.option_id
    others = sorted(((s, o) for o, s in analysis.shares.items() if o != chosen), reverse=True)
    return labels.of(others[0][1]) if others else None


class _Labels(dict[str, str]):
    """Option labels by id; an id the flow no longer lists reads as itself."""

    def of(self, option_id: str | None) -> str:
        return self.get(option_id or "", option_id or "another option")
