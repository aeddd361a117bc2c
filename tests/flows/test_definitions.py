"""The three shipped flows: they validate, cite their documents verbatim, cover every criterion the
documents name, weigh every option, and come with example answers the engine accepts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from flows.engine import analyse, parse_answers
from flows.engine.model import Answer, Member, Panel
from flows.engine.visibility import visible_answers, visible_questions
from flows.loader import SHIPPED_DIR, FlowCatalog, load_flow_file, validate_quotes
from flows.schema import ROLES, Flow, QuestionKind

EXAMPLES_DIR = SHIPPED_DIR.parent / "examples"

HEAD_OR_PRODUCT = "000-head-of-ai-or-product-lead"
PRODUCT_OR_ENGINEERING = "001-product-or-engineering-leadership"
CAIO_OR_CTO = "002-caio-or-cto"
FLOW_IDS = [HEAD_OR_PRODUCT, PRODUCT_OR_ENGINEERING, CAIO_OR_CTO]

# The criteria each document names, in its own words. Every one must be quoted somewhere in its flow.
COVERAGE: dict[str, dict[str, list[str]]] = {
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
            "Primary Focus Technology strategy, architecture, engineering execution AI strategy, "
            "governance, enterprise integration",
            "Orientation Stability and reliability of IT infrastructure Continuous AI enablement across "
            "the enterprise",
            "Data Approach Traditional data repositories, structured pipelines ML-optimized data "
            "pipelines, vector stores, embeddings",
            "Operations Model DevOps, CI/CD, uptime MLOps, model lifecycle, drift monitoring",
            "Risk Lens Cybersecurity, system reliability, vendor management Model risk, bias, "
            "auditability, regulatory compliance",
            "Success Metrics System uptime, delivery velocity, cost efficiency AI adoption, decision "
            "quality, business outcome alignment",
            "Stakeholder Relationship Engineering teams, IT operations Cross-functional: product, "
            "operations, compliance, C-suite",
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


def _all_quotes(flow: Flow) -> list[str]:
    quotes = [q.quote for q in flow.questions] + [c.quote for c in flow.success_criteria]
    for option in flow.options:
        quotes += [c.quote for c in option.when_it_makes_sense + option.risks]
    return [_collapse(q) for q in quotes]


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
    catalog: FlowCatalog, flow_id: str, sentence: str
) -> None:
    wanted = _collapse(sentence)
    assert any(wanted in quote for quote in _all_quotes(catalog.get(flow_id))), wanted


def test_the_coverage_list_itself_is_verbatim(catalog: FlowCatalog, seed_text: Callable[[Flow], str]) -> None:
    for flow_id, groups in COVERAGE.items():
        source = _collapse(seed_text(catalog.get(flow_id)))
        missing = [s for sentences in groups.values() for s in sentences if _collapse(s) not in source]
        assert missing == [], f"{flow_id}: not in the document: {missing}"


def test_every_quote_is_verbatim_in_its_seed(flow: Flow, seed_text: Callable[[Flow], str]) -> None:
    source = _collapse(seed_text(flow))
    assert [q for q in _all_quotes(flow) if q not in source] == []
    assert validate_quotes(flow, seed_text(flow)) == []


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
