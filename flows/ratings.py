"""How a participant rates a success criterion at a check-in. Shared by the check-in report (pure)
and the stored ratings, so both speak the same three words."""

from __future__ import annotations

from enum import StrEnum


class Rating(StrEnum):
    MET = "met"
    PARTLY = "partly"
    NOT_YET = "not_yet"
