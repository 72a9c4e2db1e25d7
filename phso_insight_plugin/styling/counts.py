"""Number of areas per tier, for legends that say "(12 areas)"."""
from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
from qgis.core import Qgis, QgsFeatureRequest, QgsVectorLayer
from qgis.PyQt.QtCore import QVariant

from ..errors import InputError
from ..stats.tiers import TIER_LABELS, TIER_ORDER
from ..validation import describe_rows


def tier_code(value) -> int | None:
    """Tier code of an attribute value: NULL or NaN → None; 2, 2.0 or "2" → 2; anything else → ValueError."""
    if value is None or (isinstance(value, QVariant) and value.isNull()):
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    number = float(value)
    if not number.is_integer() or int(number) not in TIER_LABELS:
        raise ValueError(value)
    return int(number)


def tier_counts(values: Iterable, field: str = "tier") -> dict[int | None, int]:
    """Areas per tier in ``TIER_ORDER`` (every tier present, 0 when absent).

    InputError naming the rows whose value is not a tier (2, 1, 0, -1, -2 or NULL).
    """
    values = list(values)
    codes, bad = [], np.zeros(len(values), dtype=bool)
    for i, value in enumerate(values):
        try:
            codes.append(tier_code(value))
        except (TypeError, ValueError):
            bad[i] = True
    if bad.any():
        examples = ", ".join(sorted({repr(values[i]) for i in np.flatnonzero(bad)})[:3])
        raise InputError(f"Field {field!r} should hold tiers (2, 1, 0, -1, -2 or NULL) but has other values in "
                         f"{describe_rows(bad)}, e.g. {examples}.")
    return {tier: codes.count(tier) for tier in TIER_ORDER}


def layer_tier_counts(layer: QgsVectorLayer, tier_field: str = "tier") -> dict[int | None, int]:
    """:func:`tier_counts` over every feature of ``layer`` (attributes only, no geometry)."""
    request = QgsFeatureRequest().setFlags(Qgis.FeatureRequestFlag.NoGeometry)
    request.setSubsetOfAttributes([tier_field], layer.fields())
    return tier_counts((feature[tier_field] for feature in layer.getFeatures(request)), tier_field)
