"""Why a case row is unmatched: the reasons (exact strings) and the table of unmatched rows.

=============================  ===============================================
``"blank postcode"``           postcode missing or only spaces
``"malformed postcode"``       not a UK postcode format even after clean-up
                               (see :mod:`~phso_insight_plugin.cases.postcodes`)
``"postcode not in lookup"``   well-formed, but not in the lookup
``"terminated postcode"``      in the lookup, but terminated (the lookup's
                               termination column, e.g. ONS ``doterm``, is filled)
``"postcode has no LSOA in     in the lookup, but its area column is blank or an
the directory"``               ONS pseudo code (``E99999999``…); the column's
                               geography is named ("no ICB", "no constituency")
``"invalid coordinates"``      x or y missing, not a number, or infinite
``"point outside all areas"``  the point is in none of the area polygons
``"blank area code"``          area code missing or only spaces
``"area code not in areas"``   area code not among the layer's codes
=============================  ===============================================

Unmatched rows keep every input column and gain ``source_row`` (the 1-based input row, see
:mod:`phso_insight_plugin.cases._util`) and ``reason``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InputError
from . import _util

BLANK_POSTCODE = "blank postcode"
MALFORMED_POSTCODE = "malformed postcode"
POSTCODE_NOT_IN_LOOKUP = "postcode not in lookup"
TERMINATED_POSTCODE = "terminated postcode"
POINT_OUTSIDE = "point outside all areas"
INVALID_COORDINATES = "invalid coordinates"
BLANK_AREA_CODE = "blank area code"
AREA_CODE_NOT_IN_AREAS = "area code not in areas"

#: Every reason a row can be unmatched.
REASONS = (
    BLANK_POSTCODE,
    MALFORMED_POSTCODE,
    POSTCODE_NOT_IN_LOOKUP,
    TERMINATED_POSTCODE,
    POINT_OUTSIDE,
    INVALID_COORDINATES,
    BLANK_AREA_CODE,
    AREA_CODE_NOT_IN_AREAS,
)

#: Reasons a case row is left out of the counts per area.
COUNT_REASONS = (BLANK_AREA_CODE, AREA_CODE_NOT_IN_AREAS)

#: Columns added to the unmatched rows.
SOURCE_ROW = "source_row"
REASON = "reason"


def check_case_table(cases: pd.DataFrame) -> None:
    """Raise :class:`InputError` unless ``cases`` is a DataFrame free of the columns added here."""
    if not isinstance(cases, pd.DataFrame):
        raise InputError(f"Cases must be a table (pandas DataFrame), not {type(cases).__name__}.")
    _util.refuse_existing_columns(cases, [SOURCE_ROW, REASON], "case table")


def unmatched_rows(cases: pd.DataFrame, positions: np.ndarray, reasons: np.ndarray) -> pd.DataFrame:
    """The rows of ``cases`` at ``positions`` (original order and index), with ``source_row`` and
    ``reason`` (``reasons`` holds one reason per row of ``cases``)."""
    unmatched = cases.iloc[positions].copy()
    unmatched[SOURCE_ROW] = _util.row_numbers(cases)[positions]
    unmatched[REASON] = reasons[positions]
    return unmatched
