"""State a modal carries between Slack round trips, as a pydantic model in `private_metadata`."""

from __future__ import annotations

from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from flows.errors import WorkshopError

METADATA_LIMIT = 3000  # Slack's limit on a view's private_metadata

Months = Literal[3, 6, 9, 12]
UserId = Annotated[str, Field(pattern=r"^[UW][A-Z0-9_]{2,20}$")]


class Metadata(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class StartContext(Metadata):
    """Step 1 of the start modal: where the workshop will run."""

    channel_id: str


class StartDraft(Metadata):
    """Step 1's choices, carried to step 2 (roles); a 50-person draft is about 1,000 characters."""

    channel_id: str
    flow_id: str
    invitee_ids: list[UserId] = Field(min_length=1, max_length=50)
    deadline: int  # unix seconds
    anonymous: bool = True
    checkin_months: list[Months] = Field(default_factory=lambda: [12])
    preview: bool = True


class AnswerMeta(Metadata):
    workshop_id: int
    team_id: str
    section_index: int = Field(default=0, ge=0)
    round: Literal[1, 2] = 1


class FacilitatorMeta(Metadata):
    workshop_id: int
    team_id: str


M = TypeVar("M", bound=Metadata)


def to_private_metadata(meta: Metadata) -> str:
    raw = meta.model_dump_json()
    if len(raw) > METADATA_LIMIT:
        raise WorkshopError(
            f"This form has too much to remember ({len(raw)} characters; Slack keeps {METADATA_LIMIT}).",
            "Invite fewer people at once, then add the others later.",
        )
    return raw


def parse_private_metadata(raw: str, model: type[M]) -> M:
    if len(raw) > METADATA_LIMIT:
        raise WorkshopError(
            f"This form's saved state is {len(raw)} characters, over Slack's {METADATA_LIMIT}.",
            "Close the form and start again.",
        )
    try:
        return model.model_validate_json(raw)
    except ValidationError as error:
        raise WorkshopError(
            f"This form's saved state could not be read ({error.error_count()} problem(s)).",
            "Close the form and open it again from the message or App Home.",
        ) from error
