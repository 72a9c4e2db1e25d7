"""Typed summaries of a run: what the Processing outputs, the log and the run metadata are built from."""
from __future__ import annotations

from dataclasses import dataclass, field

from .method import MethodSentence
from .tiers import TierCode, counts_by_label


@dataclass(frozen=True)
class RepresentationSummary:
    """Areas per tier (code → number, every tier in display order), totals and the fit of a run.

    ``overall_rate``: cases per person (NaN when expected counts were supplied); ``phi`` / ``tau2``:
    multiplicative / additive over-dispersion estimated from the areas (NaN when not estimated).
    """

    tier_counts: dict[TierCode, int]
    n_areas: int
    total_observed: float
    total_expected: float
    overall_rate: float
    phi: float
    tau2: float
    method: MethodSentence

    @property
    def counts_by_label(self) -> dict[str, int]:
        return counts_by_label(self.tier_counts)


@dataclass(frozen=True)
class GroupSummary:
    """Cells (area × group) per tier and where every case went.

    ``excluded_by_reason``: cases left out of the shares per reason (group not known …);
    ``unmatched_groups`` / ``unmatched_areas``: cases whose label / area is not in the population
    table, per label / area (rows "Not compared").
    """

    tier_counts: dict[TierCode, int]
    n_cells: int
    n_areas: int
    total_cases: float
    compared_cases: float
    excluded_cases: float
    standardised: bool
    method: MethodSentence
    excluded_by_reason: dict[str, float] = field(default_factory=dict)
    unmatched_groups: dict[str, float] = field(default_factory=dict)
    unmatched_areas: dict[str, float] = field(default_factory=dict)

    @property
    def not_compared_cases(self) -> float:
        return sum(self.unmatched_groups.values()) + sum(self.unmatched_areas.values())

    @property
    def counts_by_label(self) -> dict[str, int]:
        return counts_by_label(self.tier_counts)
