from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.blocks.common import Message, chunk_lines, meter, pack, section, slack_date, text_size
from bot.blocks.ids import ActionId, CallbackId, Prefix, is_known_id, keyed, split_keyed

from .limits import check_message


def test_chunk_lines_keeps_every_piece_within_the_limit_and_prefixed() -> None:
    lines = ["a" * 50, "b " * 80, "c"]
    chunks = chunk_lines(lines, limit=60, prefix="> ")
    assert all(len(c) <= 60 for c in chunks)
    assert all(line.startswith("> ") for c in chunks for line in c.splitlines())
    assert "".join(c.replace("> ", "").replace("\n", "") for c in chunks).count("b") == 80


def test_meter_sets_the_bar_in_code_beside_a_share_that_never_rounds_onto_a_threshold() -> None:
    assert meter(0.6) == "`██████░░░░` 60%"
    assert meter(1.7) == "`██████████` 100%"
    assert meter(0.746) == "`███████░░░` 74.6%"


def test_slack_date_has_a_utc_fallback_and_refuses_naive_times() -> None:
    moment = datetime(2025, 3, 6, 17, 0, tzinfo=UTC)
    assert (
        slack_date(moment)
        == f"<!date^{int(moment.timestamp())}^{{date_short_pretty}} {{time}}|2025-03-06 17:00 UTC>"
    )
    assert slack_date(date(2025, 9, 1), "{date_long}").endswith("^{date_long}|2025-09-01>")
    with pytest.raises(ValueError, match="timezone-aware"):
        slack_date(datetime(2025, 3, 6, 17, 0))


def test_pack_splits_by_block_count_and_by_characters() -> None:
    many = [section(f"line {n}") for n in range(120)]
    messages = pack(many, text="Many")
    assert [len(m.blocks) for m in messages] == [50, 50, 20]
    assert messages[0].text == "Many (part 1 of 3)"
    heavy = [section("x" * 2900) for _ in range(8)]
    for message in pack(heavy, text="Heavy"):
        check_message(message)
        assert text_size(message.blocks) <= 10_000


def test_a_message_needs_a_fallback_and_at_most_fifty_blocks() -> None:
    with pytest.raises(ValueError, match="fallback"):
        Message(text=" ", blocks=[section("x")])
    with pytest.raises(ValueError, match="1 to 50"):
        Message(text="x", blocks=[section("x")] * 51)


def test_keyed_ids_split_back_and_foreign_ids_are_unknown() -> None:
    block_id = keyed(Prefix.QUESTION, "has_models")
    assert split_keyed(block_id) == (Prefix.QUESTION, "has_models")
    assert split_keyed("zz:has_models") is None
    assert split_keyed("plain") is None
    assert is_known_id(ActionId.ANSWER_NOW) and is_known_id(CallbackId.ANSWER) and is_known_id(block_id)
    assert not is_known_id("made_up_elsewhere")
