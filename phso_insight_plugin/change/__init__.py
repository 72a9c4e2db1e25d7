"""Change over time: is an area's or a group's representation changing, persisting, or moved by a pilot?

Pure numpy/pandas/scipy (no QGIS). A *unit* is an area or a group alike: anything with observed
counts and, per period, a population or expected counts.

* :mod:`.dates` and :mod:`.periods`: read case dates and assign financial years (default),
  calendar years, calendar quarters or periods between break dates; excluded rows are counted
  and reported.
* :mod:`.counts`: count cases by unit, period and stratum.
* :mod:`.by_period`: representation per unit and period, standardised within each period.
* :mod:`.binomial` and :mod:`.compare`: the change between two periods, RR = (O2/E2)/(O1/E1),
  by the exact conditional binomial test with Clopper-Pearson limits.
* :mod:`.trend`: score test for a log-linear trend over three or more periods.
* :mod:`.tiers`: change, trend and persistence tiers.
* :mod:`.analysis`: :func:`representation_change`, all of the above in one call.
"""
from ..results.change_tiers import CHANGE_TIER_LABELS, PERSISTENCE_LABELS, TREND_TIER_LABELS
from .analysis import ChangeResult, representation_change
from .binomial import TwoSided
from .by_period import BY_PERIOD_COLUMNS, PeriodRatios, ratios_by_period
from .compare import CHANGE_COLUMNS, compare_periods
from .counts import CountCube, tabulate
from .dates import ParsedDates, parse_dates
from .periods import EXCLUSION_REASONS, Period, PeriodAssignment, PeriodScheme, assign_periods
from .trend import TREND_COLUMNS, trend_test

__all__ = [
    "BY_PERIOD_COLUMNS", "CHANGE_COLUMNS", "CHANGE_TIER_LABELS", "EXCLUSION_REASONS", "PERSISTENCE_LABELS",
    "TREND_COLUMNS", "TREND_TIER_LABELS", "ChangeResult", "CountCube", "ParsedDates", "Period",
    "PeriodAssignment", "PeriodRatios", "PeriodScheme", "TwoSided", "assign_periods", "compare_periods",
    "parse_dates", "ratios_by_period", "representation_change", "tabulate", "trend_test",
]
