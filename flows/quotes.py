"""Quotes from a flow's source document: a sentence, or one table cell with its row and column named.

A table cell is written in a flow file as `{table_row, table_column, cell}`. It loads as a
`CellQuote`, a `str` whose text is already the clean rendering ("CAIO / AI Leadership, Operations
Model: MLOps, model lifecycle, drift monitoring"), so every renderer that shows a quote as text
shows a cell correctly, never two cells run together; its parts stay available for the verbatim
check. `render_quote` gives any quote as one clean line; `shown_quote` drops a quote that only
repeats the question it stands under.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, PlainSerializer, PlainValidator, WithJsonSchema

QUOTE_LIMIT = 2000


class TableCell(BaseModel):
    """How a cell is written in a flow file: each part verbatim from the document's table."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    table_row: str
    table_column: str
    cell: str


class CellQuote(str):
    """One table cell, its text the rendering `"<column>, <row>: <cell>"`."""

    table_row: str
    table_column: str
    cell: str

    def __new__(cls, table_row: str, table_column: str, cell: str) -> CellQuote:
        parts = [_collapse(part) for part in (table_row, table_column, cell)]
        if not all(parts):
            raise ValueError("a table cell quote needs a table_row, a table_column and a cell, none empty")
        row, column, text = parts
        quote = super().__new__(cls, f"{column}, {row}: {text}")
        quote.table_row, quote.table_column, quote.cell = row, column, text
        return quote

    def __reduce__(self) -> tuple[Any, ...]:  # copy and pickle rebuild it from its parts
        return (CellQuote, (self.table_row, self.table_column, self.cell))

    def as_data(self) -> dict[str, str]:
        return {"table_row": self.table_row, "table_column": self.table_column, "cell": self.cell}


def _validate(value: object) -> str:
    if isinstance(value, CellQuote):
        return value
    if isinstance(value, dict):
        cell = TableCell.model_validate(value)
        return CellQuote(cell.table_row, cell.table_column, cell.cell)
    if not isinstance(value, str):
        raise ValueError("a quote is a sentence (text) or a table cell {table_row, table_column, cell}")
    text = value.strip()
    if not text:
        raise ValueError("a quote must not be empty")
    if len(text) > QUOTE_LIMIT:
        raise ValueError(f"a quote must have at most {QUOTE_LIMIT} characters")
    return text


def _serialize(value: str) -> str | dict[str, str]:
    return value.as_data() if isinstance(value, CellQuote) else value


_JSON_SCHEMA = {
    "anyOf": [
        {"type": "string", "minLength": 1, "maxLength": QUOTE_LIMIT},
        TableCell.model_json_schema(),
    ]
}

# A field of this type holds a plain `str` or a `CellQuote`; both read as text.
Quote = Annotated[
    str,
    PlainValidator(_validate),
    PlainSerializer(_serialize),
    WithJsonSchema(_JSON_SCHEMA),
]


def render_quote(quote: str) -> str:
    """A quote as one clean line: a sentence with its whitespace collapsed, or a table cell with its
    column and row named."""
    return _collapse(quote)


# Words too common to tell a quote from its question.
_FILLER = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "do",
        "does",
        "for",
        "from",
        "how",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "the",
        "their",
        "this",
        "to",
        "we",
        "what",
        "which",
        "who",
        "why",
        "you",
        "your",
    ]
)
REPEAT_SHARE = 0.8


def repeats(text: str, quote: str) -> bool:
    """True when the quote adds nothing to `text`: at least 80% of its meaningful words are already
    there (the document's own question, reworded as ours: "the strategy" for "our strategy")."""
    quote_words = _words(quote)
    if not quote_words:
        return True
    shared = quote_words & _words(text)
    return len(shared) / len(quote_words) >= REPEAT_SHARE


def shown_quote(text: str, quote: str) -> str | None:
    """The quote to show under `text` (a question or a signal), or None when it only repeats it."""
    return None if repeats(text, quote) else render_quote(quote)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _FILLER}


def _collapse(text: str) -> str:
    return " ".join(str(text).split())
