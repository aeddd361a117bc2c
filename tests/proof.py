"""Run the fault and security suites and publish what they measured: per suite (test module), the
tests passed and failed and the figures the tests recorded (tests/figures.py), then one JSON line.

    python -m tests.proof [--from-xml FILE] [--keep-xml FILE] [PYTEST ARGS...]

Arguments it does not know go to pytest (`-k replays`, `--db sqlite`, `-x`). The figures travel in
pytest's JUnit XML, written to a temporary file; `--from-xml` summarises one already written instead.
"""

from __future__ import annotations

import argparse
import json
import operator
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from tests.benchmarks.common import REPO_ROOT, machine
from tests.figures import parse_property

SUITES = ("tests/bot/faults", "tests/bot/security")
OUTCOMES = ("passed", "failed", "errors", "skipped")

Number = int | float


@dataclass(frozen=True)
class Case:
    suite: str
    name: str
    outcome: str
    seconds: float
    figures: dict[tuple[str, str], Number]


@dataclass
class Suite:
    name: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))
    seconds: float = 0.0
    figures: dict[str, Number] = field(default_factory=dict)

    def take(self, case: Case) -> None:
        self.counts[case.outcome] += 1
        self.seconds += case.seconds
        for (how, name), value in case.figures.items():
            known = self.figures.get(name)
            self.figures[name] = (
                value if known is None else (max if how == "max" else operator.add)(known, value)
            )


def suite_of(classname: str) -> str:
    """`tests.bot.faults.test_replays` reads as `faults/replays`."""
    parts = classname.split(".")
    at = next((i for i, part in enumerate(parts) if part.startswith("test_")), len(parts) - 1)
    return "/".join([*parts[max(at - 1, 0) : at], parts[at].removeprefix("test_")])


def number(text: str) -> Number:
    try:
        return int(text)
    except ValueError:
        return float(text)


def read_junit(xml: str) -> list[Case]:
    cases = []
    for testcase in ElementTree.fromstring(xml).iter("testcase"):
        tags = {child.tag for child in testcase}
        outcome = next(
            (
                o
                for tag, o in (("failure", "failed"), ("error", "errors"), ("skipped", "skipped"))
                if tag in tags
            ),
            "passed",
        )
        figures: dict[tuple[str, str], Number] = {}
        for prop in testcase.iter("property"):
            parsed = parse_property(prop.get("name", ""))
            if parsed is not None:
                figures[parsed] = number(prop.get("value", "0"))
        cases.append(
            Case(
                suite_of(testcase.get("classname", "")),
                testcase.get("name", ""),
                outcome,
                float(testcase.get("time", "0")),
                figures,
            )
        )
    return cases


def summarise(cases: list[Case]) -> list[Suite]:
    suites: dict[str, Suite] = {}
    for case in cases:
        suites.setdefault(case.suite, Suite(case.suite)).take(case)
    return [suites[name] for name in sorted(suites)]


def shown(value: Number) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:,.3f}"


def table(suites: list[Suite]) -> str:
    """Per suite one line of outcomes, then its figures indented beneath it."""
    width = max([len(s.name) for s in suites] + [len(f) + 4 for s in suites for f in s.figures] + [10])
    head = f"{'suite':<{width}} " + " ".join(f"{o:>7}" for o in OUTCOMES) + f" {'seconds':>8}"
    lines = [head, "-" * len(head)]
    for suite in suites:
        outcomes = " ".join(f"{suite.counts[o]:>7}" for o in OUTCOMES)
        lines.append(f"{suite.name:<{width}} {outcomes} {suite.seconds:>8.1f}")
        lines += [f"    {name:<{width - 4}} {shown(value):>7}" for name, value in suite.figures.items()]
    totals = {o: sum(s.counts[o] for s in suites) for o in OUTCOMES}
    lines.append("-" * len(head))
    outcomes = " ".join(f"{totals[o]:>7}" for o in OUTCOMES)
    lines.append(f"{'all':<{width}} {outcomes} {sum(s.seconds for s in suites):>8.1f}")
    return "\n".join(lines)


def json_line(suites: list[Suite], pytest_exit: int | None) -> str:
    line = {
        "proof": "faults and security",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "pytest_exit": pytest_exit,
        "suites": {s.name: {**s.counts, "seconds": round(s.seconds, 1), **s.figures} for s in suites},
    }
    return json.dumps(line, sort_keys=True)


def run_suites(passed_on: list[str], xml_path: Path) -> int:
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        *SUITES,
        f"--junitxml={xml_path}",
        # record_property's properties belong to the xunit1 schema (pytest warns under xunit2).
        "-o",
        "junit_family=xunit1",
        *passed_on,
    ]
    print("#", " ".join(command[1:]), flush=True)
    return subprocess.run(command, cwd=REPO_ROOT, check=False).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.proof",
        description="Run tests/bot/faults and tests/bot/security and print what they measured. "
        "Unknown arguments are passed to pytest.",
        allow_abbrev=False,  # so no pytest option is taken for an abbreviation of ours
    )
    parser.add_argument(
        "--from-xml", type=Path, metavar="FILE", help="summarise this JUnit XML instead of running the suites"
    )
    parser.add_argument("--keep-xml", type=Path, metavar="FILE", help="also keep the JUnit XML in FILE")
    options, passed_on = parser.parse_known_args(argv)
    if options.from_xml is not None:
        exit_code, xml = None, options.from_xml.read_text(encoding="utf-8")
    else:
        with tempfile.TemporaryDirectory(prefix="proof-") as folder:
            xml_path = Path(folder) / "junit.xml"
            exit_code = run_suites(passed_on, xml_path)
            if not xml_path.exists():
                print("pytest wrote no JUnit XML: nothing to summarise", file=sys.stderr)
                return exit_code or 1
            xml = xml_path.read_text(encoding="utf-8")
    if options.keep_xml is not None:
        options.keep_xml.write_text(xml, encoding="utf-8")
    suites = summarise(read_junit(xml))
    print()
    print(table(suites))
    print(json_line(suites, exit_code), flush=True)
    return exit_code or 0


if __name__ == "__main__":
    sys.exit(main())
