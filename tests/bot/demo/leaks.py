"""Finding a name next to an answer in a printout: every line that names a panel member and also
shows something one of them answered (an answer's label, a free-text sentence, a round-2 reason, or
anything quoted)."""

from __future__ import annotations

from bot.blocks.elements import SCALE_LABELS
from bot.demo.personas import ANYTHING_ELSE, FREE_TEXT
from bot.demo.plan import Story


def answer_phrases(story: Story) -> set[str]:
    labels = {c.label for q in story.flow.questions for c in q.choices or []} | set(SCALE_LABELS.values())
    sentences = {s for bank in FREE_TEXT.values() for s in bank} | set(ANYTHING_ELSE)
    reasons = {why for part in story.parts for _, why in part.revisions.values()}
    # One-word labels ("Product", "Compliance") are also job titles; they name nobody's answer.
    return {phrase for phrase in labels | sentences | reasons if " " in phrase}


def names_next_to_answers(printout: str, story: Story) -> list[str]:
    names = [part.persona.name for part in story.parts]
    phrases = answer_phrases(story)
    return [
        line
        for line in printout.splitlines()
        if any(name in line for name in names) and ("“" in line or any(phrase in line for phrase in phrases))
    ]
