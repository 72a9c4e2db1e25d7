"""CRS and geometry checks of the layers an algorithm computes with.

A layer without a coordinate reference system cannot be reprojected or measured: left alone it
gives "no geometry" or "invalid coordinates" for every feature, so it is refused up front, naming
the layer and the parameter. So is a table without geometry, or points where polygons are needed.

After points are located, :func:`placement_hint` explains a run where most points fall in no area
but another reading of the coordinates would place them: longitude/latitude read as metres (or the
reverse), or X and Y swapped.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from qgis.core import Qgis, QgsCoordinateReferenceSystem, QgsWkbTypes
from qgis.PyQt.QtCore import QCoreApplication

from .geometry_support import DEFAULT_PROJECTED_CRS, transform_xy
from .parameter_checks import label

#: Points tried per reading of the coordinates (evenly spread over the input).
SAMPLE = 2000
#: A reading is suggested when it places at least this share of the sampled points …
HINT_MIN_SHARE = 0.5
#: … and this many times the share placed as given.
HINT_MIN_GAIN = 2.0
LONGITUDE_LATITUDE = "EPSG:4326"


def tr(text: str) -> str:
    return QCoreApplication.translate("crs_checks", text)


#: Geometry types each Processing source type accepts (TypeVector: any geometry, for a geometry input).
ACCEPTED = {
    int(Qgis.ProcessingSourceType.VectorPoint): {Qgis.GeometryType.Point},
    int(Qgis.ProcessingSourceType.VectorLine): {Qgis.GeometryType.Line},
    int(Qgis.ProcessingSourceType.VectorPolygon): {Qgis.GeometryType.Polygon},
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


def _kinds_text(kinds: set) -> str:
    """'polygons', 'points or polygons', 'points, lines or polygons'."""
    names = [tr(KIND_NAMES[k]) for k in sorted(kinds, key=int)]
    return names[0] if len(names) == 1 else tr("{0} or {1}").format(", ".join(names[:-1]), names[-1])


def geometry_problem(algorithm, parameters: dict, context, keys) -> str | None:
    """The first of the ``keys`` layers that has no geometry, the wrong geometry or no CRS; None if none."""
    for key in keys:
        source = algorithm.parameterAsSource(parameters, key, context)
        if source is None:
            continue
        definition = algorithm.parameterDefinition(key)
        kind = QgsWkbTypes.geometryType(source.wkbType())
        wanted = accepted_geometry(definition)
        needed = _kinds_text(wanted)
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


@dataclass
class Reading:
    """A way of reading raw X/Y coordinates: in ``crs``, with X and Y ``swapped`` or not."""

    crs: QgsCoordinateReferenceSystem
    swapped: bool
    share: float = 0.0


def _sample(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    finite = np.flatnonzero(np.isfinite(x) & np.isfinite(y))
    if finite.size <= SAMPLE:
        return finite
    return finite[np.linspace(0, finite.size - 1, SAMPLE).astype(np.int64)]


def _share_placed(x, y, reading: Reading, polygons, polygons_crs) -> float:
    """Share of the points (x, y) that fall in a polygon when read as ``reading``."""
    from ...geo.points import locate_points  # shapely: only point assignment gets here

    if reading.swapped:
        x, y = y, x
    px, py = transform_xy(x, y, reading.crs, polygons_crs)
    return float(np.mean(locate_points(px, py, polygons) >= 0)) if len(px) else 0.0


def _alternatives(given: QgsCoordinateReferenceSystem, polygons_crs) -> list[Reading]:
    """Readings to try: longitude/latitude for projected coordinates, the areas' (or the British
    National Grid's) metres for geographic ones, and X and Y swapped."""
    if given.isGeographic():
        projected = [c for c in (polygons_crs, QgsCoordinateReferenceSystem(DEFAULT_PROJECTED_CRS))
                     if not c.isGeographic()]
        readings = [Reading(c, False) for c in projected[:1]]
    else:
        readings = [Reading(QgsCoordinateReferenceSystem(LONGITUDE_LATITUDE), swap) for swap in (False, True)]
    return readings + [Reading(given, True)]


def better_reading(x, y, given: QgsCoordinateReferenceSystem, polygons: np.ndarray,
                   polygons_crs: QgsCoordinateReferenceSystem) -> tuple[float, Reading | None]:
    """(share placed as given, a reading that places many more points or None), on a sample of points."""
    pick = _sample(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
    x, y = np.asarray(x, dtype=float)[pick], np.asarray(y, dtype=float)[pick]
    current = _share_placed(x, y, Reading(given, False), polygons, polygons_crs)
    best = None
    for reading in _alternatives(given, polygons_crs):
        reading.share = _share_placed(x, y, reading, polygons, polygons_crs)
        if best is None or reading.share > best.share:
            best = reading
    good = best is not None and best.share >= HINT_MIN_SHARE and best.share >= HINT_MIN_GAIN * max(current, 1e-9)
    return current, best if good else None


def placement_hint(reading: Reading, current: float, given: QgsCoordinateReferenceSystem,
                   coordinate_fields: bool) -> str:
    """Two sentences: how few points the given reading places, how many ``reading`` would, and what to set."""
    placed = tr("Only {0:.0%} of the points fall in an area when their coordinates are read in {1}").format(
        current, given.authid())
    if reading.swapped and reading.crs == given:
        todo = tr("exchange X_FIELD and Y_FIELD") if coordinate_fields else \
            tr("the case layer (INPUT) has X and Y swapped; correct its geometry")
        return tr("{0}; with X and Y swapped, {1:.0%} would. It looks like you should {2}.").format(
            placed, reading.share, todo)
    looks = tr("longitude/latitude") if reading.crs.isGeographic() else tr("projected coordinates in metres")
    swap = tr(" with X and Y swapped") if reading.swapped else ""
    if coordinate_fields:
        todo = tr("set COORDINATE_CRS to {0}").format(reading.crs.authid())
        todo += tr(" and exchange X_FIELD and Y_FIELD") if reading.swapped else ""
    else:
        todo = tr("set the CRS of the case layer (INPUT) to {0} (Layer Properties ▸ Source)").format(
            reading.crs.authid())
    return tr("{0}; read as {1} ({2}){3}, {4:.0%} would. These look like {5}: {6}.").format(
        placed, reading.crs.authid(), reading.crs.description(), swap, reading.share, looks, todo)


def extent_hint(x, y, polygons: np.ndarray, crs: QgsCoordinateReferenceSystem) -> str | None:
    """A sentence when no point lies within the areas' extent (x, y in the areas' CRS), else None."""
    import shapely

    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    finite = np.isfinite(x) & np.isfinite(y)
    present = [g for g in polygons if g is not None]
    if not finite.any() or not present:
        return None
    x0, y0, x1, y1 = shapely.total_bounds(np.asarray(present, dtype=object))
    inside = finite & (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)
    if inside.any():
        return None
    return tr("None of the points lies within the extent of the areas (x {0:,.6g} to {1:,.6g}, y {2:,.6g} to "
              "{3:,.6g} in {4}); the points span x {5:,.6g} to {6:,.6g}, y {7:,.6g} to {8:,.6g}. Check the "
              "coordinates and their CRS.").format(x0, x1, y0, y1, crs.authid(), x[finite].min(), x[finite].max(),
                                                   y[finite].min(), y[finite].max())
