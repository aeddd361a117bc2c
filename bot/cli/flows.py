"""`hiring-workshop flows list|show|validate`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from bot.cli.catalog import catalog_for
from flows.errors import FlowDefinitionError
from flows.kinds.registry import plugin_for
from flows.loader import find_source, load_flow_file, validate_quotes
from flows.schema import Flow, Question


def flows_list(args: argparse.Namespace) -> int:
    flows = catalog_for(args).all()
    if args.json:
        print(json.dumps([_flow_heading(f) for f in flows], indent=2))
        return 0
    for flow in flows:
        print(f"{flow.id}\n  {flow.title}\n  Decides: {flow.decision}\n  Source: {flow.source.title}\n")
    return 0


def flows_show(args: argparse.Namespace) -> int:
    flow = catalog_for(args).get(args.flow_id)
    if args.json:
        document = _flow_heading(flow) | {
            "version": flow.version,
            "decision": flow.decision,
            "options": [{"id": o.id, "label": o.label, "summary": o.summary} for o in flow.options],
            "questions": [_question(q) for q in flow.questions],
            "success_criteria": [
                {"id": c.id, "text": c.text, "options": c.options} for c in flow.success_criteria
            ],
        }
        print(json.dumps(document, indent=2))
        return 0
    print(f"{flow.title} ({flow.id}, version {flow.version})\nDecides: {flow.decision}\n")
    print("Options:")
    for option in flow.options:
        print(f"  {option.id}: {option.label}. {option.summary}")
    for index, section in enumerate(flow.sections, start=1):
        print(f"\nSection {index} of {len(flow.sections)}: {section.title}")
        for question in section.questions:
            choices = ", ".join(f"{c['value']}" for c in _question(question)["choices"])
            print(
                f"  [{question.id}] ({question.kind}) {question.text}"
                + (f"\n      {choices}" if choices else "")
            )
    return 0


def flows_validate(args: argparse.Namespace) -> int:
    problems = 0
    for name in args.paths:
        path = Path(name)
        flow = load_flow_file(path)
        source = _find_source(path, flow)
        quote_problems = validate_quotes(flow, _document_text(path, source)) if source else []
        for problem in quote_problems:
            print(f"{path}: {problem}")
        problems += len(quote_problems)
        checked = (
            f"quotes checked against {source}" if source else "source document not found, quotes unchecked"
        )
        print(f"{path}: valid flow '{flow.id}' version {flow.version} ({checked})")
    return 2 if problems else 0


def _flow_heading(flow: Flow) -> dict[str, object]:
    return {
        "id": flow.id,
        "title": flow.title,
        "source": {"title": flow.source.title, "file": flow.source.file},
    }


def _question(question: Question) -> dict[str, Any]:
    choices = plugin_for(question.kind).listed_choices(question)
    return {
        "id": question.id,
        "text": question.text,
        "kind": str(question.kind),
        "required": question.required,
        "dont_know": question.dont_know,  # the question also accepts `dont_know`
        "choices": choices,
    }


def _document_text(flow_path: Path, source: Path) -> str:
    try:
        return source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise FlowDefinitionError(
            f"{flow_path}: its source document {source} is not UTF-8 text ({type(error).__name__}).",
            "Point source.file at the document's text (Markdown or plain text).",
        ) from None


def _find_source(flow_path: Path, flow: Flow) -> Path | None:
    return find_source(flow, flow_path)
