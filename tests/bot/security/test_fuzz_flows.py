"""Flow files edited badly, in every way hypothesis can think of: `hiring-workshop flows validate`
and the catalog either take the flow or say in one line what is wrong with it, naming the file;
never a traceback."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.cli import EXIT_BAD_INPUT, main
from flows.errors import FlowDefinitionError
from flows.loader import SHIPPED_DIR, load_flow_file
from tests.figures import Figures

FUZZ = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    derandomize=True,
)
SHIPPED = yaml.safe_load((SHIPPED_DIR / "002-caio-or-cto.yaml").read_text(encoding="utf-8"))

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=50),
    st.sampled_from(["", " ", "yes_no", "scale", "free_text", "ceo", "-1", "0", "1e309", "null", "~"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, inner in value.items():
            found += paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += paths(inner, (*prefix, index))
    return found


PATHS = sorted(paths(SHIPPED), key=repr)


@st.composite
def edited_flows(draw: st.DrawFn) -> str:
    """The shipped flow with a few of its fields changed, dropped, or added, as YAML text; now and
    then the text itself is cut short or garbled."""
    flow = copy.deepcopy(SHIPPED)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        path = draw(st.sampled_from(PATHS))
        *parents, last = path
        holder: Any = flow
        try:
            for key in parents:
                holder = holder[key]
            action = draw(st.sampled_from(["replace", "drop", "add"]))
            if action == "replace":
                holder[last] = draw(values)
            elif action == "drop":
                del holder[last]
            elif isinstance(holder, dict):
                holder[draw(st.text(min_size=1, max_size=10))] = draw(values)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit removed or replaced what this one would change
    text = yaml.safe_dump(flow, allow_unicode=True, sort_keys=False)
    garble = draw(st.sampled_from(["none", "none", "cut", "tab", "duplicate key", "bytes"]))
    if garble == "cut":
        text = text[: draw(st.integers(min_value=0, max_value=len(text)))]
    elif garble == "tab":
        text = text.replace("  ", "\t", 1)
    elif garble == "duplicate key":
        text = text.replace("\nversion:", "\nversion: 1\nversion:", 1)
    elif garble == "bytes":
        text += draw(st.text(max_size=10))
    return text


@given(text=edited_flows())
@FUZZ
def test_a_badly_edited_flow_is_named_in_one_line(
    text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], figures: Figures
) -> None:
    figures.add("hypothesis examples run")
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_flow_file(path)
    except FlowDefinitionError as error:
        assert "\n" not in str(error) and "mine.yaml" in str(error), str(error)
    capsys.readouterr()
    code = main(["flows", "validate", str(path)])
    out, err = capsys.readouterr()
    figures.add("flows taken" if code == 0 else "flows refused")
    if code == EXIT_BAD_INPUT and err:
        assert err.count("\n") == 1 and "mine.yaml" in err and "Traceback" not in err, err
    else:
        assert code in (0, EXIT_BAD_INPUT) and "mine.yaml" in out, (code, out, err)


def test_a_flow_citing_a_document_that_is_not_text_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flow = copy.deepcopy(SHIPPED) | {"source": {"title": "A picture", "file": "picture.png"}}
    (tmp_path / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00 not text")
    path = tmp_path / "mine.yaml"
    path.write_text(yaml.safe_dump(flow, sort_keys=False), encoding="utf-8")
    code = main(["flows", "validate", str(path)])
    _, err = capsys.readouterr()
    assert code == EXIT_BAD_INPUT and err.count("\n") == 1 and "picture.png" in err, err
