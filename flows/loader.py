"""Reading flow files: the shipped flows in `flows/definitions/`, plus an optional user folder.

Every failure is one `FlowDefinitionError` line naming the file, the YAML line and the location in
the flow (`sections[1].questions[2].kind`), so a person editing a flow can go straight to the fix.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from flows.bounds import check_expanded_size, check_file_size, refuse_aliases
from flows.errors import FlowDefinitionError, UnknownFlow
from flows.quotes import CellQuote
from flows.schema import Flow

SHIPPED_DIR = Path(__file__).parent / "definitions"
REPO_ROOT = Path(__file__).resolve().parents[1]
FLOW_SUFFIXES = (".yaml", ".yml")

Location = tuple[str | int, ...]


class FlowCatalog:
    """The flows a workspace can run, by id: the shipped ones and the user's own."""

    def __init__(self, flows: dict[str, Flow]) -> None:
        self._flows = dict(sorted(flows.items()))

    @classmethod
    def load(cls, extra_dir: Path | None = None) -> FlowCatalog:
        paths = _flow_files(SHIPPED_DIR)
        if extra_dir is not None:
            if not extra_dir.is_dir():
                raise FlowDefinitionError(
                    f"The flows folder {extra_dir} does not exist or is not a folder.",
                    "Set FLOWS_DIR to a folder of .yaml flow files, or unset it.",
                )
            paths += _flow_files(extra_dir)
        flows: dict[str, Flow] = {}
        origin: dict[str, Path] = {}
        for path in paths:
            flow = load_flow_file(path)
            if flow.id in origin:
                raise FlowDefinitionError(
                    f"{_shown(path)}: flow id '{flow.id}' is already used by {_shown(origin[flow.id])}.",
                    "Give one of them a different id.",
                )
            flows[flow.id] = flow
            origin[flow.id] = path
        return cls(flows)

    @property
    def ids(self) -> list[str]:
        return list(self._flows)

    def all(self) -> list[Flow]:
        return list(self._flows.values())

    def get(self, flow_id: str) -> Flow:
        try:
            return self._flows[flow_id]
        except KeyError:
            raise UnknownFlow(
                f"There is no flow with the id '{flow_id}'.", f"Use one of: {', '.join(self.ids)}."
            ) from None


def load_flow_file(path: Path) -> Flow:
    """The flow in `path`, fully validated (shape, then cross-references)."""
    shown = _shown(path)
    check_file_size(path, shown)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise FlowDefinitionError(f"{shown}: cannot read the flow file ({error}).") from None
    refuse_aliases(text, shown)
    root, data = _parse_yaml(text, shown)
    check_expanded_size(data, shown)
    if not isinstance(data, dict):
        found = "nothing" if data is None else type(data).__name__
        raise FlowDefinitionError(f"{shown}: a flow file must hold one YAML mapping, found {found}.")
    try:
        return Flow.model_validate(data)
    except ValidationError as error:
        raise FlowDefinitionError(_describe(error, data, root, shown)) from None


def validate_quotes(flow: Flow, source_text: str) -> list[str]:
    """One problem per quote that is not verbatim in the source document. Whitespace is collapsed
    (documents wrap lines freely) but case and punctuation must match: a quote is a citation. A
    table cell must sit on its row's line (the line that starts with the row label), in its column
    (the last column ends the line; any other is followed by more cells), under a header line that
    names the column."""
    lines = [_collapse(line) for line in source_text.splitlines() if line.strip()]
    source = " ".join(lines)
    problems: list[str] = []
    for where, quote in _quotes(flow):
        problem = _cell_problem(quote, lines) if isinstance(quote, CellQuote) else None
        if not isinstance(quote, CellQuote) and _collapse(quote) not in source:
            problem = f"quote is not verbatim in {flow.source.file}: '{_clip(quote)}'"
        if problem:
            problems.append(f"{where}: {problem}")
    return problems


def find_source(flow: Flow, flow_path: Path | None = None) -> Path | None:
    """The source document a flow cites, if it is on this machine: beside the flow file, in
    `$SEEDS_DIR`, or in the workspace's `shared/seeds` (beside this repository, or the working
    directory's parent). None when it is nowhere: the quotes then go unchecked, and say so."""
    folders = [flow_path.parent] if flow_path is not None else []
    if os.environ.get("SEEDS_DIR"):
        folders.append(Path(os.environ["SEEDS_DIR"]))
    folders += [REPO_ROOT.parent / "shared" / "seeds", Path.cwd().parent / "shared" / "seeds"]
    return next(
        (folder / flow.source.file for folder in folders if (folder / flow.source.file).is_file()), None
    )


def _cell_problem(quote: CellQuote, lines: list[str]) -> str | None:
    rows = [n for n, line in enumerate(lines) if line.startswith(quote.table_row + " ")]
    if not rows:
        return f"table row '{_clip(quote.table_row)}' does not start any line of the document"
    for n in rows:
        headers = [line for line in lines[:n] if quote.table_column in line]
        if not headers:
            continue
        header, rest = headers[-1], lines[n][len(quote.table_row) :] + " "
        last_column = header.endswith(" " + quote.table_column)
        cell = f" {quote.cell} "
        if rest.endswith(cell) if last_column else cell in rest and not rest.endswith(cell):
            return None
    return (
        f"cell '{_clip(quote.cell)}' is not in row '{quote.table_row}', column "
        f"'{quote.table_column}' of the document's table"
    )


def _quotes(flow: Flow) -> Iterator[tuple[str, str]]:
    for option in flow.options:
        for n, cited in enumerate(option.when_it_makes_sense):
            yield f"option '{option.id}' when_it_makes_sense[{n}]", cited.quote
        for n, cited in enumerate(option.risks):
            yield f"option '{option.id}' risks[{n}]", cited.quote
    for question in flow.questions:
        yield f"question '{question.id}'", question.quote
        for choice in question.choices or []:
            if choice.quote is not None:
                yield f"question '{question.id}' choice '{choice.value}'", choice.quote
    for criterion in flow.success_criteria:
        yield f"success criterion '{criterion.id}'", criterion.quote
    for rule in flow.decides_by:
        yield f"deciding rule '{rule.id}'", rule.quote


def _flow_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in FLOW_SUFFIXES and p.is_file())


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# libyaml's parser where PyYAML was built with it: several times faster, and every bot start loads flows.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SafeLoader):  # type: ignore[misc,valid-type]
    """SafeLoader that refuses a key given twice: PyYAML would silently keep the last one."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                problem = f"key '{key}' is given twice"
                raise yaml.constructor.ConstructorError(problem=problem, problem_mark=key_node.start_mark)
            seen.add(key)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping


def _parse_yaml(text: str, shown: str) -> tuple[yaml.Node | None, object]:
    loader = _StrictLoader(text)
    try:
        root = loader.get_single_node()
        return root, (loader.construct_document(root) if root is not None else None)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise FlowDefinitionError(f"{shown}: {line}malformed YAML: {_one_line(problem)}.") from None
    finally:
        loader.dispose()


def _describe(error: ValidationError, data: dict[str, Any], root: yaml.Node | None, shown: str) -> str:
    """The first problem pydantic found, as `file: line N: location: what is wrong (got ...)`."""
    errors = error.errors()
    first = errors[0]
    location = tuple(part for part in first["loc"] if not _is_union_member(part))
    message = _message(first)
    if not location:  # a cross-reference problem found by `Flow`: point at the piece it names
        problems = message.split("; ")
        location = _locate(problems[0], data)
        message = problems[0] + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else "")
    elif len(errors) > 1:
        message += f" (and {len(errors) - 1} more)"
    line = _line_of(root, location)
    where = f"line {line}: " if line else ""
    path = _dotted(location)
    return f"{shown}: {where}{path + ': ' if path else ''}{message}"


_UNION_MEMBERS = {"Rule", "AllOf", "AnyOf", "Not"}


def _is_union_member(part: str | int) -> bool:
    # pydantic puts the union member it tried (`Rule`, `function-after[...]`) in the location.
    return isinstance(part, str) and (part in _UNION_MEMBERS or "[" in part)


def _message(error: ErrorDetails) -> str:
    kind, got = error["type"], error.get("input")
    if kind == "extra_forbidden":
        return "unknown key; remove it or check its spelling"
    if kind == "missing":
        return "is required but missing"
    if kind in ("enum", "literal_error"):
        expected = str(error.get("ctx", {}).get("expected", "")).replace("'", "")
        return f"must be one of {expected.replace(' or ', ', ')} (got {got!r})"
    if kind == "string_pattern_mismatch":
        return f"must be lowercase letters, digits, '_' or '-', starting with a letter or digit (got {got!r})"
    message = re.sub(r"^(Input|String|List|Dictionary) should", "must", _one_line(error["msg"]))
    message = message.removeprefix("Value error, ")
    if isinstance(got, str | int | float | bool) and kind != "value_error":
        message += f" (got {_clip(repr(got))})"
    return message


# The schema's cross-reference problems name the piece they are about; these find it in the file.
_NAMED = [
    (re.compile(r"^option id '([^']+)'"), "options"),
    (re.compile(r"^section id '([^']+)'"), "sections"),
    (re.compile(r"^success criterion(?: id)? '([^']+)'"), "success_criteria"),
    (re.compile(r"^deciding rule(?: id)? '([^']+)'"), "decides_by"),
]


def _locate(problem: str, data: dict[str, Any]) -> Location:
    """Where in the file a cross-reference problem lives; for a repeated id, its second use."""
    question = re.match(r"^question(?: id)? '([^']+)'", problem)
    if question:
        hits = [(loc, q) for loc, q in _questions(data) if q.get("id") == question[1]]
        if not hits:
            return ("sections",)
        location, found = hits[-1]
        if " depends on " in problem:
            return (*location, "show_when")
        unknown = re.search(r"weighs unknown option '([^']+)'", problem)
        return (*location, *_weight_table(found, unknown[1])) if unknown else location
    if problem.startswith("required role"):
        return ("requires", "roles")
    if problem.startswith("no question"):
        return ("sections",)
    for pattern, key in _NAMED:
        match = pattern.match(problem)
        if match:
            ids = [item.get("id") if isinstance(item, dict) else None for item in data.get(key) or []]
            positions = [i for i, item_id in enumerate(ids) if item_id == match[1]]
            return (key, positions[-1]) if positions else (key,)
    return ()


def _weight_table(question: dict[str, Any], option_id: str) -> Location:
    """The place inside a question of the weight table that names `option_id`."""
    evidence = question.get("evidence") or {}
    tables: list[tuple[Location, object]] = [(("evidence", side), evidence.get(side)) for side in evidence]
    for key in ("choices", "bands"):
        items = question.get(key) or []
        tables += [((key, i, "weights"), item.get("weights")) for i, item in enumerate(items)]
    return next((where for where, table in tables if isinstance(table, dict) and option_id in table), ())


def _questions(data: dict[str, Any]) -> Iterator[tuple[Location, dict[str, Any]]]:
    for s, section in enumerate(data.get("sections") or []):
        questions = section.get("questions") if isinstance(section, dict) else None
        for q, question in enumerate(questions or []):
            if isinstance(question, dict):
                yield ("sections", s, "questions", q), question


def _line_of(root: yaml.Node | None, location: Location) -> int | None:
    """The 1-based line of the deepest YAML node on the way to `location`."""
    node, line = root, None
    for part in location:
        if node is None:
            break
        line = node.start_mark.line + 1
        node = _child(node, part)
    return node.start_mark.line + 1 if node is not None else line


def _child(node: yaml.Node, part: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        return next((value for key, value in node.value if key.value == str(part)), None)
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        child: yaml.Node = node.value[part]
        return child
    return None


def _dotted(location: Location) -> str:
    text = ""
    for part in location:
        key = str(part)
        if not isinstance(part, int) and not _PLAIN_KEY.match(key):
            key = repr(key)  # a key of spaces or line breaks must still read as one line, and be seen
        text += f"[{part}]" if isinstance(part, int) else (f".{key}" if text else key)
    return text


_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_\-]+$")


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _clip(text: str, limit: int = 80) -> str:
    text = _collapse(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _one_line(text: str) -> str:
    return _collapse(str(text))
