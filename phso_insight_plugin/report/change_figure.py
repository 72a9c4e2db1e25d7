"""One area's (or group's) ratio in each period with its 95% interval: the small chart of the dock's Change view.

Ratios are observed ÷ expected cases of each period (expected from that period's own total), drawn as points
coloured by the period's representation tier with 95% error bars; the line at 1 is "as expected"; the two
compared periods are shaded and the title says how the change between them was graded. Drawn on a matplotlib
``Axes`` given by the caller (no pyplot state), so it works headless; no matplotlib import at module load.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ..results.tiers import TierCode

LINE_COLOUR, BAR_COLOUR, SHADE_COLOUR, MISSING_COLOUR = "#555555", "#4d4d4d", "#e8e8e8", "#999999"


@dataclass(frozen=True)
class PeriodRatios:
    """One unit's periods in time order: label, ratio, 95% limits (NaN where undefined) and representation tier."""

    periods: list[str]
    ratio: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    tiers: list[TierCode]

    @classmethod
    def of(cls, periods: Sequence[str], ratio: ArrayLike, lower: ArrayLike, upper: ArrayLike,
           tiers: Sequence[TierCode]) -> PeriodRatios:
        return cls(list(periods), *(np.asarray(v, dtype=float) for v in (ratio, lower, upper)), list(tiers))


def draw_period_ratios(axes, ratios: PeriodRatios, colours: Mapping[TierCode, str], title: str = "",
                       compared: Sequence[str] = ()) -> None:
    """Clear ``axes`` and draw ``ratios``: a point per period (tier colour) with its 95% interval, the line at 1,
    the ``compared`` periods shaded, ``title`` on top."""
    axes.clear()
    x = np.arange(len(ratios.periods))
    for label in compared:
        if label in ratios.periods:
            position = ratios.periods.index(label)
            axes.axvspan(position - 0.4, position + 0.4, color=SHADE_COLOUR, zorder=0)
    axes.axhline(1.0, color=LINE_COLOUR, linewidth=0.8, linestyle="--", zorder=1)
    shown = np.isfinite(ratios.ratio)
    below = np.where(np.isfinite(ratios.lower), ratios.ratio - ratios.lower, 0.0)
    above = np.where(np.isfinite(ratios.upper), ratios.upper - ratios.ratio, 0.0)
    axes.errorbar(x[shown], ratios.ratio[shown], yerr=[below[shown], above[shown]], fmt="none", ecolor=BAR_COLOUR,
                  elinewidth=1.0, capsize=3, zorder=2)
    axes.plot(x[shown], ratios.ratio[shown], color=BAR_COLOUR, linewidth=0.8, zorder=2)
    fills = [colours.get(tier, MISSING_COLOUR) for tier, ok in zip(ratios.tiers, shown) if ok]
    axes.scatter(x[shown], ratios.ratio[shown], c=fills, edgecolors=BAR_COLOUR, s=40, zorder=3)
    axes.set_xticks(x)
    axes.set_xticklabels(ratios.periods, fontsize="small")
    axes.set_xlim(-0.6, len(ratios.periods) - 0.4)
    axes.set_ylim(bottom=0)
    axes.set_ylabel("Observed ÷ expected (95% interval)", fontsize="small")
    axes.tick_params(axis="y", labelsize="small")
    axes.set_title(title, fontsize="small")
