"""A check-in's result: each success criterion with its ratings, the change since the last check-in,
and whether the original recommendation still looks right. Pure: given ratings, no database.

Stored as `CheckIn.summary_json` and read back by the next check-in to say what changed. Ratings are
counted, never attributed: the report holds no participant at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from flows.engine.anonymity import too_few
from flows.ratings import Rating
from flows.schema import Criterion, Flow

Verdict = Literal["still_looks_right", "worth_revisiting", "no_ratings"]
Change = Literal["better", "worse", "same", "new"]
SCORE = {Rating.MET: 1.0, Rating.PARTLY: 0.5, Rating.NOT_YET: 0.0}
NOTICEABLE = 0.1  # a change in score smaller than this reads as "the same"


class CriterionResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    text: str
    met: int = 0
    partly: int = 0
    not_yet: int = 0
    notes: list[str] = []
    change: Change | None = None  # None: there is no earlier check-in to compare with

    @property
    def total(self) -> int:
        return self.met + self.partly + self.not_yet

    @property
    def score(self) -> float | None:
        """1 when everyone says met, 0 when everyone says not yet; None without ratings."""
        return (self.met + 0.5 * self.partly) / self.total if self.total else None

    @property
    def on_track(self) -> bool:
        """Most of its ratings are met or partly met."""
        return self.met + self.partly > self.not_yet


class CheckInReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    months: int
    option_id: str
    option_label: str
    raters: int
    invited: int
    criteria: list[CriterionResult]
    verdict: Verdict
    previous_months: int | None = None
    # Too few rated to show anything of the ratings anonymously (see `shown_report`).
    withheld: bool = False

    @property
    def rated(self) -> list[CriterionResult]:
        return [c for c in self.criteria if c.total]

    @property
    def on_track(self) -> int:
        return sum(c.on_track for c in self.rated)


def shown_report(
    report: CheckInReport, *, anonymous: bool, min_answers: int, min_free_text: int
) -> CheckInReport:
    """The report as the channel may see it, under the minimum group for anonymous results: below
    `min_answers` raters it is withheld (no spread, no note, no verdict); a criterion's notes show
    only when at least `min_free_text` people wrote one."""
    if not anonymous:
        return report
    if too_few(report.raters, anonymous=anonymous, minimum=min_answers):
        criteria = [CriterionResult(id=c.id, text=c.text) for c in report.criteria]
        return report.model_copy(update={"criteria": criteria, "withheld": True})
    criteria = [
        c if len(c.notes) >= min_free_text else c.model_copy(update={"notes": []}) for c in report.criteria
    ]
    return report.model_copy(update={"criteria": criteria})


def criteria_for(flow: Flow, option_id: str) -> list[Criterion]:
    """The success criteria that judge this option: those for every option, and its own."""
    return [c for c in flow.success_criteria if c.options is None or option_id in c.options]


def build_report(
    flow: Flow,
    option_id: str,
    months: int,
    ratings: Iterable[tuple[str, Rating, str | None]],
    raters: int,
    invited: int,
    previous: CheckInReport | None,
) -> CheckInReport:
    """`ratings` are (criterion id, rating, note) as they count now, one per person and criterion."""
    by_criterion: dict[str, list[tuple[Rating, str | None]]] = {}
    for criterion_id, rating, note in ratings:
        by_criterion.setdefault(criterion_id, []).append((rating, note))
    earlier = {c.id: c for c in previous.criteria} if previous else None
    results = [
        _result(criterion, by_criterion.get(criterion.id, []), earlier)
        for criterion in criteria_for(flow, option_id)
    ]
    return CheckInReport(
        months=months,
        option_id=option_id,
        option_label=flow.option(option_id).label,
        raters=raters,
        invited=invited,
        criteria=results,
        verdict=_verdict(results),
        previous_months=previous.months if previous else None,
    )


def _result(
    criterion: Criterion,
    given: Sequence[tuple[Rating, str | None]],
    earlier: dict[str, CriterionResult] | None,
) -> CriterionResult:
    counts = {rating: sum(r is rating for r, _ in given) for rating in Rating}
    result = CriterionResult(
        id=criterion.id,
        text=criterion.text,
        met=counts[Rating.MET],
        partly=counts[Rating.PARTLY],
        not_yet=counts[Rating.NOT_YET],
        # Sorted, so the order says nothing about who wrote which note.
        notes=sorted(note for _, note in given if note),
    )
    if earlier is None:
        return result
    return result.model_copy(update={"change": _change(result.score, earlier.get(criterion.id))})


def _change(now: float | None, before: CriterionResult | None) -> Change | None:
    if before is None or before.score is None:
        return "new" if now is not None else None
    if now is None:
        return None
    if now - before.score >= NOTICEABLE:
        return "better"
    if before.score - now >= NOTICEABLE:
        return "worse"
    return "same"


def _verdict(results: Sequence[CriterionResult]) -> Verdict:
    rated = [r for r in results if r.total]
    if not rated:
        return "no_ratings"
    on_track = sum(r.on_track for r in rated)
    return "still_looks_right" if on_track * 2 > len(rated) else "worth_revisiting"
