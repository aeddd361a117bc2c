"""People try what they may not: a person of another workspace, a person who was not invited, and a
participant who is not the facilitator. Each attempt is refused with a message to that person alone,
saying why, and nothing stored or shown to anyone else changes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from bot.blocks.checkin import CheckInMeta
from bot.blocks.ids import ActionId, CallbackId, Prefix, keyed, split_keyed
from bot.blocks.metadata import AnswerMeta, FacilitatorMeta
from bot.process.clock import ManualClock
from bot.sandbox import Delivery
from bot.sandbox.transport import INTERACTIVE
from storage.models import CheckIn, Workshop
from tests.bot.conftest import CHANNEL, TEAM, Workspace
from tests.bot.faults.handmade import click_payload, forged_submission, submission_payload
from tests.bot.faults.replay import UNEXPECTED
from tests.bot.scenario import open_form
from tests.bot.scheduler.conftest import A_YEAR_ON, decide, deciding
from tests.bot.security.conftest import RIVAL, RIVAL_CHANNEL, RIVAL_TEAM
from tests.bot.security.told import told_after
from tests.figures import Figures

TRIO = ("U_CEO", "U_CTO", "U_CFO")
REFUSALS = (
    "Only the facilitator",
    "You are not invited",
    "was not found in this workspace",
    "Only a workspace admin",
)


@dataclass(frozen=True)
class Attacker:
    team: str
    user: str
    channel: str  # where they type commands
    invited: bool = False


ATTACKERS = {
    "a person of another workspace": Attacker(RIVAL_TEAM, RIVAL, RIVAL_CHANNEL),
    "a person who was not invited": Attacker(TEAM, "U_OTHER", CHANNEL),
    "a participant who is not the facilitator": Attacker(TEAM, "U_CEO", CHANNEL, invited=True),
}

Attempt = Callable[[Workspace, Attacker], Delivery | None]


def typed(ws: Workspace, who: Attacker, text: str) -> Delivery:
    return ws.sandbox.user(who.team, who.user).slash("/hiring", text, channel=who.channel)


def clicked(action_id: str, value: str) -> Attempt:
    def attempt(ws: Workspace, who: Attacker) -> Delivery:
        payload = click_payload(ws.sandbox, who.team, who.user, who.channel, action_id, value)
        return ws.sandbox.deliver(INTERACTIVE, payload, accepts_response_payload=False)

    return attempt


def submitted(callback_id: str, metadata: str) -> Attempt:
    def attempt(ws: Workspace, who: Attacker) -> Delivery:
        payload = forged_submission(ws.sandbox, who.team, who.user, callback_id, metadata)
        return ws.sandbox.deliver(INTERACTIVE, payload, accepts_response_payload=True)

    return attempt


def settle_form_filled_by_the_facilitator(ws: Workspace) -> str:
    """The facilitator's own settle form, filled in (every dispute left open, with a reason) and not
    yet submitted: what the others then try to submit as theirs."""
    prompt = next(m for m in reversed(ws.facilitator.dm()) if "disputes need your decision" in m.text)
    ws.facilitator.click(ActionId.SETTLE_DISPUTES, in_message=(prompt.channel_id, prompt.ts))
    form = open_form(ws, "U_FAC", CallbackId.FACILITATOR)
    values: dict[str, object] = {}
    for block in form.blocks:
        key = split_keyed(str(block.get("block_id", "")))
        if key is not None and key[0] is Prefix.LEAVE_OPEN:
            values[block["block_id"]] = [block["element"]["options"][0]["value"]]
            values[keyed(Prefix.RATIONALE, key[1])] = "We test this in the final interviews."
    ws.facilitator.fill(form.id, values)
    return form.id


def workshop_attempts(ws: Workspace, workshop: Workshop, form_id: str) -> dict[str, Attempt]:
    number = str(workshop.id)
    as_facilitator = FacilitatorMeta(workshop_id=workshop.id, team_id=TEAM).model_dump_json()
    as_participant = AnswerMeta(workshop_id=workshop.id, team_id=TEAM).model_dump_json()

    def submit_the_facilitators_form(ws: Workspace, who: Attacker) -> Delivery:
        payload = submission_payload(ws.sandbox, who.team, who.user, form_id, {})
        return ws.sandbox.deliver(INTERACTIVE, payload, accepts_response_payload=True)

    return {
        "/hiring close": lambda ws, who: typed(ws, who, f"close {number}"),
        "/hiring cancel": lambda ws, who: typed(ws, who, f"cancel {number}"),
        "/hiring remind": lambda ws, who: typed(ws, who, f"remind {number}"),
        "/hiring delete": lambda ws, who: typed(ws, who, "delete"),
        "the settle button": clicked(ActionId.SETTLE_DISPUTES, number),
        "the App Home's close button": clicked(ActionId.HOME_CLOSE_ROUND, number),
        "the App Home's remind button": clicked(ActionId.HOME_REMIND, number),
        "the App Home's export button": clicked(ActionId.HOME_EXPORT, number),
        "the facilitator's filled settle form": submit_the_facilitators_form,
        "a settle form of their own": submitted(CallbackId.FACILITATOR, as_facilitator),
        "the erase button": clicked(ActionId.DELETE_WORKSPACE, TEAM),
        # What only the invited may do.
        "the answer button": clicked(ActionId.ANSWER_NOW, number),
        "the decline button": clicked(ActionId.DECLINE, number),
        "the round-2 button": clicked(ActionId.REVIEW_DISPUTES, number),
        "an answer form": submitted(CallbackId.ANSWER, as_participant),
        "a round-2 form": submitted(CallbackId.ROUND2, as_participant),
    }


ONLY_FOR_THE_INVITED = {
    "the answer button",
    "the decline button",
    "the round-2 button",
    "an answer form",
    "a round-2 form",
}


def refusal_problems(
    ws: Workspace, attempts: dict[str, Attempt], only_for_the_invited: set[str], figures: Figures
) -> list[str]:
    """Every attacker makes every attempt they should not: what was not refused, or changed something."""
    problems = []
    for who_is, who in ATTACKERS.items():
        for name, attempt in attempts.items():
            if who.invited and name in only_for_the_invited:
                continue
            told, changed = told_after(ws, who.team, who.user, lambda a=attempt, w=who: a(ws, w))
            refused = any(refusal in told for refusal in REFUSALS) and UNEXPECTED not in told
            figures.add("forbidden attempts made")
            figures.add("refused with the reason", refused)
            figures.add(f"refused: {name}", refused)
            figures.add("attempts that changed something", bool(changed))
            if not refused:
                problems.append(f"{who_is}, {name}: told {told[:160]!r}")
            if changed:
                problems.append(f"{who_is}, {name}: changed {changed}")
    return problems


@pytest.mark.usefixtures("rivals")
def test_nobody_but_the_facilitator_runs_the_workshop_and_nobody_uninvited_answers(
    acme: Workspace, figures: Figures
) -> None:
    workshop = deciding(acme, *TRIO)
    attempts = workshop_attempts(acme, workshop, settle_form_filled_by_the_facilitator(acme))
    problems = refusal_problems(acme, attempts, ONLY_FOR_THE_INVITED, figures)
    assert not problems, "\n".join(problems)


@pytest.mark.usefixtures("rivals")
def test_nobody_but_the_facilitator_moves_a_checkin(
    timed_on_sqlite: Workspace, clock: ManualClock, figures: Figures
) -> None:
    timed = timed_on_sqlite
    workshop = decide(timed, *TRIO)
    clock.advance(A_YEAR_ON - clock.now())
    timed.bot.run_due()
    with timed.bot.runtime.sessions() as session:
        checkin = session.scalars(select(CheckIn).where(CheckIn.workshop_id == workshop.id)).one()
    number = str(checkin.id)
    attempts: dict[str, Attempt] = {
        "snooze": clicked(ActionId.CHECKIN_SNOOZE, number),
        "cancel": clicked(ActionId.CHECKIN_CANCEL, number),
        "reschedule": clicked(ActionId.CHECKIN_RESCHEDULE, number),
        "the reschedule form": submitted(
            CallbackId.CHECKIN_RESCHEDULE, CheckInMeta(checkin_id=checkin.id, team_id=TEAM).model_dump_json()
        ),
        "rate": clicked(ActionId.CHECKIN_RATE, number),
    }

    def add_a_month(ws: Workspace, who: Attacker) -> Delivery:
        payload = click_payload(
            ws.sandbox, who.team, who.user, who.channel, ActionId.CHECKIN_ADD, f"{workshop.id}:3", pick=True
        )
        return ws.sandbox.deliver(INTERACTIVE, payload, accepts_response_payload=False)

    attempts["add a check-in"] = add_a_month
    problems = refusal_problems(timed, attempts, {"rate"}, figures)
    assert not problems, "\n".join(problems)
