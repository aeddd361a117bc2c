from __future__ import annotations

import json
import re

import pytest

from flows.engine import analyse, render_mrkdwn, render_text, summary_json, summary_sections
from flows.engine.model import Decision
from flows.engine.text import PART_LIMIT
from flows.schema import Flow

from .builders import make_flow, panel, section, split, yes_no

HEADLINE, WHY, RISKS, WRITTEN, DISPUTES, PARTICIPATION, ROBUSTNESS = range(7)
DECISIVE_SPLIT = split((3, {"big": True, "small": True}), (2, {"big": False, "small": True}))


def parts_for(flow: Flow, *args: object, **kwargs: object) -> list[str]:
    return summary_sections(flow, analyse(flow, panel(*args, **kwargs)))


def test_headline_names_the_option_and_the_confidence(one_question_flow: Flow) -> None:
    headline = parts_for(one_question_flow, split((6, {"ready": True})))[HEADLINE]
    assert headline.startswith(
        "*Recommendation: Product Lead* (confidence: *high*)\n_Which leader to hire first._"
    )


def test_with_no_evidence_the_headline_says_no_recommendation_and_what_is_missing(
    one_question_flow: Flow,
) -> None:
    headline = parts_for(one_question_flow, {}, silent=["m0", "m1"])[HEADLINE]
    assert headline == (
        "*No recommendation yet*\n_Which leader to hire first._\n"
        "• No one has answered a question that weighs on the decision; the flow needs at least 3."
    )


def test_a_tie_is_reported_as_a_tie_with_what_would_break_it(one_question_flow: Flow) -> None:
    parts = parts_for(one_question_flow, split((2, {"ready": True}), (2, {"ready": False})))
    assert parts[HEADLINE].startswith(
        "*No recommendation yet: a tie*\n_Which leader to hire first._\n"
        "• Product Lead and Head of AI are tied at 50% each.\nWhat would break the tie:\n"
    )
    assert "answers yes, as 2 of 4 did: Product Lead would lead." in parts[HEADLINE]
    assert "Recommendation:" not in "\n".join(parts)
    assert "Not tested: the options are tied" in parts[ROBUSTNESS]


def test_why_draws_each_options_share_as_a_bar(every_kind_flow: Flow) -> None:
    # Four 3s and a 2: the Product Lead gets (4 x 0.5 + 0.25) / 5 = 0.45.
    levels = {f"m{i}": {"maturity": level} for i, level in enumerate([3, 3, 3, 3, 2])}
    why = parts_for(every_kind_flow, levels)[WHY]
    assert "█████████░░░░░░░░░░░ 45% Product Lead" in why
    assert "███████████░░░░░░░░░ 55% Head of AI" in why


def test_why_counts_the_supporters_of_each_signal(big_and_small_flow: Flow) -> None:
    answers = split((4, {"big": True, "small": False}), (1, {"big": False, "small": False}))
    why = parts_for(big_and_small_flow, answers)[WHY]
    assert "*What points to Product Lead*\n• Question big? (4 of 5 answers point to it)" in why


def test_a_decided_signal_counts_only_the_panels_own_support(big_and_small_flow: Flow) -> None:
    answers = split((2, {"big": True, "small": True}), (3, {"big": False, "small": True}))
    decided = Decision(question_id="big", value=True, rationale="Settled.")
    why = parts_for(big_and_small_flow, answers, decisions=[decided])[WHY]
    assert (
        "• Question big? (the facilitator decided “Yes”; "
        "of the panel's own answers, 2 of 5 answers point to it)" in why
    )


def test_risks_quote_the_document_escaped(one_question_flow: Flow) -> None:
    risks = parts_for(one_question_flow, split((5, {"ready": True})))[RISKS]
    assert "• Product Lead may stall.\n> The risk of Product Lead &lt;in the document&gt;." in risks


def test_written_answers_are_escaped_so_they_ping_nobody(every_kind_flow: Flow) -> None:
    written = parts_for(every_kind_flow, {"m0": {"concerns": "<!channel> budget & <@U123>"}})[WRITTEN]
    assert "• &lt;!channel&gt; budget &amp; &lt;@U123&gt;" in written
    assert "<" not in written


def test_many_written_answers_are_cut_with_a_count_of_the_rest(every_kind_flow: Flow) -> None:
    answers = {f"m{i:02}": {"concerns": f"{i:02} " + "word " * 80} for i in range(40)}
    written = parts_for(every_kind_flow, answers)[WRITTEN]
    shown = written.count("\n• ")
    more = re.search(r"…and (\d+) more$", written)
    assert len(written) <= PART_LIMIT
    assert more is not None and shown + int(more.group(1)) == 40


def test_disputes_show_the_split_resolution_decisive_flag_and_rationales(big_and_small_flow: Flow) -> None:
    rationales = {("m3", "big"): "We lack <data> & people"}
    disputes = parts_for(big_and_small_flow, DECISIVE_SPLIT, rationales=rationales)[DISPUTES]
    assert (
        "• Question big?\n   still open: the panel split Yes 3 · No 2. "
        "Decisive: another answer the panel gave changes the recommendation." in disputes
    )
    assert "> We lack &lt;data&gt; &amp; people" in disputes


def test_a_decided_dispute_says_so(big_and_small_flow: Flow) -> None:
    decided = Decision(question_id="big", value=False, rationale="The <board> said no.")
    disputes = parts_for(big_and_small_flow, DECISIVE_SPLIT, decisions=[decided])[DISPUTES]
    assert (
        "• Question big?\n   the panel split Yes 3 · No 2; "
        "the facilitator decided “No”. Why: The &lt;board&gt; said no." in disputes
    )


def test_a_scale_spread_carries_its_labels_and_leaves_out_empty_points(every_kind_flow: Flow) -> None:
    levels = {f"m{i}": {"maturity": level} for i, level in enumerate([1, 1, 5, 5, 5])}
    disputes = parts_for(every_kind_flow, levels)[DISPUTES]
    assert "the panel split Strongly disagree 2 · Strongly agree 3." in disputes


def test_no_disputes_is_said_plainly(one_question_flow: Flow) -> None:
    assert "None:" in parts_for(one_question_flow, split((5, {"ready": True})))[DISPUTES]


def test_participation_names_missing_roles_and_completeness() -> None:
    flow = make_flow(section("only", yes_no("ready")), roles=["cfo", "cto"])
    part = parts_for(flow, split((3, {"ready": True})), roles={"m0": "cto"}, declined=["d0"])[PARTICIPATION]
    assert (
        "3 of 4 invited answered (3 with answers that weigh on the decision), 1 declined; "
        "75% of the required questions answered." in part
    )
    assert "Required roles missing: CFO / finance." in part


def test_robustness_is_a_verdict_with_the_flips_listed(
    big_and_small_flow: Flow, one_question_flow: Flow
) -> None:
    robust = parts_for(one_question_flow, split((5, {"ready": True})))[ROBUSTNESS]
    fragile = parts_for(big_and_small_flow, DECISIVE_SPLIT)[ROBUSTNESS]
    assert "Robust: none of the 2 what-ifs changes the recommendation." in robust
    assert "Fragile: 1 of 6 what-ifs change the recommendation." in fragile
    assert "• Everyone who answered “Question big?” answers no, as 2 of 5 did. → Head of AI" in fragile


def test_summary_json_with_no_recommendation_says_why(one_question_flow: Flow) -> None:
    analysis = analyse(one_question_flow, panel({}, declined=["m0", "m1", "m2"]))
    chosen = json.loads(json.dumps(summary_json(one_question_flow, analysis)))["recommendation"]
    assert (chosen["option"], chosen["option_id"], chosen["label"], chosen["confidence"]) == (None,) * 4
    assert chosen["missing"] == ["All 3 invited members declined."]


def test_plain_text_has_no_markup_and_nothing_escaped(big_and_small_flow: Flow) -> None:
    rationales = {("m3", "big"): "We lack <data> & people"}
    analysis = analyse(big_and_small_flow, panel(DECISIVE_SPLIT, rationales=rationales))
    text = render_text(big_and_small_flow, analysis)
    assert text.startswith("Recommendation: Product Lead (confidence: low)\nWhich leader to hire first.")
    assert "> We lack <data> & people" in text and "&lt;" not in text
    assert "*" not in text and "_Which" not in text


def test_agreement_counts_the_questions_judged_beside_their_share(big_and_small_flow: Flow) -> None:
    analysis = analyse(big_and_small_flow, panel(DECISIVE_SPLIT))
    assert "Agreement: 1 of the 2 judged questions reached consensus (50%)." in render_text(
        big_and_small_flow, analysis
    )


def test_render_joins_the_parts(one_question_flow: Flow) -> None:
    analysis = analyse(one_question_flow, panel(split((5, {"ready": True}))))
    assert render_mrkdwn(one_question_flow, analysis) == "\n\n".join(
        summary_sections(one_question_flow, analysis)
    )


def test_summary_json_is_json_ready_and_anonymous(big_and_small_flow: Flow) -> None:
    analysis = analyse(big_and_small_flow, panel(DECISIVE_SPLIT, rationales={("m3", "big"): "secret"}))
    data = json.loads(json.dumps(summary_json(big_and_small_flow, analysis)))
    assert data["recommendation"] | {
        "reasons": None,
        "blocked_by": None,
        "margin": None,
        "signals": None,
    } == {
        "option": "lead",
        "option_id": "lead",
        "label": "Product Lead",
        "confidence": "low",
        "reasons": None,
        "blocked_by": None,
        "margin": None,
        "missing": [],
        "tied": [],
        "tie_breakers": [],
        "signals": None,
    }
    assert data["recommendation"]["signals"] == [
        {"question": "big", "supporters": 3, "answered": 5, "decided": None},
        {"question": "small", "supporters": 5, "answered": 5, "decided": None},
    ]
    assert data["scores"] == pytest.approx({"lead": 4.0, "head": 2.0})
    assert data["shares"] == pytest.approx({"lead": 2 / 3, "head": 1 / 3})
    assert data["agreement"] == 0.5
    assert (data["questions_agreed"], data["questions_judged"]) == (1, 2)
    assert set(data["alpha"]) == {"ordinal", "nominal"}
    assert data["disputed"] == [
        {
            "question": "big",
            "decisive": True,
            "resolution": "open",
            "distribution": {"yes": 3, "no": 2},
            "dont_know": 0,
            "decided": None,
        }
    ]
    assert data["participation"] == {
        "answered": 5,
        "invited": 5,
        "declined": 0,
        "completeness": 1.0,
        "roles_missing": [],
        "present": 5,
        "coverage": 1.0,
    }
    assert data["sensitivity"]["verdict"] == "Fragile: 1 of 6 what-ifs change the recommendation."
    text = json.dumps(data)
    assert "m3" not in text and "secret" not in text
