"""Each document's own rule for the decision, run through the real engine on the shipped flows:
the weights must make the document's advice come out of a panel that answers as the document
describes."""

from __future__ import annotations

from collections.abc import Mapping

from flows.engine import analyse, parse_answers
from flows.engine.model import Answer, Member, Panel
from flows.loader import FlowCatalog
from flows.schema import Flow

Answers = Mapping[str, object]


def _panel(flow: Flow, by_role: Mapping[str, Answers]) -> Panel:
    """One member per role, each answer checked by the engine as a Slack answer would be."""
    return Panel(
        members=[Member(id=role, role=role) for role in by_role],
        round1={
            role: {q: Answer(value=v) for q, v in parse_answers(flow, answers).items()}
            for role, answers in by_role.items()
        },
    )


def _recommended(flow: Flow, by_role: Mapping[str, Answers]) -> str:
    recommendation = analyse(flow, _panel(flow, by_role)).recommendation
    assert recommendation.margin > 0, "a tie is not the document's rule holding"
    return recommendation.option_id


def _everyone(
    answers: Answers, roles: tuple[str, ...] = ("ceo", "cto", "cfo", "product")
) -> dict[str, Answers]:
    return {role: answers for role in roles}


# 000: "If you need cross organisational AI capability, governance leadership and team build, start
# with a Head of AI. If you have capability but delivery and prioritisation are inconsistent, start
# with an AI Product Lead." Only the eight "When this role makes sense" signals are answered.
HEAD_OF_AI_SIGNALS = {
    "core_capability": True,
    "many_units_use_ai": True,
    "scaling_ml_team": True,
    "need_technical_direction": 5,
    "has_ai_capability": False,  # so "capability already, but delivery is inconsistent" does not hold
    "struggle_to_prioritise": 1,
    "value_unclear": 1,
    "need_bridge": False,
}
PRODUCT_LEAD_SIGNALS = {
    "core_capability": False,
    "many_units_use_ai": False,
    "scaling_ml_team": False,
    "need_technical_direction": 1,
    "has_ai_capability": True,
    "delivery_inconsistent": 5,
    "struggle_to_prioritise": 5,
    "value_unclear": 5,
    "need_bridge": True,
}


def test_head_of_ai_signals_get_a_head_of_ai(catalog: FlowCatalog) -> None:
    flow = catalog.get("000-head-of-ai-or-product-lead")
    assert _recommended(flow, _everyone(HEAD_OF_AI_SIGNALS)) == "head_of_ai"


def test_product_lead_signals_get_an_ai_product_lead(catalog: FlowCatalog) -> None:
    flow = catalog.get("000-head-of-ai-or-product-lead")
    assert _recommended(flow, _everyone(PRODUCT_LEAD_SIGNALS)) == "ai_product_lead"


def test_a_large_organisation_with_both_needs_gets_both_in_sequence(catalog: FlowCatalog) -> None:
    # "In larger organisations, you often need both."
    flow = catalog.get("000-head-of-ai-or-product-lead")
    both_needs = {
        "core_capability": True,
        "many_units_use_ai": True,
        "scaling_ml_team": True,
        "need_technical_direction": 5,
        "has_ai_capability": True,
        "delivery_inconsistent": 5,
        "struggle_to_prioritise": 5,
        "value_unclear": 5,
        "need_bridge": True,
        "first_hire_rule": "need_both",
        "organisation_size": 4000,
    }
    assert _recommended(flow, _everyone(both_needs)) == "both_in_sequence"


# 001: "In small startups, one person may handle both roles. However, in larger organisations, these
# roles are usually separated because both require deep expertise." A typical startup panel: the
# CEO sees a product gap, the CTO an engineering gap.
STARTUP_CEO = {
    "biggest_open_question": "what_and_why",
    "value_unclear": 4,
    "systems_not_stable": 3,
    "stuck_decisions": "features_and_priorities",
    "hardest_challenges": ["right_problem", "measuring_success"],
    "right_problem_unclear": 4,
    "company_headcount": 14,
    "systems_complex": 1,
    "one_senior_hire": True,
    "need_hybrid_leader": True,
    "result_that_matters": "adoption_and_impact",
}
STARTUP_CTO = STARTUP_CEO | {
    "biggest_open_question": "how_to_build",
    "value_unclear": 2,
    "systems_not_stable": 4,
    "stuck_decisions": "tools_and_architecture",
    "hardest_challenges": ["unpredictable_models", "poor_data", "scaling_cost"],
    "right_problem_unclear": 2,
    "poor_data": 4,
    "result_that_matters": "performance_and_reliability",
}


def _startup_panel(**changes: object) -> dict[str, Answers]:
    return {
        "ceo": STARTUP_CEO | changes,
        "cto": STARTUP_CTO | changes,
        "product": STARTUP_CEO | changes,
        "engineering": STARTUP_CTO | changes,
    }


def test_a_small_startup_gets_one_person_for_both(catalog: FlowCatalog) -> None:
    flow = catalog.get("001-product-or-engineering-leadership")
    assert _recommended(flow, _startup_panel()) == "one_person"


def test_the_same_answers_in_a_larger_organisation_separate_the_roles(catalog: FlowCatalog) -> None:
    flow = catalog.get("001-product-or-engineering-leadership")
    larger = _startup_panel(
        company_headcount=900, systems_complex=4, one_senior_hire=False, need_hybrid_leader=False
    )
    assert _recommended(flow, larger) in {"ai_product", "ai_engineering"}


# 002: "This made sense when AI was a feature. It no longer makes sense now that AI is becoming an
# operating model." The document argues for a CAIO; the flow must still let a panel whose AI is a
# feature, run well under the CTO, keep it there.
AI_AS_A_FEATURE = {
    "feature_or_operating_model": "a_feature",
    "primary_focus": "technology_execution",
    "enterprise_enablement": 2,
    "functions_using_ai": 1,
    "decisions_route": "cto_reporting_lines",
    "infrastructure_first": False,
    "strategy_home": "technology_organisation",
    "governance_home": "technology_security",
    "data_needs": "structured_pipelines",
    "warehouse_constrains_ai": 2,
    "ai_loses_data_decisions": False,
    "operations_needs": "devops",
    "risks_that_worry_us": ["cybersecurity", "vendor_management", "bias"],
    "success_metrics": "uptime_velocity_cost",
    "weekly_stakeholders": ["engineering_teams", "product"],
    "cto_has_capacity": 4,
    "goals_in_tension": False,
}
AI_AS_AN_OPERATING_MODEL = {
    "feature_or_operating_model": "operating_model",
    "primary_focus": "ai_strategy_and_integration",
    "enterprise_enablement": 5,
    "functions_using_ai": 6,
    "decisions_route": "product_teams",
    "strategy_home": "product_teams",
    "siloed_implementations": 5,
    "governance_home": "compliance_alone",
    "data_needs": "ml_pipelines",
    "warehouse_constrains_ai": 4,
    "ai_loses_data_decisions": True,
    "operations_needs": "mlops",
    "risks_that_worry_us": ["model_risk", "bias", "regulatory_compliance"],
    "success_metrics": "adoption_decisions_outcomes",
    "weekly_stakeholders": ["product", "operations", "compliance", "c_suite"],
    "cto_has_capacity": 2,
    "goals_in_tension": True,
}


def test_ai_as_a_feature_run_well_by_the_cto_stays_under_the_cto(catalog: FlowCatalog) -> None:
    flow = catalog.get("002-caio-or-cto")
    assert _recommended(flow, _everyone(AI_AS_A_FEATURE)) == "under_cto"


def test_ai_as_an_operating_model_gets_a_caio(catalog: FlowCatalog) -> None:
    flow = catalog.get("002-caio-or-cto")
    assert _recommended(flow, _everyone(AI_AS_AN_OPERATING_MODEL)) == "caio"
