"""The decision record as Markdown, laid out as a MADR (Markdown Architectural Decision Record,
adr.github.io/madr, version 4): front matter, the problem, its drivers, the options, the outcome and
its consequences, how it will be confirmed, then more information. The drivers are the panel's
evidence with the document's quotes; the disputes say how each was settled, a facilitator's
decision as a decision; the confirmation is the check-ins against the success criteria.

Every count is the panel's own. Text from people and from the flow is escaped, so nobody's answer
can turn into a heading, a link or HTML.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from bot.export.model import CheckInRecord, DecisionRecord, DisputeRecord
from flows.engine.anonymity import WITHHELD
from flows.engine.model import Analysis, QuestionResult, Recommendation
from flows.engine.phrasing import (
    DECISIVE,
    agreement,
    backing,
    checkin_verdict,
    robustness,
    settlement,
    tie_between,
    turnout,
)
from flows.engine.text import percent, points
from flows.schema import ROLES, Cited, Flow

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_LINE_START = re.compile(r"^(\d*)([#+=.)-])")
STATUS = {
    "decided": "accepted",
    "cancelled": "cancelled",
    "collecting": "proposed",
    "round2": "proposed",
    "deciding": "proposed",
}
STAGE = {
    "collecting": "round 1 is collecting answers",
    "round2": "round 2 is collecting revisions",
    "deciding": "the facilitator is settling the disputes",
    "decided": "decided",
    "cancelled": "cancelled before a decision",
}


def md(text: str) -> str:
    """Untrusted text, inline: one line, with the characters that make emphasis, code, links and
    HTML escaped, and a start that would make a heading or a list item escaped too."""
    escaped = _SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _LINE_START.sub(r"\1\\\2", escaped)


def quote(text: str) -> str:
    return "\n".join(f"> {md(line)}" for line in text.splitlines() if line.strip()) or "> "


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def render_markdown(record: DecisionRecord) -> str:
    if record.analysis is None:
        # Too few answered to show anything of the answers anonymously: the question, the options
        # and what will be checked, and why there is nothing more.
        parts = [
            _front_matter(record),
            f"# {md(record.flow.title)}: results withheld",
            _context(record),
            _options(record, None),
            f"## Decision Outcome\n\n{md(record.withheld or WITHHELD)}",
            _confirmation(record),
            _pros_and_cons(record.flow),
        ]
    else:
        analysis = record.analysis
        parts = [
            _front_matter(record),
            _title(analysis.recommendation, record.flow),
            _context(record),
            _drivers(record, analysis),
            _options(record, analysis),
            _outcome(record.flow, analysis.recommendation),
            _disputes(record, analysis),
            _confirmation(record),
            _pros_and_cons(record.flow),
            _more_information(record, analysis),
        ]
    return "\n\n".join(part for part in parts if part) + "\n"


def _front_matter(record: DecisionRecord) -> str:
    date = (record.decided_at or record.closed_at or record.created_at).date().isoformat()
    roles = sorted({ROLES.get(row.role or "", row.role or "") for row in record.answers if row.role})
    invited = record.analysis.participation.invited if record.analysis else None
    panel = f"a panel of {invited}" if invited else "the panel"
    makers = f"the facilitator and {panel}" + (f" ({', '.join(roles)})" if roles else "")
    lines = [
        "---",
        f"status: {json.dumps(STATUS.get(record.status, record.status))}",
        f"date: {date}",
        f"decision-makers: {json.dumps(makers, ensure_ascii=False)}",
        f"workshop: {record.workshop_id}",
        f"anonymous: {'true' if record.anonymous else 'false'}",
        "---",
    ]
    return "\n".join(lines)


def _title(chosen: Recommendation, flow: Flow) -> str:
    outcome = chosen.label if chosen.option_id is not None and chosen.label else "no recommendation yet"
    return f"# {md(flow.title)}: {md(outcome)}"


def _context(record: DecisionRecord) -> str:
    flow = record.flow
    lines = [
        "## Context and Problem Statement",
        "",
        md(flow.decision),
        "",
        f"Source: *{md(flow.source.title)}*. Workshop {record.workshop_id}, started "
        f"{record.created_at.date().isoformat()}, {'anonymous' if record.anonymous else 'named'}; "
        f"{STAGE.get(record.status, record.status)}.",
    ]
    if record.recommendation_revision is None:
        lines += ["", "Nothing has been recommended yet: what follows is the answers stored so far."]
    return "\n".join(lines)


def _drivers(record: DecisionRecord, analysis: Analysis) -> str:
    chosen = analysis.recommendation
    lines = ["## Decision Drivers", ""]
    if not chosen.signals:
        lines.append("No evidence yet: no question has enough answers to point anywhere.")
    for signal in chosen.signals:
        lines.append(f"* {md(signal.text)} ({backing(signal, md)})")
        lines.append(_indented(quote(signal.quote)))
    written = [r for r in analysis.questions if r.free_text]
    if written:
        lines += ["", "What the panel wrote" + (" (anonymous):" if record.anonymous else ":")]
        for result in written:
            lines.append(f"* {md(record.flow.question(result.question_id).text)}")
            lines += [_indented(quote(text)) for text in result.free_text]
    return "\n".join(lines)


def _indented(block: str) -> str:
    return "\n".join(f"  {line}" for line in block.splitlines())


def _options(record: DecisionRecord, analysis: Analysis | None) -> str:
    shares = analysis.shares if analysis else {}
    lines = ["## Considered Options", ""]
    for option in record.flow.options:
        share = f" ({percent(shares[option.id])} of the evidence)" if option.id in shares else ""
        lines.append(f"* {md(option.label)}{share}: {md(option.summary)}")
    return "\n".join(lines)


def _outcome(flow: Flow, chosen: Recommendation) -> str:
    lines = ["## Decision Outcome", "", _verdict(flow, chosen)]
    lines += [f"* {md(reason)}" for reason in chosen.reasons]
    lines += [f"* Held back: {md(blocked)}" for blocked in chosen.blocked_by]
    if chosen.option_id is not None:
        lines += ["", "### Consequences", ""]
        option = flow.option(chosen.option_id)
        lines += _cited("Good, because", option.when_it_makes_sense)
        lines += _cited("Bad, because", chosen.risks)
    return "\n".join(lines)


def _verdict(flow: Flow, chosen: Recommendation) -> str:
    if chosen.option_id is not None:
        label = chosen.label or flow.option(chosen.option_id).label
        return (
            f'Chosen option: "{md(label)}", with {chosen.confidence} confidence, '
            f"{points(chosen.margin)} ahead of the next option. Because:"
        )
    if chosen.tied:
        tie = tie_between([md(flow.option(option_id).label) for option_id in chosen.tied])
        lines = [f"No option is chosen: {tie}."]
        lines += [f"* To break the tie: {md(breaker)}" for breaker in chosen.tie_breakers]
        return "\n".join(lines)
    why = "; ".join(md(reason) for reason in chosen.missing) or "there is not enough evidence yet"
    return f"No recommendation yet: {why}."


def _continued(text: str) -> str:
    """A sentence going on after "because": "Our data…" and "A title…" go on in lower case; "AI…"
    and "I…" stay as they are."""
    first = text.split(" ", 1)[0]
    if first == "A" or (len(first) > 1 and first[0].isupper() and first[1:].islower()):
        return text[0].lower() + text[1:]
    return text


def _cited(lead: str, items: Iterable[Cited]) -> list[str]:
    lines = []
    for item in items:
        lines.append(f"* {lead} {md(_continued(item.text))}")
        lines.append(_indented(quote(item.quote)))
    return lines


def _disputes(record: DecisionRecord, analysis: Analysis) -> str:
    results = {r.question_id: r for r in analysis.questions}
    lines = ["## Disputes and their resolutions", ""]
    if not record.disputes:
        lines.append("None: the panel agreed, or had too few answers to judge, on every question.")
    for dispute in record.disputes:
        result = results.get(dispute.question_id)
        text = md(record.flow.question(dispute.question_id).text)
        decisive = f" {DECISIVE}" if dispute.decisive else ""
        lines.append(f"* {text} {_settled(dispute, result)}{decisive}")
        for earlier in dispute.settlements[:-1]:
            what = f"decided “{md(earlier.value_label)}”" if earlier.value_label else "left it open"
            lines.append(
                f"  * Earlier, on {earlier.decided_at.date().isoformat()}, the facilitator {what} "
                f"({md(earlier.rationale)}); revisited since."
            )
        for rationale in result.rationales if result else []:
            lines.append(_indented(quote(rationale)))
    return "\n".join(lines)


def _settled(dispute: DisputeRecord, result: QuestionResult | None) -> str:
    """The shared sentence, from the stored dispute: its status and the facilitator's latest word."""
    latest = dispute.settlements[-1] if dispute.settlements else None
    if result is None:
        result = QuestionResult(
            question_id=dispute.question_id, kind="", answered=0, status="not_judged", distribution={}
        )
    shown = result.model_copy(update={"resolution": dispute.status})
    who = "the facilitator"
    if latest is not None and latest.decided_by:
        who = f"the facilitator (Slack user {latest.decided_by})"
    sentence = settlement(
        shown,
        md,
        answer=latest.value_label if latest is not None else None,
        rationale=latest.rationale if latest is not None else None,
        who=who,
    )
    return sentence[:1].upper() + sentence[1:]


def _confirmation(record: DecisionRecord) -> str:
    lines = ["### Confirmation", "", "The hire is checked against the document's success criteria:"]
    lines += [f"* {md(c.text)}" for c in record.flow.success_criteria]
    lines.append("")
    if not record.checkins:
        lines.append("No check-ins are scheduled.")
    lines += [line for checkin in record.checkins for line in _checkin(checkin)]
    return "\n".join(lines)


def _checkin(checkin: CheckInRecord) -> list[str]:
    head = f"* At {plural(checkin.months, 'month')} (due {checkin.due_at.date().isoformat()}): "
    report = checkin.report
    if report is None:
        return [head + f"{checkin.status}."]
    rated = f"{report.raters} of {report.invited} people rated “{md(report.option_label)}”."
    lines = [f"{head}{checkin_verdict(report)} {rated}"]
    for criterion in report.criteria:
        counts = f"met {criterion.met} · partly {criterion.partly} · not yet {criterion.not_yet}"
        change = f", {criterion.change} than before" if criterion.change in ("better", "worse") else ""
        lines.append(f"  * {md(criterion.text)}: {counts}{change}")
        lines += [_indented(_indented(quote(note))) for note in criterion.notes]
    return lines


def _pros_and_cons(flow: Flow) -> str:
    lines = ["## Pros and Cons of the Options"]
    for option in flow.options:
        lines += ["", f"### {md(option.label)}", "", md(option.summary), ""]
        lines += _cited("Good, because", option.when_it_makes_sense)
        lines += _cited("Bad, because", option.risks)
    return "\n".join(lines)


def _more_information(record: DecisionRecord, analysis: Analysis) -> str:
    taking_part = analysis.participation
    lines = [
        "## More Information",
        "",
        f"* Participation: {turnout(taking_part)}.",
        f"* Agreement: {agreement(analysis)}.",
        f"* Robustness: {md(robustness(analysis))}",
    ]
    if taking_part.roles_missing:
        missing = ", ".join(md(ROLES.get(role, role)) for role in taking_part.roles_missing)
        lines.append(f"* Required roles that did not answer: {missing}.")
    rows = plural(len(record.answers), "row")
    names = "; it names nobody." if record.anonymous else "."
    lines.append(f"* Every answer is in the CSV file that comes with this record ({rows}){names}")
    return "\n".join(lines)
