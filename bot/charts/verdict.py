"""The recommendation's chart: the options' shares of the evidence, and the spread of each disputed
question, labelled, as a PNG; with alt text that says the same in words.

Drawn on a bare `Figure` with the Agg canvas, never through pyplot: no display, no global state, so
two threads can draw at once."""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.blocks.disputes import question_text
from flows.engine.model import Analysis, QuestionResult
from flows.engine.phrasing import labelled_counts, spread
from flows.engine.text import one_line, percent
from flows.schema import Flow

MAX_DISPUTES = 6  # more would shrink every bar; the thread lists them all
ALT_TEXT_LIMIT = 1000  # files.getUploadURLExternal's alt_txt
WIDTH_INCHES = 7.5
DPI = 100
LEADER, OTHERS = "#1d6f42", "#9bb7a6"
SPREAD_COLOURS = ["#2b5c8a", "#4f86b8", "#8fb3d6", "#c9a26b", "#a8653a", "#7d4a28", "#5b5b5b"]


@dataclass(frozen=True)
class Chart:
    png: bytes
    alt_text: str
    title: str
    filename: str


def verdict_chart(flow: Flow, analysis: Analysis, workshop_id: int) -> Chart:
    disputes = _shown_disputes(analysis)
    layout = _Layout(len(flow.options), len(disputes))
    figure = Figure(figsize=(WIDTH_INCHES, layout.height), dpi=DPI)
    FigureCanvasAgg(figure)
    _shares(figure.add_axes(layout.shares()), flow, analysis)
    for index, result in enumerate(disputes):
        _spread(figure.add_axes(layout.dispute(index)), flow, result)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return Chart(
        png=buffer.getvalue(),
        alt_text=alt_text(flow, analysis),
        title=f"Workshop #{workshop_id}: the evidence and the disputes",
        filename=f"workshop-{workshop_id}-recommendation.png",
    )


@dataclass(frozen=True)
class _Layout:
    """Where each panel sits, in inches from the top, turned into the figure fractions `add_axes`
    takes: laid out by hand so a long option label never squeezes the disputes' titles."""

    options: int
    disputes: int
    top: float = 0.45  # the title above the shares
    per_option: float = 0.42
    gap: float = 0.55  # a dispute's title (up to two lines) above its bar
    bar: float = 0.32
    legend: float = 0.35  # the labelled counts under a dispute's bar

    @property
    def height(self) -> float:
        shares = self.top + self.per_option * max(self.options, 1) + 0.15
        return shares + self.disputes * (self.gap + self.bar + self.legend) + 0.1

    def shares(self) -> tuple[float, float, float, float]:
        return self._rect(self.top, self.per_option * max(self.options, 1), left=0.33, right=0.9)

    def dispute(self, index: int) -> tuple[float, float, float, float]:
        start = self.top + self.per_option * max(self.options, 1) + 0.15
        start += index * (self.gap + self.bar + self.legend) + self.gap
        return self._rect(start, self.bar, left=0.03, right=0.97)

    def _rect(
        self, from_top: float, height: float, left: float, right: float
    ) -> tuple[float, float, float, float]:
        bottom = (self.height - from_top - height) / self.height
        return (left, bottom, right - left, height / self.height)


def alt_text(flow: Flow, analysis: Analysis) -> str:
    """What the chart shows, in words, for screen readers and for whoever cannot load images."""
    shares = ", ".join(f"{label} {percent(share)}" for label, share in _ranked(flow, analysis))
    text = f"Bar chart. Share of the evidence: {shares}."
    disputes = _shown_disputes(analysis)
    if disputes:
        spreads = "; ".join(f"{_question(flow, r)}: {spread(r)}" for r in disputes)
        text += f" Disputed questions, with how many gave each answer: {spreads}."
    if len(analysis.disputed) > len(disputes):
        text += f" {len(analysis.disputed) - len(disputes)} more in the thread."
    if len(text) > ALT_TEXT_LIMIT:
        text = text[: ALT_TEXT_LIMIT - 1].rsplit(" ", 1)[0] + "…"
    return text


def _shown_disputes(analysis: Analysis) -> list[QuestionResult]:
    ordered = sorted(analysis.disputed, key=lambda r: not r.decisive)  # decisive first, order kept
    return ordered[:MAX_DISPUTES]


def _ranked(flow: Flow, analysis: Analysis) -> list[tuple[str, float]]:
    labelled = [(o.label, analysis.shares.get(o.id, 0.0)) for o in flow.options]
    return sorted(labelled, key=lambda item: -item[1])


def _question(flow: Flow, result: QuestionResult) -> str:
    return one_line(question_text(flow, result.question_id))


def _shares(ax: Axes, flow: Flow, analysis: Analysis) -> None:
    ranked = list(reversed(_ranked(flow, analysis)))  # barh draws bottom-up: the leader on top
    labels = [textwrap.fill(label, 28) for label, _ in ranked]
    values = [share * 100 for _, share in ranked]
    leader = analysis.recommendation.option_id is not None and analysis.recommendation.margin > 0
    colours = [OTHERS] * len(ranked)
    if leader and colours:
        colours[-1] = LEADER
    bars = ax.barh(labels, values, color=colours)
    ax.bar_label(bars, labels=[percent(share) for _, share in ranked], padding=3, fontsize=9)
    ax.set_xlim(0, 100)
    ax.set_title("Share of the evidence, by option", loc="left", fontsize=11, fontweight="bold")
    ax.set_ylim(-0.6, len(ranked) - 0.4)
    _plain(ax)


def _spread(ax: Axes, flow: Flow, result: QuestionResult) -> None:
    counts = labelled_counts(result)
    total = sum(n for _, n in counts) or 1
    left = 0.0
    for index, (words, n) in enumerate(counts):
        colour = SPREAD_COLOURS[index % len(SPREAD_COLOURS)]
        ax.barh([0], [n], left=left, color=colour, edgecolor="white", label=f"{words}: {n}")
        ax.text(left + n / 2, 0, str(n), ha="center", va="center", fontsize=9, color="white")
        left += n
    ax.set_xlim(0, total)
    ax.set_ylim(-0.5, 0.5)
    title = textwrap.fill(textwrap.shorten(_question(flow, result), 190, placeholder="…"), 95)
    ax.set_title(f"{title}", loc="left", fontsize=9)
    ax.legend(
        loc="upper left",
        bbox_to_anchor=(0, -0.05),
        ncol=min(len(counts), 3),
        fontsize=8,
        frameon=False,
        handlelength=1,
        borderaxespad=0,
    )
    ax.set_yticks([])
    _plain(ax, ticks=False)


def _plain(ax: Axes, ticks: bool = True) -> None:
    for side in ("top", "right", "bottom") if ticks else ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="x", bottom=False, labelbottom=False)
