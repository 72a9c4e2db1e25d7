"""Reading a result layer into table rows and totals (QGIS)."""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from qgis.core import NULL, Qgis, QgsFeatureRequest, QgsVectorLayer

from ..results.columns import AREA_READ
from ..results.tiers import parse_tiers
from .area_rows import AreaRow


def _value(feature, name: str):
    value = feature[name]
    return None if value == NULL else value


def is_result_layer(layer: QgsVectorLayer | None) -> bool:
    """Whether ``layer`` has the fields ``phso_insight:representation`` adds."""
    return (isinstance(layer, QgsVectorLayer) and layer.isValid()
            and all(layer.fields().indexOf(name) >= 0 for name in AREA_READ))


def read_area_rows(layer: QgsVectorLayer, name_field: str = "") -> list[AreaRow]:
    """One :class:`AreaRow` per feature; the name is ``name_field`` (else the feature id). InputError naming
    the rows whose tier is not a tier."""
    names = layer.fields().names()
    request = QgsFeatureRequest().setFlags(Qgis.FeatureRequestFlag.NoGeometry)
    features = list(layer.getFeatures(request))
    tiers = parse_tiers((feature["tier"] for feature in features), "tier", f"Layer {layer.name()!r}")
    rows = []
    for feature, tier in zip(features, tiers):
        name = _value(feature, name_field) if name_field in names else None
        rows.append(AreaRow(
            fid=feature.id(), name=str(feature.id() if name is None else name),
            observed=_value(feature, "observed"), expected=_value(feature, "expected"),
            ratio=_value(feature, "ratio"), lcl95=_value(feature, "lcl95"), ucl95=_value(feature, "ucl95"),
            tier=None if tier is pd.NA else int(tier)))
    return rows


def field_total(layer: QgsVectorLayer, field_names: Sequence[str]) -> float | None:
    """Sum of ``field_names`` over all features (NULLs skipped); None when a field is missing or none given."""
    names = layer.fields().names()
    if not field_names or any(name not in names for name in field_names):
        return None
    request = QgsFeatureRequest().setFlags(Qgis.FeatureRequestFlag.NoGeometry).setSubsetOfAttributes(
        list(field_names), layer.fields())
    return float(sum(_value(f, n) or 0 for f in layer.getFeatures(request) for n in field_names))
