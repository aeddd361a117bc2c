from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from bot.blocks.summary import summary_messages
from bot.blocks.viewmodels import WorkshopView
from flows.engine.model import Analysis
from flows.schema import Flow

from .conftest import make_analysis
from .limits import all_text, check_message

CHECKINS = [date(2025, 9, 6), date(2026, 3, 6)]


def channel_text(flow: Flow, analysis: Analysis, workshop: WorkshopView) -> str:
    messages = [m for m in summary_messages(flow, analysis, workshop, CHECKINS) if not m.in_thread]
    return "\n".join(all_text(check_message(m)) for m in messages)


def test_headline_why_risks_participation_and_checkins(
    flow: Flow, analysis: Analysis, workshop: WorkshopView
) -> None:
    text = channel_text(flow, analysis, workshop)
    assert "Recommendation: Head of AI" in text
    assert "*medium confidence*" in text and "20 points ahead" in text
    assert "`██████░░░░` 60% Head of AI" in text and "`████░░░░░░` 40% AI Product Lead" in text
    assert "Models already run in production: 4 of 5 backed this" in text
    assert "Capability without direction" in text and "“the risk of Head of AI”" in text
    assert "5 of 6 answered · 1 declined · 83% of questions answered" in text
    assert "No answers from anyone in the role of: CFO / finance" in text
    assert "the CTO's answers counted half" in text
    assert text.count("<!date^") == 2
    assert "An AI feature ships within six months" in text and "A platform team exists" in text


def test_disputes_show_their_state_and_flag_decisive_ones(
    flow: Flow, analysis: Analysis, workshop: WorkshopView
) -> None:
    text = channel_text(flow, analysis, workshop)
    assert "*Disputes (1)*" in text
    assert "Question has_models? — still open · :warning: *decisive*" in text
    assert "Yes 3 · No 2" in text


def test_open_answers_go_to_the_thread_escaped_and_without_names(
    flow: Flow, analysis: Analysis, workshop: WorkshopView
) -> None:
    messages = summary_messages(flow, analysis, workshop, CHECKINS)
    thread = [m for m in messages if m.in_thread]
    assert thread and not messages[0].in_thread
    text = "\n".join(all_text(check_message(m)) for m in thread)
    assert "> Hire fast &lt;!channel&gt;" in text
    assert "> Worried about &lt;@U999&gt; &amp; cost" in text
    everything = "\n".join(all_text(m.to_dict()) for m in messages)
    assert "<!channel>" not in everything
    # Nobody is named anywhere in a summary: no user mention at all, in either mode.
    named = replace(workshop, anonymous=False)
    for message in summary_messages(flow, analysis, named, CHECKINS):
        assert not re.search(r"<@[UW]", all_text(message.to_dict()))


def test_a_large_panel_splits_into_several_messages_within_limits(flow: Flow, workshop: WorkshopView) -> None:
    answers = [f"Answer {n} <b>: " + "word " * 597 for n in range(100)]
    assert all(len(a) >= 2990 for a in answers)
    messages = summary_messages(flow, make_analysis(free_text=answers), workshop, CHECKINS)
    assert len(messages) > 3
    for message in messages:
        check_message(message)
    text = "\n".join(all_text(m.to_dict()) for m in messages)
    assert all(f"Answer {n} &lt;b&gt;" in text for n in range(100))
    assert text.count("word") == 100 * 597  # every word of every answer is there, none lost
    thread = [m for m in messages if m.in_thread]
    assert thread[0].text.startswith("Open answers for workshop #7 (part 1 of")


def test_no_checkins_and_no_disputes_read_naturally(flow: Flow, workshop: WorkshopView) -> None:
    messages = summary_messages(flow, make_analysis(), workshop, [])
    text = "\n".join(all_text(check_message(m)) for m in messages)
    assert "none; the panel agreed" in text and "Check-ins" not in text
    assert not any(m.in_thread for m in messages)
