"""Everything the bot has stored and shown, captured so a test can say "nothing changed"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, inspect, select

import storage.models  # noqa: F401  (every table, so the metadata is complete)
from bot.sandbox import Sandbox
from storage.base import Base

Rows = dict[str, list[tuple[Any, ...]]]
# Bookkeeping of which requests were acknowledged, not anything a workshop holds.
NOT_STATE = {"handled_requests"}


def stored_rows(engine: Engine) -> Rows:
    """Every row of every table the app defines, in primary-key order."""
    present = set(inspect(engine).get_table_names())
    rows: Rows = {}
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if table.name in present and table.name not in NOT_STATE:
                query = select(table).order_by(*table.primary_key.columns)
                rows[table.name] = [tuple(row) for row in connection.execute(query)]
    return rows


@dataclass(frozen=True)
class Snapshot:
    rows: Rows
    shown: list[str]
    posts: int  # messages, ephemerals and views Slack holds, deleted ones included

    @classmethod
    def take(cls, engine: Engine, sandbox: Sandbox) -> Snapshot:
        workspace = sandbox.workspace
        with workspace.lock:
            posts = sum(len(c.messages) for c in workspace.channels.values())
            posts += len(workspace.ephemerals) + len(workspace.views)
        return cls(stored_rows(engine), sandbox.everything_shown(), posts)

    def changes_since(self, before: Snapshot) -> list[str]:
        """What differs from `before`, in words (empty when nothing changed)."""
        changed = [
            f"table {name}: {len(before.rows.get(name, []))} -> {len(rows)} rows, or a row changed"
            for name, rows in self.rows.items()
            if rows != before.rows.get(name, [])
        ]
        if self.posts != before.posts:
            changed.append(f"Slack holds {self.posts - before.posts} more messages, ephemerals or views")
        new = [text[:120] for text in self.shown if text not in before.shown]
        if new:
            changed.append(f"newly shown: {new}")
        return changed
