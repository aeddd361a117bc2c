"""When a person may be nudged: 09:00 to 18:00 on weekdays, in their own time zone.

Local times are built with `zoneinfo` on each day, never by adding a fixed offset, so a nudge
planned across a daylight-saving change still lands at 09:00 local, not 08:00 or 10:00.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

log = logging.getLogger(__name__)

WORK_STARTS = time(9)
WORK_ENDS = time(18)
# When a nudge must go earlier than planned, it goes at the end of a working day, not at its start,
# to stay as close to the planned moment as it can.
LAST_CALL = time(17)
WEEKEND = (5, 6)
LOOK_BACK_DAYS = 14


def zone_of(name: str | None) -> ZoneInfo:
    """The person's zone; an unknown or missing one counts as UTC."""
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            log.info("Unknown time zone %r; using UTC", name)
    return ZoneInfo("UTC")


def is_working_time(moment: datetime, zone: ZoneInfo) -> bool:
    local = moment.astimezone(zone)
    return local.weekday() not in WEEKEND and WORK_STARTS <= local.time() < WORK_ENDS


def next_working_start(moment: datetime, zone: ZoneInfo) -> datetime:
    """The first 09:00 on a weekday, local time, after `moment`."""
    local = moment.astimezone(zone)
    day = local.date() if local.time() < WORK_STARTS else local.date() + timedelta(days=1)
    while day.weekday() in WEEKEND:
        day += timedelta(days=1)
    return _at(day, WORK_STARTS, zone)


def last_call_before(deadline: datetime, zone: ZoneInfo) -> datetime | None:
    """The latest weekday 17:00, local time, before the deadline (within two weeks)."""
    day = deadline.astimezone(zone).date()
    for _ in range(LOOK_BACK_DAYS):
        moment = _at(day, LAST_CALL, zone)
        if day.weekday() not in WEEKEND and moment < deadline:
            return moment
        day -= timedelta(days=1)
    return None


def nudge_moment(target: datetime, deadline: datetime, zone: ZoneInfo, now: datetime) -> datetime | None:
    """When to send a nudge planned for `target`: then if it is working time, else the next working
    morning before the deadline, else the latest working moment before the deadline; None when that
    has passed too (the nudge is skipped rather than sent at night)."""
    if is_working_time(target, zone):
        moment: datetime | None = target
    else:
        morning = next_working_start(target, zone)
        moment = morning if morning < deadline else last_call_before(deadline, zone)
    if moment is None or moment <= now or moment >= deadline:
        return None
    return moment


def send_window(now: datetime, deadline: datetime, zone: ZoneInfo) -> datetime | None:
    """At send time: now if it is working time; else the next working morning if the round is still
    open then; else None (too late to nudge without waking anyone)."""
    if is_working_time(now, zone):
        return now
    morning = next_working_start(now, zone)
    return morning if morning < deadline else None


def _at(day: date, clock_time: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, clock_time, tzinfo=zone).astimezone(UTC)
