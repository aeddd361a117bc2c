from __future__ import annotations

import re
from dataclasses import replace

from bot.blocks.summary import summary_messages
from bot.blocks.viewmodels import Settlement, SummaryFacts
from flows.engine.model import Analysis, QuestionResult, SensitivityCase
from flows.engine.sensitivity import SINGLE_SWITCH
from flows.schema import Flow

from .conftest import make_analysis, question_result, recommending
from .limits import all_text, check_message


def post_text(flow: Flow, analysis: Analysis, facts: SummaryFacts) -> str:
    head = summary_messages(flow, analysis, facts)[0]
    assert not head.in_thread
    return all_text(check_message(head))


def thread_text(flow: Flow, analysis: Analysis, facts: SummaryFacts) -> str:
    thread = summary_messages(flow, analysis, facts)[1:]
    assert thread and all(m.in_thread for m in thread)
    return "\n".join(all_text(check_message(m)) for m in thread)


def test_the_post_holds_the_option_confidence_signals_risk_and_source_title(
    flow: Flow, analysis: Analysis, facts: SummaryFacts
) -> None:
    text = post_text(flow, analysis, facts)
    assert "Recommendation: Head of AI" in text
    assert "*Medium confidence.*" in text
    assert "• Models already run in production (4 of 5 answers)" in text
    assert "*Biggest risk:* Capability without direction" in text
    assert "source: _Choosing the right leadership role_" in text
    assert "000_lead.txt" not in text  # the seed file's name is never shown
    assert "4 of 6 finished" in text  # as /hiring status counts "answered"


def test_the_thread_holds_every_signal_risk_dispute_participation_and_checkin(
    flow: Flow, analysis: Analysis, facts: SummaryFacts
) -> None:
    text = thread_text(flow, analysis, facts)
    assert "`██████░░░░` 60% Head of AI" in text and "`████░░░░░░` 40% AI Product Lead" in text
    assert (
        "• Models already run in production (4 of 5 answers point to it)\n> once models are in production"
        in text
    )
    assert "• Capability without direction\n> the risk of Head of AI" in text
    assert "*Disputes (1)*" in text and "still open: the panel split Yes 3 · No 2." in text
    assert "_Decisive: another answer the panel gave changes the recommendation._" in text
    assert "*Participation:* 4 of 6 finished · 1 started but did not finish · 1 declined." in text
    assert "No answers from anyone in the role of: CFO / finance" in text
    assert text.count("<!date^") == 2
    assert "An AI feature ships within six months" in text and "A platform team exists" in text
    assert "000_lead.txt" not in text and "_Choosing the right leadership role_" in text


def test_a_facilitator_decision_reads_as_a_decision_not_as_the_panels_support(
    flow: Flow, disputed_yes_no: QuestionResult, facts: SummaryFacts
) -> None:
    decided = disputed_yes_no.model_copy(update={"resolution": "decided"})
    left = question_result(
        "maturity",
        "scale",
        status="polarised",
        distribution={"1": 2, "2": 0, "3": 0, "4": 0, "5": 3},
        disputed=True,
        resolution="left_open",
    )
    settled = (
        Settlement("has_models", "No", "We test it in the final interviews."),
        Settlement("maturity", None, "Nobody has a clear view yet."),
    )
    text = thread_text(flow, make_analysis(disputed=[decided, left]), replace(facts, settlements=settled))
    assert (
        "the panel split Yes 3 · No 2; the facilitator decided “No”. Why: We test it in the final interviews."
        in text
    )
    assert "the panel split Strongly disagree 2 · Strongly agree 3; the facilitator left it open" in text


def test_spreads_are_labelled_never_bare_numbers(flow: Flow, facts: SummaryFacts) -> None:
    scale = question_result(
        "maturity",
        "scale",
        status="polarised",
        distribution={"1": 2, "2": 0, "3": 0, "4": 0, "5": 3},
        disputed=True,
        resolution="revised",
    )
    text = thread_text(flow, make_analysis(disputed=[scale]), facts)
    assert "Strongly disagree 2 · Strongly agree 3" in text
    assert not re.search(r"\b1 2 · 2 0\b", text)


def test_no_recommendation_names_no_option(flow: Flow, analysis: Analysis, facts: SummaryFacts) -> None:
    missing = recommending(
        analysis, option_id=None, label=None, confidence=None, missing=["Only 2 members answered."]
    )
    text = post_text(flow, missing, facts)
    assert "No recommendation yet: Only 2 members answered." in text
    assert "Head of AI" not in text.replace("Head of AI or AI Product Lead", "")
    assert "Biggest risk" not in text and "confidence" not in text.lower()
    assert "Risks the document names" not in thread_text(flow, missing, facts)


def test_a_tie_names_both_options_and_what_would_break_it(
    flow: Flow, analysis: Analysis, facts: SummaryFacts
) -> None:
    tie = recommending(
        analysis,
        option_id=None,
        label=None,
        confidence=None,
        tied=["head", "product"],
        tie_breakers=["One more answer to “Question has_models?” would settle it."],
    )
    text = post_text(flow, tie, facts)
    assert "No recommendation yet: a tie" in text
    assert "A tie between Head of AI and AI Product Lead: One more answer" in text
    assert "Recommendation: " not in text


def test_low_confidence_says_why_in_one_plain_sentence_with_the_panels_counts(
    flow: Flow, disputed_yes_no: QuestionResult, facts: SummaryFacts
) -> None:
    flipping = make_analysis(disputed=[disputed_yes_no]).model_copy(
        update={
            "sensitivity": [
                SensitivityCase(
                    name=SINGLE_SWITCH,
                    description="Everyone who answered “Question has_models?” answers no, as 2 of 5 did.",
                    option_id="product",
                    flipped=True,
                    question_id="has_models",
                    answer="No",
                    holders=2,
                    answered=5,
                )
            ]
        }
    )
    text = post_text(flow, recommending(flipping, confidence="low"), facts)
    assert (
        "*Low confidence.* 2 of 5 answered “No” to “Question has_models?”; if that view won, the answer "
        "would be AI Product Lead." in text
    )
    assert "minority" not in text


def test_written_answers_go_to_the_thread_escaped_and_without_names(
    flow: Flow, analysis: Analysis, facts: SummaryFacts
) -> None:
    text = thread_text(flow, analysis, facts)
    assert "> Hire fast &lt;!channel&gt;" in text
    assert "> Worried about &lt;@U999&gt; &amp; cost" in text
    named = replace(facts, workshop=replace(facts.workshop, anonymous=False))
    for message in summary_messages(flow, analysis, named):
        everything = all_text(message.to_dict())
        assert "<!channel>" not in everything
        assert not re.search(r"<@[UW]", everything)  # nobody is named, in either mode


def test_a_large_thread_splits_into_messages_within_limits(flow: Flow, facts: SummaryFacts) -> None:
    answers = [f"Answer {n} <b>: " + "word " * 597 for n in range(100)]
    messages = summary_messages(flow, make_analysis(free_text=answers), facts)
    assert len(messages) > 3
    for message in messages:
        check_message(message)
    text = "\n".join(all_text(m.to_dict()) for m in messages)
    assert all(f"Answer {n} &lt;b&gt;" in text for n in range(100))
    assert len(re.findall(r"\bword\b", text)) == 100 * 597  # every word of every answer is there, none lost
    assert messages[1].text.startswith("The evidence behind workshop #7's result (part 1 of")


def test_no_checkins_and_no_disputes_read_naturally(flow: Flow, facts: SummaryFacts) -> None:
    text = thread_text(flow, make_analysis(), replace(facts, checkin_dates=()))
    assert "none; the panel agreed" in text and "Check-ins" not in text


def test_a_signal_the_facilitator_decided_says_so_in_the_post_and_what_in_the_thread(
    flow: Flow, analysis: Analysis, facts: SummaryFacts
) -> None:
    signal = analysis.recommendation.signals[0].model_copy(update={"decided": "Yes"})
    decided = recommending(analysis, signals=[signal])
    assert "• Models already run in production (4 of 5 answers; facilitator decided)" in post_text(
        flow, decided, facts
    )
    assert (
        "• Models already run in production (the facilitator decided “Yes”; of the panel's own answers, "
        "4 of 5 answers point to it)" in thread_text(flow, decided, facts)
    )


def test_agreement_reads_as_counts_of_questions_or_as_a_share_in_an_analysis_stored_before_them(
    flow: Flow, analysis: Analysis, facts: SummaryFacts
) -> None:
    counted = analysis.model_copy(update={"judged": 8, "agreed": 6})
    assert "and agreed on 6 of the 8 questions judged." in thread_text(flow, counted, facts)
    assert "and agreed on 75% of the questions judged." in thread_text(flow, analysis, facts)
