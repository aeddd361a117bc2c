"""`/hiring`: parse the text once, then hand each subcommand to its handler."""

from __future__ import annotations

import logging

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.blocks.error import error_message
from bot.blocks.flows import flows_message
from bot.blocks.help import help_message
from bot.listeners.commands.checkins import checkins
from bot.listeners.commands.export import export
from bot.listeners.commands.invocation import Invocation
from bot.listeners.commands.manage import cancel, close, delete, remind, status
from bot.listeners.commands.start import start
from bot.payloads import SlashCommand, Subcommand, parse_hiring_text
from bot.runtime import Runtime
from flows.errors import WorkshopError
from storage.service import WorkshopService


def hiring_command(
    ack: Ack,
    body: dict,
    client: WebClient,
    respond: Respond,
    context: BoltContext,
    session: Session,
    workshops: WorkshopService,
    runtime: Runtime,
    logger: logging.Logger,
) -> None:
    try:
        command = SlashCommand.parse(body)
        parsed = parse_hiring_text(command.text)
    except WorkshopError as error:
        ack(**error_message(error.problem, error.fix).to_dict())
        return
    call = Invocation(command, parsed, client, respond, session, workshops)
    match parsed.subcommand:
        case Subcommand.HELP:
            ack(**help_message().to_dict())
        case Subcommand.FLOWS:
            first, *rest = flows_message(runtime.catalog.all())
            ack(**first.to_dict())
            for message in rest:
                respond(**message.to_dict(), response_type="ephemeral")
        case Subcommand.START:
            start(ack, command, parsed, client, respond, context, session, workshops, runtime)
        case Subcommand.STATUS:
            ack()
            status(command, respond, workshops)
        case Subcommand.CLOSE:
            ack()
            close(call)
        case Subcommand.CANCEL:
            ack()
            cancel(call)
        case Subcommand.REMIND:
            ack()
            remind(call)
        case Subcommand.DELETE:
            ack()
            delete(call)
        case Subcommand.CHECKIN:
            ack()
            checkins(command, parsed, respond, workshops)
        case Subcommand.EXPORT:
            ack()
            export(call, runtime)
