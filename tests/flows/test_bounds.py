"""Flow files with bounds: YAML anchors and aliases are refused (a few KB of them used to expand to
tens of MB, or to a MemoryError), and the file and the flow it expands to are each held to 256 KB.
Every refusal is one line naming the file."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from flows.bounds import MAX_FLOW_BYTES
from flows.errors import FlowDefinitionError
from flows.loader import FlowCatalog, load_flow_file

# Nine levels of ten aliases each: about 19 KB on disk, 10^9 strings once expanded.
LAUGHS = (
    "lol0: &l0 ["
    + ", ".join(["lol"] * 10)
    + "]\n"
    + "".join(f"lol{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 10) + "]\n" for n in range(1, 10))
)


def refusal(path: Path) -> str:
    with pytest.raises(FlowDefinitionError) as refused:
        load_flow_file(path)
    [line] = str(refused.value).splitlines()
    assert path.name in line
    return line


def test_a_billion_laughs_is_refused_in_one_line_and_at_once(tmp_path: Path) -> None:
    path = tmp_path / "laughs.yaml"
    path.write_text(LAUGHS)
    started = time.monotonic()
    line = refusal(path)
    assert time.monotonic() - started < 1.0
    assert "line 1: an anchor ('l0') is not allowed" in line


def test_an_alias_in_an_otherwise_valid_flow_is_refused(tmp_path: Path, small_flow: dict[str, Any]) -> None:
    # The fixture shares its citations between options, which PyYAML writes as an anchor and aliases.
    path = tmp_path / "aliased.yaml"
    path.write_text(yaml.safe_dump(small_flow, sort_keys=False))
    line = refusal(path)
    assert "an anchor ('id001') is not allowed in a flow file" in line
    # Written out in full, the same flow loads.
    path.write_text(yaml.safe_dump(json.loads(json.dumps(small_flow)), sort_keys=False))
    assert load_flow_file(path).id == "small"


def test_a_file_over_the_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text("description: '" + "x" * MAX_FLOW_BYTES + "'\n")
    line = refusal(path)
    assert "over the 256 KB limit" in line and "the flow file is 256 KB" in line


def test_a_flow_that_expands_past_the_limit_is_refused(tmp_path: Path) -> None:
    # 200 KB of quotes in a YAML string, each escaped in the JSON a workshop would store: 400 KB.
    path = tmp_path / "escapes.yaml"
    path.write_text("description: '" + '"' * (200 * 1024) + "'\n")
    assert path.stat().st_size < MAX_FLOW_BYTES
    line = refusal(path)
    assert "the flow expands to 400 KB, over the 256 KB limit" in line


def test_the_shipped_flows_are_well_within_the_limits() -> None:
    assert FlowCatalog.load().ids  # loading them runs the same checks
