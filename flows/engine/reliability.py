"""Krippendorff's alpha for the whole panel, as a diagnostic beside the per-question agreement.

Each question is a unit and each member a coder. The ordinal alpha pools the scale questions; the
nominal alpha pools yes/no and single-choice questions and treats every choice of a multiple-choice
question as a yes/no unit of its own (picked or not).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

from flows.engine.alpha import krippendorff_alpha
from flows.engine.model import Alpha, AnswerValue
from flows.schema import Flow, QuestionKind


def alpha_of(flow: Flow, answers: Mapping[str, list[AnswerValue]]) -> Alpha:
    ordinal: list[list[Hashable]] = []
    nominal: list[list[Hashable]] = []
    for question in flow.questions:
        values = answers.get(question.id, [])
        match question.kind:
            case QuestionKind.SCALE:
                ordinal.append([v for v in values if isinstance(v, int)])
            case QuestionKind.YES_NO | QuestionKind.SINGLE_CHOICE:
                nominal.append([v for v in values if isinstance(v, bool | str)])
            case QuestionKind.MULTI_CHOICE:
                for choice in question.choices or []:
                    nominal.append([isinstance(v, list) and choice.value in v for v in values])
    return Alpha(
        ordinal=krippendorff_alpha(ordinal, "ordinal"), nominal=krippendorff_alpha(nominal, "nominal")
    )
