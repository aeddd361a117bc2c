"""What a `/hiring` subcommand's handler is handed: the parsed command and the means to act on it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.listeners.commands.subcommand import HiringCommand
from bot.payloads import SlashCommand
from bot.runtime import Runtime
from storage.service import WorkshopService

if TYPE_CHECKING:
    from bot.listeners.commands.subcommand import Subcommand


@dataclass(frozen=True)
class Invocation:
    ack: Ack
    command: SlashCommand
    parsed: HiringCommand
    client: WebClient
    respond: Respond
    context: BoltContext
    session: Session
    workshops: WorkshopService
    runtime: Runtime
    # Every subcommand, in the order help lists them (help is generated from it).
    subcommands: Sequence[Subcommand]

    def tell(self, text: str) -> None:
        """An answer only the person who typed the command sees."""
        self.respond(text=text, response_type="ephemeral")
