"""Answers are append-only: a change is a new revision, and the highest revision counts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple, cast

from sqlalchemy import Select, Table, bindparam, insert, select, true, update
from sqlalchemy.orm import Session

from storage.models import Answer


class LatestAnswer(NamedTuple):
    """One question's latest revision, as storing the next one needs it (no ORM object)."""

    id: int
    question_id: str
    revision: int
    value: Any
    rationale: str | None


class NewRevision(NamedTuple):
    workshop_id: int
    participant_id: int
    question_id: str
    round: int
    revision: int
    value: Any
    rationale: str | None
    created_at: datetime


def _current_query(*, one_participant: bool) -> Select[Answer]:
    """Each (participant, question)'s latest revision in a round, read through the index that
    holds `latest`, so a long history costs nothing more."""
    where = [
        Answer.workshop_id == bindparam("workshop_id"),
        Answer.round == bindparam("round"),
        Answer.latest == true(),
    ]
    if one_participant:
        where.append(Answer.participant_id == bindparam("participant_id"))
    return select(Answer).where(*where).order_by(Answer.participant_id, Answer.id)


# Built once: constructing these per request cost more CPU than running them.
_CURRENT = _current_query(one_participant=False)
_CURRENT_OF_ONE = _current_query(one_participant=True)
# Storing an answer runs these on the table itself: the ORM's unit of work cost more than the SQL.
_ANSWERS = cast(Table, Answer.__table__)
_TABLE = _ANSWERS.c
_LATEST_OF_ONE = select(_TABLE.id, _TABLE.question_id, _TABLE.revision, _TABLE.value, _TABLE.rationale).where(
    _TABLE.workshop_id == bindparam("workshop_id"),
    _TABLE.round == bindparam("round"),
    _TABLE.latest == true(),
    _TABLE.participant_id == bindparam("participant_id"),
)
_INSERT = insert(_ANSWERS)
_REPLACED = update(_ANSWERS).where(_TABLE.id == bindparam("answer_id")).values(latest=False)


class AnswerRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def current(self, workshop_id: int, round: int, participant_id: int | None = None) -> list[Answer]:
        """The effective answer rows of a round: for each participant and question, the highest revision."""
        params = {"workshop_id": workshop_id, "round": round}
        if participant_id is None:
            return list(self.session.scalars(_CURRENT, params))
        return list(self.session.scalars(_CURRENT_OF_ONE, params | {"participant_id": participant_id}))

    def latest_of(self, workshop_id: int, round: int, participant_id: int) -> list[LatestAnswer]:
        """One participant's latest revision of each question in a round, without ORM objects."""
        params = {"workshop_id": workshop_id, "round": round, "participant_id": participant_id}
        return [LatestAnswer(*row) for row in self.session.execute(_LATEST_OF_ONE, params)]

    def add_revisions(self, rows: Sequence[NewRevision], replaced: Sequence[int]) -> None:
        """Store new revisions, each the latest now, and mark the rows they replace as not."""
        if replaced:
            self.session.execute(_REPLACED, [{"answer_id": answer_id} for answer_id in replaced])
        if rows:
            self.session.execute(_INSERT, [row._asdict() for row in rows])

    def history(self, participant_id: int, question_id: str, round: int) -> list[Answer]:
        """Every revision of one answer, oldest first."""
        query = (
            select(Answer)
            .where(
                Answer.participant_id == participant_id,
                Answer.question_id == question_id,
                Answer.round == round,
            )
            .order_by(Answer.revision)
        )
        return list(self.session.scalars(query))

    def add(self, answer: Answer) -> None:
        self.session.add(answer)
