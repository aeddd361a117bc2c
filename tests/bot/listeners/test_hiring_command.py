"""`/hiring` and its subcommands, as a person in the channel sees the answers."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.sandbox.transport import SLASH_COMMANDS
from storage.models import Participant, Workshop
from tests.bot.conftest import CHANNEL, PANEL, TEAM, Workspace
from tests.bot.scenario import flow, panel_from_example

FLOW = "002-caio-or-cto"


def invite_text(*users: str) -> str:
    return " ".join(f"<@{u}|{u.lower()}>" for u in users)


def count(ws: Workspace, model: type) -> int:
    with ws.bot.runtime.sessions() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_help_lists_every_subcommand(acme: Workspace) -> None:
    delivery = acme.facilitator.slash("/hiring", "", channel=CHANNEL)
    assert delivery.acknowledged
    text = acme.ephemeral_text()[-1]
    for sub in (
        "start",
        "status",
        "close",
        "cancel",
        "remind",
        "checkin",
        "export",
        "flows",
        "delete",
        "help",
    ):
        assert f"/hiring {sub}" in text


def test_flows_names_each_decision_and_its_source(acme: Workspace) -> None:
    acme.facilitator.slash("/hiring", "flows", channel=CHANNEL)
    acme.bot.settle()
    text = "\n".join(acme.ephemeral_text())
    for title in ("AI Product Lead vs Head of AI", "Key Differences", "The Case for Senior AI Leadership"):
        assert title in text


def test_an_unknown_subcommand_gets_the_usage_and_changes_nothing(acme: Workspace) -> None:
    acme.facilitator.slash("/hiring", "launch everything", channel=CHANNEL)
    text = acme.ephemeral_text()[-1]
    assert "not a command" in text and "/hiring start" in text
    assert count(acme, Workshop) == 0


def test_an_unknown_flow_is_refused_with_the_available_ones(acme: Workspace) -> None:
    acme.facilitator.slash("/hiring", f"start no-such-flow {invite_text('U_CEO')}", channel=CHANNEL)
    text = acme.ephemeral_text()[-1]
    assert "no-such-flow" in text and FLOW in text
    assert count(acme, Workshop) == 0


def test_starting_where_the_bot_is_not_a_member_says_how_to_fix_it(acme: Workspace) -> None:
    acme.facilitator.slash("/hiring", f"start {FLOW} {invite_text('U_CEO', 'U_CTO')}", channel="C_RANDOM")
    acme.bot.settle()
    text = acme.ephemeral_text()[-1] if acme.ephemeral_text() else ""
    shown = text + "".join(e.readable_text() for e in acme.facilitator.ephemerals("C_RANDOM"))
    assert "/invite" in shown
    assert count(acme, Workshop) == 0
    assert acme.sandbox.messages("C_RANDOM") == []


def test_a_quick_start_announces_and_invites_everyone(acme: Workspace) -> None:
    acme.facilitator.slash("/hiring", f"start {FLOW} {invite_text(*PANEL)}", channel=CHANNEL)
    acme.bot.settle()
    announcement = acme.channel_text()[0]
    assert "The Case for Senior AI Leadership" in announcement or "CTO" in announcement
    for user in PANEL:
        dm = acme.person(user).dm()
        assert len(dm) == 1 and "Answer now" in dm[0].readable_text()


def test_a_quick_start_keeps_the_role_written_after_each_person(acme: Workspace) -> None:
    text = f"start {FLOW} <@U_CEO|ceo> founder <@U_CTO|cto> <@U_CFO|cfo> finance"
    acme.facilitator.slash("/hiring", text, channel=CHANNEL)
    acme.bot.settle()
    with acme.bot.runtime.sessions() as session:
        roles = {user: role for user, role in session.execute(select(Participant.user_id, Participant.role))}
    assert roles == {"U_CEO": "ceo", "U_CTO": "other", "U_CFO": "cfo"}
    assert "CEO / founder" in acme.person("U_CEO").dm()[0].readable_text()


def test_a_retried_start_makes_one_workshop_and_one_announcement(acme: Workspace) -> None:
    acme.facilitator.slash(
        "/hiring", f"start {FLOW} {invite_text('U_CEO', 'U_CTO', 'U_CFO')}", channel=CHANNEL
    )
    first = acme.sandbox.deliveries[-1]
    for attempt in (1, 2, 3):
        acme.sandbox.deliver(
            SLASH_COMMANDS,
            first.payload,
            accepts_response_payload=True,
            retry_attempt=attempt,
            retry_reason="http_timeout",
        )
    acme.bot.settle()
    assert count(acme, Workshop) == 1
    assert count(acme, Participant) == 3
    assert len(acme.sandbox.messages(CHANNEL)) == 1
    assert all(len(acme.person(u).dm()) == 1 for u in ("U_CEO", "U_CTO", "U_CFO"))


def test_status_shows_who_answered_and_never_what(acme: Workspace) -> None:
    acme.facilitator.slash(
        "/hiring", f"start {FLOW} {invite_text('U_CEO', 'U_CTO', 'U_CFO')}", channel=CHANNEL
    )
    acme.bot.settle()
    ceo = panel_from_example(acme, "002")[0]
    ceo.answer_round1(flow(FLOW))
    acme.bot.settle()
    acme.facilitator.slash("/hiring", "status", channel=CHANNEL)
    acme.person("U_CTO").slash("/hiring", "status", channel=CHANNEL)
    acme.bot.settle()
    status = acme.ephemeral_text("U_FAC")[-1]
    assert "<@U_CEO>" in status and "Not yet" in status
    # The workshop is anonymous: anyone but its facilitator sees how many, never who.
    theirs = acme.ephemeral_text("U_CTO")[-1]
    assert "<@U_CEO>" not in theirs and "Not yet:* 3" in theirs
    for answer in ceo.answers.values():
        if isinstance(answer, str) and len(answer) > 20:
            assert answer not in status and answer not in theirs


def test_only_the_facilitator_or_an_admin_can_close(acme: Workspace) -> None:
    acme.facilitator.slash(
        "/hiring", f"start {FLOW} {invite_text('U_CEO', 'U_CTO', 'U_CFO')}", channel=CHANNEL
    )
    acme.bot.settle()
    acme.person("U_CEO").slash("/hiring", "close", channel=CHANNEL)
    acme.bot.settle()
    assert "Only the facilitator" in acme.ephemeral_text("U_CEO")[-1]
    with acme.bot.runtime.sessions() as session:
        assert session.scalars(select(Workshop.status)).one() == "collecting"
    acme.person("U_ADMIN").slash("/hiring", "close", channel=CHANNEL)
    acme.bot.settle()
    with acme.bot.runtime.sessions() as session:
        assert session.scalars(select(Workshop.status)).one() != "collecting"


def test_cancel_stops_the_workshop_and_answers_are_no_longer_taken(acme: Workspace) -> None:
    acme.facilitator.slash(
        "/hiring", f"start {FLOW} {invite_text('U_CEO', 'U_CTO', 'U_CFO')}", channel=CHANNEL
    )
    acme.bot.settle()
    acme.facilitator.slash("/hiring", "cancel", channel=CHANNEL)
    acme.bot.settle()
    assert "cancelled" in acme.channel_text()[-1]
    invitation = acme.person("U_CEO").dm()[0]
    acme.person("U_CEO").click("answer_now", in_message=(invitation.channel_id, invitation.ts))
    acme.bot.settle()
    views = acme.person("U_CEO").views()
    assert views and "closed" in views[-1].readable_text().lower()


def test_people_who_cannot_be_invited_are_named_to_the_facilitator(acme: Workspace) -> None:
    acme.sandbox.add_user(TEAM, "U_BOTTY", real_name="Some Bot", is_bot=True)
    acme.sandbox.add_user(TEAM, "U_GONE", real_name="Gone Person", deleted=True)
    acme.facilitator.slash(
        "/hiring", f"start {FLOW} {invite_text('U_CEO', 'U_CTO', 'U_BOTTY', 'U_GONE')}", channel=CHANNEL
    )
    acme.bot.settle()
    warning = acme.ephemeral_text()[-1]
    assert "<@U_BOTTY>" in warning and "bot" in warning
    assert "<@U_GONE>" in warning and "deactivated" in warning
    assert len(acme.person("U_CEO").dm()) == 1 and len(acme.person("U_CTO").dm()) == 1
