"""Publication-safe counts (NHS disclosure practice, :data:`~phso_insight_plugin.results.disclosure.NHS_DISCLOSURE`) for
exported layers, and the metadata that says so."""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from qgis.core import QgsFields, QgsLayerMetadata
from qgis.PyQt.QtCore import QMetaType

from ...layer_run_metadata import layer_metadata
from ...results.disclosure import NHS_DISCLOSURE
from ...results.run_metadata import RunMetadata, result_title
from ...validation import numeric_column

INTEGER_TYPES = {QMetaType.Type.Int, QMetaType.Type.UInt, QMetaType.Type.LongLong, QMetaType.Type.ULongLong}
#: Integer fields whose name starts with this hold case counts (cases, cases_0_15 …).
CASE_FIELD_PREFIX = "cases"
LAYER_DESCRIPTION = "Representation ratios (observed/expected cases) and tiers per area, exported by PHSO Insight."
CHANGE_DESCRIPTION = ("Change in representation between periods (ratio of ratios, exact limits) and its tiers per "
                      "area, exported by PHSO Insight.")
#: The observed counts of a representation layer and of a change layer.
OBSERVED_FIELDS = ("observed", "observed_1", "observed_2")


def default_count_fields(fields: QgsFields) -> list[str]:
    """``observed`` (a change layer's ``observed_1`` and ``observed_2``) and every integer field named ``cases…``, in
    field order."""
    return [f.name() for f in fields if f.name() in OBSERVED_FIELDS
            or (f.name().lower().startswith(CASE_FIELD_PREFIX) and f.type() in INTEGER_TYPES)]


def publication_safe_frame(frame: pd.DataFrame, count_fields: Sequence[str]) -> pd.DataFrame:
    """Copy of ``frame`` with each count field suppressed (1–7 → NULL) and rounded to the nearest 5.

    Other columns (ratios, limits, tiers…) are unchanged. InputError for text or negative counts.
    """
    safe = frame.copy()
    for column in count_fields:
        counts = numeric_column(frame, column, allow_missing=True)
        safe[column] = pd.Series(NHS_DISCLOSURE.publishable(counts), index=frame.index).astype(object)
    return safe


def publication_statement(count_fields: Sequence[str]) -> str:
    """One sentence stating what was suppressed and rounded, and what was not."""
    return NHS_DISCLOSURE.layer_statement(count_fields)


UNROUNDED_STATEMENT = NHS_DISCLOSURE.unrounded_layer_statement()


def exported_metadata(base: QgsLayerMetadata, statement: str, run: RunMetadata | None) -> QgsLayerMetadata:
    """``base`` with an abstract describing the layer — its geography, the method of the run that made it
    and ``statement`` — with ``statement`` as its rights, and the run metadata carried over."""
    if run is None:
        metadata = QgsLayerMetadata(base)
        metadata.setAbstract(f"{LAYER_DESCRIPTION} {statement}")
    else:
        description, what = (CHANGE_DESCRIPTION, "change in representation") if run.compared else \
            (LAYER_DESCRIPTION, "representation")
        abstract = f"{result_title(run)}: {description[0].lower()}{description[1:]} Method: {run.method} {statement}"
        metadata = layer_metadata(base, run, f"{result_title(run)}: {what}", abstract)
    metadata.setRights([statement])
    return metadata
