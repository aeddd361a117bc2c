"""The channel post's size for each shipped flow and panel of 3, 5 and 50, as the demo's story
leaves it after round 2: characters of text in its blocks (as Slack counts toward its limit), blocks,
and the thread's messages.

Run: .venv/bin/python -m tests.benchmarks.post_size"""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.blocks.common import text_size
from bot.blocks.summary import summary_messages
from bot.blocks.viewmodels import SummaryFacts, Turnout, WorkshopView
from bot.demo.plan import plan_story
from flows.loader import FlowCatalog


def main() -> None:
    print(f"{'flow':40} {'people':>6} {'characters':>10} {'blocks':>6} {'thread messages':>15}")
    for flow in FlowCatalog.load().all():
        for people in (3, 5, 50):
            analysis = plan_story(flow, people, seed=1).round2
            workshop = WorkshopView(
                id=1,
                flow=flow,
                channel_id="C1",
                facilitator_id="U1",
                invitee_ids=(),
                deadline=datetime.now(UTC),
            )
            facts = SummaryFacts(workshop, Turnout.of(["answered"] * people), (), (date(2027, 1, 4),))
            head, *thread = summary_messages(flow, analysis, facts)
            size = text_size(head.blocks)
            print(f"{flow.id:40} {people:>6} {size:>10} {len(head.blocks):>6} {len(thread):>15}")


if __name__ == "__main__":
    main()
