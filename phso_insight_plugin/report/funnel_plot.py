"""The funnel plot of an area layer as a PNG: ratio against expected cases, with the 95% and
99.8% limits of :func:`stats.funnel.ratio_funnel_limits` and points coloured by tier.

Drawn with matplotlib's Agg canvas on a Figure of its own (no pyplot state), so it works
headless and off the main thread.
"""
from __future__ import annotations

import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..stats.funnel import ratio_funnel_limits
from ..stats.tiers import TIER_LABELS, TIER_ORDER
from ..styling.palettes import DEFAULT_PALETTE, palette
from .results import AreaResults

SIZE_INCHES = (7.0, 5.2)
DPI = 110
#: Expected counts spanning more than this factor are drawn on a logarithmic axis.
LOG_AXIS_SPAN = 50.0
LIMIT_STYLES = ((0.95, "--", "95% limits"), (0.998, "-", "99.8% limits"))
EDGE_COLOUR = "#4d4d4d"
#: The legend sits under the axes, in this many columns, taking this share of the figure height.
LEGEND_COLUMNS, LEGEND_SHARE = 2, 0.16


def _expected_grid(expected: np.ndarray, log_axis: bool) -> np.ndarray:
    low, high = expected.min() * 0.8, expected.max() * 1.1
    return np.geomspace(low, high, 400) if log_axis else np.linspace(low, high, 400)


def _plotted(results: AreaResults):
    """The areas a funnel plot can show: expected above 0 and a ratio."""
    return results.table[(results.table["expected"] > 0) & results.table["ratio"].notna()]


def can_plot(results: AreaResults) -> bool:
    """True when at least one area can be placed on the funnel plot."""
    return not _plotted(results).empty


def funnel_png(results: AreaResults, palette_name: str = DEFAULT_PALETTE) -> bytes:
    """PNG bytes of the funnel plot of ``results`` (areas with an expected count above 0; see :func:`can_plot`)."""
    table = _plotted(results)
    expected, ratio = table["expected"].to_numpy(float), table["ratio"].to_numpy(float)
    figure = Figure(figsize=SIZE_INCHES, dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    log_axis = expected.max() / expected.min() > LOG_AXIS_SPAN
    grid = _expected_grid(expected, log_axis)
    for confidence, style, label in LIMIT_STYLES:
        lower, upper = ratio_funnel_limits(grid, confidence)
        axes.plot(grid, lower, style, color=EDGE_COLOUR, linewidth=1, label=label)
        axes.plot(grid, upper, style, color=EDGE_COLOUR, linewidth=1)
    axes.axhline(1.0, color="#1a1a1a", linewidth=0.8)
    fills = palette(palette_name).fills
    for tier in TIER_ORDER:
        mask = table["tier"].isna().to_numpy() if tier is None else (table["tier"] == tier).to_numpy(
            dtype=bool, na_value=False)
        if mask.any():
            axes.scatter(expected[mask], ratio[mask], s=28, color=fills[tier].colour, edgecolors=EDGE_COLOUR,
                         linewidths=0.6, label=f"{TIER_LABELS[tier]} ({int(mask.sum())})", zorder=3)
    if log_axis:
        axes.set_xscale("log")
    top = max(2.0, float(ratio.max())) * 1.08
    axes.set_ylim(-0.03 * top, top)  # a little below 0 so that areas without cases show whole
    axes.set_xlabel("Expected cases (from the population)")
    axes.set_ylabel("Observed ÷ expected cases")
    handles, labels = axes.get_legend_handles_labels()
    figure.legend(handles, labels, loc="lower center", ncol=LEGEND_COLUMNS, fontsize=7, frameon=False)
    figure.tight_layout(rect=(0, LEGEND_SHARE, 1, 1))
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()
