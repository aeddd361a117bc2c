"""How a workshop's state reads to people, and what happens next in it.

State names are the storage layer's `WorkshopStatus` values (not imported: builders never touch
storage); a name not listed here is shown as it is, so a new state
never breaks a message.
"""

from __future__ import annotations

LABELS: dict[str, str] = {
    "collecting": "Round 1: collecting answers",
    "round2": "Round 2: reviewing disputed questions",
    "deciding": "Waiting for the facilitator",
    "decided": "Finished",
    "cancelled": "Cancelled",
}

NEXT_STEPS: dict[str, str] = {
    "collecting": "Answers are coming in; `/hiring remind` nudges anyone who has not answered.",
    "round2": "People are reviewing the disputed questions anonymously.",
    "deciding": "Settle the questions the panel could not agree on, then the summary is posted.",
    "decided": "The summary is posted; the app comes back at the check-ins.",
    "cancelled": "Nothing more will happen.",
}


def state_label(state: str) -> str:
    return LABELS.get(state, state.replace("_", " ").capitalize())


def next_step(state: str) -> str | None:
    return NEXT_STEPS.get(state)
