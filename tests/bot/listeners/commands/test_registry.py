"""The subcommand registry: `/hiring` text to a subcommand, and help, usage and the manifest's
usage hint generated from the one table."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.blocks.help import HelpLine, help_message
from bot.listeners.commands.registry import SUBCOMMANDS, parse_hiring_text, usage_hint, usage_line
from bot.listeners.commands.subcommand import HiringCommand
from flows.errors import WorkshopError

MANIFEST = Path(__file__).resolve().parents[4] / "manifest.yml"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", HiringCommand(subcommand="help")),
        ("  HELP ", HiringCommand(subcommand="help")),
        ("status", HiringCommand(subcommand="status")),
        ("flows", HiringCommand(subcommand="flows")),
        ("start", HiringCommand(subcommand="start")),
        ("start Lead-Role", HiringCommand(subcommand="start", flow_id="lead-role")),
        (
            "start lead-role <@U123ABC|alice> <@W999> <@U123ABC|alice>",
            HiringCommand(subcommand="start", flow_id="lead-role", user_ids=("U123ABC", "W999")),
        ),
        ("start <@U123ABC|alice>", HiringCommand(subcommand="start", user_ids=("U123ABC",))),
        (
            "start lead-role <@U1|a> CTO <@U2|b> <@U3|c> legal, <@U4|d> founder",
            HiringCommand(
                subcommand="start",
                flow_id="lead-role",
                user_ids=("U1", "U2", "U3", "U4"),
                roles={"U1": "cto", "U3": "compliance", "U4": "ceo"},
            ),
        ),
        (
            "start lead-role <@U1|a> cto --no-preview",
            HiringCommand(
                subcommand="start", flow_id="lead-role", user_ids=("U1",), roles={"U1": "cto"}, preview=False
            ),
        ),
        ("start --No-Preview", HiringCommand(subcommand="start", preview=False)),
        ("close", HiringCommand(subcommand="close")),
        ("close 12", HiringCommand(subcommand="close", workshop_id=12)),
        ("cancel #4", HiringCommand(subcommand="cancel", workshop_id=4)),
        ("remind 9", HiringCommand(subcommand="remind", workshop_id=9)),
        ("delete 3", HiringCommand(subcommand="delete", workshop_id=3)),
        ("export", HiringCommand(subcommand="export")),
        ("export #5", HiringCommand(subcommand="export", workshop_id=5)),
    ],
)
def test_hiring_text_becomes_a_command(text: str, expected: HiringCommand) -> None:
    subcommand, parsed = parse_hiring_text(text)
    assert parsed == expected
    assert subcommand.name == expected.subcommand


@pytest.mark.parametrize(
    ("text", "problem", "fix"),
    [
        ("launch", "`/hiring launch` is not a command.", "/hiring start"),
        ("<!channel>", "`/hiring !channel` is not a command.", "/hiring status"),
        ("status now", "takes nothing after it, but got 'now'", "Type just `/hiring status`"),
        ("close twelve", "takes one workshop number, but got 'twelve'", "/hiring close 12"),
        ("close 1 2", "takes one workshop number, but got '1 2'", "/hiring close 12"),
        ("start Lead_Role!", "'Lead_Role!' is not a flow id.", "/hiring flows"),
        ("start lead-role bob", "'bob' is neither a person nor a role.", "mentioning each person with @"),
        ("start lead-role cto <@U1|a>", "The role 'cto' follows no person.", "`@dana cto @lee cfo`"),
        ("start lead-role <@U1|a> cto cfo", "The role 'cfo' follows no person.", "straight after"),
        ("start lead-role @bob", "did not recognise @bob as a person", "as you type @"),
        ("start lead-role <!subteam^S123|@leads>", "@leads is a user group", "Mention each person"),
    ],
)
def test_bad_hiring_text_says_what_and_how(text: str, problem: str, fix: str) -> None:
    with pytest.raises(WorkshopError) as caught:
        parse_hiring_text(text)
    assert problem in caught.value.problem
    assert fix in (caught.value.fix or "")
    assert "<" not in caught.value.problem  # nothing typed can become a mention when echoed


def test_more_than_fifty_people_are_refused() -> None:
    mentions = " ".join(f"<@U{n:06d}|p{n}>" for n in range(51))
    with pytest.raises(WorkshopError, match="at most 50"):
        parse_hiring_text(f"start lead-role {mentions}")


def test_every_subcommand_is_in_help_usage_and_the_manifest_hint() -> None:
    lines = [HelpLine(usage=s.usage, summary=s.summary) for s in SUBCOMMANDS]
    help_text = str(help_message(lines).to_dict())
    hint = usage_hint()
    for subcommand in SUBCOMMANDS:
        assert f"`/hiring {subcommand.name}" in help_text
        assert f"`/hiring {subcommand.name}" in usage_line()
        assert subcommand.name in hint.split(" | ")[SUBCOMMANDS.index(subcommand)]
    assert "`/hiring delete`" in help_text


def test_the_manifest_usage_hint_is_the_registry_s() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text())
    assert manifest["features"]["slash_commands"][0]["usage_hint"] == usage_hint()


def test_names_are_unique_and_each_parses_its_own_bare_name() -> None:
    names = [s.name for s in SUBCOMMANDS]
    assert len(set(names)) == len(names)
    for name in names:
        subcommand, parsed = parse_hiring_text(name.upper())
        assert (subcommand.name, parsed.subcommand) == (name, name)
