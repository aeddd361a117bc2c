"""`hiring-workshop demo` on the command line: its flags, its one-line refusals, a named run."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import build_parser, main
from bot.demo.plan import plan_story
from bot.demo.script import DemoOptions
from flows.loader import FlowCatalog
from tests.bot.demo.conftest import FLOW_002
from tests.bot.demo.leaks import names_next_to_answers


def test_help_documents_every_flag(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["demo", "--help"])
    assert exit_.value.code == 0
    usage = capsys.readouterr().out
    for flag in ("--flow", "--people", "--transport", "--seed", "--named", "--database-url"):
        assert flag in usage


def test_an_unknown_flow_is_one_line_listing_the_flows(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--flow", "nope"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert "'nope'" in captured.err and all(f in captured.err for f in FlowCatalog.load().ids)


@pytest.mark.parametrize("people", ["2", "51"])
def test_a_panel_size_outside_3_to_50_is_refused(people: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--people", people]) == 2
    assert f"--people must be between 3 and 50, not {people}." in capsys.readouterr().err


def test_a_named_run_says_who_changed_what(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = f"sqlite:///{tmp_path / 'demo.db'}"
    argv = ["demo", "--flow", FLOW_002, "--people", "3", "--transport", "http", "--named"]
    assert main([*argv, "--database-url", database]) == 0
    printout = capsys.readouterr().out
    story = plan_story(FlowCatalog.load().get(FLOW_002), 3, seed=1)
    revisers = [p.persona.name for p in story.parts if p.revisions]
    shown = names_next_to_answers(printout, story)
    assert revisers and all(
        any(name in line and "changed the answer" in line for line in shown) for name in revisers
    )
    assert (tmp_path / "demo.db").exists()  # kept, as asked
    # What the facilitator of a named workshop is sent, and the channel is not: who answered what.
    assert printout.count("Who answered what: workshop #") == 2
    assert "Direct message · only" in printout
    asked = story.flow.question(story.disputed[0]).text
    private = printout[printout.index("Who answered what") :]
    assert asked in private and any(f"@{p.persona.name}: " in private for p in story.parts)


def test_the_flags_default_to_the_demos_own_defaults() -> None:
    args = build_parser().parse_args(["demo"])
    defaults = DemoOptions()
    assert (args.flow, args.people, args.transport, args.seed, args.named, args.database_url) == (
        defaults.flow_id,
        defaults.people,
        defaults.transport,
        defaults.seed,
        not defaults.anonymous,
        defaults.database_url,
    )
