"""The storage suite's small workshop, for commands that read a database (`export`)."""

from tests.storage.conftest import catalog, clock, flow, service, start_workshop, workshop

__all__ = ["catalog", "clock", "flow", "service", "start_workshop", "workshop"]
