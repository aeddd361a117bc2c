"""The three shipped flows: they validate, cite their documents verbatim, cover every criterion the
documents name, weigh every option, and come with example answers the engine accepts."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
import yaml

from flows.engine import analyse, parse_answers
from flows.engine.model import Answer, Member, Panel
from flows.engine.visibility import visible_answers, visible_questions
from flows.loader import SHIPPED_DIR, FlowCatalog, load_flow_file, validate_quotes
from flows.quotes import CellQuote
from flows.schema import ROLES, Flow, Question, QuestionKind

EXAMPLES_DIR = SHIPPED_DIR.parent / "examples"

HEAD_OR_PRODUCT = "000-head-of-ai-or-product-lead"
PRODUCT_OR_ENGINEERING = "001-product-or-engineering-leadership"
CAIO_OR_CTO = "002-caio-or-cto"
FLOW_IDS = [HEAD_OR_PRODUCT, PRODUCT_OR_ENGINEERING, CAIO_OR_CTO]

CTO = "CTO / Technology Leadership"
CAIO = "CAIO / AI Leadership"


class Cell(NamedTuple):
    """A cell of a document's table, named by its row and column."""

    row: str
    column: str
    cell: str


# The criteria each document names, in its own words: sentences, and the cells of 002's table. Every
# one must be quoted somewhere in its flow (a cell as that very cell, never run together with another).
COVERAGE: dict[str, dict[str, list[str | Cell]]] = {
    HEAD_OR_PRODUCT: {
        "head of ai signals": [
            "You are building AI as a core organisational capability",
            "You expect multiple products or business units to use AI",
            "You need technical direction and governance leadership",
            "You are hiring or scaling an ML and MLOps team",
        ],
        "ai product lead signals": [
            "You have AI capability already, but delivery is inconsistent",
            "You struggle to prioritise use cases",
            "Stakeholders are unsure how AI translates into revenue, cost reduction, or risk mitigation",
            "You need a bridge between technical teams and commercial leadership",
        ],
        "risks if poorly defined": [
            "The role becomes purely technical and disconnected from business outcomes",
            "Stakeholders expect immediate ROI without product clarity",
            "Governance is bolted on after delivery",
            "The role becomes a coordination function without authority",
            "AI capability is constrained by unclear governance",
            "Technical teams disengage due to unclear decision rights",
        ],
        "questions before hiring": [
            "Is AI central to the strategy, or a supporting capability?",
            "Who owns risk, governance, and regulatory posture?",
            "How are use cases prioritised today?",
            "Is there a defined pathway from prototype to production?",
            "What does measurable success look like in year one?",
        ],
        "good in 12 months": [
            "Clear ownership of AI direction",
            "Defined use case roadmap",
            "Governance integrated into delivery",
            "At least one production use case delivering measurable value",
            "A scalable hiring and capability plan aligned to strategy",
        ],
        "which role first": [
            "If you need cross organisational AI capability, governance leadership and team build, "
            "start with a Head of AI.",
            "If you have capability but delivery and prioritisation are inconsistent, "
            "start with an AI Product Lead.",
            "In larger organisations, you often need both.",
        ],
    },
    PRODUCT_OR_ENGINEERING: {
        "key differences": [
            "Product Leadership: What to build and why (user needs and business goals)",
            "Engineering Leadership: How to build it (systems, models, and technology)",
            "Product Leadership: Create value for users and business",
            "Engineering Leadership: Build systems that are stable, fast, and scalable",
            "Product Leadership: Defines features and priorities",
            "Engineering Leadership: Chooses tools, architecture, and technical approach",
            "Product Leadership: User growth, satisfaction, and business impact",
            "Engineering Leadership: Performance, accuracy, and system reliability",
            "Product leaders guide direction (what and why)",
            "Engineering leaders handle execution (how)",
        ],
        "main challenges": [
            "Finding the right problem to solve with AI",
            "Handling unpredictable model behaviour and technical issues",
            "Balancing ambitious ideas with real technical limits",
            "Dealing with poor or incomplete data",
            "Measuring success in different ways (business vs technical metrics)",
            "Scaling AI systems without breaking performance or increasing cost too much",
            "Managing ethics, fairness, and responsible AI use",
            "Keeping up with fast-changing AI tools and technologies",
        ],
        "success measures": [
            "Their success is measured by user adoption, customer satisfaction, and business impact.",
            "Their goal is to make sure AI products are fast, reliable, scalable, and work properly in "
            "real-world conditions.",
        ],
        "one person for both": [
            "In small startups, one person may handle both roles.",
            "However, in larger organisations, these roles are usually separated because both require "
            "deep expertise.",
        ],
    },
    CAIO_OR_CTO: {
        "cto and caio table": [
            Cell("Primary Focus", CTO, "Technology strategy, architecture, engineering execution"),
            Cell("Primary Focus", CAIO, "AI strategy, governance, enterprise integration"),
            Cell("Orientation", CTO, "Stability and reliability of IT infrastructure"),
            Cell("Orientation", CAIO, "Continuous AI enablement across the enterprise"),
            Cell("Data Approach", CTO, "Traditional data repositories, structured pipelines"),
            Cell("Data Approach", CAIO, "ML-optimized data pipelines, vector stores, embeddings"),
            Cell("Operations Model", CTO, "DevOps, CI/CD, uptime"),
            Cell("Operations Model", CAIO, "MLOps, model lifecycle, drift monitoring"),
            Cell("Risk Lens", CTO, "Cybersecurity, system reliability, vendor management"),
            Cell("Risk Lens", CAIO, "Model risk, bias, auditability, regulatory compliance"),
            Cell("Success Metrics", CTO, "System uptime, delivery velocity, cost efficiency"),
            Cell("Success Metrics", CAIO, "AI adoption, decision quality, business outcome alignment"),
            Cell("Stakeholder Relationship", CTO, "Engineering teams, IT operations"),
            Cell(
                "Stakeholder Relationship", CAIO, "Cross-functional: product, operations, compliance, C-suite"
            ),
        ],
        "feature or operating model": [
            "This made sense when AI was a feature.",
            "It no longer makes sense now that AI is becoming an operating model.",
        ],
        "data pipeline disconnect": [
            "Traditional IT data infrastructure (data warehouses, ETL pipelines, structured databases) "
            "solves a different problem than what AI systems require.",
            "A data warehouse that serves traditional applications perfectly may actually constrain an "
            "AI team that needs low-latency feature access and embedding storage.",
            "A CAIO needs authority to drive data infrastructure decisions based on AI requirements, "
            "not just IT consolidation preferences.",
        ],
        "where ai sits": [
            "When AI decisions flow through CTO reporting lines optimized for infrastructure "
            "reliability, you get infrastructure-first thinking.",
            "When AI strategy is embedded in product teams with no cross-functional authority, you get "
            "siloed, tactical AI implementations.",
            "When AI governance lives in compliance without business leadership input, you get "
            "frameworks that inhibit innovation.",
        ],
    },
}


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _raw_quotes(flow: Flow) -> list[str]:
    quotes = [q.quote for q in flow.questions] + [c.quote for c in flow.success_criteria]
    quotes += [c.quote for q in flow.questions for c in q.choices or [] if c.quote is not None]
    quotes += [r.quote for r in flow.decides_by]
    for option in flow.options:
        quotes += [c.quote for c in option.when_it_makes_sense + option.risks]
    return quotes


def _all_quotes(flow: Flow) -> list[str]:
    """The flow's sentence quotes, whitespace collapsed."""
    return [_collapse(q) for q in _raw_quotes(flow) if not isinstance(q, CellQuote)]


def _cells(flow: Flow) -> set[Cell]:
    return {Cell(q.table_row, q.table_column, q.cell) for q in _raw_quotes(flow) if isinstance(q, CellQuote)}


def _coverage_cases() -> Iterator[object]:
    for flow_id, groups in COVERAGE.items():
        for group, sentences in groups.items():
            for n, sentence in enumerate(sentences):
                yield pytest.param(flow_id, sentence, id=f"{flow_id[:3]}-{group}-{n}")


@pytest.fixture(params=FLOW_IDS)
def flow(request: pytest.FixtureRequest, catalog: FlowCatalog) -> Flow:
    return catalog.get(request.param)


def test_the_catalog_ships_exactly_the_three_flows(catalog: FlowCatalog) -> None:
    assert catalog.ids == FLOW_IDS


@pytest.mark.parametrize("path", sorted(SHIPPED_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_each_shipped_file_validates_and_is_named_after_its_id(path: Path) -> None:
    assert load_flow_file(path).id == path.stem


@pytest.mark.parametrize(("flow_id", "sentence"), list(_coverage_cases()))
def test_every_criterion_the_document_names_is_quoted(
    catalog: FlowCatalog, flow_id: str, sentence: str | Cell
) -> None:
    flow = catalog.get(flow_id)
    if isinstance(sentence, Cell):
        assert sentence in _cells(flow), sentence
        return
    wanted = _collapse(sentence)
    assert any(wanted in quote for quote in _all_quotes(flow)), wanted


def test_the_coverage_list_counts_every_criterion_once() -> None:
    criteria = [c for groups in COVERAGE.values() for sentences in groups.values() for c in sentences]
    assert len(criteria) == len(set(criteria)) == 71  # 57 sentences and the 14 cells of 002's table


def test_the_coverage_list_itself_is_verbatim(catalog: FlowCatalog, seed_text: Callable[[Flow], str]) -> None:
    for flow_id, groups in COVERAGE.items():
        text = seed_text(catalog.get(flow_id))
        source = _collapse(text)
        criteria = [c for sentences in groups.values() for c in sentences]
        missing = [c for c in criteria if isinstance(c, str) and _collapse(c) not in source]
        assert missing == [], f"{flow_id}: not in the document: {missing}"
        lines = [_collapse(line) for line in text.splitlines()]
        for row, column, cell in (c for c in criteria if isinstance(c, Cell)):
            row_line = next(line for line in lines if line.startswith(row + " "))
            assert cell in row_line and any(column in line for line in lines), (row, column, cell)


def test_every_quote_is_verbatim_in_its_seed(flow: Flow, seed_text: Callable[[Flow], str]) -> None:
    source = _collapse(seed_text(flow))
    assert [q for q in _all_quotes(flow) if q not in source] == []
    assert validate_quotes(flow, seed_text(flow)) == []


def test_no_quote_runs_two_table_cells_together(flow: Flow, seed_text: Callable[[Flow], str]) -> None:
    """A quote that spans a table row's cells ("Operations Model DevOps, CI/CD, uptime MLOps, ...")
    must be written as one cell, with its row and column named."""
    rows = [_collapse(line) for line in seed_text(flow).splitlines() if _collapse(line).count(" ") >= 1]
    table_rows = [
        line for line in rows if any(line.startswith(c.table_row + " ") for c in _quoted_cells(flow))
    ]
    assert [q for q in _all_quotes(flow) if any(q in row or row in q for row in table_rows)] == []


def _quoted_cells(flow: Flow) -> list[CellQuote]:
    return [q for q in _raw_quotes(flow) if isinstance(q, CellQuote)]


def test_every_option_is_weighed_by_some_question(flow: Flow) -> None:
    weighed = {o for q in flow.questions for table in q.option_weights() for o, w in table.items() if w > 0}
    assert weighed == set(flow.option_ids)


def test_ids_are_unique_within_the_flow(flow: Flow) -> None:
    question_ids = [q.id for q in flow.questions]
    assert len(question_ids) == len(set(question_ids))
    for question in flow.questions:
        values = [c.value for c in question.choices or []]
        assert len(values) == len(set(values)), question.id


def test_the_flow_is_a_workshop_of_the_right_size(flow: Flow) -> None:
    assert 3 <= len(flow.sections) <= 5
    assert all(3 <= len(s.questions) <= 6 for s in flow.sections), [len(s.questions) for s in flow.sections]
    assert 12 <= len(flow.questions) <= 25
    assert 10 <= flow.estimated_minutes <= 15


def test_the_flow_mixes_every_kind_of_question(flow: Flow) -> None:
    assert {q.kind for q in flow.questions} == set(QuestionKind)


def test_questions_read_well_in_slack(flow: Flow) -> None:
    for question in flow.questions:
        assert len(question.text) <= 150, question.id
        assert "\n" not in question.help, question.id


def test_at_least_one_question_depends_on_an_earlier_answer(flow: Flow) -> None:
    assert any(q.show_when is not None for q in flow.questions)


def test_requirements_name_one_or_two_essential_roles_and_a_quorum_of_three(flow: Flow) -> None:
    assert 1 <= len(flow.requires.roles) <= 2
    assert flow.requires.quorum == 3


def test_success_criteria_differ_by_option_where_the_options_differ(flow: Flow) -> None:
    shared = [c for c in flow.success_criteria if c.options is None]
    specific = {o for c in flow.success_criteria for o in c.options or []}
    assert shared
    assert specific == set(flow.option_ids)


def _example(flow: Flow) -> dict[str, list[dict[str, object]]]:
    path = EXAMPLES_DIR / f"answers-{flow.id[:3]}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_example_answers_are_valid_and_partial(flow: Flow) -> None:
    participants = _example(flow)["participants"]
    assert len(participants) == 5
    partial = 0
    for person in participants:
        assert person["role"] in ROLES
        answers = parse_answers(flow, person["answers"])  # raises on any unknown id or wrong value
        assert visible_answers(flow, answers) == answers, f"{person['name']} answers a hidden question"
        partial += len(visible_questions(flow, answers)) > len(answers)
    assert partial >= 1


def test_the_example_panel_disagrees_on_one_or_two_weighed_questions(flow: Flow) -> None:
    participants = _example(flow)["participants"]
    panel = Panel(
        members=[Member(id=str(n), role=p["role"]) for n, p in enumerate(participants)],
        round1={
            str(n): {q: Answer(value=v) for q, v in parse_answers(flow, p["answers"]).items()}
            for n, p in enumerate(participants)
        },
    )
    analysis = analyse(flow, panel)
    assert 1 <= len(analysis.disputed) <= 2
    assert analysis.recommendation.blocked_by == []


# The questions about facts of the organisation, which anyone may not know; the others ask for the
# person's judgement. Every fact offers "don't know", and only facts do.
FACTS: dict[str, set[str]] = {
    HEAD_OR_PRODUCT: {
        "ai_role_in_strategy",
        "core_capability",
        "many_units_use_ai",
        "organisation_size",
        "has_ai_capability",
        "scaling_ml_team",
        "governance_owner",
        "governance_timing",
        "prototype_to_production",
        "how_prioritised",
        "expect_quick_roi",
        "seen_failures",
    },
    PRODUCT_OR_ENGINEERING: {"company_headcount", "one_senior_hire", "shared_metrics"},
    CAIO_OR_CTO: {
        "ai_today",
        "functions_using_ai",
        "decisions_route",
        "infrastructure_first",
        "strategy_home",
        "governance_home",
        "data_needs",
        "ai_loses_data_decisions",
        "operations_needs",
        "ai_waits_for_cto",
        "ai_mandate_today",
        "goals_in_tension",
    },
}


def test_every_factual_question_offers_dont_know(flow: Flow) -> None:
    assert {q.id for q in flow.questions if q.dont_know} == FACTS[flow.id]
    assert all(q.dont_know for q in flow.questions if q.kind is QuestionKind.NUMBER)


# Words that tell a person which option an answer helps, whatever the flow.
STEERING = re.compile(
    r"\b(favou?rs?|points (at|to)|(left|right) column|weighs?|the document's own rule)\b", re.I
)
# The roles each flow decides between, as a help line might name them.
ROLE_NAMES: dict[str, list[str]] = {
    HEAD_OR_PRODUCT: ["Head of AI", "Product Lead", "both roles", "capability-first"],
    PRODUCT_OR_ENGINEERING: ["product leader", "engineering leader", "one person", "separate roles"],
    CAIO_OR_CTO: ["CAIO", "Chief AI Officer", "AI leader", "CTO"],
}


def _steers(flow: Flow, help_line: str) -> bool:
    names = [o.label for o in flow.options] + flow.option_ids + ROLE_NAMES[flow.id]
    return bool(STEERING.search(help_line)) or any(name.lower() in help_line.lower() for name in names)


def test_help_lines_describe_the_question_never_which_option_it_helps(flow: Flow) -> None:
    assert [(q.id, q.help) for q in flow.questions if _steers(flow, q.help)] == []


@pytest.mark.parametrize(
    ("flow_id", "old_help"),
    [
        (HEAD_OR_PRODUCT, "If yes, a capability-first hire will be judged on results it cannot yet deliver."),
        (HEAD_OR_PRODUCT, "An estimate is fine. Larger organisations often need both roles."),
        (HEAD_OR_PRODUCT, "This is the document's own rule for which role to hire first."),
        (HEAD_OR_PRODUCT, "Each points at a different gap. Leave blank if none."),
        (CAIO_OR_CTO, "The first three sit with the CTO today; the last four need a different lens."),
        (CAIO_OR_CTO, "The left column of the document's table is the CTO's focus, the right the CAIO's."),
        (PRODUCT_OR_ENGINEERING, "The document: in small startups one person may handle both."),
    ],
)
def test_the_help_scan_catches_the_help_lines_it_was_written_for(
    catalog: FlowCatalog, flow_id: str, old_help: str
) -> None:
    assert _steers(catalog.get(flow_id), old_help)


def test_each_flow_states_the_document_rules_it_decides_by(flow: Flow) -> None:
    assert len(flow.decides_by) >= 2
    assert {o for rule in flow.decides_by for o in rule.favours} == set(flow.option_ids)


# The question that carries each flow's deciding rule on its own, and the answers a united panel
# gives for each option it decides: nothing else in the flow may outweigh them.
DECIDERS: dict[str, tuple[str, dict[str, str]]] = {
    HEAD_OR_PRODUCT: (
        "first_hire_rule",
        {"head_of_ai": "need_capability", "ai_product_lead": "need_delivery"},
    ),
    CAIO_OR_CTO: ("ai_in_two_years", {"caio": "operating_model", "under_cto": "a_feature"}),
}


@pytest.mark.parametrize("flow_id", list(DECIDERS))
def test_the_deciding_question_outweighs_every_other_question_together(
    catalog: FlowCatalog, flow_id: str
) -> None:
    flow = catalog.get(flow_id)
    question_id, answers = DECIDERS[flow_id]
    decider = flow.question(question_id)
    for option, answer in answers.items():
        weights = next(c.weights for c in decider.choices or [] if c.value == answer)
        for other in flow.option_ids:
            if other == option:
                continue
            lead = weights.get(option, 0) - weights.get(other, 0)
            most_against = sum(_most_for(q, other, option) for q in flow.questions if q.id != question_id)
            assert lead > most_against, (option, other, lead, most_against)


def _most_for(question: Question, favoured: str, against: str) -> float:
    """The most one answer to `question` can put `favoured` ahead of `against` (0 if it cannot)."""
    gains = [t.get(favoured, 0) - t.get(against, 0) for t in question.option_weights()]
    if question.kind is QuestionKind.MULTI_CHOICE:
        return sum(g for g in gains if g > 0)
    return max([0.0, *gains])
