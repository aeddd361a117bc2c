"""The answers CSV: one row per answer, every field quoted, every formula start neutralised as OWASP's
CSV-injection guidance says, and no names, ids or roles in an anonymous workshop."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest

from bot.export.answers_csv import ANONYMOUS_COLUMNS, neutralised, render_csv
from bot.export.model import AnswerRow, DecisionRecord

FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"]


def parsed(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def with_rows(record: DecisionRecord, *rows: AnswerRow) -> DecisionRecord:
    return record.model_copy(update={"answers": list(rows)})


def reason_row(reason: str) -> AnswerRow:
    return AnswerRow(round=2, question_id="readiness", value=4, value_label="Agree (4)", reason=reason)


@pytest.mark.parametrize("start", FORMULA_STARTS, ids=["equals", "plus", "minus", "at", "tab", "return"])
def test_each_formula_start_is_prefixed_with_a_quote(start: str) -> None:
    payload = f'{start}HYPERLINK("https://evil.test","x")'

    assert neutralised(payload) == "'" + payload


@pytest.mark.parametrize("start", FORMULA_STARTS, ids=["equals", "plus", "minus", "at", "tab", "return"])
def test_a_reason_starting_a_formula_reaches_the_file_neutralised(record: DecisionRecord, start: str) -> None:
    reason = f"{start}cmd|' /C calc'!A0"

    [header, row] = parsed(render_csv(with_rows(record, reason_row(reason))))

    assert row[header.index("reason")] == "'" + reason


@pytest.mark.parametrize("cell", ["Fine", "a=b", "'quoted already", " =spaced", "", "3 functions"])
def test_other_cells_are_left_as_they_are(cell: str) -> None:
    assert neutralised(cell) == cell


def test_a_negative_number_is_neutralised_too(record: DecisionRecord) -> None:
    row = AnswerRow(round=1, question_id="teams", value=-2, value_label="-2 teams")

    [header, line] = parsed(render_csv(with_rows(record, row)))

    assert (line[header.index("answer")], line[header.index("answer_value")]) == ("'-2 teams", "'-2")


def test_every_field_is_quoted(record: DecisionRecord) -> None:
    text = render_csv(with_rows(record, reason_row('He said "maybe", then left')))

    lines = text.split("\r\n")
    assert all(line.startswith('"') and line.endswith('"') for line in lines if line)
    assert parsed(text)[1][-1] == 'He said "maybe", then left'


def test_one_row_per_answer_with_question_text_and_labels(record: DecisionRecord) -> None:
    [header, *rows] = parsed(render_csv(record))

    assert header == ANONYMOUS_COLUMNS
    assert len(rows) == len(record.answers)
    first = dict(zip(header, rows[0], strict=True))
    assert first["round"] == "1"
    assert first["question"] == record.flow.question(first["question_id"]).text
    scale = next(dict(zip(header, r, strict=True)) for r in rows if r[1] == "readiness")
    assert scale["answer"].endswith(f"({scale['answer_value']})")
    multi = [dict(zip(header, r, strict=True)) for r in rows if r[1] == "risks"]
    assert "security;model" in {m["answer_value"] for m in multi}
    assert "Security; Model risk" in {m["answer"] for m in multi}


def test_an_anonymous_file_has_no_person_columns(record: DecisionRecord) -> None:
    [header, *_] = parsed(render_csv(record))

    assert "participant" not in header and "role" not in header


def test_a_named_file_says_who_answered_and_their_role(make_record: Callable[..., DecisionRecord]) -> None:
    named = make_record(anonymous=False)

    [header, *rows] = parsed(render_csv(named))

    assert header[:3] == ["round", "participant", "role"]
    assert {r[1] for r in rows} == {"U_1", "U_2", "U_3", "U_4", "U_5"}
    assert "CFO / finance" in {r[2] for r in rows}
