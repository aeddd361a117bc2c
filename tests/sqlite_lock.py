"""Another process's long write on a SQLite file: what the bot's writers must wait out, not fail on."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path


def held_write_lock(path: str | Path, seconds: float, taken: threading.Event) -> None:
    """Hold the database's write lock for `seconds`, setting `taken` once it is held."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        taken.set()
        time.sleep(seconds)
        connection.execute("COMMIT")
    finally:
        connection.close()
