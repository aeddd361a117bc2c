"""The pure workshop engine: visibility, answer checking, agreement, scoring, sensitivity and the
summary. It imports neither Slack nor SQLAlchemy."""

from flows.engine.analyse import analyse
from flows.engine.answers import parse_answer, parse_answers
from flows.engine.model import Analysis, Panel, Thresholds
from flows.engine.summary import render_mrkdwn, render_text, summary_sections
from flows.engine.summary_json import summary_json
from flows.engine.visibility import is_visible, next_section_index, sections_for, visible_questions

__all__ = [
    "Analysis",
    "Panel",
    "Thresholds",
    "analyse",
    "is_visible",
    "next_section_index",
    "parse_answer",
    "parse_answers",
    "render_mrkdwn",
    "render_text",
    "sections_for",
    "summary_json",
    "summary_sections",
    "visible_questions",
]
