"""The tiers of change over time: codes, labels, display order, output keys, and which tier field holds which.

Change tiers grade the ratio of ratios between two periods, trend tiers the score test over three or more
periods, persistence whether an area was significantly high (or low) in every period. Codes are those of
the representation tiers (:mod:`.tiers`): 2 / -2 significant at 99.8%, 1 / -1 at 95%, 0 no clear change,
missing (None, <NA>, NULL) "Too few to say" — so :func:`.tiers.parse_tiers` and :func:`.tiers.count_tiers`
read them too; only the words differ. How they are *computed* is :mod:`phso_insight_plugin.change.tiers`.
"""
from __future__ import annotations

from collections.abc import Mapping

from .tiers import TIER_LABELS, TIER_ORDER, TierCode

CHANGE_TIER_LABELS: dict[TierCode, str] = {
    2: "Significantly increased (99.8%)",
    1: "Increased (95%)",
    0: "No clear change",
    -1: "Decreased (95%)",
    -2: "Significantly decreased (99.8%)",
    None: "Too few to say",
}
TREND_TIER_LABELS: dict[TierCode, str] = {
    2: "Significantly rising (99.8%)",
    1: "Rising (95%)",
    0: "No clear trend",
    -1: "Falling (95%)",
    -2: "Significantly falling (99.8%)",
    None: "Too few to say",
}
PERSISTENCE_LABELS: dict[int, str] = {
    1: "Higher than expected in every period",
    0: "Not the same in every period",
    -1: "Lower than expected in every period",
}
#: Short keys naming each change tier in machine-readable outputs (Processing output ``N_<KEY>``).
CHANGE_TIER_KEYS: dict[TierCode, str] = {2: "sig_increased", 1: "increased", 0: "no_change", -1: "decreased",
                                         -2: "sig_decreased", None: "too_few"}
#: The fields the change algorithms write their tiers to.
CHANGE_TIER_FIELD, TREND_TIER_FIELD = "change_tier", "trend_tier"
#: Tier field → the labels of its tiers; any other field holds representation tiers.
LABELS_OF_FIELD: dict[str, dict[TierCode, str]] = {CHANGE_TIER_FIELD: CHANGE_TIER_LABELS,
                                                    TREND_TIER_FIELD: TREND_TIER_LABELS}


def tier_labels_of_field(tier_field: str) -> dict[TierCode, str]:
    """The tier labels of the field ``tier_field``: change or trend tiers for ``change_tier`` / ``trend_tier``
    (any case), the representation tiers for every other field."""
    return LABELS_OF_FIELD.get(tier_field.lower(), TIER_LABELS)


def is_change_field(tier_field: str) -> bool:
    """True for a field of change or trend tiers (drawn in the change palette)."""
    return tier_field.lower() in LABELS_OF_FIELD


def change_counts_by_label(counts: Mapping[TierCode, int], labels: Mapping[TierCode, str] = CHANGE_TIER_LABELS
                           ) -> dict[str, int]:
    """``{tier code: n}`` keyed by change (or trend) tier label, in display order (for JSON outputs and logs)."""
    return {labels[tier]: int(counts.get(tier, 0)) for tier in TIER_ORDER}
