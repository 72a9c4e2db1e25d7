"""Builders of small in-memory QGIS layers for algorithm tests."""
from __future__ import annotations

from collections.abc import Sequence

from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsVectorLayer
from qgis.PyQt.QtCore import QMetaType

TYPES = {int: ("integer", QMetaType.Type.LongLong), float: ("double", QMetaType.Type.Double),
         str: ("string", QMetaType.Type.QString)}


def memory_layer(columns: dict[str, Sequence], geometries: Sequence[str] | None = None,
                 crs: str = "EPSG:27700", types: dict[str, type] | None = None, name: str = "test") -> QgsVectorLayer:
    """A memory layer with one feature per row of ``columns``; ``geometries`` as WKT (None → table)."""
    geom_type = "Polygon" if geometries is not None else "None"
    layer = QgsVectorLayer(f"{geom_type}?crs={crs}", name, "memory")
    provider = layer.dataProvider()
    types = types or {}
    fields = []
    for column, values in columns.items():
        kind = types.get(column) or next((type(v) for v in values if v is not None), str)
        fields.append(QgsField(column, TYPES[kind][1]))
    provider.addAttributes(fields)
    layer.updateFields()
    n = len(next(iter(columns.values())))
    features = []
    for i in range(n):
        feature = QgsFeature(layer.fields())
        feature.setAttributes([columns[c][i] for c in columns])
        if geometries is not None:
            feature.setGeometry(QgsGeometry.fromWkt(geometries[i]))
        features.append(feature)
    provider.addFeatures(features)
    layer.updateExtents()
    return layer


def square(x: float, y: float, size: float = 100.0) -> str:
    return f"POLYGON(({x} {y},{x + size} {y},{x + size} {y + size},{x} {y + size},{x} {y}))"


def attribute_rows(layer) -> list[dict]:
    """Features of ``layer`` (a layer or a layer id/path in the result) as dicts, in feature order."""
    from qgis.core import NULL

    return [{k: (None if v == NULL else v) for k, v in zip(layer.fields().names(), f.attributes())}
            for f in layer.getFeatures()]
