"""The sentences more than one surface shows, worded once: a question's spread of answers, how much
of the panel a signal has behind it, how a dispute was settled, whether the outcome is robust.
The Slack blocks, the terminal summary and the exports all word these facts through here, so no two
surfaces can say the same thing two ways.

Every function takes `text`, what the surface does to text a person or a flow wrote (escape it for
Slack, for Markdown, or leave it for a terminal); the fixed words need no escaping on any surface.
A facilitator's decision is always worded as a decision, beside the panel's own counts, never as
the panel's support."""

from __future__ import annotations

from collections.abc import Callable

from flows.engine.checkin_report import CheckInReport
from flows.engine.model import Analysis, Participation, QuestionResult, Recommendation, Signal
from flows.engine.text import as_sentence, listed, percent
from flows.kinds.registry import plugin_for
from flows.schema import QuestionKind

Text = Callable[[str], str]
DECISIVE = "Decisive: another answer the panel gave changes the recommendation."
# An anonymous workshop's small groups are emptied before they are shown (flows.engine.anonymity).
WITHHELD_SPREAD = "(too few answered to show how without exposing them)"


CHECKIN_VERDICTS = {
    "still_looks_right": "the original recommendation still looks right",
    "worth_revisiting": "the original recommendation is worth revisiting",
    "no_ratings": "nobody rated, so there is nothing to judge the recommendation by",
}


def _as_is(text: str) -> str:
    return text


def answer_words(kind: str, key: str) -> str:
    """The words for one key of `QuestionResult.distribution`, as people saw that answer: the
    engine counts scale answers by their number ("4"), people read "Agree"."""
    return plugin_for(QuestionKind(kind)).distribution_label(key)


def labelled_counts(result: QuestionResult) -> list[tuple[str, int]]:
    """(words, count) for every answer somebody gave, in the flow's order; unescaped."""
    return [(answer_words(result.kind, key), n) for key, n in result.distribution.items() if n > 0]


def spread(result: QuestionResult, text: Text = _as_is) -> str:
    """ "Strongly disagree 2 · Strongly agree 3": the panel's own answers, with their counts."""
    counts = labelled_counts(result)
    if not counts:
        return "no answers"
    return " · ".join(f"{text(words)} {n}" for words, n in counts)


def backing(signal: Signal, text: Text = _as_is, *, brief: bool = False) -> str:
    """How much of the panel stands behind a signal; a facilitator's decision named as one. `brief`
    for the channel post, under its heading "What points to …", where every character counts (the
    post stays under 1,000 even when all three signals shown were decided): the count, and that the
    facilitator decided, not what (the thread says what)."""
    if brief:
        decided = "; facilitator decided" if signal.decided is not None else ""
        return f"{signal.supporters} of {signal.answered} answers{decided}"
    counted = f"{signal.supporters} of {signal.answered} answers point to it"
    if signal.decided is None:
        return counted
    return f"the facilitator decided “{text(signal.decided)}”; of the panel's own answers, {counted}"


def settlement(
    result: QuestionResult,
    text: Text = _as_is,
    *,
    answer: str | None = None,
    rationale: str | None = None,
    who: str = "the facilitator",
) -> str:
    """How a disputed question stands, as one sentence: "the panel split No 2 · Yes 3; the
    facilitator decided “Yes”. Why: …". `answer` and `rationale` are the facilitator's latest word
    when the surface knows it (the engine's own `decided` otherwise); `who` may name them."""
    counts = spread(result, text) if result.distribution else WITHHELD_SPREAD
    # One person may pick several choices: the counts are no split.
    split = f"picked {counts}" if plugin_for(QuestionKind(result.kind)).picks_several else f"split {counts}"
    decided = answer if answer is not None else result.decided
    why = rationale if rationale is not None else result.decision_rationale
    match result.resolution:
        case "agreed":
            outcome = f"the panel agreed in round 2: {counts}."
        case "revised":
            outcome = f"settled in round 2, when people revised their answers: {counts}."
        case "decided" if decided is not None:
            outcome = f"the panel {split}; {who} decided “{text(decided)}”."
        case "decided":
            outcome = f"the panel {split}; {who} decided it."
        case "left_open":
            outcome = f"the panel {split}; {who} left it open."
        case _:
            return f"still open: the panel {split}."
    if why and result.resolution in ("decided", "left_open"):
        outcome += f" Why: {text(as_sentence(why))}"
    return outcome


def outcome_title(rec: Recommendation) -> str:
    """The verdict in a few words: the option, or that there is none (never an option as a tie)."""
    if rec.option_id is not None:
        return f"Recommendation: {rec.label}"
    if rec.tied:
        return "No recommendation yet: a tie"
    return "No recommendation yet"


def turnout(taking_part: Participation) -> str:
    """Who took part, as the engine counts them: the panel's own numbers."""
    return (
        f"{taking_part.answered} of {taking_part.invited} invited answered ({taking_part.present} with "
        f"answers that weigh on the decision), {taking_part.declined} declined; "
        f"{percent(taking_part.completeness)} of the required questions answered"
    )


def agreement(analysis: Analysis) -> str:
    share = percent(analysis.agreement)
    if not analysis.judged:  # stored before the counts were kept
        return f"{share} of the judged questions reached consensus"
    return f"{analysis.agreed} of the {analysis.judged} judged questions reached consensus ({share})"


def recommended(label: str | None, confidence: str | None) -> str:
    """A finished workshop's outcome in a few words, for the lists of workshops (the App Home and
    `/hiring status`). `label` as the surface shows it (escaped, emphasised); None: none was made."""
    if label is None:
        return "Finished with no recommendation"
    return f"Recommended {label}" + (f" ({confidence} confidence)" if confidence else "")


def tie_between(labels: list[str]) -> str:
    """The options tied at the top, never one of them as the answer: "a tie between A and B"."""
    return f"a tie between {listed(labels)}"


def robustness(analysis: Analysis) -> str:
    """Whether any what-if changes the recommendation."""
    chosen = analysis.recommendation
    if chosen.option_id is None:
        return (
            "Not tested: the options are tied; what would break the tie is listed."
            if chosen.tied
            else "Not tested: there is no recommendation yet."
        )
    flips = [c for c in analysis.sensitivity if c.flipped]
    total = len(analysis.sensitivity)
    if not flips:
        return f"Robust: none of the {total} what-ifs changes the recommendation."
    return f"Fragile: {len(flips)} of {total} what-ifs change the recommendation."


def checkin_verdict(report: CheckInReport) -> str:
    """What a check-in found, with the panel's own count of criteria on track."""
    verdict = CHECKIN_VERDICTS[report.verdict]
    if not report.rated:
        return f"{verdict}."
    return f"{verdict}: {report.on_track} of {len(report.rated)} rated criteria are met or partly met."
