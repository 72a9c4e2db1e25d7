"""A case's group taken from an attribute of its area: cases by IMD decile of their LSOA.

Each case carries the code of a small area (LSOA). The area layer gives, per
code, the attribute (e.g. ``imd_decile``), the population and optionally a
larger area (e.g. the ICB) for a per-area breakdown:

* group of a case = attribute of its small area;
* ``P[a, g] = Σ population`` of the small areas with attribute g (inside larger area a).

Cases whose code is blank or absent from the layer, or whose small area has no
attribute value, are excluded with that reason (counted, never dropped). Small
areas without an attribute value are left out of the population and counted.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import InputError
from ..validation import describe_rows, require_columns
from .case_groups import BLANK_AREA
from .labels import label_key, label_text
from .population import long_population

REASON_NO_CODE = "area code blank"
REASON_CODE_NOT_FOUND = "area code not in the area layer"
REASON_NO_VALUE = "the case's area has no value of the attribute"


@dataclass
class AttributeGroups:
    """Per case (index of the case codes): ``groups``, ``areas`` (None without a larger area)
    and exclusion ``reasons`` (<NA> where linked); the tidy ``population``; and the number of
    small areas (and persons) left out of the population for want of an attribute value."""

    groups: pd.Series
    areas: pd.Series | None
    reasons: pd.Series
    population: pd.DataFrame
    areas_without_value: int
    population_without_value: float


def _in_attribute_order(layer: pd.DataFrame, attribute_col: str) -> pd.DataFrame:
    """Layer rows sorted by attribute: numerically when every value is a number (deciles), else as text."""
    values = label_text(layer[attribute_col])
    numbers = pd.to_numeric(values, errors="coerce")
    key = numbers if numbers.notna().all() else values
    return layer.iloc[np.argsort(key.to_numpy(), kind="stable")]


def _unique_codes(layer: pd.DataFrame, code_col: str) -> pd.Series:
    """Matching keys of the layer's codes; blank or repeated codes are errors naming the rows."""
    codes = label_text(layer[code_col])
    blank = codes.isna().to_numpy()
    if blank.any():
        raise InputError(f"The area layer's code field {code_col!r} is blank in {describe_rows(blank)}.")
    keys = label_key(codes)
    repeated = keys.duplicated(keep=False).to_numpy()
    if repeated.any():
        examples = ", ".join(repr(c) for c in codes[repeated].unique()[:5])
        raise InputError(
            f"The area layer's code field {code_col!r} repeats codes in {describe_rows(repeated)}, e.g. {examples}; "
            "each area must appear once."
        )
    return keys


def groups_from_area_attribute(
    case_codes: pd.Series,
    layer: pd.DataFrame,
    code_col: str,
    attribute_col: str,
    population_col: str,
    area_col: str | None = None,
) -> AttributeGroups:
    """Group (attribute value) and larger area of each case, and population by (area, group)."""
    require_columns(layer, [c for c in (code_col, attribute_col, population_col, area_col) if c], "area layer")
    if len(layer) == 0:
        raise InputError("The area layer has no features.")
    keys = _unique_codes(layer, code_col)
    values = label_text(layer[attribute_col])
    has_value = values.notna().to_numpy()
    with_value = _in_attribute_order(layer[has_value], attribute_col)
    population = long_population(with_value, attribute_col, population_col, area_col)
    without = layer[~has_value]
    pop_without = float(pd.to_numeric(without[population_col], errors="coerce").fillna(0).sum())

    case_keys = label_key(label_text(case_codes))
    position = pd.Series(np.arange(len(layer)), index=keys.to_numpy())
    row = case_keys.map(position)
    found = row.notna().to_numpy()
    rows = row.fillna(0).to_numpy(dtype=int)
    groups = pd.Series(values.to_numpy()[rows], index=case_codes.index, dtype="string").where(found)
    reasons = pd.Series(pd.NA, index=case_codes.index, dtype="string")
    reasons = reasons.mask(case_keys.isna(), REASON_NO_CODE)
    reasons = reasons.mask(reasons.isna() & ~found, REASON_CODE_NOT_FOUND)
    reasons = reasons.mask(reasons.isna() & groups.isna(), REASON_NO_VALUE)
    areas = None
    if area_col is not None:
        area_labels = label_text(layer[area_col]).to_numpy()[rows]
        areas = pd.Series(area_labels, index=case_codes.index, dtype="string").where(found, BLANK_AREA)
    return AttributeGroups(groups, areas, reasons, population, int((~has_value).sum()), pop_without)
