from __future__ import annotations

import json
import re

import pytest

from flows.engine import analyse, render_mrkdwn, summary_json, summary_sections
from flows.engine.model import Decision
from flows.engine.mrkdwn import PART_LIMIT, bar, escape
from flows.schema import Flow

from .builders import make_flow, panel, section, split, yes_no

HEADLINE, WHY, RISKS, WRITTEN, DISPUTES, PARTICIPATION, ROBUSTNESS = range(7)
DECISIVE_SPLIT = split((3, {"big": True, "small": True}), (2, {"big": False, "small": True}))


def parts_for(flow: Flow, *args: object, **kwargs: object) -> list[str]:
    return summary_sections(flow, analyse(flow, panel(*args, **kwargs)))


def test_escape_neutralises_slacks_control_characters() -> None:
    assert escape("<!channel> & <@U123>") == "&lt;!channel&gt; &amp; &lt;@U123&gt;"


@pytest.mark.parametrize(
    ("share", "drawn"), [(0.45, "█████████░░░░░░░░░░░"), (0.0, "░" * 20), (1.0, "█" * 20)]
)
def test_bar(share: float, drawn: str) -> None:
    assert bar(share) == drawn


def test_headline_names_the_option_and_the_confidence(one_question_flow: Flow) -> None:
    headline = parts_for(one_question_flow, split((5, {"ready": True})))[HEADLINE]
    assert headline.startswith(
        "*Recommendation: Product Lead* (confidence: *high*)\n_Which leader to hire first._"
    )


def test_why_draws_each_options_share_as_a_bar(every_kind_flow: Flow) -> None:
    # Four 3s and a 2: the Product Lead gets (4 x 0.5 + 0.25) / 5 = 0.45.
    levels = {f"m{i}": {"maturity": level} for i, level in enumerate([3, 3, 3, 3, 2])}
    why = parts_for(every_kind_flow, levels)[WHY]
    assert "█████████░░░░░░░░░░░ 45% Product Lead" in why
    assert "███████████░░░░░░░░░ 55% Head of AI" in why


def test_why_counts_the_supporters_of_each_signal(big_and_small_flow: Flow) -> None:
    answers = split((4, {"big": True, "small": False}), (1, {"big": False, "small": False}))
    why = parts_for(big_and_small_flow, answers)[WHY]
    assert "*What points to Product Lead*\n• Question big? (4 of 5 agreed)" in why


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
    assert "• Question big? (yes: 3 · no: 2): still open. *Decisive:*" in disputes
    assert "> We lack &lt;data&gt; &amp; people" in disputes


def test_a_decided_dispute_says_so(big_and_small_flow: Flow) -> None:
    decided = Decision(question_id="big", value=True, rationale="Settled.")
    disputes = parts_for(big_and_small_flow, DECISIVE_SPLIT, decisions=[decided])[DISPUTES]
    assert "(yes: 3 · no: 2): decided by the facilitator." in disputes
    assert "Decisive" not in disputes


def test_no_disputes_is_said_plainly(one_question_flow: Flow) -> None:
    assert "None:" in parts_for(one_question_flow, split((5, {"ready": True})))[DISPUTES]


def test_participation_names_missing_roles_and_completeness() -> None:
    flow = make_flow(section("only", yes_no("ready")), roles=["cfo", "cto"])
    part = parts_for(flow, split((3, {"ready": True})), roles={"m0": "cto"}, declined=["d0"])[PARTICIPATION]
    assert "3 of 4 invited answered, 1 declined; 75% of the required questions answered." in part
    assert "Required roles missing: CFO / finance." in part


def test_robustness_is_a_verdict_with_the_flips_listed(
    big_and_small_flow: Flow, one_question_flow: Flow
) -> None:
    robust = parts_for(one_question_flow, split((5, {"ready": True})))[ROBUSTNESS]
    fragile = parts_for(big_and_small_flow, DECISIVE_SPLIT)[ROBUSTNESS]
    assert "Robust: none of the 2 what-ifs changes the recommendation." in robust
    assert "Fragile: 1 of 5 what-ifs change the recommendation." in fragile
    assert "• Everyone answers “Question big?” with the minority view: no. → Head of AI" in fragile


def test_render_joins_the_parts(one_question_flow: Flow) -> None:
    analysis = analyse(one_question_flow, panel(split((5, {"ready": True}))))
    assert render_mrkdwn(one_question_flow, analysis) == "\n\n".join(
        summary_sections(one_question_flow, analysis)
    )


def test_summary_json_is_json_ready_and_anonymous(big_and_small_flow: Flow) -> None:
    analysis = analyse(big_and_small_flow, panel(DECISIVE_SPLIT, rationales={("m3", "big"): "secret"}))
    data = json.loads(json.dumps(summary_json(big_and_small_flow, analysis)))
    assert data["recommendation"] | {"reasons": None, "blocked_by": None, "margin": None} == {
        "option": "lead",
        "label": "Product Lead",
        "confidence": "low",
        "reasons": None,
        "blocked_by": None,
        "margin": None,
    }
    assert data["scores"] == pytest.approx({"lead": 4.0, "head": 2.0})
    assert data["shares"] == pytest.approx({"lead": 2 / 3, "head": 1 / 3})
    assert data["agreement"] == 0.5
    assert set(data["alpha"]) == {"ordinal", "nominal"}
    assert data["disputed"] == [{"question": "big", "decisive": True, "resolution": "open"}]
    assert data["participation"] == {
        "answered": 5,
        "invited": 5,
        "declined": 0,
        "completeness": 1.0,
        "roles_missing": [],
    }
    assert data["sensitivity"]["verdict"] == "Fragile: 1 of 5 what-ifs change the recommendation."
    text = json.dumps(data)
    assert "m3" not in text and "secret" not in text
