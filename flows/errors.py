"""The one hierarchy of known errors. Each says what was wrong and how to fix it, in words fit to
show a person in Slack or on a terminal; anything outside this hierarchy is a bug."""

from __future__ import annotations


class WorkshopError(Exception):
    """A known, explainable failure. `str(error)` is the whole message: what, then how to fix it."""

    def __init__(self, problem: str, fix: str | None = None) -> None:
        self.problem = problem
        self.fix = fix
        super().__init__(f"{problem} {fix}" if fix else problem)


class FlowDefinitionError(WorkshopError):
    """A flow file is malformed or breaks the schema."""


class UnknownFlow(WorkshopError):
    """No flow has the id that was asked for."""


class InvalidAnswer(WorkshopError):
    """An answer names an unknown question or has a value the question does not accept."""


class NotFound(WorkshopError):
    """A workshop, participant or item does not exist (or belongs to another workspace)."""


class NotAllowed(WorkshopError):
    """The person may not do this: not invited, not the facilitator, not an admin."""


class WrongState(WorkshopError):
    """The workshop is not in a state that allows this (a closed round, a cancelled workshop)."""


class TooFewToShow(WrongState):
    """An anonymous round would close with too few answers to show without exposing who gave them."""
