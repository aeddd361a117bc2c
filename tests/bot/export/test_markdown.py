"""The Markdown decision record: MADR's layout, the evidence with its quotes, disputes told as they were
settled, the outcome as the engine found it (or why there is none), the check-ins."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime

from bot.export.markdown import md, render_markdown
from bot.export.model import CheckInRecord, DecisionRecord, DisputeRecord, Settlement
from flows.engine.checkin_report import CheckInReport, CriterionResult
from tests.bot.export.conftest import DECIDED, DISPUTED, SCALE_DISPUTED

DASH = "\u2013"  # en dash, as people write a split of votes
MADR_HEADINGS = [
    "# Which AI leader first: AI Product Lead",
    "## Context and Problem Statement",
    "## Decision Drivers",
    "## Considered Options",
    "## Decision Outcome",
    "### Consequences",
    "## Disputes and their resolutions",
    "### Confirmation",
    "## Pros and Cons of the Options",
    "### AI Product Lead",
    "### Head of AI",
    "## More Information",
]


def headings(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("#")]


def with_recommendation(record: DecisionRecord, **changes: object) -> DecisionRecord:
    chosen = record.analysis.recommendation.model_copy(update=changes)
    return record.model_copy(
        update={"analysis": record.analysis.model_copy(update={"recommendation": chosen})}
    )


def test_the_record_follows_madr_with_front_matter(record: DecisionRecord) -> None:
    markdown = render_markdown(record)

    assert markdown.startswith('---\nstatus: "accepted"\ndate: 2026-11-20\n')
    assert headings(markdown) == MADR_HEADINGS
    assert "Source: *Hiring AI Leaders*." in markdown
    assert record.flow.decision in markdown


def test_a_running_workshop_is_proposed_and_says_nothing_is_recommended_yet(
    make_record: Callable[..., DecisionRecord],
) -> None:
    markdown = render_markdown(make_record(status="round2", decided_at=None, recommendation_revision=None))

    assert 'status: "proposed"' in markdown
    assert "round 2 is collecting revisions" in markdown
    assert "Nothing has been recommended yet: what follows is the answers stored so far." in markdown


def test_each_signal_is_shown_with_its_count_and_quote(record: DecisionRecord) -> None:
    markdown = render_markdown(record)
    signals = record.analysis.recommendation.signals

    assert signals
    for signal in signals:
        assert (
            f"* {md(signal.text)} ({signal.supporters} of {signal.answered} answers point to it)\n  > "
            in markdown
        )
        assert md(signal.quote.split()[0]) in markdown


def test_the_outcome_names_the_option_confidence_and_reasons(record: DecisionRecord) -> None:
    chosen = record.analysis.recommendation
    markdown = render_markdown(record)

    assert f'Chosen option: "{chosen.label}", with {chosen.confidence} confidence' in markdown
    assert all(f"* {md(reason)}" in markdown for reason in chosen.reasons)
    for risk in chosen.risks:
        assert md(risk.quote) in markdown


def test_a_facilitator_decision_reads_as_a_decision_with_the_panels_split(
    make_record: Callable[..., DecisionRecord],
) -> None:
    markdown = render_markdown(make_record(decision="small", rationale="We sell software, not AI."))

    assert (
        "The panel split Small 2 · Large 3; the facilitator decided “Small”. Why: We sell software, not AI."
    ) in markdown


def test_a_scale_split_is_told_in_words(record: DecisionRecord) -> None:
    markdown = render_markdown(record)

    assert "Still open: the panel split Strongly disagree 1 · Disagree 2 · Agree 2." in markdown


def test_revised_and_left_open_disputes_say_so_and_earlier_settlements_stay(
    record: DecisionRecord,
) -> None:
    earlier = Settlement(value="large", value_label="Large", rationale="First take.", decided_at=DECIDED)
    later = Settlement(value=None, value_label=None, rationale="Needs the board.", decided_at=DECIDED)
    disputes = [
        DisputeRecord(question_id=DISPUTED, decisive=True, status="left_open", settlements=[earlier, later]),
        DisputeRecord(question_id=SCALE_DISPUTED, decisive=False, status="revised", settlements=[]),
    ]

    markdown = render_markdown(record.model_copy(update={"disputes": disputes}))

    assert "the facilitator left it open. Why: Needs the board. Decisive: another answer" in markdown
    assert (
        "Earlier, on 2026-11-20, the facilitator decided “Large” (First take.); revisited since." in markdown
    )
    assert (
        "Settled in round 2, when people revised their answers: Strongly disagree 1 · Disagree 2" in markdown
    )


def test_no_recommendation_says_why_and_names_no_option(record: DecisionRecord) -> None:
    waiting = with_recommendation(
        record, option_id=None, label=None, confidence=None, missing=["The CFO has not answered"]
    )

    markdown = render_markdown(waiting)

    assert "No recommendation yet: The CFO has not answered." in markdown
    assert "Chosen option" not in markdown and "### Consequences" not in markdown
    assert headings(markdown)[0].endswith(": no recommendation yet")


def test_a_tie_names_the_tied_options_and_what_would_break_it(record: DecisionRecord) -> None:
    tied = with_recommendation(
        record,
        option_id=None,
        label=None,
        confidence=None,
        tied=["lead", "head"],
        tie_breakers=["Settle what we can spend this year."],
    )

    markdown = render_markdown(tied)

    assert "No option is chosen: a tie between AI Product Lead and Head of AI." in markdown
    assert "* To break the tie: Settle what we can spend this year." in markdown
    assert "Chosen option" not in markdown


def test_check_ins_show_their_outcomes_as_counts(record: DecisionRecord) -> None:
    report = CheckInReport(
        months=3,
        option_id="lead",
        option_label="AI Product Lead",
        raters=4,
        invited=5,
        criteria=[
            CriterionResult(
                id="authority", text="Everyone can name who owns AI.", met=3, partly=1, notes=["Clear"]
            ),
            CriterionResult(id="talent", text="We keep AI people.", not_yet=4, change="worse"),
        ],
        verdict="worth_revisiting",
    )
    checkins = [
        CheckInRecord(months=3, due_at=datetime(2027, 2, 20, tzinfo=UTC), status="summarised", report=report),
        CheckInRecord(months=12, due_at=datetime(2027, 11, 20, tzinfo=UTC), status="scheduled"),
    ]

    markdown = render_markdown(record.model_copy(update={"checkins": checkins}))

    assert (
        "* At 3 months (due 2027-02-20): the original recommendation is worth revisiting: 1 of 2 rated "
        "criteria are met or partly met. 4 of 5 people rated “AI Product Lead”." in markdown
    )
    assert "  * Everyone can name who owns AI.: met 3 · partly 1 · not yet 0" in markdown
    assert "  * We keep AI people.: met 0 · partly 0 · not yet 4, worse than before" in markdown
    assert "* At 12 months (due 2027-11-20): scheduled." in markdown


def test_participation_and_agreement_are_the_panels_own(record: DecisionRecord) -> None:
    taking_part = record.analysis.participation
    markdown = render_markdown(record)

    assert f"* Participation: {taking_part.answered} of {taking_part.invited} invited answered" in markdown
    assert f"({len(record.answers)} rows); it names nobody." in markdown


def test_text_from_people_cannot_become_markup(make_record: Callable[..., DecisionRecord]) -> None:
    hostile = "# Hire me\n<script>alert(1)</script> [click](https://evil.test) *now*"

    markdown = render_markdown(make_record(decision="small", rationale=hostile))

    unescaped = [r"(?m)^# Hire me", r"(?<!\\)<script", r"(?<!\\)\]\(https", r"(?<!\\)\*now"]
    assert not [pattern for pattern in unescaped if re.search(pattern, markdown)]
    assert r"\# Hire me \<script\>alert(1)\</script\> \[click\](https://evil.test) \*now\*" in markdown


def test_md_escapes_what_starts_a_list_or_a_heading() -> None:
    assert [md("- a"), md("+ b"), md("3. c"), md("# d"), md("plain, e.g. this.")] == [
        r"\- a",
        r"\+ b",
        r"3\. c",
        r"\# d",
        "plain, e.g. this.",
    ]


def test_consequences_read_as_one_sentence(record: DecisionRecord) -> None:
    markdown = render_markdown(record)

    assert "* Bad, because a title without a mandate" in markdown
    assert "* Good, because our data platform" in markdown
    assert "* Good, because AI needs an owner" in markdown


def test_a_multiple_choice_dispute_gives_its_picks_not_a_split(record: DecisionRecord) -> None:
    markdown = render_markdown(record)

    assert (
        "Which risks worry us? Still open: the panel picked Model risk 3 · Security 2 · None of these 1."
        in markdown
    )
