"""The proof's summariser reads figures out of JUnit XML as pytest writes it: counts add up over a
suite's tests, sizes keep the largest, other properties are ignored, and outcomes are counted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.figures import Figures, parse_property, property_name
from tests.proof import main, read_junit, summarise, table

HANDMADE = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" tests="4">
  <testcase classname="tests.bot.faults.test_replays" name="test_retried[sqlite]" time="1.5">
    <properties>
      <property name="figure sum: requests replayed" value="57" />
      <property name="figure max: slowest acknowledgement, seconds" value="0.25" />
      <property name="owner" value="not a figure" />
    </properties>
  </testcase>
  <testcase classname="tests.bot.faults.test_replays" name="test_retried[postgres]" time="2.5">
    <properties>
      <property name="figure sum: requests replayed" value="60" />
      <property name="figure max: slowest acknowledgement, seconds" value="1.75" />
    </properties>
    <failure message="assert 2 == 1">trace</failure>
  </testcase>
  <testcase classname="tests.bot.security.test_signatures" name="test_forged" time="0.5">
    <properties><property name="figure sum: forged requests answered 401" value="7" /></properties>
  </testcase>
  <testcase classname="tests.bot.security.test_signatures" name="test_other" time="0.0">
    <skipped message="no PostgreSQL" />
  </testcase>
</testsuite></testsuites>
"""

EXPECTED = """\
suite                                 passed  failed  errors skipped  seconds
-----------------------------------------------------------------------------
faults/replays                             1       1       0       0      4.0
    requests replayed                    117
    slowest acknowledgement, seconds   1.750
security/signatures                        1       0       0       1      0.5
    forged requests answered 401           7
-----------------------------------------------------------------------------
all                                        2       1       0       1      4.5"""


def test_a_handmade_junit_file_becomes_the_right_table() -> None:
    assert table(summarise(read_junit(HANDMADE))) == EXPECTED


def test_the_command_prints_the_table_and_one_json_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xml = tmp_path / "junit.xml"
    xml.write_text(HANDMADE, encoding="utf-8")
    assert main(["--from-xml", str(xml)]) == 0
    *text, last = capsys.readouterr().out.strip().splitlines()
    assert "\n".join(text).strip() == EXPECTED
    suites = json.loads(last)["suites"]
    assert suites["faults/replays"] == {
        "passed": 1,
        "failed": 1,
        "errors": 0,
        "skipped": 0,
        "seconds": 4.0,
        "requests replayed": 117,
        "slowest acknowledgement, seconds": 1.75,
    }


def test_figures_are_recorded_as_properties_the_summariser_reads_back() -> None:
    recorded: list[tuple[str, object]] = []
    figures = Figures()
    figures("duplicates found", 0)
    figures.add("refused", True)
    figures.add("refused", False)
    figures.add("refused", True)
    figures.most("largest free text, characters", 3000)
    figures.most("largest free text, characters", 12)
    figures.record(lambda name, value: recorded.append((name, value)))
    assert recorded == [
        (property_name("sum", "duplicates found"), 0),
        (property_name("sum", "refused"), 2),
        (property_name("max", "largest free text, characters"), 3000),
    ]
    assert [parse_property(name) for name, _ in recorded] == [
        ("sum", "duplicates found"),
        ("sum", "refused"),
        ("max", "largest free text, characters"),
    ]
    assert parse_property("owner") is None and parse_property("figure avg: x") is None
