"""The rules of answering, on rows already loaded: which answers are new revisions, and how far
along a participant is. Nothing here queries or writes the database."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from flows.engine.model import AnswerValue
from flows.engine.visibility import visible_questions
from flows.errors import InvalidAnswer
from flows.schema import Flow
from storage.models import Answer, Participant, ParticipantStatus
from storage.repositories.answers import LatestAnswer, NewRevision

MAX_RATIONALE = 3000


def checked_rationales(rationales: Mapping[str, str], answered: Mapping[str, AnswerValue]) -> dict[str, str]:
    """The non-blank rationales, each for a question answered in the same request."""
    kept: dict[str, str] = {}
    for question_id, text in rationales.items():
        if question_id not in answered:
            raise InvalidAnswer(
                f"A rationale was given for question '{question_id}' without an answer to it.",
                "Send the answer together with its rationale.",
            )
        if not isinstance(text, str):
            raise InvalidAnswer(
                f"The rationale for question '{question_id}' is not text.", "Send it as text."
            )
        if len(text) > MAX_RATIONALE:
            raise InvalidAnswer(
                f"The rationale for question '{question_id}' is longer than {MAX_RATIONALE} characters.",
                "Shorten it.",
            )
        if text.strip():
            kept[question_id] = text.strip()
    return kept


@dataclass(frozen=True)
class Revisions:
    """What storing answers adds: the new revisions, and the ids of the rows they replace as latest."""

    rows: list[NewRevision]
    replaced: list[int]


def new_revisions(
    participant: Participant,
    round: int,
    values: Mapping[str, AnswerValue],
    rationales: Mapping[str, str],
    current: Iterable[LatestAnswer],
    now: datetime,
) -> Revisions:
    """The answers that differ from the participant's current ones. Repeating the current answer
    adds nothing; a changed answer, or a new rationale for it, is the next revision, and the row it
    replaces is no longer the latest."""
    latest = {a.question_id: a for a in current}
    rows: list[NewRevision] = []
    replaced: list[int] = []
    for question_id, value in values.items():
        before = latest.get(question_id)
        rationale = rationales.get(question_id)
        if before is not None and same_value(before.value, value) and rationale in (None, before.rationale):
            continue
        if before is not None:
            replaced.append(before.id)
        rows.append(
            NewRevision(
                workshop_id=participant.workshop_id,
                participant_id=participant.id,
                question_id=question_id,
                round=round,
                revision=before.revision + 1 if before else 1,
                value=value,
                rationale=rationale,
                created_at=now,
            )
        )
    return Revisions(rows, replaced)


def same_value(a: object, b: object) -> bool:
    # True == 1 in Python, but a yes/no answer is not a scale answer of 1.
    return isinstance(a, bool) == isinstance(b, bool) and a == b


def progress_of(flow: Flow, answers: Mapping[str, AnswerValue]) -> ParticipantStatus:
    """`answered` once every required question visible on the participant's path has an answer."""
    if not answers:
        return ParticipantStatus.INVITED
    required = [q.id for q in visible_questions(flow, answers) if q.required]
    done = all(question_id in answers for question_id in required)
    return ParticipantStatus.ANSWERED if done else ParticipantStatus.ANSWERING


def values_by_participant(rows: Iterable[Answer]) -> dict[int, dict[str, AnswerValue]]:
    grouped: dict[int, dict[str, AnswerValue]] = {}
    for row in rows:
        grouped.setdefault(row.participant_id, {})[row.question_id] = row.value
    return grouped
