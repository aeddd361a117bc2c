"""The record's three files, named after the workshop, ready to upload or write."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.export.answers_csv import render_csv
from bot.export.markdown import render_markdown
from bot.export.model import DecisionRecord
from bot.export.record_json import render_json

RENDERERS: dict[str, Callable[[DecisionRecord], str]] = {
    "md": render_markdown,
    "csv": render_csv,
    "json": render_json,
}
TITLES = {"md": "Decision record", "csv": "Answers", "json": "Decision record (JSON)"}


@dataclass(frozen=True)
class ExportFile:
    filename: str
    title: str
    content: bytes


def export_file(record: DecisionRecord, format: str) -> ExportFile:
    text = RENDERERS[format](record)
    name = f"workshop-{record.workshop_id}-{'answers' if format == 'csv' else 'decision-record'}.{format}"
    return ExportFile(name, f"{TITLES[format]}, workshop {record.workshop_id}", text.encode("utf-8"))


def export_files(record: DecisionRecord) -> list[ExportFile]:
    return [export_file(record, format) for format in RENDERERS]
