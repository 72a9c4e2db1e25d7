"""CRS choice and the shapely 2 requirement shared by the geometry algorithms."""
from __future__ import annotations

from contextlib import nullcontext

import numpy as np
from qgis.core import Qgis, QgsCoordinateReferenceSystem, QgsMessageLog
from qgis.PyQt.QtCore import QCoreApplication

from ...dependencies import install_advice, problem
from ...errors import InputError

DEFAULT_PROJECTED_CRS = "EPSG:27700"


def tr(text: str) -> str:
    return QCoreApplication.translate("geometry_support", text)


def require_shapely2() -> None:
    """Raise a clear InputError when QGIS's Python lacks shapely 2 (the geometry engine needs 2.x)."""
    if problem("shapely") is not None:
        raise InputError(install_advice(tr("This algorithm"), ["shapely"]))


def working_crs(preferred: QgsCoordinateReferenceSystem, fallback: QgsCoordinateReferenceSystem | None = None,
                ) -> QgsCoordinateReferenceSystem:
    """The projected CRS to compute areas in: ``preferred`` if projected, else ``fallback`` (EPSG:27700).

    Planar areas are only meaningful in a projected CRS, so a geographic set-up (e.g. all
    layers in EPSG:4326) is reprojected rather than rejected.
    """
    if preferred.isValid() and not preferred.isGeographic():
        return preferred
    crs = fallback if fallback is not None and fallback.isValid() else QgsCoordinateReferenceSystem(
        DEFAULT_PROJECTED_CRS)
    if crs.isGeographic():
        raise InputError(tr("The working CRS {0} is geographic; choose a projected CRS (e.g. EPSG:27700).").format(
            crs.authid()))
    return crs


def transform_xy(x: np.ndarray, y: np.ndarray, source: QgsCoordinateReferenceSystem,
                 destination: QgsCoordinateReferenceSystem) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised coordinate transformation (GDAL/PROJ, x = easting/longitude order).

    Non-finite inputs, latitudes beyond ±90° or longitudes beyond ±360°, and points PROJ cannot
    transform become NaN, so they are reported as invalid coordinates, never moved; they do not fail
    the other points. A pair of CRSs with no transformation between them is an InputError (PROJ's own
    text goes to the log).
    """
    x = np.asarray(x, dtype="float64")
    y = np.asarray(y, dtype="float64")
    if source == destination:
        return x, y
    transform = _transformation(source, destination)
    ok = np.isfinite(x) & np.isfinite(y)
    if source.isGeographic():  # metres read as degrees: not a place on Earth (and PROJ would complain per point)
        ok &= (np.abs(y) <= 90) & (np.abs(x) <= 360)
    out_x = np.full(x.shape, np.nan)
    out_y = np.full(y.shape, np.nan)
    if ok.any():
        from osgeo import osr

        # With exceptions on, one point PROJ rejects fails the whole batch; off, it comes back as inf.
        quiet = osr.ExceptionMgr(useExceptions=False) if hasattr(osr, "ExceptionMgr") else nullcontext()
        with quiet:
            moved = np.asarray(transform.TransformPoints(np.column_stack([x[ok], y[ok]])), dtype="float64")
        out_x[ok], out_y[ok] = moved[:, 0], moved[:, 1]
    bad = ~(np.isfinite(out_x) & np.isfinite(out_y))
    out_x[bad] = np.nan
    out_y[bad] = np.nan
    return out_x, out_y


def _transformation(source: QgsCoordinateReferenceSystem, destination: QgsCoordinateReferenceSystem):
    """The GDAL transformation between two CRSs; InputError in a sentence when PROJ has none."""
    from osgeo import osr

    try:
        srs = []
        for crs in (source, destination):
            ref = osr.SpatialReference()
            ref.ImportFromWkt(crs.toWkt(Qgis.CrsWktVariant.Preferred))
            ref.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
            srs.append(ref)
        transform = osr.CoordinateTransformation(*srs)
    except RuntimeError as err:
        QgsMessageLog.logMessage(str(err), "PHSO Insight", Qgis.MessageLevel.Warning)
        transform = None
    if transform is None:
        raise InputError(tr("Coordinates cannot be transformed from {0} to {1}: the projection library has no "
                            "transformation between them. Check the CRS settings of the layers.").format(
            source.authid() or source.description(), destination.authid() or destination.description()))
    return transform
