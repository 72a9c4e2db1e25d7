"""CRS and geometry checks of the layers an algorithm computes with, before it runs.

A layer without a coordinate reference system cannot be reprojected or measured: left alone it
gives "no geometry" or "invalid coordinates" for every feature, so it is refused up front, naming
the layer and the parameter. So is a table without geometry, or points where polygons are needed.
"""
from __future__ import annotations

from qgis.core import Qgis, QgsProcessing, QgsWkbTypes
from qgis.PyQt.QtCore import QCoreApplication

from .parameter_checks import label


def tr(text: str) -> str:
    return QCoreApplication.translate("crs_checks", text)


#: Geometry types each Processing source type accepts (TypeVector: any geometry, for a geometry input).
ACCEPTED = {
    int(QgsProcessing.TypeVectorPoint): {Qgis.GeometryType.Point},
    int(QgsProcessing.TypeVectorLine): {Qgis.GeometryType.Line},
    int(QgsProcessing.TypeVectorPolygon): {Qgis.GeometryType.Polygon},
}
ANY_GEOMETRY = {Qgis.GeometryType.Point, Qgis.GeometryType.Line, Qgis.GeometryType.Polygon}
KIND_NAMES = {Qgis.GeometryType.Point: "points", Qgis.GeometryType.Line: "lines",
              Qgis.GeometryType.Polygon: "polygons"}


def accepted_geometry(definition) -> set:
    """The geometry types a feature source parameter accepts (any, unless it names point/line/polygon)."""
    kinds = set()
    for data_type in definition.dataTypes():
        kinds |= ACCEPTED.get(int(data_type), ANY_GEOMETRY)
    return kinds or ANY_GEOMETRY


def geometry_problem(algorithm, parameters: dict, context, keys) -> str | None:
    """The first of the ``keys`` layers that has no geometry, the wrong geometry or no CRS; None if none."""
    for key in keys:
        source = algorithm.parameterAsSource(parameters, key, context)
        if source is None:
            continue
        definition = algorithm.parameterDefinition(key)
        kind = QgsWkbTypes.geometryType(source.wkbType())
        wanted = accepted_geometry(definition)
        needed = tr(" or ").join(tr(KIND_NAMES[k]) for k in sorted(wanted, key=lambda k: int(k)))
        if kind not in ANY_GEOMETRY:
            return tr("{0}: {1!r} is a table without geometry, but this needs {2}. Choose a layer with "
                      "{2}.").format(label(definition), source.sourceName(), needed)
        if kind not in wanted:
            return tr("{0}: {1!r} holds {2}, but this needs {3}.").format(
                label(definition), source.sourceName(), tr(KIND_NAMES[kind]), needed)
        if not source.sourceCrs().isValid():
            return tr("{0}: the layer {1!r} has no coordinate reference system (CRS), so its coordinates cannot "
                      "be compared with the other layers. Set its CRS (Layer Properties ▸ Source, e.g. EPSG:27700 "
                      "for British National Grid) and run again.").format(label(definition), source.sourceName())
    return None
