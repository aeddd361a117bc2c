"""The rehearsal answers file: `{"participants": [{"name", "role", "answers": {question_id: value}}]}`.

Roles are read as `/hiring start` reads them, in any case: a role key ("CEO"), an everyday word
("founder", "finance"), or a title naming exactly one of them ("Head of Product")."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from flows.engine import parse_answers
from flows.engine.model import Answer, Member, Panel
from flows.errors import InvalidAnswer, WorkshopError
from flows.roles import ROLE_WORDS, role_of
from flows.schema import ROLES, Flow


class RehearsalParticipant(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    role: str = "other"
    weight: float = Field(default=1.0, gt=0)
    declined: bool = False
    answers: dict[str, object] = Field(default_factory=dict)


class AnswersFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    participants: list[RehearsalParticipant] = Field(min_length=1)


def load_panel(path: Path, flow: Flow) -> tuple[Panel, list[str]]:
    """The panel the file describes, and the participants' names in panel order.
    Any problem is one `WorkshopError` line naming the file, the participant and the question."""
    document = _read(path)
    try:
        answers_file = AnswersFile.model_validate(document)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise WorkshopError(f"{path}: {where}: {first['msg']}.", _FORMAT_HINT) from None
    members: list[Member] = []
    round1: dict[str, dict[str, Answer]] = {}
    for index, person in enumerate(answers_file.participants, start=1):
        who = f"participant {index} ({person.name!r})"
        role = role_of(person.role)
        if role is None:
            raise WorkshopError(
                f"{path}: {who}: unknown role '{person.role}'.",
                f"Use one of: {', '.join(ROLES)} (in any case), or a word such as "
                f"{', '.join(w for w in ROLE_WORDS if w not in ROLES)}.",
            )
        try:
            parsed = parse_answers(flow, person.answers)
        except InvalidAnswer as error:
            raise WorkshopError(f"{path}: {who}: {error.problem}", error.fix) from None
        member_id = str(index)
        members.append(Member(id=member_id, role=role, weight=person.weight, declined=person.declined))
        round1[member_id] = {qid: Answer(value=value) for qid, value in parsed.items()}
    return Panel(members=members, round1=round1), [p.name for p in answers_file.participants]


_FORMAT_HINT = (
    'The file is {"participants": [{"name": ..., "role": ..., "answers": {question_id: value}}]}; '
    "see flows/examples/ for one per flow."
)


def _read(path: Path) -> object:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise WorkshopError(f"{path}: cannot read the answers file ({error.strerror}).") from None
    try:
        return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        mark = getattr(error, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark else ""
        raise WorkshopError(
            f"{path}: {line}malformed {path.suffix.lstrip('.') or 'YAML'}: {error}."
        ) from None
