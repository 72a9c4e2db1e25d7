"""Publication-safe counts (NHS disclosure practice) for exported layers, and the statement that says so."""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from qgis.core import QgsFields, QgsLayerMetadata
from qgis.PyQt.QtCore import QMetaType

from ...stats.disclosure import suppress_and_round
from ...validation import numeric_column

INTEGER_TYPES = {QMetaType.Type.Int, QMetaType.Type.UInt, QMetaType.Type.LongLong, QMetaType.Type.ULongLong}
#: Integer fields whose name starts with this hold case counts (cases, cases_0_15 …).
CASE_FIELD_PREFIX = "cases"
SUPPRESS_LOW, SUPPRESS_HIGH, ROUND_BASE = 1, 7, 5


def default_count_fields(fields: QgsFields) -> list[str]:
    """``observed`` and every integer field named ``cases…``, in field order."""
    return [f.name() for f in fields
            if f.name() == "observed" or (f.name().lower().startswith(CASE_FIELD_PREFIX) and f.type() in INTEGER_TYPES)]


def publication_safe_frame(frame: pd.DataFrame, count_fields: Sequence[str]) -> pd.DataFrame:
    """Copy of ``frame`` with each count field suppressed (1–7 → NULL) and rounded to the nearest 5.

    Other columns (ratios, limits, tiers…) are unchanged. InputError for text or negative counts.
    """
    safe = frame.copy()
    for column in count_fields:
        counts = numeric_column(frame, column, allow_missing=True)
        safe[column] = pd.Series(suppress_and_round(counts, SUPPRESS_LOW, SUPPRESS_HIGH, ROUND_BASE),
                                 index=frame.index).astype(object)
    return safe


def publication_statement(count_fields: Sequence[str]) -> str:
    """One sentence stating what was suppressed and rounded, and what was not."""
    return (f"Publication-safe: counts of {SUPPRESS_LOW} to {SUPPRESS_HIGH} are suppressed (NULL) and all other "
            f"counts are rounded to the nearest {ROUND_BASE} in the fields {', '.join(count_fields)}, following NHS "
            "disclosure practice. Ratios, confidence limits and tiers are not suppressed or rounded.")


UNROUNDED_STATEMENT = ("Counts are unrounded and may identify individuals: apply disclosure control "
                       "(suppress 1 to 7, round to 5) before publishing.")


def layer_metadata(base: QgsLayerMetadata, statement: str) -> QgsLayerMetadata:
    """``base`` with an abstract describing the layer and ``statement``, and ``statement`` as its rights."""
    metadata = QgsLayerMetadata(base)
    metadata.setAbstract("Representation ratios (observed/expected cases) and tiers per area, exported by "
                         f"PHSO Insight. {statement}")
    metadata.setRights([statement])
    return metadata
