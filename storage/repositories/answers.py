"""Answers are append-only: a change is a new revision, and the highest revision counts."""

from __future__ import annotations

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session, aliased

from storage.models import Answer


def _current_query(*, one_participant: bool) -> Select[Answer]:
    """Each (participant, question)'s highest revision in a round, found through the unique
    (participant, question, round, revision) index, so a long history costs nothing more."""
    newer = aliased(Answer)
    highest = (
        select(func.max(newer.revision))
        .where(
            newer.participant_id == Answer.participant_id,
            newer.question_id == Answer.question_id,
            newer.round == Answer.round,
        )
        .scalar_subquery()
    )
    where = [Answer.workshop_id == bindparam("workshop_id"), Answer.round == bindparam("round")]
    if one_participant:
        where.append(Answer.participant_id == bindparam("participant_id"))
    return select(Answer).where(*where, Answer.revision == highest).order_by(Answer.participant_id, Answer.id)


# Built once: constructing these per request cost more CPU than running them.
_CURRENT = _current_query(one_participant=False)
_CURRENT_OF_ONE = _current_query(one_participant=True)


class AnswerRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def current(self, workshop_id: int, round: int, participant_id: int | None = None) -> list[Answer]:
        """The effective answer rows of a round: for each participant and question, the highest revision."""
        params = {"workshop_id": workshop_id, "round": round}
        if participant_id is None:
            return list(self.session.scalars(_CURRENT, params))
        return list(self.session.scalars(_CURRENT_OF_ONE, params | {"participant_id": participant_id}))

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
