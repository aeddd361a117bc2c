"""Reading a workshop's decision record from the database (SQLite and PostgreSQL): everything stored
is there, and an anonymous workshop's record, in all three files, names nobody and keys nobody."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session

from bot.export.answers_csv import render_csv
from bot.export.files import export_files
from bot.export.gather import gather_record, team_of
from bot.export.model import DecisionRecord
from bot.services.answers import AnswerService
from bot.services.rounds import RoundService
from bot.services.scope import ServiceScope
from bot.services.workshops import WorkshopService
from flows.errors import NotFound
from flows.schema import Flow
from storage.models import Workshop
from tests.bot.export.conftest import decide_workshop
from tests.bot.services.conftest import FACILITATOR, INVITEES, TEAM


@pytest.fixture
def decided(scope: ServiceScope, workshops: WorkshopService, workshop: Workshop) -> DecisionRecord:
    decide_workshop(scope, workshop)
    return gather_record(workshops, workshops.get(TEAM, workshop.id))


def test_the_record_holds_what_was_stored(decided: DecisionRecord, flow: Flow) -> None:
    assert (decided.status, decided.anonymous, decided.recommendation_revision) == ("decided", True, 1)
    assert decided.flow == flow and decided.withheld is None
    counted = {q: sum(r.question_id == q for r in decided.answers) for q in ("capability", "budget", "notes")}
    assert counted == {"capability": 4, "budget": 4, "notes": 4}
    disputes = {d.question_id: d for d in decided.disputes}
    assert (disputes["capability"].status, disputes["budget"].status) == ("revised", "decided")
    [settled] = disputes["budget"].settlements
    assert (settled.value_label, settled.rationale, settled.decided_by) == (
        "Small",
        "Cash comes first this year.",
        None,
    )
    [checkin] = decided.checkins
    assert checkin.report is not None
    assert (checkin.report.criteria[0].met, checkin.report.criteria[0].partly) == (2, 1)


def test_the_minimum_group_holds_in_the_export(decided: DecisionRecord) -> None:
    """One person's round-2 revision is theirs, two people's answers are theirs, and so is one
    person's check-in note: none is exported from an anonymous workshop, as no other surface shows them."""
    assert [r for r in decided.answers if r.round == 2] == []
    # `ml_team` was shown to the two who said yes to `capability`: their answers are theirs.
    assert [r for r in decided.answers if r.question_id == "ml_team"] == []
    assert "The CTO convinced me." not in decided.model_dump_json()
    [checkin] = decided.checkins
    assert checkin.report is not None and checkin.report.criteria[0].notes == []


def test_an_anonymous_record_names_nobody_in_any_file(decided: DecisionRecord) -> None:
    people = [*INVITEES, FACILITATOR]

    for exported in export_files(decided):
        text = exported.content.decode()
        assert [person for person in people if person in text] == [], exported.filename
    assert all(row.participant is None and row.role is None for row in decided.answers)
    assert decided.facilitator is None


def test_anonymous_rows_are_ordered_by_answer_not_by_person(decided: DecisionRecord, flow: Flow) -> None:
    order = [q.id for q in flow.questions]
    keys = [(r.round, order.index(r.question_id), r.value_label, r.reason or "") for r in decided.answers]

    assert keys == sorted(keys)
    capability = [r.value_label for r in decided.answers if r.round == 1 and r.question_id == "capability"]
    # SPLIT answered yes, yes, no, no in panel order: sorted, the panel's order is gone.
    assert capability == ["No", "No", "Yes", "Yes"]


def test_the_csv_neutralises_a_stored_formula(decided: DecisionRecord) -> None:
    assert '"\'=SUM(A1)"' in render_csv(decided)


def test_a_named_record_says_who_answered_and_who_decided(
    scope: ServiceScope, workshops: WorkshopService, start_workshop: Callable[..., Workshop]
) -> None:
    workshop = start_workshop(anonymous=False)
    decide_workshop(scope, workshop)

    record = gather_record(workshops, workshops.get(TEAM, workshop.id))

    assert record.facilitator == FACILITATOR
    assert [r.participant for r in record.answers if r.round == 1][:3] == ["UCEO", "UCEO", "UCEO"]
    [revision] = [r for r in record.answers if r.round == 2]
    assert (revision.participant, revision.value_label, revision.reason) == (
        "UCFO",
        "Yes",
        "The CTO convinced me.",
    )
    assert {r.role for r in record.answers} == {"other"}
    assert {d.question_id: d.settlements for d in record.disputes}["budget"][0].decided_by == FACILITATOR


def test_a_running_named_workshop_exports_the_answers_so_far(
    workshops: WorkshopService,
    answering: AnswerService,
    session: Session,
    start_workshop: Callable[..., Workshop],
) -> None:
    workshop = start_workshop(anonymous=False)
    answering.record_answers(TEAM, workshop.id, "UCEO", {"capability": True, "budget": "large"})
    session.commit()

    record = gather_record(workshops, workshops.get(TEAM, workshop.id))

    assert (record.status, record.recommendation_revision) == ("collecting", None)
    assert record.analysis is not None and record.analysis.participation.answered == 1
    assert len(record.answers) == 2 and record.disputes == [] and record.checkins == []


def test_too_few_answers_in_an_anonymous_workshop_export_nothing_of_them(
    workshops: WorkshopService, answering: AnswerService, session: Session, workshop: Workshop
) -> None:
    answering.record_answers(TEAM, workshop.id, "UCEO", {"capability": True, "budget": "large"})
    session.commit()

    record = gather_record(workshops, workshops.get(TEAM, workshop.id))
    markdown, csv_text, json_text = (f.content.decode() for f in export_files(record))

    assert (record.analysis, record.answers) == (None, [])
    assert record.withheld is not None and record.withheld in markdown
    assert "\n# Which AI leader first: results withheld\n" in markdown
    assert csv_text.count("\r\n") == 1  # the header alone
    assert '"withheld": "Results are held back' in json_text and '"answers": []' in json_text


def test_the_command_line_finds_a_workshops_team_or_says_it_is_not_there(
    session: Session, workshop: Workshop
) -> None:
    assert team_of(session, workshop.id) == TEAM
    with pytest.raises(NotFound, match="There is no workshop 9999 in this database"):
        team_of(session, 9999)


def test_a_workshop_that_ended_without_a_recommendation_says_why(
    workshops: WorkshopService,
    answering: AnswerService,
    rounds: RoundService,
    session: Session,
    start_workshop: Callable[..., Workshop],
) -> None:
    workshop = start_workshop(anonymous=False)
    answering.record_answers(TEAM, workshop.id, "UCEO", {"capability": True, "budget": "large"})
    rounds.close_round(TEAM, workshop.id, by_user=FACILITATOR)
    session.commit()

    record = gather_record(workshops, workshops.get(TEAM, workshop.id))
    markdown = export_files(record)[0].content.decode()

    assert record.analysis is not None and record.analysis.recommendation.option_id is None
    assert "No recommendation yet: " in markdown and "Chosen option" not in markdown
