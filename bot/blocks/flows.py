"""`/hiring flows`: the guided flows on offer and the documents they are built from."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import Block, DividerBlock, HeaderBlock

from bot.blocks.common import Message, context, pack, section
from flows.engine.text import escape
from flows.schema import Flow


def flows_message(flows: Sequence[Flow]) -> list[Message]:
    """One entry per flow; split over several messages only if there are very many flows."""
    if not flows:
        return [
            Message(
                text="No guided flows are installed.",
                blocks=[section("No guided flows are installed. Ask whoever runs this app to add one.")],
            )
        ]
    blocks: list[Block] = [HeaderBlock(text=f"Guided flows ({len(flows)})")]
    for flow in flows:
        blocks += [DividerBlock(), *flow_blocks(flow)]
    return pack(blocks, text=f"Guided flows: {', '.join(escape(f.title) for f in flows)}")


def flow_blocks(flow: Flow) -> list[Block]:
    options = " · ".join(escape(o.label) for o in flow.options)
    return [
        section(
            f"*{escape(flow.title)}*\n{escape(flow.decision)}\n"
            f"*Options:* {options}\n"
            f"*Source:* “{escape(flow.source.title)}” (`{escape(flow.source.file)}`)"
        ),
        context(
            f"About {flow.estimated_minutes} minutes per person · start it with `/hiring start {flow.id}`"
        ),
    ]
