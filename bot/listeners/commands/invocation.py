"""What a `/hiring` subcommand is handed: the parsed command and the means to act on it."""

from __future__ import annotations

from dataclasses import dataclass

from slack_bolt import Respond
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.payloads import HiringCommand, SlashCommand
from storage.service import WorkshopService


@dataclass(frozen=True)
class Invocation:
    command: SlashCommand
    parsed: HiringCommand
    client: WebClient
    respond: Respond
    session: Session
    workshops: WorkshopService

    def tell(self, text: str) -> None:
        """An answer only the person who typed the command sees."""
        self.respond(text=text, response_type="ephemeral")
