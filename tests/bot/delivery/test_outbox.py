"""The outbox's posts as Slack sees them: written in a transaction, sent after its commit, replies in
the thread of an earlier post once it is out, and edits of a message already there."""

from __future__ import annotations

from sqlalchemy import select

from bot.blocks.notice import notice
from bot.delivery.outbox import Outbox, post_key
from bot.services.scheduling import ItemKind
from storage.models import ScheduledItem, ScheduledState, Workshop
from tests.bot.conftest import CHANNEL, Workspace
from tests.bot.scheduler.conftest import start

Options = dict[str, str]


def write(ws: Workspace, workshop: Workshop, *, commit: bool = True, **posts: tuple[str, Options]) -> None:
    """Each post by name: (its text, its options: `thread_of`, or `update` naming the post to edit)."""
    with ws.bot.runtime.sessions() as session:
        outbox = Outbox(session, ws.bot.runtime.clock.now)
        for name, (text, options) in posts.items():
            key = post_key(workshop, name)
            if "update" in options:
                ts = sent_ts(ws, post_key(workshop, options["update"]))
                outbox.update(workshop, key, CHANNEL, notice(text), f"the edit {name}", ts=ts)
            else:
                thread_of = post_key(workshop, options["thread_of"]) if "thread_of" in options else None
                channel = options.get("channel", CHANNEL)
                outbox.post(workshop, key, channel, notice(text), name, thread_of=thread_of)
        if commit:
            session.commit()
    ws.bot.settle()


def sent_ts(ws: Workspace, key: str) -> str:
    return str(state_of(ws, key)[1]["ts"])


def state_of(ws: Workspace, key: str) -> tuple[ScheduledState, dict[str, object]]:
    with ws.bot.runtime.sessions() as session:
        item = session.scalars(
            select(ScheduledItem).where(ScheduledItem.kind == ItemKind.SEND, ScheduledItem.dedupe_key == key)
        ).one()
        return item.state, item.progress or {}


def test_a_reply_goes_in_its_parents_thread_and_an_edit_changes_the_message_in_place(acme: Workspace) -> None:
    workshop = start(acme, "U_CEO", "U_CTO")
    write(acme, workshop, head=("The head", {}), reply=("A reply", {"thread_of": "head"}))
    write(acme, workshop, edit=("The head, edited", {"update": "head"}))

    [head] = [m for m in acme.sandbox.messages(CHANNEL) if m.ts == sent_ts(acme, post_key(workshop, "head"))]
    [reply] = [m for m in acme.sandbox.messages(CHANNEL) if m.thread_ts == head.ts]
    assert head.text == "The head, edited" and head.edited_ts is not None
    assert reply.text == "A reply"
    assert state_of(acme, post_key(workshop, "edit"))[0] is ScheduledState.DONE


def test_nothing_is_sent_for_a_transaction_that_never_commits(acme: Workspace) -> None:
    workshop = start(acme, "U_CEO", "U_CTO")
    before = len(acme.sandbox.messages(CHANNEL))
    write(acme, workshop, commit=False, head=("Never", {}))
    acme.bot.run_due()
    assert len(acme.sandbox.messages(CHANNEL)) == before
    assert not any(m.text == "Never" for m in acme.sandbox.messages(CHANNEL))


def test_a_reply_to_a_post_refused_for_good_is_dropped_not_posted_elsewhere(acme: Workspace) -> None:
    workshop = start(acme, "U_CEO", "U_CTO")
    write(acme, workshop, head=("Lost", {"channel": "C_GONE"}), reply=("Orphan", {"thread_of": "head"}))
    acme.bot.run_due()

    assert state_of(acme, post_key(workshop, "head"))[0] is ScheduledState.CANCELLED
    assert state_of(acme, post_key(workshop, "reply"))[0] is ScheduledState.CANCELLED
    assert not any(m.text == "Orphan" for m in acme.sandbox.messages(CHANNEL))
