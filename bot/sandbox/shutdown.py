"""Closing slack-sdk's builtin Socket Mode client quickly and cleanly against the sandbox.

The builtin client's own close() waits up to 3 seconds on its blocking socket read, then up to a second
for its message queue; and when the server closes first, closing the client too early races with the
client's own reaction to the close frame (both try to close the same socket). So: the sandbox closes the
connection, the client reacts, and only then is the client closed, in the background.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

from slack_sdk.socket_mode.builtin import SocketModeClient

if TYPE_CHECKING:
    from bot.sandbox.sandbox import Sandbox

_DISCONNECT_WAIT_SECONDS = 3.0
_POLL_SECONDS = 0.01


def close_builtin_client(sandbox: Sandbox, client: SocketModeClient) -> threading.Thread:
    """Close `client` (made with auto_reconnect_enabled=False, or it reconnects) without the test
    waiting for it; returns the closing thread for callers that do want to join it."""
    sandbox.close_socket_mode()

    def close_once_disconnected() -> None:
        # The client offers no event for "my socket is closed"; is_connected() is the public signal.
        deadline = time.monotonic() + _DISCONNECT_WAIT_SECONDS
        while client.is_connected() and time.monotonic() < deadline:
            time.sleep(_POLL_SECONDS)
        client.close()

    closer = threading.Thread(target=close_once_disconnected, name="close-socket-mode-client", daemon=True)
    closer.start()
    return closer
