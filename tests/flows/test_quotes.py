"""Quotes as renderers show them: a sentence on one line, a table cell with its row and column
named, and nothing at all when the quote only repeats its question."""

from __future__ import annotations

import copy
import pickle

import pytest
from pydantic import ValidationError

from flows.quotes import CellQuote, render_quote, repeats, shown_quote
from flows.schema import Cited

OPERATIONS_CELL = {
    "table_row": "Operations Model",
    "table_column": "CAIO / AI Leadership",
    "cell": "MLOps, model lifecycle, drift monitoring",
}


def test_a_table_cell_reads_as_its_column_and_row_then_the_cell() -> None:
    cited = Cited.model_validate({"text": "We need MLOps.", "quote": OPERATIONS_CELL})
    assert isinstance(cited.quote, CellQuote)
    assert cited.quote == "CAIO / AI Leadership, Operations Model: MLOps, model lifecycle, drift monitoring"
    assert render_quote(cited.quote) == cited.quote
    assert (cited.quote.table_row, cited.quote.table_column, cited.quote.cell) == tuple(
        OPERATIONS_CELL.values()
    )


def test_a_table_cell_is_stored_as_its_parts_and_read_back_the_same() -> None:
    cited = Cited.model_validate({"text": "We need MLOps.", "quote": OPERATIONS_CELL})
    stored = cited.model_dump(mode="json")
    assert stored["quote"] == OPERATIONS_CELL
    again = Cited.model_validate(stored)
    assert again == cited and isinstance(again.quote, CellQuote)
    assert isinstance(copy.deepcopy(cited).quote, CellQuote)
    assert pickle.loads(pickle.dumps(cited.quote)).cell == OPERATIONS_CELL["cell"]


@pytest.mark.parametrize(
    "quote",
    [
        {"table_row": "Operations Model", "table_column": "", "cell": "MLOps"},
        {"table_row": "Operations Model", "cell": "MLOps"},
        {"table_row": "Operations Model", "table_column": "CAIO", "cell": "MLOps", "colour": "red"},
        "   ",
        12,
    ],
)
def test_a_malformed_quote_is_refused(quote: object) -> None:
    with pytest.raises(ValidationError):
        Cited.model_validate({"text": "A statement.", "quote": quote})


def test_a_sentence_renders_on_one_line() -> None:
    assert render_quote("In larger organisations,\n  you often need both.") == (
        "In larger organisations, you often need both."
    )


def test_a_quote_that_only_repeats_its_question_is_not_shown() -> None:
    question = "Is AI central to our strategy, or a supporting capability?"
    assert repeats(question, "Is AI central to the strategy, or a supporting capability?")
    assert shown_quote(question, "Is AI central to the strategy, or a supporting capability?") is None


def test_a_quote_that_adds_the_documents_words_is_shown() -> None:
    question = "Which of these have we already seen in our AI work?"
    quote = "Unclear mandate, lack of authority, blurred reporting lines."
    assert not repeats(question, quote)
    assert shown_quote(question, quote) == quote
    cell = CellQuote("Operations Model", "CAIO / AI Leadership", "MLOps, model lifecycle, drift monitoring")
    assert shown_quote("What does running our AI in production need?", cell) == str(cell)
