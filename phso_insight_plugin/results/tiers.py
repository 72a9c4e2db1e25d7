"""The six representation tiers: codes, plain-English labels, display order, and reading them back.

A tier code is 2 / -2 (significantly higher / lower at 99.8%), 1 / -1 (at 95%), 0 (in line with
the population) or missing (``None`` in Python, ``<NA>`` in a pandas ``Int64`` column, NULL in a
layer): "too few to say", or undefined where no cases were expected. How tiers are *computed* is
:mod:`phso_insight_plugin.stats.tiers`; this module is how every other part of the plugin names,
orders, counts and parses them.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ..errors import InputError
from ..validation import describe_rows

TierCode = int | None

TIER_LABELS: dict[TierCode, str] = {
    2: "Significantly higher than expected (99.8%)",
    1: "Higher than expected (95%)",
    0: "In line with population",
    -1: "Lower than expected (95%)",
    -2: "Significantly lower than expected (99.8%)",
    None: "Too few to say",
}
#: Display order: most over-represented first, "too few to say" last.
TIER_ORDER: list[TierCode] = [2, 1, 0, -1, -2, None]
#: Short keys naming each tier in machine-readable outputs (Processing output ``N_<KEY>``).
TIER_KEYS: dict[TierCode, str] = {2: "sig_high", 1: "high", 0: "in_line", -1: "low", -2: "sig_low", None: "too_few"}
VALID_CODES = frozenset(code for code in TIER_ORDER if code is not None)
ALLOWED = "2, 1, 0, -1, -2 or NULL"


def tier_label(code: TierCode) -> str:
    """The label of ``code`` ("Too few to say" for None)."""
    return TIER_LABELS[code]


def tier_labels(codes: ArrayLike) -> np.ndarray:
    """Label of each code of an ``Int64``-like array (<NA> → "Too few to say"), as an object array."""
    codes = pd.array(codes, dtype="Int64")
    labels = np.full(len(codes), TIER_LABELS[None], dtype=object)
    for code in VALID_CODES:
        labels[(codes == code).to_numpy(dtype=bool, na_value=False)] = TIER_LABELS[code]
    return labels


def tier_rank(code: TierCode) -> int:
    """Position of ``code`` in :data:`TIER_ORDER`: sorting by it goes from highest to "too few to say"."""
    return TIER_ORDER.index(code) if code in TIER_ORDER else len(TIER_ORDER)


def _is_null(value: object) -> bool:
    """None, NaN, pandas <NA>, or a null QVariant (anything whose ``isNull()`` says so)."""
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    is_null = getattr(value, "isNull", None)
    return bool(is_null()) if callable(is_null) else False


def parse_tier(value: object) -> TierCode:
    """The tier code of an attribute value: NULL/NaN → None; 2, 2.0 or "2" → 2; ValueError otherwise."""
    if _is_null(value):
        return None
    number = float(value)
    if not number.is_integer() or int(number) not in VALID_CODES:
        raise ValueError(value)
    return int(number)


def parse_tiers(values: Iterable, field: str = "tier", what: str = "") -> pd.arrays.IntegerArray:
    """Every value as a tier code (``Int64``, NULL → <NA>).

    InputError naming ``what`` (e.g. "Layer 'Constituencies'"), the field and the rows whose value is
    not a tier, with examples.
    """
    values = list(values)
    codes = np.zeros(len(values), dtype="int64")
    missing, bad = np.zeros(len(values), dtype=bool), np.zeros(len(values), dtype=bool)
    for i, value in enumerate(values):
        try:
            code = parse_tier(value)
        except (TypeError, ValueError):
            bad[i] = True
            continue
        missing[i] = code is None
        codes[i] = 0 if code is None else code
    if bad.any():
        examples = ", ".join(sorted({repr(values[i]) for i in np.flatnonzero(bad)})[:3])
        prefix = f"{what}: field" if what else "Field"
        raise InputError(f"{prefix} {field!r} should hold tiers ({ALLOWED}) but has other values in "
                         f"{describe_rows(bad)}, e.g. {examples}.")
    return pd.arrays.IntegerArray(codes, missing)


def count_tiers(codes: Iterable[TierCode]) -> dict[TierCode, int]:
    """Number of areas per tier, every tier of :data:`TIER_ORDER` present (0 when absent), in that order.

    ``codes`` are tier codes (None or <NA> for "too few to say"), e.g. from :func:`parse_tiers`.
    """
    counted = Counter(None if _is_null(code) else int(code) for code in codes)
    return {tier: counted.get(tier, 0) for tier in TIER_ORDER}


def counts_by_label(counts: Mapping[TierCode, int]) -> dict[str, int]:
    """``{tier code: n}`` keyed by tier label instead, in :data:`TIER_ORDER` (for JSON outputs and logs)."""
    return {TIER_LABELS[tier]: int(counts.get(tier, 0)) for tier in TIER_ORDER}
