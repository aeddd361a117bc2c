"""Every `/hiring` subcommand, in the order help lists them: the one table help, the usage line, the
manifest's usage hint (checked by `tests/test_manifest.py`) and the dispatcher all read.

Adding a subcommand: write its module (a parser, a handler and a `SUBCOMMAND` with its help line,
and a `Guard` when only the facilitator or a workspace admin may use it) and add it to
`SUBCOMMANDS`; then put `usage_hint()` in manifest.yml.
"""

from __future__ import annotations

from bot.listeners.commands import cancel, checkin, close, delete, export, flows, help, remind, start, status
from bot.listeners.commands.subcommand import HiringCommand, Subcommand, shown
from flows.errors import WorkshopError

SUBCOMMANDS: tuple[Subcommand, ...] = (
    start.SUBCOMMAND,
    status.SUBCOMMAND,
    close.SUBCOMMAND,
    cancel.SUBCOMMAND,
    remind.SUBCOMMAND,
    checkin.SUBCOMMAND,
    export.SUBCOMMAND,
    flows.SUBCOMMAND,
    delete.SUBCOMMAND,
    help.SUBCOMMAND,
)
BY_NAME: dict[str, Subcommand] = {s.name: s for s in SUBCOMMANDS}
# What `/hiring` alone does.
DEFAULT = "help"


def usage_line() -> str:
    """One sentence naming every subcommand, for the answer to an unknown one."""
    written = [f"`{s.usage}`" for s in SUBCOMMANDS]
    return f"Use {', '.join(written[:-1])} or {written[-1]}."


def usage_hint() -> str:
    """The manifest's usage hint: what Slack shows under `/hiring` as it is typed."""
    return " | ".join(s.hint_words for s in SUBCOMMANDS)


def parse_hiring_text(text: str) -> tuple[Subcommand, HiringCommand]:
    """`/hiring` text as Slack sends it (mentions escaped as `<@U123|name>`) to its subcommand."""
    tokens = text.split()
    if not tokens:
        return BY_NAME[DEFAULT], HiringCommand(subcommand=DEFAULT)
    word, args = tokens[0].lower(), tokens[1:]
    subcommand = BY_NAME.get(word)
    if subcommand is None:
        raise WorkshopError(f"`/hiring {shown(tokens[0])}` is not a command.", usage_line())
    return subcommand, subcommand.parse(subcommand.name, args)
