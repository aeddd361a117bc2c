"""`/hiring` with anything typed after it, sent as signed HTTP: never a 500, never the bot's own
failure, and always a message for the person who typed it."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.listeners.commands.registry import SUBCOMMANDS
from bot.sandbox.transport import SLASH_COMMANDS
from tests.bot.conftest import CHANNEL, PANEL, TEAM, Workspace
from tests.bot.faults.handmade import slash_payload
from tests.bot.security.fuzzing import judge, send, unexpected_failures
from tests.figures import Figures

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    derandomize=True,
)
FLOWS = [
    "000-head-of-ai-or-product-lead",
    "002-caio-or-cto",
    "no-such-flow",
    "000-HEAD-of-AI-or-product-lead",
]
PEOPLE = [*PANEL, "U_FAC", "U_OTHER", "U_NOBODY", "W_GRID1", "B_BOT"]

words = st.one_of(
    st.sampled_from([s.name for s in SUBCOMMANDS] + ["START", "Status", "launch", "--help", "-h", ""]),
    st.sampled_from(FLOWS),
    st.sampled_from(PEOPLE).map(lambda u: f"<@{u}|{u.lower()}>"),
    st.sampled_from(PEOPLE).map(lambda u: f"<@{u}>"),
    st.sampled_from(["<!subteam^S0LEADS|@leads>", "<!channel>", "<!here>", "<#C_LEAD|leadership>", "@ceo"]),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.integers(min_value=0, max_value=999).map(lambda n: f"#{n}"),
    st.text(max_size=40),
)
typed = st.one_of(
    st.lists(words, max_size=8).map(" ".join),
    st.text(max_size=3000),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=3000, max_size=4000),
)


@given(text=typed)
@FUZZ
def test_any_hiring_text_gets_a_clear_answer(
    text: str, http_bot: Workspace, caplog: pytest.LogCaptureFixture, figures: Figures
) -> None:
    caplog.clear()
    figures.add("hypothesis examples run")
    figures.most("longest /hiring text sent, characters", len(text))
    payload = slash_payload(http_bot.sandbox, TEAM, "U_FAC", CHANNEL, text)
    outcome = send(http_bot, SLASH_COMMANDS, payload, TEAM, "U_FAC", expect_word=True)
    figures.add(f"answered {outcome.reply.status}")
    figures.add("the person told something", bool(outcome.told))
    assert judge(outcome, person_could_send=True) == [], f"/hiring {text[:200]!r}"
    assert unexpected_failures(caplog) == [], f"/hiring {text[:200]!r}"
