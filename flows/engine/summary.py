"""The summary of an analysis, one string per part, each under 2,900 characters: as Slack mrkdwn
(all text escaped, whoever wrote it) or as plain text for a terminal. Answers and rationales stay
anonymous. With no recommendation it says so, with what is missing; a facilitator's decision is
shown as a decision, beside the panel's own split, and never counted as the panel's support."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flows.engine.model import Analysis, QuestionResult, Signal
from flows.engine.mrkdwn import bar, bounded, clip, escape
from flows.engine.wording import DONT_KNOW_LABEL, as_sentence, percent, points
from flows.kinds.registry import plugin_for
from flows.schema import ROLES, Flow

_RESOLUTIONS = {
    "revised": "settled in round 2",
    "decided": "decided by the facilitator",
    "left_open": "left open by the facilitator",
    "open": "still open",
    "agreed": "agreed",
}


@dataclass(frozen=True)
class Style:
    bold: Callable[[str], str]
    italic: Callable[[str], str]
    text: Callable[[str], str]  # what any text written by a person or a flow goes through


MRKDWN = Style(bold=lambda t: f"*{t}*", italic=lambda t: f"_{t}_", text=escape)
PLAIN = Style(bold=lambda t: t, italic=lambda t: t, text=lambda t: t)


def render_mrkdwn(flow: Flow, analysis: Analysis) -> str:
    return "\n\n".join(summary_sections(flow, analysis))


def render_text(flow: Flow, analysis: Analysis) -> str:
    """The same summary as plain text, for a terminal."""
    return "\n\n".join(summary_sections(flow, analysis, PLAIN))


def summary_sections(flow: Flow, analysis: Analysis, style: Style = MRKDWN) -> list[str]:
    return [
        _headline(flow, analysis, style),
        _why(flow, analysis, style),
        _risks(flow, analysis, style),
        _open_answers(flow, analysis, style),
        _disputes(flow, analysis, style),
        _participation(analysis, style),
        _sensitivity(flow, analysis, style),
    ]


def sensitivity_verdict(analysis: Analysis) -> str:
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


def spread(flow: Flow, result: QuestionResult, style: Style = PLAIN) -> str:
    """The panel's own answers to a question, with their labels: "Strongly disagree 2 · Agree 3"."""
    question = flow.question(result.question_id)
    plugin = plugin_for(question.kind)
    shown = [(plugin.distribution_label(label), n) for label, n in result.distribution.items() if n]
    if result.dont_know:
        shown.append((DONT_KNOW_LABEL, result.dont_know))
    return " · ".join(f"{style.text(clip(label, 60))} {n}" for label, n in shown) or "no answers"


def _headline(flow: Flow, analysis: Analysis, style: Style) -> str:
    chosen = analysis.recommendation
    decision = style.italic(style.text(clip(flow.decision, 300)))
    if chosen.option_id is None or chosen.label is None:
        title = "No recommendation yet: the options are tied." if chosen.tied else "No recommendation yet."
        lines = [f"• {style.text(clip(m, 400))}" for m in chosen.missing]
        if chosen.tie_breakers:
            lines.append("What would break the tie:")
            lines += [f"• {style.text(clip(b, 400))}" for b in chosen.tie_breakers]
        return bounded([style.bold(title), decision], lines)
    head = [
        f"{style.bold('Recommendation: ' + style.text(clip(chosen.label, 150)))} "
        f"(confidence: {style.bold(str(chosen.confidence))})",
        decision,
    ]
    reasons = [f"• {style.text(clip(r, 400))}" for r in chosen.reasons]
    return bounded(head, reasons)


def _why(flow: Flow, analysis: Analysis, style: Style) -> str:
    chosen = analysis.recommendation
    head = [style.bold("Why" if chosen.label else "Where the options stand")]
    head += [
        f"{bar(analysis.shares[o.id])} {percent(analysis.shares[o.id])} {style.text(clip(o.label, 150))}"
        for o in flow.options
    ]
    head.append(
        f"Margin: {points(chosen.margin)}. Agreement: {percent(analysis.agreement)} of judged questions."
    )
    if chosen.signals and chosen.label:
        head.append(style.bold(f"What points to {style.text(clip(chosen.label, 150))}"))
    return bounded(head, [_signal_line(s, style) for s in chosen.signals])


def _signal_line(signal: Signal, style: Style) -> str:
    text = style.text(clip(signal.text, 200))
    backed = f"{signal.supporters} of {signal.answered} backed it"
    if signal.decided is None:
        return f"• {text} ({backed})"
    decided = style.text(clip(signal.decided, 100))
    return f"• {text} (the facilitator decided: {decided}; of the panel's own answers, {backed})"


def _risks(flow: Flow, analysis: Analysis, style: Style) -> str:
    chosen = analysis.recommendation
    if chosen.label is None:
        return bounded([style.bold("Risks")], ["Named once there is a recommendation."])
    title = f"{style.bold('Risks of ' + style.text(clip(chosen.label, 150)))}, from "
    head = [title + style.italic(style.text(clip(flow.source.title, 150)))]
    risks = [f"• {style.text(clip(r.text, 500))}\n> {style.text(clip(r.quote, 500))}" for r in chosen.risks]
    return bounded(head, risks)


def _open_answers(flow: Flow, analysis: Analysis, style: Style) -> str:
    head = [f"{style.bold('What the panel wrote')} (anonymous)"]
    items: list[str] = []
    for result in analysis.questions:
        if result.free_text:
            items.append(style.bold(style.text(clip(flow.question(result.question_id).text, 200))))
            items += [f"• {style.text(clip(text, 300))}" for text in result.free_text]
    return bounded(head, items or ["No written answers."])


def _disputes(flow: Flow, analysis: Analysis, style: Style) -> str:
    disputed = analysis.disputed
    head = [style.bold("Disputes")]
    if not disputed:
        return bounded(head, ["None: the panel agreed, or had too few answers to judge, on every question."])
    items: list[str] = []
    for result in disputed:
        items.append(_dispute_line(flow, result, style))
        items += [f"    > {style.text(clip(text, 300))}" for text in result.rationales]
    return bounded(head, items)


def _dispute_line(flow: Flow, result: QuestionResult, style: Style) -> str:
    text = style.text(clip(flow.question(result.question_id).text, 200))
    split = spread(flow, result, style)
    decisive = (
        f" {style.bold('Decisive:')} another answer the panel gave changes the recommendation."
        if result.decisive
        else ""
    )
    if result.decided is not None:
        why = result.decision_rationale
        because = f" Why: {style.text(clip(as_sentence(why), 200))}" if why else ""
        decided = style.text(clip(result.decided, 100))
        return f"• {text}: the panel split {split}; the facilitator decided “{decided}”.{because}"
    resolution = _RESOLUTIONS[result.resolution or "open"]
    return f"• {text} ({split}): {resolution}.{decisive}"


def _participation(analysis: Analysis, style: Style) -> str:
    taking_part = analysis.participation
    lines = [
        style.bold("Participation"),
        f"{taking_part.answered} of {taking_part.invited} invited answered "
        f"({taking_part.present} with answers that weigh on the decision), {taking_part.declined} declined; "
        f"{percent(taking_part.completeness)} of the required questions answered.",
    ]
    if taking_part.roles_missing:
        missing = ", ".join(style.text(ROLES.get(role, role)) for role in taking_part.roles_missing)
        lines.append(f"Required roles missing: {missing}.")
    return bounded(lines, [])


def _sensitivity(flow: Flow, analysis: Analysis, style: Style) -> str:
    head = [style.bold("How robust is it?"), sensitivity_verdict(analysis)]
    if analysis.recommendation.option_id is None:
        return bounded(head, [])
    labels = {o.id: o.label for o in flow.options}
    flips = [
        f"• {style.text(clip(c.description, 250))} → {style.text(clip(_outcome(c.option_id, labels), 150))}"
        for c in analysis.sensitivity
        if c.flipped
    ]
    return bounded(head, flips)


def _outcome(option_id: str | None, labels: dict[str, str]) -> str:
    return labels[option_id] if option_id is not None else "a tie"
