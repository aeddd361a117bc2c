"""The channel summary of an analysis, as Slack mrkdwn: one string per part, each under 2,900
characters. All text is escaped, whoever wrote it; answers and rationales stay anonymous."""

from __future__ import annotations

from flows.engine.model import Analysis, QuestionResult
from flows.engine.mrkdwn import bar, bounded, clip, escape
from flows.engine.wording import percent, points
from flows.schema import ROLES, Flow

_RESOLUTIONS = {
    "revised": "settled in round 2",
    "decided": "decided by the facilitator",
    "left_open": "left open by the facilitator",
    "open": "still open",
    "agreed": "agreed",
}


def render_mrkdwn(flow: Flow, analysis: Analysis) -> str:
    return "\n\n".join(summary_sections(flow, analysis))


def summary_sections(flow: Flow, analysis: Analysis) -> list[str]:
    return [
        _headline(flow, analysis),
        _why(flow, analysis),
        _risks(flow, analysis),
        _open_answers(flow, analysis),
        _disputes(flow, analysis),
        _participation(analysis),
        _sensitivity(flow, analysis),
    ]


def sensitivity_verdict(analysis: Analysis) -> str:
    flips = [c for c in analysis.sensitivity if c.flipped]
    total = len(analysis.sensitivity)
    if not flips:
        return f"Robust: none of the {total} what-ifs changes the recommendation."
    return f"Fragile: {len(flips)} of {total} what-ifs change the recommendation."


def _headline(flow: Flow, analysis: Analysis) -> str:
    chosen = analysis.recommendation
    if chosen.option_id is None or chosen.label is None:
        title = (
            "*No recommendation yet: the options are tied.*" if chosen.tied else "*No recommendation yet.*"
        )
        lines = [f"• {escape(clip(m, 400))}" for m in chosen.missing]
        lines += [f"• {escape(clip(b, 400))}" for b in chosen.tie_breakers]
        return bounded([title, f"_{escape(clip(flow.decision, 300))}_"], lines)
    head = [
        f"*Recommendation: {escape(clip(chosen.label, 150))}* (confidence: *{chosen.confidence}*)",
        f"_{escape(clip(flow.decision, 300))}_",
    ]
    blocked = [f":warning: {escape(clip(b, 300))}" for b in chosen.blocked_by]
    reasons = [f"• {escape(clip(r, 400))}" for r in chosen.reasons]
    return bounded(head, blocked + reasons)


def _why(flow: Flow, analysis: Analysis) -> str:
    chosen = analysis.recommendation
    head = ["*Why*" if chosen.label else "*Where the options stand*"]
    head += [
        f"{bar(analysis.shares[o.id])} {percent(analysis.shares[o.id])} {escape(clip(o.label, 150))}"
        for o in flow.options
    ]
    head.append(
        f"Margin: {points(chosen.margin)}. Agreement: {percent(analysis.agreement)} of judged questions."
    )
    if chosen.signals and chosen.label:
        head.append(f"*What points to {escape(clip(chosen.label, 150))}*")
    signals = [
        f"• {escape(clip(s.text, 200))} ({s.supporters} of {s.answered} agreed)" for s in chosen.signals
    ]
    return bounded(head, signals)


def _risks(flow: Flow, analysis: Analysis) -> str:
    chosen = analysis.recommendation
    if chosen.label is None:
        return bounded(["*Risks*"], ["Named once there is a recommendation."])
    head = [f"*Risks of {escape(clip(chosen.label, 150))}*, from _{escape(clip(flow.source.title, 150))}_"]
    risks = [f"• {escape(clip(r.text, 500))}\n> {escape(clip(r.quote, 500))}" for r in chosen.risks]
    return bounded(head, risks)


def _open_answers(flow: Flow, analysis: Analysis) -> str:
    head = ["*What the panel wrote* (anonymous)"]
    items: list[str] = []
    for result in analysis.questions:
        if result.free_text:
            items.append(f"*{escape(clip(flow.question(result.question_id).text, 200))}*")
            items += [f"• {escape(clip(text, 300))}" for text in result.free_text]
    return bounded(head, items or ["No written answers."])


def _disputes(flow: Flow, analysis: Analysis) -> str:
    disputed = analysis.disputed
    head = ["*Disputes*"]
    if not disputed:
        return bounded(head, ["None: the panel agreed, or had too few answers to judge, on every question."])
    items: list[str] = []
    for result in disputed:
        items.append(_dispute_line(flow, result))
        items += [f"    > {escape(clip(text, 300))}" for text in result.rationales]
    return bounded(head, items)


def _dispute_line(flow: Flow, result: QuestionResult) -> str:
    counts = " · ".join(f"{escape(clip(label, 60))}: {n}" for label, n in result.distribution.items())
    decisive = " *Decisive:* its minority view changes the recommendation." if result.decisive else ""
    resolution = _RESOLUTIONS[result.resolution or "open"]
    text = escape(clip(flow.question(result.question_id).text, 200))
    return f"• {text} ({counts}): {resolution}.{decisive}"


def _participation(analysis: Analysis) -> str:
    taking_part = analysis.participation
    lines = [
        "*Participation*",
        f"{taking_part.answered} of {taking_part.invited} invited answered, {taking_part.declined} declined; "
        f"{percent(taking_part.completeness)} of the required questions answered.",
    ]
    if taking_part.roles_missing:
        missing = ", ".join(escape(ROLES.get(role, role)) for role in taking_part.roles_missing)
        lines.append(f"Required roles missing: {missing}.")
    return bounded(lines, [])


def _sensitivity(flow: Flow, analysis: Analysis) -> str:
    head = ["*How robust is it?*", sensitivity_verdict(analysis)]
    labels = {o.id: o.label for o in flow.options}
    flips = [
        f"• {escape(clip(c.description, 250))} → {escape(clip(labels[c.option_id] if c.option_id else 'a tie', 150))}"
        for c in analysis.sensitivity
        if c.flipped
    ]
    return bounded(head, flips)
