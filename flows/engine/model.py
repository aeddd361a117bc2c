"""What the engine takes in and gives back. Plain pydantic models: no Slack, no database.

The storage layer builds a `Panel` from its rows and stores the `Analysis` as JSON; the Slack
surface renders an `Analysis`. These models are the contract between the three.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from flows.schema import Cited

AnswerValue = bool | int | float | str | list[str]
Confidence = Literal["high", "medium", "low"]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Thresholds(Frozen):
    """Agreement and confidence thresholds; the README's table "The rules" gives each one's source."""

    consensus_share: float = Field(default=0.75, gt=0, le=1)
    min_answers: int = Field(default=3, ge=1)
    # RAND/UCLA: a panel is "in disagreement" when at least this share sits in each extreme third;
    # the method was built for panels of 8 or 9, so it is applied only from `polarised_panel` answers.
    polarised_share: float = Field(default=0.3, gt=0, le=0.5)
    polarised_panel: int = Field(default=6, ge=2)
    # Numbers agree when the interquartile range is at most this share of the median.
    number_relative_spread: float = Field(default=0.5, gt=0)
    high_participation: float = Field(default=0.8, gt=0, le=1)
    high_agreement: float = Field(default=0.75, gt=0, le=1)
    high_margin: float = Field(default=0.15, ge=0, le=1)
    low_margin: float = Field(default=0.05, ge=0, le=1)
    # Fewer answering members than this cap the confidence at medium.
    high_panel: int = Field(default=6, ge=1)
    # Fewer than this share of the weight-bearing answers in makes the confidence low.
    low_coverage: float = Field(default=0.5, ge=0, le=1)


class Member(Frozen):
    """One invited participant. `id` is opaque to the engine (a row id or a pseudonym)."""

    id: str
    role: str
    weight: float = Field(default=1.0, gt=0)
    declined: bool = False


class Answer(Frozen):
    value: AnswerValue
    rationale: str | None = None


class Decision(Frozen):
    """The facilitator's settlement of a dispute. `value` None means: left open on purpose."""

    question_id: str
    value: AnswerValue | None
    rationale: str


class Panel(Frozen):
    members: list[Member]
    round1: dict[str, dict[str, Answer]] = Field(default_factory=dict)  # member id -> question id -> answer
    round2: dict[str, dict[str, Answer]] = Field(default_factory=dict)  # revisions only
    decisions: list[Decision] = Field(default_factory=list)


Status = Literal["consensus", "no_consensus", "polarised", "insufficient", "not_judged"]
Resolution = Literal["agreed", "revised", "decided", "left_open", "open"]


class QuestionResult(Frozen):
    question_id: str
    kind: str
    answered: int  # answers given, "don't know" included (`dont_know` counts those)
    status: Status
    distribution: dict[str, int]  # answer label -> count, in the flow's order of answers
    top_share: float | None = None
    avg_deviation: float | None = None  # scale questions: mean absolute deviation from the median
    relative_spread: float | None = None  # number questions: interquartile range over the median
    disputed: bool = False
    decisive: bool = False
    resolution: Resolution | None = None  # disputed questions only
    # The facilitator's decision, as what it is: the answer decided and why. `distribution` stays the
    # panel's own answers; a decision is never counted in it.
    decided: str | None = None
    decision_rationale: str | None = None
    dont_know: int = 0  # "don't know" answers: in participation, out of `distribution` and agreement
    rationales: list[str] = Field(default_factory=list)  # anonymous, in no particular member's order
    rationale_authors: int = 0  # how many members wrote the rationales (0 in analyses stored before)
    free_text: list[str] = Field(default_factory=list)  # free-text answers, anonymous


class SensitivityCase(Frozen):
    """One what-if. `option_id` is the option it would recommend, None when it ends in a tie
    (`tied` names the options); `flipped` when that differs from the analysis's own outcome."""

    name: str
    description: str
    option_id: str | None
    flipped: bool
    question_id: str | None = None
    tied: list[str] = Field(default_factory=list)
    # A single switch: the answer switched to, as its label, and how many of those who answered gave it.
    answer: str | None = None
    holders: int | None = None
    answered: int | None = None


class Signal(Frozen):
    """A piece of evidence behind the recommendation: a question and how many backed the option.
    `supporters` and `answered` are the panel's own answers, never a facilitator's decision; when
    the facilitator decided the question, `decided` is the answer they chose."""

    question_id: str
    text: str
    quote: str
    supporters: int
    answered: int  # members whose own answer counts: "don't know" is not one
    weight: float
    decided: str | None = None


class Recommendation(Frozen):
    """The engine's verdict. `option_id` is None when there is no recommendation yet (`missing`
    says why) or when options tie at the top (`tied` names them, `tie_breakers` what would settle
    it); renderers must say so rather than name an option."""

    option_id: str | None
    label: str | None
    confidence: Confidence | None
    margin: float
    reasons: list[str]  # why the confidence is what it is, one sentence each
    signals: list[Signal]
    risks: list[Cited]
    blocked_by: list[str] = Field(default_factory=list)  # the roles and quorum sentences of `missing`
    missing: list[str] = Field(default_factory=list)  # why there is no recommendation yet
    tied: list[str] = Field(default_factory=list)  # option ids tied at the top
    tie_breakers: list[str] = Field(default_factory=list)  # what would break the tie, one sentence each


class Participation(Frozen):
    invited: int
    answered: int  # members with at least one answer, "don't know" included
    declined: int
    completeness: float  # share of the required, visible questions answered, over all invited members
    roles_missing: list[str] = Field(default_factory=list)  # required roles no present member holds
    # Members present: with at least one answer that can weigh on the decision (not free text, not
    # "don't know"). Quorum and required roles count these.
    present: int = 0
    # Share of the weight-bearing answers in, over every invited member and the questions they see.
    coverage: float = 0.0


class Alpha(Frozen):
    """Krippendorff's alpha over the whole panel, reported as a diagnostic, never per question.
    Only questions that share an answer set are pooled (see `flows.engine.reliability`). None where
    it is not computable (too few paired answers, or no variation at all)."""

    ordinal: float | None  # scale questions (they share the five points)
    nominal: float | None  # yes/no and picked-or-not choices; single choices with the same choices


class Analysis(Frozen):
    flow_id: str
    flow_version: int
    scores: dict[str, float]
    shares: dict[str, float]
    agreement: float  # share of judged weight-bearing questions at consensus
    judged: int = 0  # how many weight-bearing questions were judged (0 in analyses stored before)
    agreed: int = 0  # how many of those reached consensus
    alpha: Alpha
    participation: Participation
    questions: list[QuestionResult]
    sensitivity: list[SensitivityCase]
    recommendation: Recommendation

    @property
    def disputed(self) -> list[QuestionResult]:
        return [q for q in self.questions if q.disputed]
