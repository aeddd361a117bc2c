"""Loading flow files: a good file loads, and each kind of broken file is refused with one line
that names the file and the place to fix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from flows.errors import FlowDefinitionError, UnknownFlow
from flows.loader import FlowCatalog, find_source, load_flow_file, validate_quotes
from flows.schema import Flow

WriteYaml = Callable[[str, Any], Path]
Breakage = Callable[[dict[str, Any]], None]


def _refusal(path: Path) -> str:
    with pytest.raises(FlowDefinitionError) as caught:
        load_flow_file(path)
    message = str(caught.value)
    assert "\n" not in message
    assert path.name in message
    return message


def _question(data: dict[str, Any], section: int, index: int) -> dict[str, Any]:
    return data["sections"][section]["questions"][index]


def test_a_good_file_loads(write_yaml: WriteYaml, small_flow: dict[str, Any]) -> None:
    flow = load_flow_file(write_yaml("small.yaml", small_flow))
    assert flow.id == "small"
    assert [q.id for q in flow.questions] == ["need_lead", "size", "why"]


def test_malformed_yaml_names_the_line(write_yaml: WriteYaml) -> None:
    path = write_yaml("broken.yaml", "id: x\nsections:\n  - id: a\n   questions: [\n")
    message = _refusal(path)
    assert "line 4: malformed YAML" in message


def test_a_key_given_twice_is_refused_rather_than_silently_overwritten(write_yaml: WriteYaml) -> None:
    message = _refusal(write_yaml("twice.yaml", "id: a\nversion: 1\nid: b\n"))
    assert "line 3" in message
    assert "'id' is given twice" in message


def test_a_file_that_is_not_a_mapping_is_refused(write_yaml: WriteYaml) -> None:
    assert "found list" in _refusal(write_yaml("list.yaml", "- one\n- two\n"))
    assert "found nothing" in _refusal(write_yaml("empty.yaml", ""))


def _unknown_key(data: dict[str, Any]) -> None:
    _question(data, 0, 1)["colour"] = "red"


def _wrong_kind(data: dict[str, Any]) -> None:
    _question(data, 0, 1)["kind"] = "rating"


def _unknown_option(data: dict[str, Any]) -> None:
    _question(data, 0, 0)["evidence"]["disagree"] = {"chief": 1}


def _rule_on_a_later_question(data: dict[str, Any]) -> None:
    _question(data, 0, 0)["show_when"] = {"question": "why", "answered": True}


def _duplicate_question_id(data: dict[str, Any]) -> None:
    _question(data, 1, 0)["id"] = "need_lead"


def _duplicate_option_id(data: dict[str, Any]) -> None:
    data["options"][1]["id"] = "lead"


def _missing_field(data: dict[str, Any]) -> None:
    del data["options"][0]["risks"]


def _unknown_role(data: dict[str, Any]) -> None:
    data["requires"] = {"roles": ["king"]}


@pytest.mark.parametrize(
    ("breakage", "location", "problem"),
    [
        (_unknown_key, "sections[0].questions[1].colour", "unknown key"),
        (_wrong_kind, "sections[0].questions[1].kind", "must be one of yes_no, scale, single_choice"),
        (_unknown_option, "sections[0].questions[0].evidence.disagree", "weighs unknown option 'chief'"),
        (_rule_on_a_later_question, "sections[0].questions[0].show_when", "'why', which is not an earlier"),
        (_duplicate_question_id, "sections[1].questions[0]", "question id 'need_lead' is used twice"),
        (_duplicate_option_id, "options[1]", "option id 'lead' is used twice"),
        (_missing_field, "options[0].risks", "is required"),
        (_unknown_role, "requires.roles", "required role 'king'"),
    ],
    ids=lambda case: case.__name__.strip("_") if callable(case) else None,
)
def test_a_broken_flow_is_refused_with_its_location(
    write_yaml: WriteYaml, small_flow: dict[str, Any], breakage: Breakage, location: str, problem: str
) -> None:
    breakage(small_flow)
    message = _refusal(write_yaml("broken.yaml", small_flow))
    assert location in message
    assert problem in message


def test_the_line_number_points_at_the_offending_key(
    write_yaml: WriteYaml, small_flow: dict[str, Any]
) -> None:
    _unknown_key(small_flow)
    path = write_yaml("colour.yaml", small_flow)
    lines = path.read_text(encoding="utf-8").splitlines()
    colour_line = next(n for n, text in enumerate(lines, start=1) if text.strip() == "colour: red")
    assert f"line {colour_line}: " in _refusal(path)


def test_a_wrong_kind_shows_what_was_given(write_yaml: WriteYaml, small_flow: dict[str, Any]) -> None:
    _wrong_kind(small_flow)
    assert "(got 'rating')" in _refusal(write_yaml("kind.yaml", small_flow))


def test_the_catalog_adds_a_user_folder(
    catalog: FlowCatalog, write_yaml: WriteYaml, small_flow: dict[str, Any], tmp_path: Path
) -> None:
    write_yaml("mine/small.yaml", small_flow)
    write_yaml("mine/other.yml", small_flow | {"id": "another"})
    write_yaml("mine/notes.txt", "not a flow")
    combined = FlowCatalog.load(tmp_path / "mine")
    assert combined.ids == sorted([*catalog.ids, "small", "another"])
    assert combined.get("another").title == "Small flow"
    assert [f.id for f in combined.all()] == combined.ids


def test_a_user_flow_may_not_reuse_a_shipped_id(
    catalog: FlowCatalog, write_yaml: WriteYaml, small_flow: dict[str, Any], tmp_path: Path
) -> None:
    shipped_id = catalog.ids[0]
    write_yaml("mine/clash.yaml", small_flow | {"id": shipped_id})
    with pytest.raises(FlowDefinitionError) as caught:
        FlowCatalog.load(tmp_path / "mine")
    message = str(caught.value)
    assert "\n" not in message
    assert "clash.yaml" in message
    assert f"{shipped_id}.yaml" in message


def test_a_bad_user_file_stops_the_catalog_with_its_name(
    write_yaml: WriteYaml, small_flow: dict[str, Any], tmp_path: Path
) -> None:
    _wrong_kind(small_flow)
    write_yaml("mine/bad.yaml", small_flow)
    with pytest.raises(
        FlowDefinitionError, match=r"bad\.yaml: line \d+: sections\[0\]\.questions\[1\]\.kind"
    ):
        FlowCatalog.load(tmp_path / "mine")


def test_a_missing_user_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FlowDefinitionError, match="FLOWS_DIR"):
        FlowCatalog.load(tmp_path / "nowhere")


def test_an_unknown_flow_id_lists_the_available_ones(catalog: FlowCatalog) -> None:
    with pytest.raises(UnknownFlow) as caught:
        catalog.get("head-of-sales")
    assert "'head-of-sales'" in str(caught.value)
    assert all(flow_id in str(caught.value) for flow_id in catalog.ids)


def test_validate_quotes_accepts_rewrapped_text_and_names_each_misquote(small_flow: dict[str, Any]) -> None:
    _question(small_flow, 0, 0)["quote"] = "The  first\n sentence."
    _question(small_flow, 0, 1)["quote"] = "the first sentence."
    small_flow["success_criteria"][0]["quote"] = "A sentence the document never wrote."
    flow = Flow.model_validate(small_flow)
    source = "The first sentence.\nA sentence.\n"
    problems = validate_quotes(flow, source)
    assert len(problems) == 2
    assert problems[0].startswith("question 'size'")
    assert problems[1].startswith("success criterion 'shipped'")


TABLE = """Intro sentence.
Dimension CTO / Technology Leadership CAIO / AI Leadership
Primary Focus Technology strategy, architecture AI strategy, governance
Operations Model DevOps, CI/CD, uptime MLOps, model lifecycle, drift monitoring
"""


def _cell(row: str, column: str, cell: str) -> dict[str, str]:
    return {"table_row": row, "table_column": column, "cell": cell}


@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        (_cell("Operations Model", "CAIO / AI Leadership", "MLOps, model lifecycle, drift monitoring"), None),
        (_cell("Operations Model", "CTO / Technology Leadership", "DevOps, CI/CD, uptime"), None),
        (_cell("Primary Focus", "CAIO / AI Leadership", "AI strategy, governance"), None),
        (
            _cell(
                "Operations Model",
                "CTO / Technology Leadership",
                "DevOps, CI/CD, uptime MLOps, model lifecycle",
            ),
            "is not in row 'Operations Model', column 'CTO / Technology Leadership'",
        ),
        (
            _cell("Operations Model", "CAIO / AI Leadership", "DevOps, CI/CD, uptime"),
            "is not in row 'Operations Model', column 'CAIO / AI Leadership'",
        ),
        (_cell("Primary Focus", "CAIO / AI Leadership", "MLOps"), "is not in row 'Primary Focus'"),
        (_cell("Risk Lens", "CAIO / AI Leadership", "Model risk"), "table row 'Risk Lens' does not start"),
        (_cell("Operations Model", "Chief AI Officer", "MLOps, model lifecycle, drift monitoring"), "column"),
    ],
    ids=[
        "last-column",
        "first-column",
        "other-row",
        "two-cells",
        "wrong-column",
        "wrong-row",
        "no-row",
        "no-header",
    ],
)
def test_a_table_cell_quote_is_checked_by_row_column_and_cell(
    small_flow: dict[str, Any], cell: dict[str, str], problem: str | None
) -> None:
    _question(small_flow, 0, 0)["quote"] = cell
    for cited in small_flow["success_criteria"]:
        cited["quote"] = "Intro sentence."
    for option in small_flow["options"]:
        option["when_it_makes_sense"] = option["risks"] = [{"text": "It fits.", "quote": "Intro sentence."}]
    for index in (1,):
        _question(small_flow, 0, index)["quote"] = "Intro sentence."
    _question(small_flow, 1, 0)["quote"] = "Intro sentence."
    problems = validate_quotes(Flow.model_validate(small_flow), TABLE)
    if problem is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problems[0].startswith("question 'need_lead': ")
        assert problem in problems[0]


def test_deciding_rules_and_choice_quotes_are_checked_too(small_flow: dict[str, Any]) -> None:
    small_flow["decides_by"] = [_rule(quote="A sentence the document never wrote.")]
    small_flow["sections"][0]["questions"].append(_choice_question(quote="Nor this one."))
    problems = validate_quotes(Flow.model_validate(small_flow), "A sentence.\n")
    assert [p.split(":")[0] for p in problems] == [
        "question 'focus' choice 'outcomes'",
        "deciding rule 'rule'",
    ]


def _rule(**changes: object) -> dict[str, object]:
    rule = {
        "id": "rule",
        "quote": "A sentence.",
        "encoded_as": "A yes to need_lead weighs the lead.",
        "questions": ["need_lead"],
        "favours": ["lead"],
    }
    return rule | changes


def _choice_question(**choice_changes: object) -> dict[str, object]:
    return {
        "id": "focus",
        "kind": "single_choice",
        "text": "What first?",
        "help": "Pick one.",
        "quote": "A sentence.",
        "choices": [
            {"value": "outcomes", "label": "Outcomes", "weights": {"lead": 1}} | choice_changes,
            {"value": "capability", "label": "Capability", "weights": {"head": 1}},
        ],
    }


def test_a_flow_states_the_rules_it_encodes(write_yaml: WriteYaml, small_flow: dict[str, Any]) -> None:
    small_flow["decides_by"] = [_rule()]
    flow = load_flow_file(write_yaml("rules.yaml", small_flow))
    assert [(r.id, r.questions, r.favours) for r in flow.decides_by] == [("rule", ["need_lead"], ["lead"])]


@pytest.mark.parametrize(
    ("rule", "problem"),
    [
        (_rule(favours=["chief"]), "deciding rule 'rule' favours unknown option 'chief'"),
        (_rule(questions=["nowhere"]), "deciding rule 'rule' names unknown question 'nowhere'"),
        (_rule(questions=["why"]), "deciding rule 'rule' names question 'why', which weighs none of lead"),
        (_rule(questions=[]), "at least 1 item"),
        (_rule(encoded_as=None), "encoded_as"),
    ],
    ids=["unknown-option", "unknown-question", "question-without-weight", "no-question", "no-encoding"],
)
def test_a_deciding_rule_must_name_what_carries_it(
    write_yaml: WriteYaml, small_flow: dict[str, Any], rule: dict[str, object], problem: str
) -> None:
    small_flow["decides_by"] = [{k: v for k, v in rule.items() if v is not None}]
    message = _refusal(write_yaml("rule.yaml", small_flow))
    assert "decides_by" in message
    assert problem in message


def test_dont_know_is_offered_on_facts_but_not_on_free_text(
    write_yaml: WriteYaml, small_flow: dict[str, Any]
) -> None:
    _question(small_flow, 0, 1)["dont_know"] = True
    assert load_flow_file(write_yaml("facts.yaml", small_flow)).question("size").dont_know
    _question(small_flow, 1, 0)["dont_know"] = True
    message = _refusal(write_yaml("free.yaml", small_flow))
    assert "dont_know is not for free_text" in message


def test_dont_know_is_not_a_choice_value(write_yaml: WriteYaml, small_flow: dict[str, Any]) -> None:
    small_flow["sections"][0]["questions"].append(_choice_question(value="dont_know"))
    assert "'dont_know' is reserved" in _refusal(write_yaml("reserved.yaml", small_flow))


def test_the_source_is_found_in_seeds_dir_or_the_flow_files_folder(
    small_flow: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    flow = Flow.model_validate(small_flow | {"source": {"title": "A document", "file": "not-anywhere-1.txt"}})
    monkeypatch.delenv("SEEDS_DIR", raising=False)
    assert find_source(flow, tmp_path / "flow.yaml") is None
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "not-anywhere-1.txt").write_text("A sentence.\n", encoding="utf-8")
    monkeypatch.setenv("SEEDS_DIR", str(seeds))
    assert find_source(flow) == seeds / "not-anywhere-1.txt"
    (tmp_path / "not-anywhere-1.txt").write_text("A sentence.\n", encoding="utf-8")
    assert find_source(flow, tmp_path / "flow.yaml") == tmp_path / "not-anywhere-1.txt"
