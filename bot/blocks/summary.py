"""The channel summary: recommendation, why, risks, disputes, participation, check-ins; and the
panel's open-question answers as a thread. Built from the `Analysis`, which holds no names, so
no answer can ever be tied to a person here."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from slack_sdk.models.blocks import Block, DividerBlock, HeaderBlock

from bot.blocks.announcement import anonymity_line
from bot.blocks.common import (
    HEADER_LIMIT,
    Message,
    bar,
    chunk_lines,
    clip,
    context,
    escape,
    pack,
    percent,
    section,
    slack_date,
)
from bot.blocks.disputes import question_text
from bot.blocks.viewmodels import WorkshopView
from flows.engine.model import Analysis, QuestionResult
from flows.schema import ROLES, Flow

TOP_SIGNALS = 5
RESOLUTIONS = {
    "agreed": "agreed in round 2",
    "revised": "settled by revised answers",
    "decided": "decided by the facilitator",
    "left_open": "left open by the facilitator",
    "open": "still open",
}


def summary_messages(
    flow: Flow, analysis: Analysis, workshop: WorkshopView, checkin_dates: Sequence[date]
) -> list[Message]:
    """Channel messages first; then, flagged `in_thread`, the open-question answers."""
    rec = analysis.recommendation
    headline = f"Hiring workshop #{workshop.id}: {escape(rec.label)} ({rec.confidence} confidence)"
    blocks: list[Block] = [
        HeaderBlock(text=clip(f"Recommendation: {rec.label}", HEADER_LIMIT)),
        *_headline(flow, analysis),
        DividerBlock(),
        *_why(flow, analysis),
        *_risks(analysis),
        *_disputes(flow, analysis.disputed),
        DividerBlock(),
        *_participation(analysis),
        *_checkins(flow, analysis, checkin_dates),
        context(
            f"Workshop #{workshop.id} · flow “{escape(flow.title)}” v{flow.version} · source "
            f"“{escape(flow.source.title)}” (`{escape(flow.source.file)}`) · "
            + anonymity_line(workshop.anonymous)
        ),
    ]
    thread = _open_answers(flow, analysis.questions)
    messages = pack(blocks, text=headline)
    if thread:
        messages += pack(thread, text=f"Open answers for workshop #{workshop.id}", in_thread=True)
    return messages


def _headline(flow: Flow, analysis: Analysis) -> list[Block]:
    rec = analysis.recommendation
    text = (
        f"*The decision:* {escape(flow.decision)}\n"
        f"*Recommended:* {escape(rec.label)} · *{rec.confidence} confidence* · "
        f"{round(rec.margin * 100)} points ahead of the next option"
    )
    blocks: list[Block] = [section(text)]
    if rec.blocked_by:
        blocks.append(
            section(":warning: *Not a firm recommendation yet:* " + " ".join(map(escape, rec.blocked_by)))
        )
    if rec.reasons:
        blocks += [section(t) for t in chunk_lines(f"• {escape(r)}" for r in rec.reasons)]
    return blocks


def _why(flow: Flow, analysis: Analysis) -> list[Block]:
    labels = {o.id: o.label for o in flow.options}
    ranked = sorted(analysis.shares.items(), key=lambda item: item[1], reverse=True)
    shares = [f"{bar(share)} {escape(labels.get(option, option))}" for option, share in ranked]
    signals = [
        f"• {escape(s.text)}: {s.supporters} of {s.answered} backed this\n   _“{escape(s.quote)}”_"
        for s in analysis.recommendation.signals[:TOP_SIGNALS]
    ]
    blocks: list[Block] = [section(t) for t in chunk_lines(["*Why: how the evidence splits*", *shares])]
    if signals:
        blocks += [section(t) for t in chunk_lines(["*Strongest signals*", *signals])]
    flipped = [f"• {escape(case.description)}" for case in analysis.sensitivity if case.flipped]
    if flipped:
        blocks += [section(t) for t in chunk_lines(["*The recommendation would change if*", *flipped])]
    return blocks


def _risks(analysis: Analysis) -> list[Block]:
    risks = analysis.recommendation.risks
    if not risks:
        return []
    lines = [f"• {escape(r.text)}\n   _From the source: “{escape(r.quote)}”_" for r in risks]
    title = f"*Risks the document names for {escape(analysis.recommendation.label)}*"
    return [section(t) for t in chunk_lines([title, *lines])]


def _disputes(flow: Flow, disputed: list[QuestionResult]) -> list[Block]:
    if not disputed:
        return [section("*Disputes:* none; the panel agreed on every judged question.")]
    lines = [f"*Disputes ({len(disputed)})*"]
    for result in disputed:
        flag = " · :warning: *decisive*" if result.decisive else ""
        state = RESOLUTIONS.get(result.resolution or "open", "still open")
        counts = " · ".join(f"{escape(label)} {n}" for label, n in result.distribution.items())
        lines.append(f"• {escape(question_text(flow, result.question_id))} — {state}{flag}\n   {counts}")
    return [section(t) for t in chunk_lines(lines)]


def _participation(analysis: Analysis) -> list[Block]:
    p = analysis.participation
    text = (
        f"*Participation:* {p.answered} of {p.invited} answered · {p.declined} declined · "
        f"{percent(p.completeness)} of questions answered · panel agreed on {percent(analysis.agreement)} "
        "of the judged questions"
    )
    if p.roles_missing:
        missing = (ROLES.get(role, role) for role in p.roles_missing)
        text += "\n:warning: No answers from anyone in the role of: " + ", ".join(map(escape, missing))
    return [section(text)]


def _checkins(flow: Flow, analysis: Analysis, checkin_dates: Sequence[date]) -> list[Block]:
    if not checkin_dates:
        return []
    option = analysis.recommendation.option_id
    criteria = [c for c in flow.success_criteria if c.options is None or option in c.options]
    when = ", ".join(slack_date(d, "{date_long}") for d in sorted(checkin_dates))
    lines = [f"*Check-ins:* {when}. Each asks how the hire measures up to the document's success criteria:"]
    lines += [f"• {escape(c.text)}" for c in criteria]
    return [section(t) for t in chunk_lines(lines)]


def _open_answers(flow: Flow, results: list[QuestionResult]) -> list[Block]:
    blocks: list[Block] = []
    for result in results:
        if not result.free_text:
            continue
        count = len(result.free_text)
        title = (
            f"*{escape(question_text(flow, result.question_id))}* ({count} answer{'' if count == 1 else 's'})"
        )
        blocks.append(section(title))
        for answer in result.free_text:
            blocks += [section(t) for t in chunk_lines(escape(answer).splitlines() or [""], prefix="> ")]
    return blocks
