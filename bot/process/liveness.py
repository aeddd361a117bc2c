"""Whether a process that left work behind is certainly gone: only a process on the same host can
tell, by its pid."""

from __future__ import annotations

import os
import socket

HOST = socket.gethostname()


def is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, but belongs to someone else
    return True


def scheduler_owner_is_gone(owner: str) -> bool:
    """For a dispatcher's owner name, `host:pid:nonce`: another process of this host that has ended.
    Another host's owner, or one in this very process (several dispatchers may share it), is not."""
    host, _, pid_and_nonce = owner.partition(":")  # a host name has no colon; a nonce may
    pid_text, _, _ = pid_and_nonce.partition(":")
    if host != HOST:
        return False
    try:
        pid = int(pid_text)
    except ValueError:
        return False
    return pid != os.getpid() and not is_running(pid)
