"""The channel post: the verdict a CEO reads in twenty seconds. The option, the confidence with its
reason in one sentence, the three strongest signals with the panel's own counts, the biggest risk the
document names, and a pointer to the thread, where the chart and all the evidence are. Never cut: a
question is shown whole or not at all."""

from __future__ import annotations

from slack_sdk.models.blocks import Block, HeaderBlock

from bot.blocks.common import HEADER_LIMIT, Message, context, section
from bot.blocks.verdict_reason import confidence_sentence
from bot.blocks.viewmodels import SummaryFacts
from flows.engine.model import Analysis, Recommendation
from flows.engine.phrasing import backing, outcome_title, tie_between
from flows.engine.text import clip, escape, one_line
from flows.schema import Flow

TOP_SIGNALS = 3


def verdict_message(flow: Flow, analysis: Analysis, facts: SummaryFacts) -> Message:
    rec = analysis.recommendation
    blocks: list[Block] = [HeaderBlock(text=clip(outcome_title(rec), HEADER_LIMIT))]
    if rec.option_id is None:
        blocks.append(section(f"*{escape(flow.title)}*\n{escape(_no_verdict(flow, rec))}"))
    else:
        blocks.append(
            section(
                f"*{escape(flow.title)}*\n*{(rec.confidence or 'low').capitalize()} confidence.* "
                f"{escape(confidence_sentence(flow, analysis))}"
            )
        )
        blocks += _signals(flow, rec)
        if rec.risks:
            blocks.append(section(f"*Biggest risk:* {escape(rec.risks[0].text)}"))
    turnout = facts.turnout
    blocks.append(
        context(
            f"Workshop #{facts.workshop.id} · {turnout.finished} of {turnout.invited} finished · source: "
            f"_{escape(flow.source.title)}_ · the chart, all the evidence, the disputes and the "
            "check-ins are in the thread"
        )
    )
    return Message(text=fallback(flow, analysis, facts.workshop.id), blocks=blocks)


def fallback(flow: Flow, analysis: Analysis, workshop_id: int) -> str:
    """The notification and screen-reader text."""
    rec = analysis.recommendation
    if rec.option_id is None:
        return f"Hiring workshop #{workshop_id}: {_no_verdict(flow, rec)}"
    return f"Hiring workshop #{workshop_id}: {rec.label} ({rec.confidence} confidence)"


def _no_verdict(flow: Flow, rec: Recommendation) -> str:
    """ "A tie between X and Y: …" or "No recommendation yet: …", never an option as the answer."""
    if rec.tied:
        labels = {o.id: o.label for o in flow.options}
        tie = tie_between([labels.get(option, option) for option in rec.tied])
        why = " ".join(rec.tie_breakers) or "the panel's answers favour them equally."
        return f"{tie[:1].upper()}{tie[1:]}: {why}"
    why = " ".join(rec.missing) or "the panel's answers do not point to any option."
    return f"No recommendation yet: {why}"


def _signals(flow: Flow, rec: Recommendation) -> list[Block]:
    signals = rec.signals[:TOP_SIGNALS]
    if not signals:
        return []
    lines = [f"*What points to {escape(rec.label or '')}*"]
    lines += [f"• {escape(one_line(s.text))} ({backing(s, brief=True)})" for s in signals]
    return [section("\n".join(lines))]
