"""Checks of a census table against the area layer it is joined to, and of its totals (pure pandas; no QGIS).

Area codes are compared trimmed and in upper case. The geography of each side is read from its ONS codes
(:func:`~phso_insight_plugin.results.geography.geography_of_codes`: ``E01``/``W01`` LSOAs, ``E02``/``W02``
MSOAs, ``E06``–``E09``/``W06`` local authorities …).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import InputError
from ..results.geography import geography_of_codes
from ..validation import describe_rows, listing


@dataclass(frozen=True)
class TotalsCheck:
    """Areas whose categories do not add up to the published total: how many, the largest difference (people,
    total minus the sum of the categories) and its area; ``checked`` False when the table has no total."""

    checked: bool
    differing: int = 0
    largest: int = 0
    largest_area: str = ""


def layer_codes(codes: pd.Series) -> pd.Series:
    """The area layer's codes, trimmed upper-case text; blank or repeated codes are errors naming them."""
    text = codes.astype("string").str.strip().str.upper()
    blank = (text.isna() | (text == "")).to_numpy()
    if blank.any():
        raise InputError(f"The area layer's code field is blank in {describe_rows(blank)}.", about="areas")
    repeated = text.duplicated(keep=False).to_numpy()
    if repeated.any():
        raise InputError(f"The area layer has codes more than once: {listing(text[repeated].unique())} "
                         f"({describe_rows(repeated)}); each area must appear once.", about="areas")
    return text


def same_geography(table_codes: pd.Index, codes: pd.Series) -> None:
    """The table and the layer hold codes of one geography (when both are ONS codes)."""
    table, layer = geography_of_codes(table_codes), geography_of_codes(codes)
    if table is not None and layer is not None and table != layer:
        raise InputError(f"The population table holds {table.plural} (codes such as {table_codes[0]}) but the area "
                         f"layer holds {layer.plural} (codes such as {codes.iloc[0]}): download the table for "
                         f"{layer.plural}, or choose the layer of {table.plural}.", about="areas")


def areas_in_table(table_codes: pd.Index, codes: pd.Series) -> int:
    """Every area of the layer is in the table (else an error naming them); returns how many areas of the table
    are not in the layer (left out)."""
    missing = ~codes.isin(table_codes).to_numpy()
    if missing.any():
        raise InputError(f"{int(missing.sum())} area(s) of the area layer are not in the population table: "
                         f"{listing(codes[missing])}. The table may be of another geography, vintage or region.",
                         about="areas")
    return int((~table_codes.isin(codes.to_numpy())).sum())


def against_other_total(wide: pd.DataFrame, codes: pd.Series, other: np.ndarray) -> TotalsCheck:
    """The prepared population of each area (the sum of its groups, ``wide`` indexed by code) against another total
    of the same areas, ``other`` (people, aligned with ``codes``: e.g. the total of another Census table on the
    area layer). Census 2021 perturbs each table on its own, so the two may differ by a few people in an area;
    the difference is ``other`` minus the prepared sum, never an error."""
    return check_totals(wide.loc[codes.to_numpy()], pd.Series(other, index=codes.to_numpy()), required=False)


def check_totals(counts: pd.DataFrame, totals: pd.Series | None, required: bool) -> TotalsCheck:
    """Published totals against the sum of the chosen categories (Census 2021 perturbs cells, so they may differ
    by a few people); a difference is an error only when ``required``."""
    if totals is None:
        return TotalsCheck(False)
    difference = (totals - counts.sum(axis=1)).to_numpy()
    differing = difference != 0
    if not differing.any():
        return TotalsCheck(True)
    at = int(np.argmax(np.abs(difference)))
    check = TotalsCheck(True, int(differing.sum()), int(difference[at]), str(counts.index[at]))
    if required:
        raise InputError(f"In {check.differing} area(s) the categories do not add up to the published total (largest "
                         f"difference {check.largest:+d} people, area {check.largest_area}).")
    return check
