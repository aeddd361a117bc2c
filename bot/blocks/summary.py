"""The recommendation as Slack shows it: the verdict post for the channel, then its thread. Built
from the `Analysis`, which holds no names, and the facts storage adds (turnout, the facilitator's
settlements, check-in dates), so no answer can ever be tied to a person here."""

from __future__ import annotations

from bot.blocks.common import Message
from bot.blocks.verdict import verdict_message
from bot.blocks.verdict_thread import thread_messages
from bot.blocks.viewmodels import SummaryFacts
from flows.engine.model import Analysis
from flows.schema import Flow


def summary_messages(flow: Flow, analysis: Analysis, facts: SummaryFacts) -> list[Message]:
    """The channel post first; then, flagged `in_thread`, its thread."""
    return [verdict_message(flow, analysis, facts), *thread_messages(flow, analysis, facts)]
