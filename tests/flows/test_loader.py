"""Loading flow files: a good file loads, and each kind of broken file is refused with one line
that names the file and the place to fix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from flows.errors import FlowDefinitionError, UnknownFlow
from flows.loader import FlowCatalog, load_flow_file, validate_quotes
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
