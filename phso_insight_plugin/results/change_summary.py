"""The typed summary of a change-over-time run: what its Processing outputs, log and run metadata are built from."""
from __future__ import annotations

from dataclasses import dataclass, field

from .change_tiers import CHANGE_TIER_LABELS, TREND_TIER_LABELS, change_counts_by_label
from .tiers import TierCode


@dataclass(frozen=True)
class ChangeSummary:
    """Units (areas or groups) per change, trend and persistence tier, the periods, and where every case went.

    ``periods``: labels in time order; ``compared``: the earlier and later period compared;
    ``change_tier_counts`` / ``trend_tier_counts``: tier code → units, every tier in display order;
    ``persistence_counts``: persistence label → units; ``cases_in``: case rows (or the sum of their
    counts) read; ``excluded_by_reason``: cases left out, per reason ("no date" …), every reason listed;
    ``exclusions``: the sentence saying so, with example rows ("" when none); ``method``: the method
    sentence; ``published_method``: the same without exact case counts.
    """

    periods: tuple[str, ...]
    compared: tuple[str, str]
    n_units: int
    change_tier_counts: dict[TierCode, int]
    trend_tier_counts: dict[TierCode, int]
    persistence_counts: dict[str, int]
    cases_in: float
    excluded_by_reason: dict[str, float]
    method: str
    published_method: str
    exclusions: str = ""
    cases_by_period: tuple[float, ...] = field(default_factory=tuple)

    @property
    def excluded_cases(self) -> float:
        return float(sum(self.excluded_by_reason.values()))

    @property
    def counted_cases(self) -> float:
        return self.cases_in - self.excluded_cases

    @property
    def change_counts_by_label(self) -> dict[str, int]:
        return change_counts_by_label(self.change_tier_counts, CHANGE_TIER_LABELS)

    @property
    def trend_counts_by_label(self) -> dict[str, int]:
        return change_counts_by_label(self.trend_tier_counts, TREND_TIER_LABELS)
