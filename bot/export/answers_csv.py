"""The answers as CSV, one row per answer that counts (round 1's latest revision, and each round-2
revision), for a spreadsheet.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula, and a tab or carriage
return at the start can smuggle one in. OWASP's CSV-injection guidance: prefix such a cell with a
single quote, and quote every field (double quotes inside doubled). Both are done here, for every
cell, whoever wrote it: a person's reason, a flow's question text, even a negative number.

An anonymous workshop's rows name nobody and carry no per-person key (see `bot.export.gather`).
"""

from __future__ import annotations

import csv
import io
import json

from bot.export.model import AnswerRow, DecisionRecord
from flows.schema import ROLES

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ANONYMOUS_COLUMNS = ["round", "question_id", "question", "answer", "answer_value", "reason"]
NAMED_COLUMNS = ["round", "participant", "role", *ANONYMOUS_COLUMNS[1:]]


def neutralised(cell: str) -> str:
    """The cell as a spreadsheet shows it, never as a formula it runs."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def render_csv(record: DecisionRecord) -> str:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(ANONYMOUS_COLUMNS if record.anonymous else NAMED_COLUMNS)
    for row in record.answers:
        writer.writerow([neutralised(cell) for cell in _cells(record, row)])
    return out.getvalue()


def _cells(record: DecisionRecord, row: AnswerRow) -> list[str]:
    cells = [
        str(row.round),
        row.question_id,
        record.flow.question(row.question_id).text,
        row.value_label,
        _raw(row),
        row.reason or "",
    ]
    if record.anonymous:
        return cells
    return [cells[0], row.participant or "", ROLES.get(row.role or "", row.role or ""), *cells[1:]]


def _raw(row: AnswerRow) -> str:
    """The stored value as the flow spells it: `true`, `4`, a choice's value, values joined by `;`."""
    value = row.value
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, bool | int | float):
        return json.dumps(value)
    return value
