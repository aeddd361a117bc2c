"""`/hiring help`: what the app does and every subcommand."""

from __future__ import annotations

from slack_sdk.models.blocks import HeaderBlock

from bot.blocks.common import Message, context, section

SUBCOMMANDS: tuple[tuple[str, str], ...] = (
    (
        "/hiring start [FLOW @person [role] …]",
        "Start a workshop in this channel: without a flow and people, a form opens. A role after a "
        "person (ceo, cto, cfo, product, engineering, compliance, people, operations) says where they "
        "speak from.",
    ),
    ("/hiring status", "Who has answered and who has not, for each workshop in this channel."),
    ("/hiring close", "Close the current round now instead of waiting for the deadline."),
    ("/hiring cancel", "Cancel a workshop in this channel."),
    ("/hiring remind", "Nudge everyone who has not answered yet."),
    ("/hiring checkin", "See, snooze, move or cancel a decided workshop's check-ins."),
    (
        "/hiring export [WORKSHOP]",
        "Get a workshop's decision record in a DM: Markdown, the answers as CSV, and JSON "
        "(the facilitator or a workspace admin).",
    ),
    ("/hiring flows", "List the guided flows and the documents behind them."),
    ("/hiring help", "Show this message."),
)

ABOUT = (
    "This app runs a hiring-decision workshop for a leadership team, right here in Slack. "
    "Pick a guided flow built from a source document, invite the stakeholders, and each answers its "
    "questions privately in a direct message. The app finds where you disagree, runs a short anonymous "
    "second round on just those questions, lets the facilitator settle what is still open, then posts a "
    "recommendation with its confidence and reasons, citing the document. At 3, 6, 9 or 12 months it comes "
    "back to check the hire against the document's success criteria."
)


def help_message() -> Message:
    usage = "\n".join(f"`{command}`  {what}" for command, what in SUBCOMMANDS)
    return Message(
        text="Hiring workshops: " + ", ".join(command.split(" [")[0] for command, _ in SUBCOMMANDS),
        blocks=[
            HeaderBlock(text="Hiring workshops"),
            section(ABOUT),
            section(usage),
            context(
                "`close`, `cancel`, `remind` and `export` take a workshop number when a channel has more "
                "than one."
            ),
        ],
    )
