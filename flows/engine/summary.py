"""The terminal's renderer: the whole analysis as one summary, one string per part, each under 2,900
characters. `hiring-workshop rehearse` prints it as plain text; the database keeps it with every
recommendation as Slack mrkdwn (all text escaped, whoever wrote it), the record of what the engine
said, since storage may not import the Slack app's blocks. Answers and rationales stay anonymous.
With no recommendation it says so, with what is missing. Sentences other surfaces show too come
from `flows.engine.phrasing`, so a facilitator's decision reads as a decision here as everywhere."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flows.engine.model import Analysis, QuestionResult, Signal
from flows.engine.phrasing import DECISIVE, agreement, backing, outcome_title, robustness, settlement, turnout
from flows.engine.text import bar, bounded, clip, escape, one_line, percent, points
from flows.schema import ROLES, Flow

BAR_WIDTH = 20


@dataclass(frozen=True)
class Style:
    bold: Callable[[str], str]
    italic: Callable[[str], str]
    text: Callable[[str], str]  # what any text written by a person or a flow goes through

    def fit(self, text: str, limit: int) -> str:
        """Text a person or a flow wrote, on one line, clipped, then made safe for the style."""
        return self.text(clip(one_line(text), limit))


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


def _headline(flow: Flow, analysis: Analysis, style: Style) -> str:
    chosen = analysis.recommendation
    decision = style.italic(style.fit(flow.decision, 300))
    title = style.bold(style.fit(outcome_title(chosen), 170))
    if chosen.option_id is None or chosen.label is None:
        lines = [f"• {style.fit(m, 400)}" for m in chosen.missing]
        if chosen.tie_breakers:
            lines.append("What would break the tie:")
            lines += [f"• {style.fit(b, 400)}" for b in chosen.tie_breakers]
        return bounded([title, decision], lines)
    head = [f"{title} (confidence: {style.bold(str(chosen.confidence))})", decision]
    reasons = [f"• {style.fit(r, 400)}" for r in chosen.reasons]
    return bounded(head, reasons)


def _why(flow: Flow, analysis: Analysis, style: Style) -> str:
    chosen = analysis.recommendation
    head = [style.bold("Why" if chosen.label else "Where the options stand")]
    head += [
        f"{bar(analysis.shares[o.id], BAR_WIDTH)} {percent(analysis.shares[o.id])} {style.fit(o.label, 150)}"
        for o in flow.options
    ]
    head.append(f"Margin: {points(chosen.margin)}. Agreement: {agreement(analysis)}.")
    if chosen.signals and chosen.label:
        head.append(style.bold(f"What points to {style.fit(chosen.label, 150)}"))
    return bounded(head, [_signal_line(s, style) for s in chosen.signals])


def _signal_line(signal: Signal, style: Style) -> str:
    return f"• {style.fit(signal.text, 200)} ({backing(signal, lambda t: style.fit(t, 100))})"


def _risks(flow: Flow, analysis: Analysis, style: Style) -> str:
    chosen = analysis.recommendation
    if chosen.label is None:
        return bounded([style.bold("Risks")], ["Named once there is a recommendation."])
    title = f"{style.bold('Risks of ' + style.fit(chosen.label, 150))}, from "
    head = [title + style.italic(style.fit(flow.source.title, 150))]
    risks = [f"• {style.fit(r.text, 500)}\n> {style.fit(r.quote, 500)}" for r in chosen.risks]
    return bounded(head, risks)


def _open_answers(flow: Flow, analysis: Analysis, style: Style) -> str:
    head = [f"{style.bold('What the panel wrote')} (anonymous)"]
    items: list[str] = []
    for result in analysis.questions:
        if result.free_text:
            items.append(style.bold(style.fit(flow.question(result.question_id).text, 200)))
            items += [f"• {style.fit(text, 300)}" for text in result.free_text]
    return bounded(head, items or ["No written answers."])


def _disputes(flow: Flow, analysis: Analysis, style: Style) -> str:
    disputed = analysis.disputed
    head = [style.bold("Disputes")]
    if not disputed:
        return bounded(head, ["None: the panel agreed, or had too few answers to judge, on every question."])
    items: list[str] = []
    for result in disputed:
        items.append(_dispute_line(flow, result, style))
        items += [f"    > {style.fit(text, 300)}" for text in result.rationales]
    return bounded(head, items)


def _dispute_line(flow: Flow, result: QuestionResult, style: Style) -> str:
    text = style.fit(flow.question(result.question_id).text, 200)
    outcome = settlement(result, lambda t: style.fit(t, 200))
    decisive = f" {DECISIVE}" if result.decisive else ""
    return f"• {text}\n   {outcome}{decisive}"


def _participation(analysis: Analysis, style: Style) -> str:
    taking_part = analysis.participation
    lines = [
        style.bold("Participation"),
        f"{turnout(taking_part)}.",
    ]
    if taking_part.roles_missing:
        missing = ", ".join(style.text(ROLES.get(role, role)) for role in taking_part.roles_missing)
        lines.append(f"Required roles missing: {missing}.")
    return bounded(lines, [])


def _sensitivity(flow: Flow, analysis: Analysis, style: Style) -> str:
    head = [style.bold("How robust is it?"), robustness(analysis)]
    if analysis.recommendation.option_id is None:
        return bounded(head, [])
    labels = {o.id: o.label for o in flow.options}
    flips = [
        f"• {style.fit(c.description, 250)} → {style.fit(_outcome(c.option_id, labels), 150)}"
        for c in analysis.sensitivity
        if c.flipped
    ]
    return bounded(head, flips)


def _outcome(option_id: str | None, labels: dict[str, str]) -> str:
    return labels[option_id] if option_id is not None else "a tie"
