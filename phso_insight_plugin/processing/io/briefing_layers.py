"""The layers an area briefing draws, built in memory from what the algorithm read: the briefed areas with
their pages' texts (the atlas coverage), all areas (locator and context) and the small areas with their tiers."""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from qgis.core import QgsFeature, QgsGeometry, QgsMemoryProviderUtils, QgsVectorLayer

from ...cancel import IsCancelled, checked
from ...errors import InputError
from .layers import column_values, frame_field_kinds, result_fields


def memory_layer(name: str, crs, wkb_type, frame: pd.DataFrame, wkbs: Sequence, is_cancelled: IsCancelled = None,
                 kinds: dict[str, str] | None = None) -> QgsVectorLayer:
    """A memory layer of one feature per row of ``frame`` with geometry ``wkbs[i]`` (WKB; None → NULL) and
    a spatial index (pages draw parts of it)."""
    fields = result_fields(frame, kinds or frame_field_kinds(frame))
    layer = QgsMemoryProviderUtils.createMemoryLayer(name, fields, wkb_type, crs)
    features = []
    for row, wkb in checked(zip(column_values(frame), wkbs), is_cancelled):
        feature = QgsFeature(fields)
        feature.setAttributes(row)
        if wkb is not None:
            geometry = QgsGeometry()
            geometry.fromWkb(wkb)
            feature.setGeometry(geometry)
        features.append(feature)
    if not layer.dataProvider().addFeatures(features)[0]:
        raise InputError(f"Could not build the layer {name!r} of the briefings.")
    layer.dataProvider().createSpatialIndex()
    layer.updateExtents()
    return layer


def tier_column(tiers: pd.Series) -> pd.Series:
    """Tier codes as nullable integers for a layer's ``tier`` field."""
    return pd.Series(pd.array(tiers, dtype="Int64"), dtype="Int64")
