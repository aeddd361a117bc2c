from __future__ import annotations

from bot.blocks.error import error_message
from bot.blocks.flows import flows_message
from bot.blocks.help import HelpLine, help_message
from flows.schema import Flow

from .conftest import flow_data
from .limits import all_text, check_message


def test_help_shows_each_line_it_is_given_and_which_take_a_number() -> None:
    lines = [
        HelpLine("/hiring start [FLOW @person [role] …]", "Start a workshop."),
        HelpLine("/hiring close [WORKSHOP]", "Close the current round."),
        HelpLine("/hiring delete", "Erase everything."),
    ]
    text = all_text(check_message(help_message(lines)))
    for line in lines:
        assert f"`{line.usage}`  {line.summary}" in text
    assert "`close` take a workshop number" in text
    assert "`delete` take" not in text and "`start` take" not in text
    assert "privately" in text


def test_flows_message_shows_what_a_facilitator_needs_to_choose(flow: Flow) -> None:
    messages = flows_message([flow])
    assert len(messages) == 1
    text = all_text(check_message(messages[0]))
    for expected in (
        flow.title,
        flow.decision,
        flow.source.title,
        flow.source.file,
        "Head of AI",
        "AI Product Lead",
        "About 12 minutes",
        "/hiring start lead-role",
    ):
        assert expected in text


def test_flow_text_from_a_file_cannot_ping_the_channel() -> None:
    rogue = Flow.model_validate(flow_data(decision="Decide now <!channel>"))
    text = all_text(check_message(flows_message([rogue])[0]))
    assert "<!channel>" not in text and "&lt;!channel&gt;" in text


def test_no_flows_says_so() -> None:
    assert "No guided flows" in all_text(check_message(flows_message([])[0]))


def test_error_message_says_what_and_how_and_escapes() -> None:
    payload = check_message(error_message("Flow '<!here>' is unknown.", "See /hiring flows."))
    text = all_text(payload)
    assert "&lt;!here&gt;" in text and "<!here>" not in text
    assert "See /hiring flows." in text
