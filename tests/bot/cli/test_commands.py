"""The `hiring-workshop` command line, run as a user runs it: a subprocess, stdout, exit status."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from flows.loader import find_source, load_flow_file

from .conftest import TINY_FLOW_ID, WriteAnswers

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "flows" / "examples"
FLOW_IDS = ["000-head-of-ai-or-product-lead", "001-product-or-engineering-leadership", "002-caio-or-cto"]


def run(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=60, env=env
    )


def test_flows_list_json_names_each_flow_and_its_seed_file() -> None:
    result = run("flows", "list", "--json")
    assert result.returncode == 0, result.stderr
    flows = json.loads(result.stdout)
    assert [f["id"] for f in flows] == FLOW_IDS
    assert {f["source"]["file"] for f in flows} == {
        "000_285b500a8f434246.txt",
        "001_e142d33adcae762b.txt",
        "002_4fb733733eb6b907.txt",
    }


def test_flows_show_json_has_options_questions_and_choices() -> None:
    result = run("flows", "show", FLOW_IDS[0], "--json")
    assert result.returncode == 0, result.stderr
    flow = json.loads(result.stdout)
    assert {o["id"] for o in flow["options"]} == {"head_of_ai", "ai_product_lead", "both_in_sequence"}
    kinds = {q["kind"] for q in flow["questions"]}
    assert kinds <= {"yes_no", "scale", "single_choice", "multi_choice", "free_text", "number"}
    single = next(q for q in flow["questions"] if q["kind"] == "single_choice")
    assert single["choices"] and {"value", "label"} <= single["choices"][0].keys()
    offers = {q["id"]: q["dont_know"] for q in flow["questions"]}
    assert offers["organisation_size"] is True and offers["first_hire_rule"] is False


@pytest.mark.parametrize("number,flow_id", list(zip(["000", "001", "002"], FLOW_IDS, strict=True)))
def test_rehearse_json_gives_the_recommendation_and_its_evidence(number: str, flow_id: str) -> None:
    result = run("rehearse", flow_id, "--answers", str(EXAMPLES / f"answers-{number}.yaml"), "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    chosen = out["recommendation"]
    if chosen["option"] is None:
        assert chosen["confidence"] is None and chosen["missing"]
    else:
        assert chosen["confidence"] in {"high", "medium", "low"} and chosen["option"] in out["scores"]
    assert 0 <= out["agreement"] <= 1
    assert out["participation"]["invited"] == 5
    assert all({"question", "decisive"} <= d.keys() for d in out["disputed"])


def test_rehearse_prints_a_readable_summary() -> None:
    result = run("rehearse", FLOW_IDS[0], "--answers", str(EXAMPLES / "answers-000.yaml"))
    assert result.returncode == 0, result.stderr
    assert "Recommendation" in result.stdout and "&lt;" not in result.stdout


@pytest.mark.parametrize(
    "answers,expected",
    [
        (
            {"participants": [{"name": "A", "role": "ceo", "answers": {"no_such_question": True}}]},
            "no_such_question",
        ),
        (
            {"participants": [{"name": "A", "role": "ceo", "answers": {"core_capability": 7}}]},
            "core_capability",
        ),
        ({"participants": [{"name": "A", "role": "chief", "answers": {}}]}, "unknown role 'chief'"),
        ({"people": []}, "participants"),
    ],
)
def test_bad_answers_get_one_line_naming_file_and_question(
    tmp_path: Path, answers: dict, expected: str
) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(answers))
    result = run("rehearse", FLOW_IDS[0], "--answers", str(path), cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and expected in lines[0]
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == [path]  # nothing written


def test_malformed_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("participants:\n  - name: A\n    answers: {core_capability: [yes\n")
    result = run("rehearse", FLOW_IDS[0], "--answers", str(path))
    assert result.returncode == 2 and "line" in result.stderr and "malformed" in result.stderr


def test_an_unknown_flow_lists_the_known_ones() -> None:
    result = run("flows", "show", "nope")
    assert result.returncode == 2
    assert "nope" in result.stderr and FLOW_IDS[0] in result.stderr


def test_flows_validate_checks_schema_and_quotes(tmp_path: Path) -> None:
    shipped = ROOT / "flows" / "definitions" / f"{FLOW_IDS[2]}.yaml"
    if find_source(load_flow_file(shipped), shipped) is None:
        reason = "the seed documents are not in SEEDS_DIR or ../shared/seeds"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    good = run("flows", "validate", str(shipped))
    assert good.returncode == 0 and "valid flow" in good.stdout and "quotes checked" in good.stdout
    broken = tmp_path / "mine.yaml"
    broken.write_text(shipped.read_text().replace("kind: yes_no", "kind: rating", 1))
    bad = run("flows", "validate", str(broken))
    assert bad.returncode == 2 and "rating" in bad.stderr and str(broken) in bad.stderr


def test_flows_validate_notes_quotes_it_could_not_check_and_names_each_misquote(tmp_path: Path) -> None:
    shipped = (ROOT / "flows" / "definitions" / f"{FLOW_IDS[2]}.yaml").read_text()
    mine = tmp_path / "mine.yaml"
    mine.write_text(shipped.replace("file: 002_4fb733733eb6b907.txt", "file: our-own-document.txt", 1))
    unchecked = run("flows", "validate", str(mine), env={**os.environ, "SEEDS_DIR": str(tmp_path / "none")})
    assert unchecked.returncode == 0 and "source document not found, quotes unchecked" in unchecked.stdout
    (tmp_path / "our-own-document.txt").write_text(
        "Dimension CTO / Technology Leadership CAIO / AI Leadership\n"
        "Operations Model DevOps, CI/CD, uptime MLOps, model lifecycle, drift monitoring\n",
        encoding="utf-8",
    )
    checked = run("flows", "validate", str(mine))
    assert checked.returncode == 2
    assert "choice 'mlops'" not in checked.stdout  # a cell in its row and column is verbatim
    assert "question 'ai_today': quote is not verbatim in our-own-document.txt" in checked.stdout


def test_a_users_flow_folder_adds_flows(tmp_path: Path) -> None:
    shipped = (ROOT / "flows" / "definitions" / f"{FLOW_IDS[2]}.yaml").read_text()
    (tmp_path / "ours.yaml").write_text(shipped.replace(f"id: {FLOW_IDS[2]}", "id: our-own-flow", 1))
    result = run("--flows-dir", str(tmp_path), "flows", "list", "--json")
    assert result.returncode == 0, result.stderr
    assert "our-own-flow" in [f["id"] for f in json.loads(result.stdout)]


def test_db_upgrade_creates_the_schema(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    result = run("db", "upgrade", "--database-url", url)
    assert result.returncode == 0, result.stderr
    assert "revision" in result.stdout and (tmp_path / "fresh.db").exists()


def rehearse_tiny(flows_dir: Path, answers: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run("--flows-dir", str(flows_dir), "rehearse", TINY_FLOW_ID, "--answers", str(answers), *extra)


def person(name: str, role: str, **answers: object) -> dict[str, object]:
    return {"name": name, "role": role, "answers": answers}


SPLIT_PANEL = [
    person("Ana", "CFO", mature=1, ready=True),
    person("Ben", "Head of Product", mature=1, ready=True),
    person("Cy", "founder", mature=5, ready=True),
    person("Di", "VP Engineering", mature=5, ready=True),
    person("Ed", "ops", mature=5, ready=True),
]


def test_roles_are_read_as_people_write_them(tiny_flows_dir: Path, write_answers: WriteAnswers) -> None:
    result = rehearse_tiny(tiny_flows_dir, write_answers(SPLIT_PANEL), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["participation"]["roles_missing"] == []


def test_a_role_that_means_nothing_is_refused_naming_the_roles(
    tiny_flows_dir: Path, write_answers: WriteAnswers
) -> None:
    result = rehearse_tiny(tiny_flows_dir, write_answers([person("Ana", "Chief Wizard", ready=True)]))
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert "unknown role 'Chief Wizard'" in line and "ceo, cto, cfo" in line and "founder" in line


def test_rehearse_prints_plain_text_with_labelled_spreads(
    tiny_flows_dir: Path, write_answers: WriteAnswers
) -> None:
    result = rehearse_tiny(tiny_flows_dir, write_answers(SPLIT_PANEL))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Recommendation: Product Lead (confidence: ")
    assert (
        "• mature?\n   still open: the panel split Strongly disagree 2 · Strongly agree 3." in result.stdout
    )
    assert "*" not in result.stdout and "&gt;" not in result.stdout


def test_rehearse_prints_mrkdwn_when_asked(tiny_flows_dir: Path, write_answers: WriteAnswers) -> None:
    result = rehearse_tiny(tiny_flows_dir, write_answers(SPLIT_PANEL), "--format", "mrkdwn")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("*Recommendation: Product Lead* (confidence: ")


def test_rehearse_json_with_everyone_declined_has_no_recommendation(
    tiny_flows_dir: Path, write_answers: WriteAnswers
) -> None:
    declined = [{"name": n, "role": "cfo", "declined": True} for n in ("Ana", "Ben", "Cy")]
    result = rehearse_tiny(tiny_flows_dir, write_answers(declined), "--json")
    assert result.returncode == 0, result.stderr
    chosen = json.loads(result.stdout)["recommendation"]
    assert chosen["option"] is None and chosen["option_id"] is None and chosen["confidence"] is None
    assert chosen["missing"] == ["All 3 invited members declined."]


def test_rehearse_says_no_recommendation_yet_with_what_is_missing(
    tiny_flows_dir: Path, write_answers: WriteAnswers
) -> None:
    panel = [person("Ana", "cfo", notes="tbd"), *SPLIT_PANEL[1:]]  # the CFO wrote only free text
    result = rehearse_tiny(tiny_flows_dir, write_answers(panel))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("No recommendation yet\n")
    assert "No one in the required role CFO / finance has answered a question" in result.stdout
    assert "Recommendation:" not in result.stdout


def test_rehearse_json_reports_a_tie_as_a_tie(tiny_flows_dir: Path, write_answers: WriteAnswers) -> None:
    panel = [
        person("Ana", "cfo", mature=3, ready=True),
        person("Ben", "cto", mature=3, ready=False),
        person("Cy", "ceo", mature=3, ready=True),
        person("Di", "ceo", mature=3, ready=False),
    ]
    result = rehearse_tiny(tiny_flows_dir, write_answers(panel), "--json")
    chosen = json.loads(result.stdout)["recommendation"]
    assert (chosen["option"], chosen["tied"]) == (None, ["lead", "head"])
    assert chosen["missing"] == ["Product Lead and Head of AI are tied at 50% each."]
    assert chosen["tie_breakers"]
