"""What round 2 and the facilitator both show for a disputed question: its spread, and the
anonymous reasons people gave. Nothing here knows who said what."""

from __future__ import annotations

from collections.abc import Sequence

from bot.blocks.common import TEXT_LIMIT, meter
from bot.blocks.spread import form_label
from flows.engine.model import QuestionResult
from flows.engine.text import escape, one_line
from flows.schema import Flow

REASONS_BUDGET = TEXT_LIMIT - 200  # room for the "and N more" line


def question_text(flow: Flow, question_id: str) -> str:
    try:
        return flow.question(question_id).text
    except KeyError:
        return question_id


def distribution_lines(result: QuestionResult) -> list[str]:
    """One bar per answer, labelled as the answer input reads ("4 Agree"), zeros included so the
    whole range shows."""
    total = max(result.answered, 1)
    return [
        f"{meter(n / total)} {escape(form_label(result.kind, key))} ({n})"
        for key, n in result.distribution.items()
    ]


def rationales_text(rationales: Sequence[str]) -> str | None:
    """The anonymous reasons as one quote each, as many as fit one text object."""
    if not rationales:
        return None
    lines = ["*Reasons given (anonymous):*"]
    size = len(lines[0])
    for shown, reason in enumerate(rationales):
        line = "> " + escape(one_line(reason))
        if size + len(line) + 1 > REASONS_BUDGET:
            lines.append(f"_…and {len(rationales) - shown} more not shown here._")
            break
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines)


def most_important_first(results: Sequence[QuestionResult], room: int) -> tuple[list[QuestionResult], int]:
    """The disputes that fit `room`, decisive ones first (order kept otherwise), and how many did not."""
    ordered = sorted(results, key=lambda r: not r.decisive)
    return ordered[:room], max(len(ordered) - room, 0)
