"""When a nudge may go: weekdays 09:00 to 18:00 in the person's own zone, across clock changes."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.services.working_hours import (
    is_working_time,
    next_working_start,
    nudge_moment,
    send_window,
    zone_of,
)

NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
TOKYO = ZoneInfo("Asia/Tokyo")
LONG_AGO = datetime(2026, 1, 1, tzinfo=UTC)


def at(zone: ZoneInfo, text: str) -> datetime:
    """A local wall-clock time, as UTC."""
    return datetime.fromisoformat(text).replace(tzinfo=zone).astimezone(UTC)


def local(moment: datetime | None, zone: ZoneInfo) -> str | None:
    return moment.astimezone(zone).strftime("%a %Y-%m-%d %H:%M") if moment else None


@pytest.mark.parametrize(
    ("wall_clock", "working"),
    [
        ("2026-10-27 09:00", True),
        ("2026-10-27 17:59", True),
        ("2026-10-27 18:00", False),
        ("2026-10-27 08:59", False),
        ("2026-10-31 11:00", False),  # a Saturday
    ],
)
def test_working_time_is_weekdays_nine_to_six_local(wall_clock: str, working: bool) -> None:
    assert is_working_time(at(NEW_YORK, wall_clock), NEW_YORK) is working


def test_a_target_in_working_hours_stays_where_it_is() -> None:
    target, deadline = at(LONDON, "2026-10-27 14:30"), at(LONDON, "2026-10-29 10:00")
    assert nudge_moment(target, deadline, LONDON, LONG_AGO) == target


def test_a_target_at_night_moves_to_the_next_morning() -> None:
    target, deadline = at(TOKYO, "2026-10-27 23:00"), at(TOKYO, "2026-10-29 12:00")
    assert local(nudge_moment(target, deadline, TOKYO, LONG_AGO), TOKYO) == "Wed 2026-10-28 09:00"


def test_a_target_at_the_weekend_moves_to_monday_morning() -> None:
    target, deadline = at(LONDON, "2026-10-31 10:00"), at(LONDON, "2026-11-03 12:00")
    assert local(nudge_moment(target, deadline, LONDON, LONG_AGO), LONDON) == "Mon 2026-11-02 09:00"


def test_with_no_morning_left_before_the_deadline_it_goes_the_evening_before() -> None:
    # The deadline is Thursday 08:00; a nudge planned for 04:00 cannot wait for 09:00.
    target, deadline = at(NEW_YORK, "2026-10-29 04:00"), at(NEW_YORK, "2026-10-29 08:00")
    assert local(nudge_moment(target, deadline, NEW_YORK, LONG_AGO), NEW_YORK) == "Wed 2026-10-28 17:00"


def test_a_nudge_whose_every_working_moment_has_passed_is_skipped() -> None:
    target, deadline = at(NEW_YORK, "2026-10-29 04:00"), at(NEW_YORK, "2026-10-29 08:00")
    now = at(NEW_YORK, "2026-10-28 20:00")
    assert nudge_moment(target, deadline, NEW_YORK, now) is None


def test_across_the_november_change_nine_stays_nine() -> None:
    # Planned on Friday (EDT, UTC-4) for Saturday; Monday 09:00 is EST, UTC-5: 14:00 UTC.
    target, deadline = at(NEW_YORK, "2026-10-31 10:00"), at(NEW_YORK, "2026-11-02 12:00")
    moment = nudge_moment(target, deadline, NEW_YORK, at(NEW_YORK, "2026-10-30 11:00"))
    assert moment == datetime(2026, 11, 2, 14, 0, tzinfo=UTC)


def test_across_the_march_change_nine_stays_nine() -> None:
    # US clocks go forward on Sunday 8 March 2026: Monday 09:00 is EDT, UTC-4: 13:00 UTC.
    friday_night = at(NEW_YORK, "2026-03-06 22:00")
    assert next_working_start(friday_night, NEW_YORK) == datetime(2026, 3, 9, 13, 0, tzinfo=UTC)


def test_at_send_time_now_if_working_else_the_next_morning_before_the_deadline() -> None:
    deadline = at(LONDON, "2026-10-29 12:00")
    working = at(LONDON, "2026-10-27 11:00")
    assert send_window(working, deadline, LONDON) == working
    night = at(LONDON, "2026-10-27 22:00")
    assert local(send_window(night, deadline, LONDON), LONDON) == "Wed 2026-10-28 09:00"
    early = at(LONDON, "2026-10-29 07:00")
    assert local(send_window(early, deadline, LONDON), LONDON) == "Thu 2026-10-29 09:00"
    assert send_window(at(LONDON, "2026-10-29 07:00"), at(LONDON, "2026-10-29 08:00"), LONDON) is None


def test_an_unknown_or_missing_zone_counts_as_utc() -> None:
    assert zone_of("Mars/Olympus_Mons") == ZoneInfo("UTC")
    assert zone_of(None) == ZoneInfo("UTC")
    assert zone_of("Asia/Tokyo") == TOKYO
