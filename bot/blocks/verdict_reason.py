"""Why the confidence is what it is, in one plain sentence a CEO reads at a glance, built from the
engine's what-ifs and the panel's own counts: "1 of 5 answered no to “Do we…?”; if that view won,
the answer would be AI Product Lead." Unescaped text; the caller escapes it."""

from __future__ import annotations

from collections.abc import Sequence

from bot.blocks.spread import answer_words
from flows.engine.model import Analysis, QuestionResult, SensitivityCase
from flows.engine.wording import points
from flows.schema import Flow

WEIGHT_CASES = {
    "weight_halved": "counting it half as much",
    "weight_raised": "counting it half as much again",
}
SCALE_GROUPS = (("1", "2"), ("3",), ("4", "5"))


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
        if runner_up:
            return f"{rec.label} is only {points(rec.margin)} ahead of {runner_up}."
    if rec.confidence == "medium":
        every = next((c for c in flipped if c.name == "all_minority_views"), None)
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
            f"The panel agreed on {round(analysis.agreement * 100)}% of the questions, and no single "
            "change of view alters the answer."
        )
    return rec.reasons[0] if rec.reasons else ""


def minority_sentence(flow: Flow, result: QuestionResult, option_label: str) -> str:
    """ "k of n <held the other view> on <question>; if that view won, the answer would be X"."""
    words, count = _other_view(result)
    question = _text(flow, result.question_id)
    held = _held(result.kind, words, count, question)
    return f"{count} of {result.answered} {held}; if that view won, the answer would be {option_label}."


def _first_minority(
    flow: Flow, analysis: Analysis, flipped: Sequence[SensitivityCase], labels: _Labels
) -> str | None:
    cases = [c for c in flipped if c.name == "minority_view" and c.question_id]
    results = {r.question_id: r for r in analysis.questions}
    for case in cases:
        result = results.get(case.question_id or "")
        if result is None or result.answered == 0:
            continue
        sentence = minority_sentence(flow, result, labels.of(case.option_id))
        more = len(cases) - 1
        if more:
            sentence = (
                sentence[:-1] + f" ({more} more question{'s' if more != 1 else ''} could also change it)."
            )
        return sentence
    return None


def _other_view(result: QuestionResult) -> tuple[str, int]:
    """The view outside the most common answer, and how many hold it, as the engine's minority view
    picks it: for a scale, by the groups disagree {1,2}, neither {3} and agree {4,5}."""
    counts = result.distribution
    if result.kind == "scale":
        groups = [
            (key, sum(counts.get(k, 0) for k in keys)) for key, keys in zip("dna", SCALE_GROUPS, strict=True)
        ]
        modal = min(groups, key=lambda g: -g[1])
        others = [g for g in groups if g is not modal]
        other = min(others, key=lambda g: -g[1])
        return other[0], other[1]
    if result.kind == "multi_choice":
        top = max(counts.values(), default=0)
        return "", result.answered - top
    ranked = sorted(counts.items(), key=lambda item: -item[1])  # stable: the flow's order breaks ties
    if len(ranked) < 2:
        return "", 0
    return answer_words(result.kind, ranked[1][0]), ranked[1][1]


def _held(kind: str, words: str, count: int, question: str) -> str:
    one = count == 1
    if kind == "scale":
        verb = {
            "d": "disagrees with" if one else "disagree with",
            "a": "agrees with" if one else "agree with",
            "n": "is neutral on" if one else "are neutral on",
        }[words]
        return f"{verb} “{question}”"
    if kind == "yes_no":
        return f"answered {words.lower()} to “{question}”"
    if kind == "multi_choice":
        return f"answered “{question}” differently from the rest"
    return f"answered “{words}” to “{question}”"


def _text(flow: Flow, question_id: str) -> str:
    try:
        return " ".join(flow.question(question_id).text.split())
    except KeyError:
        return question_id


def _runner_up(analysis: Analysis, labels: _Labels) -> str | None:
    chosen = analysis.recommendation.option_id
    others = sorted(((s, o) for o, s in analysis.shares.items() if o != chosen), reverse=True)
    return labels.of(others[0][1]) if others else None


class _Labels(dict[str, str]):
    """Option labels by id; an id the flow no longer lists reads as itself."""

    def of(self, option_id: str | None) -> str:
        return self.get(option_id or "", option_id or "another option")
