"""The privacy settings every surface applies: the minimum group for anonymous results, how long
answers are kept, and how often one person may be reminded. Defaults match the settings'."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class Privacy:
    min_answers: int = 3
    min_free_text: int = 4
    retention_months: int | None = None  # None keeps everything
    reminder_cooldown: timedelta = timedelta(hours=6)
