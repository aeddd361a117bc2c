"""The chart is a real PNG of a sensible size, and its alt text says in words what it draws."""

from __future__ import annotations

import struct

import pytest

from bot.charts.verdict import verdict_chart
from bot.demo.plan import plan_story
from flows.engine.text import percent
from flows.loader import FlowCatalog

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_MAGIC
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("flow_id", [f.id for f in FlowCatalog.load().all()])
def test_the_chart_is_a_png_whose_alt_text_says_the_same(flow_id: str) -> None:
    flow = FlowCatalog.load().get(flow_id)
    analysis = plan_story(flow, 5, seed=1).round2
    chart = verdict_chart(flow, analysis, 3)
    width, height = png_size(chart.png)
    assert width == 750 and 200 < height < 2000
    for option in flow.options:
        # As every surface prints a share: 29.6%, never rounded up onto a threshold's 30%.
        assert f"{option.label} {percent(analysis.shares[option.id])}" in chart.alt_text
    for result in analysis.disputed:
        assert " ".join(flow.question(result.question_id).text.split()) in chart.alt_text
    assert "Strongly disagree" in chart.alt_text or " · " in chart.alt_text
    assert len(chart.alt_text) <= 1000
    assert chart.filename == "workshop-3-recommendation.png"


def test_many_disputes_keep_the_chart_readable_and_the_alt_text_short() -> None:
    flow = FlowCatalog.load().get("002-caio-or-cto")
    analysis = plan_story(flow, 5, seed=1).round2
    many = [q.model_copy(update={"disputed": True}) for q in analysis.questions if q.distribution]
    crowded = analysis.model_copy(update={"questions": many})
    chart = verdict_chart(flow, crowded, 3)
    _, height = png_size(chart.png)
    assert height < 2000  # at most six disputes drawn; the thread lists them all
    assert len(chart.alt_text) <= 1000
    assert "more in the thread" in chart.alt_text


def test_a_share_just_under_a_threshold_is_not_rounded_up_in_the_alt_text() -> None:
    flow = FlowCatalog.load().get("001-product-or-engineering-leadership")
    analysis = plan_story(flow, 5, seed=1).round2
    shares = {option.label: analysis.shares[option.id] for option in flow.options}
    assert shares["AI product leadership"] < 0.3
    assert "AI product leadership 30%" not in verdict_chart(flow, analysis, 3).alt_text
