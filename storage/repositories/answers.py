"""Answers are append-only: a change is a new revision, and the highest revision counts."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Answer


class AnswerRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def current(self, workshop_id: int, round: int, participant_id: int | None = None) -> list[Answer]:
        """The effective answer rows of a round: for each participant and question, the highest revision."""
        query = select(Answer).where(Answer.workshop_id == workshop_id, Answer.round == round)
        if participant_id is not None:
            query = query.where(Answer.participant_id == participant_id)
        latest: dict[tuple[int, str], Answer] = {}
        for answer in self.session.scalars(query.order_by(Answer.revision)):
            latest[(answer.participant_id, answer.question_id)] = answer
        return list(latest.values())

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
