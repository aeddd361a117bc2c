"""The `hiring-workshop` command line."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from flows.errors import WorkshopError

EXIT_BAD_INPUT = 2


def _lazy(target: str) -> Callable[[argparse.Namespace], int]:
    """Import a command's module only when it runs, so `flows list` does not load Slack or SQLAlchemy."""

    def handler(args: argparse.Namespace) -> int:
        module, _, name = target.partition(":")
        run: Callable[[argparse.Namespace], int] = getattr(importlib.import_module(module), name)
        return run(args)

    return handler


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hiring-workshop",
        description="Structured, asynchronous hiring-decision workshops for leadership teams, in Slack.",
    )
    parser.add_argument("--flows-dir", help="a folder of your own flow YAML files, added to the shipped ones")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    flows = commands.add_parser("flows", help="list, show and validate flows").add_subparsers(
        dest="flows_command", required=True, metavar="ACTION"
    )
    listing = flows.add_parser("list", help="the available flows")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=_lazy("bot.cli.flows:flows_list"))
    show = flows.add_parser("show", help="one flow's options and questions")
    show.add_argument("flow_id")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(handler=_lazy("bot.cli.flows:flows_show"))
    validate = flows.add_parser("validate", help="check flow files against the schema")
    validate.add_argument("paths", nargs="+", metavar="PATH")
    validate.set_defaults(handler=_lazy("bot.cli.flows:flows_validate"))

    rehearse = commands.add_parser("rehearse", help="run a workshop from an answers file, without Slack")
    rehearse.add_argument("flow_id")
    rehearse.add_argument("--answers", required=True, metavar="FILE", help="YAML or JSON answers file")
    rehearse.add_argument("--json", action="store_true", help="print JSON")
    rehearse.add_argument(
        "--format",
        choices=("text", "mrkdwn"),
        default="text",
        help="the summary as plain text (default) or escaped as Slack mrkdwn, as it is stored",
    )
    rehearse.set_defaults(handler=_lazy("bot.cli.rehearse:rehearse"))

    db = commands.add_parser("db", help="database schema").add_subparsers(
        dest="db_command", required=True, metavar="ACTION"
    )
    upgrade = db.add_parser("upgrade", help="apply the migrations to DATABASE_URL")
    upgrade.add_argument("--database-url", help="defaults to DATABASE_URL, then the SQLite file")
    upgrade.set_defaults(handler=_lazy("bot.cli.db:db_upgrade"))

    add_demo_parser(commands)

    export = commands.add_parser(
        "export", help="a workshop's decision record: Markdown, the answers as CSV, or JSON"
    )
    export.add_argument(
        "workshop_id", metavar="WORKSHOP_ID", help="the workshop's number, as Slack shows it (#N)"
    )
    export.add_argument("--format", required=True, metavar="md|csv|json", help="which file to write")
    export.add_argument("--out", metavar="FILE", help="write to this file instead of standard output")
    export.add_argument("--database-url", help="defaults to DATABASE_URL, then the SQLite file")
    export.set_defaults(handler=_lazy("bot.cli.export:export"))

    run = commands.add_parser("run", help="start the bot (Socket Mode or HTTP, from the settings)")
    run.set_defaults(handler=_lazy("bot.cli.run:run"))

    workspace = commands.add_parser("workspace", help="a Slack workspace's stored data").add_subparsers(
        dest="workspace_command", required=True, metavar="ACTION"
    )
    erase = workspace.add_parser(
        "delete", help="erase a workspace's workshops, answers and installation (data-protection requests)"
    )
    erase.add_argument("team_id", metavar="TEAM_ID", help="the workspace's Slack id, e.g. T0123ABCD")
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    erase.add_argument("--database-url", help="defaults to DATABASE_URL, then the SQLite file")
    erase.set_defaults(handler=_lazy("bot.cli.workspace:workspace_delete"))

    retention = commands.add_parser(
        "retention", help="purge answers kept past RETENTION_MONTHS"
    ).add_subparsers(dest="retention_command", required=True, metavar="ACTION")
    purge = retention.add_parser(
        "run",
        help="purge the answers and free text of workshops decided more than RETENTION_MONTHS ago "
        "whose check-ins are done (the decision record stays); prints counts only",
    )
    purge.add_argument("--dry-run", action="store_true", help="print what would be purged; change nothing")
    purge.add_argument("--months", type=int, help="defaults to RETENTION_MONTHS")
    purge.add_argument("--database-url", help="defaults to DATABASE_URL, then the SQLite file")
    purge.set_defaults(handler=_lazy("bot.cli.retention:retention_run"))

    tokens = commands.add_parser("tokens", help="the Slack tokens stored for installations").add_subparsers(
        dest="tokens_command", required=True, metavar="ACTION"
    )
    rotate = tokens.add_parser(
        "rotate-key", help="re-encrypt every stored token under the first key of TOKEN_ENCRYPTION_KEY"
    )
    rotate.add_argument("--database-url", help="defaults to DATABASE_URL, then the SQLite file")
    rotate.set_defaults(handler=_lazy("bot.cli.tokens:tokens_rotate_key"))
    return parser


def add_demo_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    # Defaults written out rather than imported, so `--help` does not load Slack or SQLAlchemy.
    demo = commands.add_parser(
        "demo",
        help="a whole workshop on a local Slack with simulated stakeholders; no Slack account needed",
        description="Starts a local Slack, the real bot connected to it, and simulated stakeholders who "
        "answer by the labels they see. Prints the channel as a person reads it; ends within a minute.",
    )
    demo.add_argument(
        "--flow", default="000-head-of-ai-or-product-lead", metavar="ID", help="the flow to run (its id)"
    )
    demo.add_argument("--people", type=int, default=5, metavar="N", help="stakeholders, 3 to 50 (default 5)")
    demo.add_argument(
        "--transport",
        choices=("socket", "http"),
        default="socket",
        help="how the local Slack reaches the bot: Socket Mode, or signed HTTP requests (default socket)",
    )
    demo.add_argument("--seed", type=int, default=1, help="draws the panel's answers; same seed, same story")
    demo.add_argument("--named", action="store_true", help="a named workshop (the default is anonymous)")
    demo.add_argument(
        "--database-url", help="keep the workshop in this database (default: a throwaway SQLite file)"
    )
    demo.set_defaults(handler=_lazy("bot.cli.demo:demo"))


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except WorkshopError as error:
        print(f"hiring-workshop: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
