"""The funnel plot, drawn the same way in the report (a PNG) and in the dock (a live canvas): observed ÷
expected cases against expected cases, the 95% (dashed) and 99.8% (solid) limits, one point per area
coloured by its tier.

The limits are always those the tiers were judged by: :func:`limits_at` widens them for the
over-dispersion the run allowed for (φ or τ², from its :class:`~..results.run_metadata.RunMetadata`),
and under Benjamini–Hochberg the plot says that the lines are the limits before the false discovery
rate adjustment. Drawn on a matplotlib ``Axes`` given by the caller (no pyplot state), so it works
headless and off the main thread; matplotlib is imported when a figure is drawn, so the dock can import
this module when the plugin loads.
"""
from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ..results.run_metadata import RunMetadata
from ..results.tiers import TIER_LABELS, TIER_ORDER, TierCode
from ..stats.funnel import ratio_funnel_limits
from ..styling.palettes import DEFAULT_PALETTE, palette

#: Confidence levels of the two pairs of limits and how each is drawn.
LINE_STYLES = {0.95: "--", 0.998: "-"}
#: Expected counts spanning more than this factor are drawn on a logarithmic axis.
LOG_AXIS_SPAN = 50.0
GRID_POINTS = 200
EDGE_COLOUR, LINE_COLOUR, MISSING_COLOUR = "#4d4d4d", "#555555", "#999999"
PNG_SIZE_INCHES, PNG_DPI = (7.0, 5.2), 110
#: The report's legend sits under the axes, in this many columns, taking this share of the figure height.
LEGEND_COLUMNS, LEGEND_SHARE = 2, 0.16


@dataclass(frozen=True)
class FunnelPoints:
    """The areas a funnel plot can show (expected above 0 and a ratio), and their tiers."""

    expected: np.ndarray
    ratio: np.ndarray
    tiers: list[TierCode]

    @classmethod
    def of(cls, expected: ArrayLike, ratio: ArrayLike, tiers: Sequence[TierCode]) -> tuple[FunnelPoints, np.ndarray]:
        """The plottable points among all areas, and the mask saying which areas they are."""
        e, r = np.asarray(expected, dtype=float), np.asarray(ratio, dtype=float)
        keep = np.isfinite(e) & (e > 0) & np.isfinite(r)
        return cls(e[keep], r[keep], [tier for tier, k in zip(tiers, keep) if k]), keep


@dataclass(frozen=True)
class FunnelLimits:
    """The expected-count grid, the (lower, upper) ratio limits on it per confidence level, and the
    sentence the plot shows about them ("" when they need none)."""

    expected: np.ndarray
    limits: dict[float, tuple[np.ndarray, np.ndarray]]
    note: str


def limits_at(expected: ArrayLike, run: RunMetadata | None) -> dict[float, tuple[np.ndarray, np.ndarray]]:
    """(lower, upper) ratio limits at each expected count, at 95% and 99.8%, widened for the over-dispersion
    the run's tiers allowed for (exact Poisson limits without a run or without over-dispersion)."""
    overdispersion = run.funnel_overdispersion() if run is not None else {}
    return {confidence: ratio_funnel_limits(expected, confidence, **overdispersion) for confidence in LINE_STYLES}


def limits_note(run: RunMetadata | None) -> str:
    """What the plot says about its lines: widened for over-dispersion, and/or not the tiers' thresholds under
    Benjamini–Hochberg."""
    if run is None:
        return ""
    notes = []
    overdispersion = run.funnel_overdispersion()
    if overdispersion:
        (name, value), = overdispersion.items()
        notes.append(f"Limits widened for over-dispersion ({'φ' if name == 'phi' else 'τ²'} = {value:.3g})")
    if run.uses_false_discovery_rate:
        notes.append("lines before the false discovery rate adjustment: tiers use Benjamini–Hochberg q-values")
    text = "; ".join(notes)
    return text[:1].upper() + text[1:]


def expected_grid(expected: ArrayLike, n: int = GRID_POINTS) -> np.ndarray:
    """Log-spaced expected counts from 0.8 × the smallest to 1.2 × the largest positive value."""
    e = np.asarray(expected, dtype=float)
    e = e[np.isfinite(e) & (e > 0)]
    return np.geomspace(e.min() * 0.8, e.max() * 1.2, n) if e.size else np.empty(0)


def funnel_limits(expected: ArrayLike, run: RunMetadata | None) -> FunnelLimits:
    """The limits to draw over the range of ``expected``, as the run's tiers used them."""
    grid = expected_grid(expected)
    return FunnelLimits(grid, limits_at(grid, run), limits_note(run))


def _draw_limits(axes, limits: FunnelLimits) -> dict[float, list]:
    """The two pairs of limit lines (labelled once each for the legend); confidence → its two lines."""
    lines = {}
    for confidence, style in LINE_STYLES.items():
        lower, upper = limits.limits[confidence]
        label = f"{confidence * 100:g}% limits"
        lines[confidence] = (axes.plot(limits.expected, lower, style, color=LINE_COLOUR, linewidth=1, label=label)
                             + axes.plot(limits.expected, upper, style, color=LINE_COLOUR, linewidth=1))
    return lines


def _tier_legend(axes, points: FunnelPoints, colours: Mapping[TierCode, str]) -> None:
    """A legend entry per tier drawn: "Higher than expected (95%) (12)"."""
    for tier in TIER_ORDER:
        n = points.tiers.count(tier)
        if n:
            axes.scatter([], [], s=28, color=colours.get(tier, MISSING_COLOUR), edgecolors=EDGE_COLOUR,
                         linewidths=0.6, label=f"{TIER_LABELS[tier]} ({n})")


def _axes_style(axes, points: FunnelPoints, note: str) -> None:
    """Axis scales and labels: a log axis with plain numbers when expected counts span more than
    :data:`LOG_AXIS_SPAN`; a ratio axis from just below 0 (areas without cases show whole) to above 2."""
    from matplotlib import ticker

    axes.axhline(1.0, color="#1a1a1a", linewidth=0.8)
    if points.expected.size and points.expected.max() / points.expected.min() > LOG_AXIS_SPAN:
        axes.set_xscale("log")
        axes.xaxis.set_minor_locator(ticker.LogLocator(subs=(2.0, 5.0)))
        for set_formatter in (axes.xaxis.set_major_formatter, axes.xaxis.set_minor_formatter):
            set_formatter(ticker.FormatStrFormatter("%g"))
    top = max(2.0, float(points.ratio.max()) if points.ratio.size else 0.0) * 1.08
    axes.set_ylim(-0.03 * top, top)
    axes.set_xlabel("Expected cases (from the population)")
    axes.set_ylabel("Observed ÷ expected cases")
    if note:
        axes.set_title(note, fontsize=7, loc="left", wrap=True)


def draw_funnel(axes, points: FunnelPoints, limits: FunnelLimits,
                colours: Mapping[TierCode, str]) -> tuple[object, dict[float, list]]:
    """Draw the funnel plot on ``axes``: the limits, the line at 1, the points (one collection, coloured by
    tier; pickable) and a legend entry per limit and tier (the caller places the legend). Returns the
    points' collection and the limit lines by confidence level."""
    axes.clear()
    lines = _draw_limits(axes, limits)
    collection = axes.scatter(points.expected, points.ratio, s=28,
                              c=[colours.get(tier, MISSING_COLOUR) for tier in points.tiers],
                              edgecolors=EDGE_COLOUR, linewidths=0.6, zorder=3)
    _tier_legend(axes, points, colours)
    _axes_style(axes, points, limits.note)
    return collection, lines


def funnel_png(points: FunnelPoints, limits: FunnelLimits, palette_name: str = DEFAULT_PALETTE) -> bytes:
    """PNG bytes of the funnel plot, legend under the axes (the report's figure)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=PNG_SIZE_INCHES, dpi=PNG_DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    draw_funnel(axes, points, limits, palette(palette_name).colours)
    handles, labels = axes.get_legend_handles_labels()
    figure.legend(handles, labels, loc="lower center", ncol=LEGEND_COLUMNS, fontsize=7, frameon=False)
    figure.tight_layout(rect=(0, LEGEND_SHARE, 1, 1))
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()
