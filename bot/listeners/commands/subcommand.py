"""What one `/hiring` subcommand is: its name, how it is written, what it does, its parser and handler,
and whether only the workshop's facilitator (or a workspace admin) may use it.

Each subcommand's module builds one `Subcommand`; `registry` lists them, and help, the usage line and
the manifest's usage hint are all generated from that list, so they cannot disagree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from bot.edge.payloads import SlashCommand
from bot.services.workshops import WorkshopService
from flows.errors import WorkshopError
from storage.models import Workshop

if TYPE_CHECKING:
    from bot.listeners.commands.invocation import Invocation


class HiringCommand(BaseModel):
    """`/hiring` text, parsed: the subcommand's name and what was written after it."""

    model_config = ConfigDict(frozen=True)

    subcommand: str
    flow_id: str | None = None
    user_ids: tuple[str, ...] = ()
    # The roles given after a person's mention in a quick start; the others take part as "other".
    roles: dict[str, str] = Field(default_factory=dict)
    workshop_id: int | None = None
    # `/hiring start … --no-preview`: the recommendation goes straight to the channel.
    preview: bool = True


Parser = Callable[[str, list[str]], HiringCommand]
Handler = Callable[["Invocation"], None]
# Which workshop a facilitator-only subcommand means, from what was typed and where.
Locator = Callable[[WorkshopService, SlashCommand, HiringCommand], Workshop]


@dataclass(frozen=True)
class Guard:
    """Marks a subcommand as the facilitator's own: anyone else but a workspace admin is refused before
    the listener runs (`bot.listeners.commands.guard`), and its handler gets the workshop checked."""

    # What a refusal names as refused, as the services do: "Only the facilitator … can close this workshop."
    doing: str
    locate: Locator


@dataclass(frozen=True)
class Subcommand:
    name: str
    # How the words after the name are written in help, e.g. "[WORKSHOP]"; "" when it takes none.
    arguments: str
    # The one line help gives it.
    summary: str
    parse: Parser
    # Acknowledges the command itself (with its answer, when that answer is quick), then acts.
    handle: Handler
    # The shorter form the manifest's usage hint shows, when it differs from `arguments`.
    hint: str | None = None
    # Set for the facilitator's own subcommands.
    guard: Guard | None = None

    @property
    def usage(self) -> str:
        return f"/hiring {self.name} {self.arguments}".rstrip()

    @property
    def hint_words(self) -> str:
        return f"{self.name} {self.hint if self.hint is not None else self.arguments}".rstrip()


def no_arguments(name: str, args: list[str]) -> HiringCommand:
    if args:
        raise WorkshopError(
            f"`/hiring {name}` takes nothing after it, but got '{shown(' '.join(args))}'.",
            f"Type just `/hiring {name}`.",
        )
    return HiringCommand(subcommand=name)


_WORKSHOP = re.compile(r"^#?(\d{1,12})$")


def workshop_number(name: str, args: list[str]) -> HiringCommand:
    """At most one workshop number, written `12` or `#12`."""
    if not args:
        return HiringCommand(subcommand=name)
    match = _WORKSHOP.match(args[0])
    if len(args) > 1 or not match:
        raise WorkshopError(
            f"`/hiring {name}` takes one workshop number, but got '{shown(' '.join(args))}'.",
            f"Use the number `/hiring status` shows, such as `/hiring {name} 12`.",
        )
    return HiringCommand(subcommand=name, workshop_id=int(match.group(1)))


def shown(token: str) -> str:
    """What the person typed, made safe to echo: no mention or link can be rebuilt from it."""
    user = re.match(r"^<[@!#][^|>]*\|([^>]*)>$", token)
    text = f"@{user.group(1).lstrip('@')}" if user else token
    text = re.sub(r"[<>&]", "", text)
    return text if len(text) <= 40 else text[:39] + "…"
