"""The post's thread: everything behind the verdict. Every signal with its quote, the risks with
theirs, each dispute and how it was settled (a facilitator's decision shown as a decision, never as
the panel's support), participation as `/hiring status` counts it, the check-ins and their criteria,
and the panel's written answers. Split into messages within Slack's limits by `pack`."""

from __future__ import annotations

from slack_sdk.models.blocks import Block

from bot.blocks.announcement import anonymity_line
from bot.blocks.common import Message, chunk_lines, context, meter, pack, section, slack_date
from bot.blocks.disputes import question_text
from bot.blocks.viewmodels import Settlement, SummaryFacts
from flows.engine.model import Analysis, QuestionResult
from flows.engine.phrasing import DECISIVE, backing, settlement
from flows.engine.text import escape, one_line, percent
from flows.quotes import render_quote, shown_quote
from flows.schema import ROLES, Flow


def thread_messages(flow: Flow, analysis: Analysis, facts: SummaryFacts) -> list[Message]:
    blocks: list[Block] = [
        *_evidence(flow, analysis),
        *_risks(analysis),
        *_disputes(flow, analysis, facts.settlements),
        *_participation(analysis, facts),
        *_checkins(flow, analysis, facts),
        *_open_answers(flow, analysis),
        context(
            f"Workshop #{facts.workshop.id} · flow “{escape(flow.title)}” v{flow.version} · source: "
            f"_{escape(flow.source.title)}_ · " + anonymity_line(facts.workshop.anonymous)
        ),
    ]
    return pack(blocks, text=f"The evidence behind workshop #{facts.workshop.id}'s result", in_thread=True)


def _evidence(flow: Flow, analysis: Analysis) -> list[Block]:
    if not analysis.participation.present:
        # No answer that weighs on the decision: the shares are an even split by construction.
        return [section("*The evidence:* none yet; nobody gave an answer that weighs on the decision.")]
    labels = {o.id: o.label for o in flow.options}
    ranked = sorted(analysis.shares.items(), key=lambda item: item[1], reverse=True)
    lines = ["*How the evidence splits between the options*"]
    lines += [f"{meter(share)} {escape(labels.get(option, option))}" for option, share in ranked]
    blocks: list[Block] = [section(t) for t in chunk_lines(lines)]
    rec = analysis.recommendation
    if rec.option_id is None or not rec.signals:
        return blocks
    signals = [f"*Every signal for {escape(rec.label or '')}, with the document's words*"]
    for s in rec.signals:
        line = f"• {escape(one_line(s.text))} ({backing(s, escape)})"
        quote = shown_quote(s.text, s.quote)  # None when the document's words only repeat the question
        signals.append(f"{line}\n> {escape(quote)}" if quote else line)
    return blocks + [section(t) for t in chunk_lines(signals)]


def _risks(analysis: Analysis) -> list[Block]:
    rec = analysis.recommendation
    if rec.option_id is None or not rec.risks:
        return []
    lines = [f"*Risks the document names for {escape(rec.label or '')}*"]
    lines += [f"• {escape(one_line(r.text))}\n> {escape(render_quote(r.quote))}" for r in rec.risks]
    return [section(t) for t in chunk_lines(lines)]


def _disputes(flow: Flow, analysis: Analysis, settlements: tuple[Settlement, ...]) -> list[Block]:
    disputed = analysis.disputed
    if not disputed and not _any_judged(analysis):
        return []
    if not disputed:
        return [section("*Disputes:* none; the panel agreed on every question it judged.")]
    settled = {s.question_id: s for s in settlements}
    lines = [f"*Disputes ({len(disputed)})*"]
    lines += [_dispute_line(flow, r, settled.get(r.question_id)) for r in disputed]
    return [section(t) for t in chunk_lines(lines)]


def _dispute_line(flow: Flow, result: QuestionResult, settled: Settlement | None) -> str:
    question = escape(one_line(question_text(flow, result.question_id)))
    # The facilitator's latest word, as storage keeps it: a question left open has its reason too.
    outcome = settlement(
        result,
        escape,
        answer=settled.answer if settled is not None else None,
        rationale=settled.rationale if settled is not None else None,
    )
    decisive = f"\n   _{DECISIVE}_" if result.decisive else ""
    return f"• {question}\n   {outcome}{decisive}"


def _participation(analysis: Analysis, facts: SummaryFacts) -> list[Block]:
    turnout = facts.turnout
    parts = [f"{turnout.finished} of {turnout.invited} finished"]
    if turnout.started:
        parts.append(f"{turnout.started} started but did not finish")
    if turnout.not_started:
        parts.append(f"{turnout.not_started} did not start")
    if turnout.declined:
        parts.append(f"{turnout.declined} declined")
    text = f"*Participation:* {' · '.join(parts)}."
    if analysis.participation.answered:
        answered = percent(analysis.participation.completeness)
        text += f" Together they answered {answered} of the required questions"
        agreed = f", and agreed on {_agreed(analysis)} questions judged."
        text += agreed if _any_judged(analysis) else "."
    if analysis.participation.roles_missing:
        missing = (ROLES.get(role, role) for role in analysis.participation.roles_missing)
        text += "\n:warning: No answers from anyone in the role of: " + ", ".join(map(escape, missing))
    return [section(text)]


def _checkins(flow: Flow, analysis: Analysis, facts: SummaryFacts) -> list[Block]:
    if not facts.checkin_dates or analysis.recommendation.option_id is None:
        return []
    option = analysis.recommendation.option_id
    criteria = [c for c in flow.success_criteria if c.options is None or option in c.options]
    when = ", ".join(slack_date(d, "{date_long}") for d in sorted(facts.checkin_dates))
    lines = [f"*Check-ins:* {when}. Each asks how the hire measures up to the document's success criteria:"]
    lines += [f"• {escape(c.text)}" for c in criteria]
    return [section(t) for t in chunk_lines(lines)]


def _open_answers(flow: Flow, analysis: Analysis) -> list[Block]:
    blocks: list[Block] = []
    for result in analysis.questions:
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


def _agreed(analysis: Analysis) -> str:
    """As counts of questions, which read at a glance and are the panel's own; an analysis stored
    before the counts were kept has only the share."""
    if analysis.judged:
        return f"{analysis.agreed} of the {analysis.judged}"
    return f"{percent(analysis.agreement)} of the"


def _any_judged(analysis: Analysis) -> bool:
    """Whether any question had enough answers to be judged: only then is agreement a finding."""
    return any(q.status not in ("insufficient", "not_judged") for q in analysis.questions)
