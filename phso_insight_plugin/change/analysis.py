"""Change over time for areas or groups: the orchestrator behind "Representation change over time".

:func:`representation_change` runs, for units (areas or groups) and periods:

1. per unit and period, representation with expected counts standardised within the period
   (:mod:`.by_period`);
2. per unit, the change between two periods (default: the last two) by the exact conditional
   binomial test (:mod:`.compare`);
3. with three or more periods, the score test for a log-linear trend (:mod:`.trend`) and the
   persistence flag (significantly higher, or lower, than expected in every period).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ..cancel import IsCancelled, check_cancelled
from ..errors import InputError
from ..results.change_tiers import CHANGE_TIER_LABELS, PERSISTENCE_LABELS, TREND_TIER_LABELS
from ..stats.representation import MultipleTesting
from .binomial import TWO_SIDED, TwoSided
from .by_period import UNIT, PeriodRatios, ratios_by_period
from .compare import compare_periods
from .tiers import check_power_options, persistence, tier_counts
from .trend import MIN_TREND_PERIODS, TREND_COLUMNS, trend_test

TREND_NOT_TESTED = f"Not tested (fewer than {MIN_TREND_PERIODS} periods)"


@dataclass
class ChangeResult:
    """``by_period``: one row per unit and period (:data:`.by_period.BY_PERIOD_COLUMNS`);
    ``change``: one row per unit in input order: ``unit``, :data:`.compare.CHANGE_COLUMNS`,
    :data:`.trend.TREND_COLUMNS`, ``persistence`` (Int64: 1, 0, -1) and ``persistence_label``;
    ``summary``: periods, compared, n_units, change_tier_counts, trend_tier_counts,
    persistence_counts, per_period (each period's representation summary), method."""

    by_period: pd.DataFrame
    change: pd.DataFrame
    summary: dict = field(default_factory=dict)


def compared_periods(compare, labels: list[str]) -> tuple[int, int]:
    """Positions of the earlier and later compared period, given as labels or positions (default: last two)."""
    if len(labels) < 2:
        raise InputError(f"a change needs at least two periods, got {len(labels)}: {labels}")
    if compare is None:
        return len(labels) - 2, len(labels) - 1
    positions = []
    for which in compare:
        if isinstance(which, (int, np.integer)) and 0 <= which < len(labels):
            positions.append(int(which))
        elif which in labels:
            positions.append(labels.index(which))
        else:
            raise InputError(f"period {which!r} to compare is not one of the periods {labels}")
    if len(positions) != 2 or positions[0] >= positions[1]:
        raise InputError(f"compare needs two periods, the earlier first, got {list(compare)}")
    return positions[0], positions[1]


def _trend(ratios: PeriodRatios, multiple_testing: str, min_power: float, ratio: float, scores) -> pd.DataFrame:
    """Trend columns: the score test with three or more periods, else NaN with a 'not tested' label."""
    if ratios.observed.shape[1] >= MIN_TREND_PERIODS:
        return trend_test(ratios.observed, ratios.expected, scores, multiple_testing, min_power, ratio)
    n = ratios.observed.shape[0]
    columns = {c: np.full(n, np.nan) for c in TREND_COLUMNS}
    columns["trend_tier"] = pd.array([pd.NA] * n, dtype="Int64")
    columns["trend_label"] = np.full(n, TREND_NOT_TESTED, dtype=object)
    return pd.DataFrame(columns)[TREND_COLUMNS]


def _method(ratios: PeriodRatios, labels: list[str], pair: tuple[int, int], options: dict) -> str:
    """The one-paragraph method statement of a run."""
    text = (
        f"{options['expected_clause'] or ratios.method}, within each of {len(labels)} periods "
        f"({', '.join(labels)}), so a rise in total "
        "demand is not read as a local change; ratios with Poisson limits and tiers as for representation"
        f"; change from {labels[pair[0]]} to {labels[pair[1]]}: ratio of ratios RR = (O2/E2)/(O1/E1), exact "
        "conditional binomial test (given n = O1 + O2, O2 ~ Binomial(n, E2/(E1+E2)) under no change), "
        + ("two-sided p twice the smaller tail" if options["two_sided"] == "central"
           else "two-sided p summing outcomes no likelier than observed (R's binom.test)")
        + ", Clopper–Pearson 95% and 99.8% limits"
    )
    if options["multiple_testing"] == "bh":
        text += "; Benjamini–Hochberg false discovery rate control across units"
    ratio = options["detectable_ratio"]
    text += (f"; 'Too few to say' where not significant and the power to detect a ratio of {ratio:g} or "
             f"1/{ratio:g} at 95% is below {options['min_power']:.0%}")
    if len(labels) >= MIN_TREND_PERIODS:
        text += "; trend: score test for a log-linear trend with expected counts as offset (Breslow & Day)"
    return text + "; persistence: higher (or lower) than expected at 95% or more in every period."


def _summary(ratios: PeriodRatios, change: pd.DataFrame, labels: list[str], pair, options: dict) -> dict:
    """Counts per tier, compared periods, per-period summaries and the method sentence."""
    return {
        "periods": list(labels),
        "compared": (labels[pair[0]], labels[pair[1]]),
        "n_units": int(len(change)),
        "change_tier_counts": tier_counts(change["change_label"], CHANGE_TIER_LABELS),
        "trend_tier_counts": tier_counts(change["trend_label"], TREND_TIER_LABELS),
        "persistence_counts": tier_counts(change["persistence_label"], PERSISTENCE_LABELS),
        "per_period": ratios.summaries,
        "method": _method(ratios, labels, pair, options),
    }


def representation_change(
    observed: ArrayLike,
    periods: list[str],
    units: ArrayLike | None = None,
    population: ArrayLike | None = None,
    population_by_period: ArrayLike | None = None,
    expected: ArrayLike | None = None,
    compare: tuple | None = None,
    multiple_testing: MultipleTesting = "none",
    two_sided: TwoSided = "central",
    min_expected: float = 5.0,
    min_power: float = 0.8,
    detectable_ratio: float = 2.0,
    trend_scores: ArrayLike | None = None,
    is_cancelled: IsCancelled = None,
    expected_clause: str = "",
) -> ChangeResult:
    """Representation per period, change between two periods, trend and persistence, per unit.

    Parameters
    ----------
    observed : (u, K) or (u, K, S) counts of u units (areas or groups) in K periods (S strata).
    periods : K period labels in time order (e.g. ``PeriodAssignment.labels``).
    units : u unit labels (area codes, group names); default 0..u-1.
    population, population_by_period, expected : exactly one (shapes in :mod:`.by_period`).
    compare : two periods (labels or positions), the earlier first; default the last two.
    multiple_testing : "none" or "bh": Benjamini-Hochberg across units, for the ratios of each
        period, the change and the trend separately.
    two_sided : "central" (default) or "minlike" p-value for the change (:mod:`.binomial`).
    min_expected : a period's representation tier 0 becomes "Too few to say" below this E.
    min_power, detectable_ratio : "Too few to say" rule for change and trend (:mod:`.tiers`).
    trend_scores : optional K period scores for the trend test (default 0..K-1).
    is_cancelled : polled between steps (see :mod:`~phso_insight_plugin.cancel`).
    expected_clause : how the caller obtained the ``expected`` counts, said first in the method (default:
        as the per-period representation says it).

    Returns
    -------
    ChangeResult
    """
    if two_sided not in TWO_SIDED:
        raise InputError(f"two_sided must be one of {', '.join(map(repr, TWO_SIDED))}, got {two_sided!r}")
    check_power_options(min_power, detectable_ratio)
    labels = [str(p) for p in periods]
    pair = compared_periods(compare, labels)
    ratios = ratios_by_period(observed, labels, units, population, population_by_period, expected,
                              multiple_testing, min_expected, is_cancelled)
    check_cancelled(is_cancelled)
    (i, j), o, e = pair, ratios.observed, ratios.expected
    change = compare_periods(o[:, i], e[:, i], o[:, j], e[:, j], multiple_testing, two_sided, min_power,
                             detectable_ratio)
    check_cancelled(is_cancelled)
    trend = _trend(ratios, multiple_testing, min_power, detectable_ratio, trend_scores)
    flag = persistence(ratios.tiers)
    unit_labels = ratios.table[UNIT].to_numpy()[:: len(labels)]
    table = pd.concat([pd.DataFrame({UNIT: unit_labels}), change, trend], axis=1)
    table["persistence"] = flag
    table["persistence_label"] = [PERSISTENCE_LABELS[int(v)] for v in flag]
    options = {"two_sided": two_sided, "multiple_testing": multiple_testing,
               "min_power": min_power, "detectable_ratio": detectable_ratio, "expected_clause": expected_clause}
    return ChangeResult(ratios.table, table, _summary(ratios, table, labels, pair, options))
