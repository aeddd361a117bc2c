"""The demo's story, played through the real bot on a local Slack, and printed as the channel reads.

1. The facilitator starts the workshop through the start form, giving everyone a role.
2. The stakeholders answer in private (one or two stop part-way; on a large panel one declines).
3. The facilitator checks `/hiring status` and closes round 1: the panel disagrees.
4. Round 2: everyone reviews the disputed questions anonymously; some change their mind, with a reason.
5. The facilitator settles what is still open, with a rationale, and the recommendation is posted.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TextIO

from bot.blocks.ids import Prefix
from bot.demo.personas import MAX_PEOPLE
from bot.demo.plan import Part, Story, plan_story
from bot.demo.printer import ChannelPrinter
from bot.demo.stage import FACILITATOR_NAME, TEAM_ID, Cast, set_stage
from bot.demo.stakeholder import Stakeholder, label_of
from bot.process.local import LocalBot, TransportName
from bot.sandbox import Sandbox
from bot.services.recommendations import RecommendationService
from flows.engine import sections_for
from flows.errors import WorkshopError
from flows.loader import FlowCatalog
from flows.schema import Flow

DEFAULT_FLOW = "000-head-of-ai-or-product-lead"
DEFAULT_PEOPLE = 5
DEFAULT_SEED = 1
MIN_PEOPLE = 3  # the engine judges agreement on a question from 3 answers
TRANSPORTS = {"socket": "Socket Mode", "http": "signed HTTP requests"}


@dataclass(frozen=True)
class DemoOptions:
    flow_id: str = DEFAULT_FLOW
    people: int = DEFAULT_PEOPLE
    transport: TransportName = "socket"
    seed: int = DEFAULT_SEED
    database_url: str | None = None  # None: a throwaway SQLite file, removed at the end
    anonymous: bool = True


@dataclass(frozen=True)
class DemoResult:
    team_id: str
    channel_id: str
    workshop_id: int
    story: Story
    elapsed: float  # seconds, start to finish


def checked(options: DemoOptions, catalog: FlowCatalog) -> Flow:
    """The flow to play, once the options make sense; a `WorkshopError` saying which does not."""
    flow = catalog.get(options.flow_id)
    if not MIN_PEOPLE <= options.people <= MAX_PEOPLE:
        raise WorkshopError(
            f"--people must be between {MIN_PEOPLE} and {MAX_PEOPLE}, not {options.people}.",
            f"A panel needs {MIN_PEOPLE} people to judge agreement, and the demo has {MAX_PEOPLE} personas.",
        )
    if options.transport not in TRANSPORTS:
        raise WorkshopError(f"--transport must be socket or http, not {options.transport!r}.")
    return flow


def run_demo(options: DemoOptions, out: TextIO, catalog: FlowCatalog | None = None) -> DemoResult:
    started = time.monotonic()
    flow = checked(options, catalog or FlowCatalog.load())
    story = plan_story(flow, options.people, options.seed)
    with _database(options.database_url) as url, Sandbox() as sandbox:
        cast = set_stage(sandbox, story)
        printer = ChannelPrinter(sandbox, TEAM_ID, cast.channel_id, out)
        _introduce(printer, flow, options)
        with LocalBot(sandbox, TEAM_ID, url, transport=options.transport) as bot:
            Play(bot, printer, cast, story, options.anonymous).run()
            workshop_id, verdict = _outcome(bot, cast.channel_id)
    elapsed = time.monotonic() - started
    printer.line(f"Done in {elapsed:.1f} s: workshop #{workshop_id} recommends {verdict}.")
    return DemoResult(TEAM_ID, cast.channel_id, workshop_id, story, elapsed)


class Play:
    def __init__(self, bot: LocalBot, printer: ChannelPrinter, cast: Cast, story: Story, anonymous: bool):
        self.bot, self.printer, self.cast, self.story = bot, printer, cast, story
        self.flow = story.flow
        self.anonymous = anonymous
        self.facilitator = cast.facilitator
        self.host = f"{FACILITATOR_NAME} (facilitator)"

    def run(self) -> None:
        self.start()
        self.answer()
        self.close_round1()
        self.review()
        self.settle()
        self.publish()

    def start(self) -> None:
        self._step(f"1. {self.host} starts the workshop with /hiring start")
        self.facilitator.start(self.flow, self.cast.roles, anonymous=self.anonymous)
        self.bot.settle()
        self.printer.new_messages()

    def answer(self) -> None:
        self._step("2. Each stakeholder answers in private, in a direct message with the app")
        for stakeholder, part in self.cast.stakeholders:
            self.printer.line(f"  • {part.persona} {self._round1(stakeholder, part)}")
        self.printer.line()

    def close_round1(self) -> None:
        self._step(f"3. {self.host} checks /hiring status, then closes round 1")
        self.facilitator.hiring("status")
        self.bot.settle()
        self.printer.new_ephemerals(self.facilitator.person.user.id)
        if self._channel_says("Round 1 of workshop"):
            self.printer.line("  • Everyone had answered or declined, so round 1 closed by itself.\n")
        else:
            self.facilitator.hiring("close")
            self.bot.settle()
        self.printer.new_messages()
        self._who_answered_what()

    def review(self) -> None:
        self._step(
            "4. Round 2: everyone sees the anonymous spread of the disputed questions and reviews them"
        )
        for stakeholder, part in self.cast.stakeholders:
            if not part.declines:
                self.printer.line(f"  • {part.persona} {self._round2(stakeholder)}")
        self.printer.line()
        if not self._channel_says("Round 2 of workshop", "Recommendation"):
            self.facilitator.hiring("close")
            self.bot.settle()
        self.printer.new_messages()
        self._who_answered_what()

    def settle(self) -> None:
        if self._channel_says("Recommendation"):
            return  # round 2 settled everything: the summary is already posted
        self._step(f"5. {self.host} settles what is still open, each with a rationale")
        for settled in self.facilitator.settle_disputes(self.flow):
            what = f"“{settled.answer}”" if settled.answer else "left it open"
            self.printer.line(
                f"  • {self.host} on “{settled.question.text}”: {what}, because: {settled.rationale}"
            )
        self.bot.settle()
        self.printer.line()
        self.printer.new_messages()

    def publish(self) -> None:
        if self._channel_says("Recommendation"):
            return  # a workshop started without a preview
        self._step(f"6. {self.host} reads the recommendation privately first, then posts it to the channel")
        self.facilitator.post_preview()
        self.bot.settle()
        self.printer.new_messages()

    def _round1(self, stakeholder: Stakeholder, part: Part) -> str:
        if part.declines:
            stakeholder.decline()
            self.bot.settle()
            return "declined to take part."
        total = len(sections_for(self.flow, part.answers))
        sections = stakeholder.answer_round1(self.flow)
        self.bot.settle()
        if part.stops_at is None and not stakeholder.round1_done():
            stakeholder.answer_round1(self.flow)  # back for a question an earlier answer brought up
            self.bot.settle()
        if stakeholder.round1_done():
            return f"answered all {total} sections."
        return f"answered {sections} of {total} sections and saved the next one unfinished."

    def _round2(self, stakeholder: Stakeholder) -> str:
        view = stakeholder.review_round2(self.flow)
        self.bot.settle()
        shown = sum(1 for b in view.blocks if str(b.get("block_id", "")).startswith(f"{Prefix.REASON}:"))
        revised = stakeholder.revised_in(view)
        reviewed = f"reviewed {shown} disputed question{'s' if shown != 1 else ''}"
        if not revised:
            return f"{reviewed} and kept every answer."
        if self.anonymous:
            # Anonymous: what they changed to is theirs alone; the channel only ever sees the spread.
            plural = "s" if len(revised) != 1 else ""
            return f"{reviewed} and changed {len(revised)} answer{plural}, with a reason."
        changes = "; ".join(
            f"“{self.flow.question(q).text}” to “{label_of(self.flow.question(q), answer)}”, because: {why}"
            for q in revised
            for answer, why in [stakeholder.revisions[q]]
        )
        return f"{reviewed} and changed the answer to {changes}"

    def _who_answered_what(self) -> None:
        """A named workshop: what its facilitator is sent when a round closes, and nobody else is."""
        if self.anonymous:
            return
        self.printer.line(f"  What {self.host} sees in private, because this workshop is named:")
        self.printer.line()
        if not self.printer.new_direct_messages(self.facilitator.person.user.id, "Who answered what"):
            self.printer.line("  (nothing new to see)")
            self.printer.line()

    def _channel_says(self, *words: str) -> bool:
        texts = [m.readable_text() for m in self.bot.sandbox.messages(self.cast.channel_id)]
        return any(word in text for text in texts for word in words)

    def _step(self, title: str) -> None:
        self.printer.line(f"━━ {title} ━━")
        self.printer.line()


def _introduce(printer: ChannelPrinter, flow: Flow, options: DemoOptions) -> None:
    mode = "anonymous" if options.anonymous else "named"
    printer.line(
        f"Hiring workshop demo: “{flow.title}”, {options.people} simulated stakeholders, {mode}, "
        f"over {TRANSPORTS[options.transport]} (seed {options.seed})."
    )
    printer.line(
        "A local Slack with the real bot connected; simulated people read what the bot shows them and "
        "click and type their answers. No Slack account, nothing leaves this machine."
    )
    printer.line()


def _outcome(bot: LocalBot, channel_id: str) -> tuple[int, str]:
    with bot.runtime.sessions() as session:
        service = bot.runtime.service(session)
        workshop = service.in_channel(TEAM_ID, channel_id, active_only=False)[0]
        recommendation = RecommendationService(service.scope).latest_recommendation(workshop.id)
        if recommendation is None or recommendation.option_id is None:
            return workshop.id, "nothing yet (no recommendation was posted)"
        label = service.flow_of(workshop).option(recommendation.option_id).label
        return workshop.id, f"{label} ({recommendation.confidence} confidence)"


@contextmanager
def _database(url: str | None) -> Iterator[str]:
    if url is not None:
        yield url
        return
    with tempfile.TemporaryDirectory(prefix="hiring-workshop-demo-") as folder:
        yield f"sqlite:///{folder}/demo.db"
