"""The flow definition schema: what a guided workshop flow is, as data.

Validation runs in two passes, as in the ONS questionnaire runner: pydantic checks the shape of
each piece (pass one), then `Flow` checks the cross-references between pieces (pass two):
option ids named by weights, question ids named by rules, roles named by requirements.
"""

from __future__ import annotations

import hashlib
import json
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from flows.quotes import Quote

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_\-]{0,62}$")]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=150, strip_whitespace=True)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000, strip_whitespace=True)]
Weight = Annotated[float, Field(ge=0, le=10)]
OptionWeights = dict[Identifier, Weight]

# Roles a participant can hold. Flows name them in `requires.roles`; the Slack modal offers them.
ROLES: dict[str, str] = {
    "ceo": "CEO / founder",
    "cto": "CTO / technology",
    "cfo": "CFO / finance",
    "product": "Product",
    "engineering": "Engineering / data",
    "compliance": "Compliance / risk / legal",
    "people": "People / HR",
    "operations": "Operations / business unit",
    "other": "Other",
}


# The answer a person gives to a factual question about the organisation when they do not know.
# It counts towards participation but is left out of scores and agreement.
DONT_KNOW = "dont_know"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class QuestionKind(StrEnum):
    YES_NO = "yes_no"
    SCALE = "scale"
    SINGLE_CHOICE = "single_choice"
    MULTI_CHOICE = "multi_choice"
    FREE_TEXT = "free_text"
    NUMBER = "number"


class Source(Strict):
    title: ShortText
    file: ShortText


class Cited(Strict):
    """A statement the flow makes, with the document's own words behind it: a sentence, or one
    table cell with its row and column named (see `flows.quotes`)."""

    text: Text
    quote: Quote


class Option(Strict):
    id: Identifier
    label: ShortText
    summary: Text
    when_it_makes_sense: list[Cited] = Field(min_length=1)
    risks: list[Cited] = Field(min_length=1)


class Choice(Strict):
    value: Identifier
    label: ShortText
    weights: OptionWeights = Field(default_factory=dict)
    quote: Quote | None = None  # the document's words for this choice, e.g. its cell of a table


class Band(Strict):
    """A range of a number answer, [min, max), and the evidence an answer inside it gives."""

    min: float | None = None
    max: float | None = None
    weights: OptionWeights

    def contains(self, value: float) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value < self.max)


class Evidence(Strict):
    """Evidence for yes/no and scale questions: `agree` is given by yes (or 5 on the scale) and
    `disagree` by no (or 1); the scale interpolates between them."""

    agree: OptionWeights = Field(default_factory=dict)
    disagree: OptionWeights = Field(default_factory=dict)


class Rule(Strict):
    """One test on an earlier answer. Exactly one comparison is given."""

    question: Identifier
    equals: bool | int | float | str | None = None
    one_of: list[bool | int | float | str] | None = None
    includes: str | None = None
    at_least: float | None = None
    at_most: float | None = None
    answered: bool | None = None

    @model_validator(mode="after")
    def _one_comparison(self) -> Rule:
        given = [
            name
            for name in ("equals", "one_of", "includes", "at_least", "at_most", "answered")
            if getattr(self, name) is not None
        ]
        if len(given) != 1:
            found = ", ".join(given) or "none"
            raise ValueError(f"a rule on '{self.question}' needs exactly one comparison, found: {found}")
        return self


class AllOf(Strict):
    all: list[Condition] = Field(min_length=1)


class AnyOf(Strict):
    any: list[Condition] = Field(min_length=1)


class Not(Strict):
    not_: Condition = Field(alias="not")


Condition = Rule | AllOf | AnyOf | Not


class Question(Strict):
    id: Identifier
    kind: QuestionKind
    text: Text
    help: Text
    quote: Quote
    required: bool = True
    # A factual question about the organisation: a person may answer "don't know" (`DONT_KNOW`),
    # which counts towards participation but not towards scores or agreement.
    dont_know: bool = False
    # Which kinds take which of these fields is the kinds' plug-ins' to say (`flows.kinds`).
    evidence: Evidence | None = None  # yes_no and scale
    choices: list[Choice] | None = None  # single_choice and multi_choice
    bands: list[Band] | None = None  # number
    min: float | None = None  # number
    max: float | None = None  # number
    unit: ShortText | None = None  # number
    show_when: Condition | None = None

    @model_validator(mode="after")
    def _fits_kind(self) -> Question:
        # Imported here: the plug-ins take a `Question`, so they load once this module has.
        from flows.kinds.registry import kinds_where, plugin_for

        plugin = plugin_for(self.kind)
        has_choices = plugin.needs_choices
        if has_choices != (self.choices is not None):
            named = kinds_where(lambda p: p.needs_choices)
            raise ValueError(f"question '{self.id}': choices are for {named} only")
        if has_choices and len(self.choices or []) < 2:
            raise ValueError(f"question '{self.id}': give at least two choices")
        if has_choices and len({c.value for c in self.choices or []}) != len(self.choices or []):
            raise ValueError(f"question '{self.id}': choice values must be unique")
        if self.evidence is not None and not plugin.takes_evidence:
            named = kinds_where(lambda p: p.takes_evidence)
            raise ValueError(f"question '{self.id}': evidence is for {named} questions only")
        takes_range = plugin.takes_range
        if not takes_range and (self.bands is not None or self.min is not None or self.max is not None):
            named = kinds_where(lambda p: p.takes_range)
            raise ValueError(f"question '{self.id}': bands, min and max are for {named} questions only")
        if takes_range and self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"question '{self.id}': min is greater than max")
        if self.dont_know and plugin.own_words:
            raise ValueError(
                f"question '{self.id}': dont_know is not for {self.kind}, which may be left blank"
            )
        if has_choices and any(c.value == DONT_KNOW for c in self.choices or []):
            raise ValueError(
                f"question '{self.id}': the choice value '{DONT_KNOW}' is reserved; "
                "set dont_know: true instead"
            )
        return self

    def option_weights(self) -> list[OptionWeights]:
        """Every weight table this question carries, whatever its kind."""
        tables: list[OptionWeights] = []
        if self.evidence:
            tables += [self.evidence.agree, self.evidence.disagree]
        tables += [c.weights for c in self.choices or []]
        tables += [b.weights for b in self.bands or []]
        return tables

    @property
    def carries_weight(self) -> bool:
        return any(w > 0 for table in self.option_weights() for w in table.values())


class Section(Strict):
    id: Identifier
    title: ShortText
    intro: Text | None = None
    questions: list[Question] = Field(min_length=1)


class Criterion(Strict):
    """A success criterion judged at the check-ins."""

    id: Identifier
    text: Text
    quote: Quote
    options: list[Identifier] | None = None  # None: applies whichever option was chosen


class DecidingRule(Strict):
    """A sentence of the document that decides between the options, and how the flow encodes it:
    which questions carry it and which options it favours. Each is exercised by a test."""

    id: Identifier
    quote: Quote
    encoded_as: Text
    questions: list[Identifier] = Field(min_length=1)
    favours: list[Identifier] = Field(min_length=1)


class Requirements(Strict):
    roles: list[Identifier] = Field(default_factory=list)
    quorum: int = Field(default=3, ge=1)


class Flow(Strict):
    id: Identifier
    version: int = Field(ge=1)
    title: ShortText
    source: Source
    decision: Text
    estimated_minutes: int = Field(default=10, ge=1, le=120)
    options: list[Option] = Field(min_length=2, max_length=4)
    sections: list[Section] = Field(min_length=1)
    success_criteria: list[Criterion] = Field(min_length=1)
    decides_by: list[DecidingRule] = Field(default_factory=list)
    requires: Requirements = Field(default_factory=Requirements)
    kind: Literal["hiring-workshop-flow"] = "hiring-workshop-flow"

    @property
    def questions(self) -> list[Question]:
        return [q for s in self.sections for q in s.questions]

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def option(self, option_id: str) -> Option:
        for o in self.options:
            if o.id == option_id:
                return o
        raise KeyError(option_id)

    @property
    def option_ids(self) -> list[str]:
        return [o.id for o in self.options]

    def content_hash(self) -> str:
        """A stable hash of the definition, stored with each workshop so a later edit is detected."""
        canonical = json.dumps(self.model_dump(mode="json", by_alias=True), sort_keys=True)
        return hashlib.sha256(canonical.encode()).hexdigest()

    @model_validator(mode="after")
    def _cross_references(self) -> Flow:
        problems: list[str] = []
        _unique("option", [o.id for o in self.options], problems)
        _unique("section", [s.id for s in self.sections], problems)
        _unique("question", [q.id for q in self.questions], problems)
        _unique("success criterion", [c.id for c in self.success_criteria], problems)
        options = set(self.option_ids)
        earlier: set[str] = set()
        for q in self.questions:
            for table in q.option_weights():
                for name in table.keys() - options:
                    problems.append(f"question '{q.id}' weighs unknown option '{name}'")
            if q.show_when is not None:
                for name in _rule_questions(q.show_when):
                    if name not in earlier:
                        problems.append(
                            f"question '{q.id}' depends on '{name}', which is not an earlier question"
                        )
            earlier.add(q.id)
        for c in self.success_criteria:
            for name in set(c.options or []) - options:
                problems.append(f"success criterion '{c.id}' names unknown option '{name}'")
        _unique("deciding rule", [r.id for r in self.decides_by], problems)
        for rule in self.decides_by:
            problems += _rule_problems(rule, {q.id: q for q in self.questions}, options)
        for role in self.requires.roles:
            if role not in ROLES:
                problems.append(f"required role '{role}' is not one of {', '.join(ROLES)}")
        if not any(q.carries_weight for q in self.questions):
            problems.append("no question carries weight, so no option can ever be recommended")
        if problems:
            raise ValueError("; ".join(problems))
        return self


def _unique(what: str, ids: list[str], problems: list[str]) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            problems.append(f"{what} id '{i}' is used twice")
        seen.add(i)


def _rule_problems(rule: DecidingRule, questions: dict[str, Question], options: set[str]) -> list[str]:
    """A deciding rule must name real options, and questions that weigh at least one of them."""
    problems = [
        f"deciding rule '{rule.id}' favours unknown option '{name}'"
        for name in rule.favours
        if name not in options
    ]
    for name in rule.questions:
        question = questions.get(name)
        if question is None:
            problems.append(f"deciding rule '{rule.id}' names unknown question '{name}'")
        elif not any(table.get(o, 0) > 0 for table in question.option_weights() for o in rule.favours):
            favoured = ", ".join(rule.favours)
            problems.append(
                f"deciding rule '{rule.id}' names question '{name}', which weighs none of {favoured}"
            )
    return problems


def _rule_questions(condition: Condition) -> list[str]:
    match condition:
        case Rule():
            return [condition.question]
        case AllOf():
            return [n for c in condition.all for n in _rule_questions(c)]
        case AnyOf():
            return [n for c in condition.any for n in _rule_questions(c)]
        case Not():
            return _rule_questions(condition.not_)
    raise TypeError(condition)  # pragma: no cover


AllOf.model_rebuild()
AnyOf.model_rebuild()
Not.model_rebuild()
Question.model_rebuild()
