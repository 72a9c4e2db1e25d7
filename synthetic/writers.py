"""Writing generated data: GeoPackage layers (GDAL/OGR) and CSV tables (UTF-8, LF line ends).

Files are rewritten from scratch. The GeoPackage metadata date is fixed (``OGR_CURRENT_DATE``), so
the same content gives the same bytes. Geometries are EPSG:27700 (British National Grid, metres).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import shapely

from .shapes import as_multipolygon

EPSG = 27700
#: Written as the GeoPackage's last-change date instead of the wall clock.
GPKG_DATE = "2025-04-01T00:00:00.000Z"
#: Field kinds: text (NULL when blank), 32- and 64-bit integers, reals, dates (``YYYY-MM-DD`` text in the table).
FIELD_KINDS = ("str", "int", "int64", "real", "date")


@dataclass(frozen=True)
class Layer:
    """One layer of a GeoPackage: ``fields`` are (column of ``table``, kind in FIELD_KINDS) in order;
    ``geometries`` one polygon per row (None: an attribute table), written as MultiPolygons when
    ``multipart``."""

    name: str
    table: pd.DataFrame
    fields: Sequence[tuple[str, str]]
    geometries: Sequence | None = None
    description: str = ""
    multipart: bool = True


def fields_of(table: pd.DataFrame) -> list[tuple[str, str]]:
    """(column, kind) of every column from its dtype: integers → int64, floats → real, anything else → str."""
    kinds = {"i": "int64", "u": "int64", "f": "real"}
    return [(name, kinds.get(dtype.kind, "str")) for name, dtype in table.dtypes.items()]


def write_gpkg(path: Path, layers: Sequence[Layer]) -> None:
    """A GeoPackage holding ``layers`` in order (replacing any existing file)."""
    from osgeo import gdal, ogr, osr

    ogr.UseExceptions()
    gdal.SetConfigOption("OGR_CURRENT_DATE", GPKG_DATE)
    try:
        path.unlink(missing_ok=True)
        dataset = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(EPSG)
        for layer in layers:
            _write_layer(dataset, layer, srs)
        dataset = None  # closes and flushes the file
    finally:
        gdal.SetConfigOption("OGR_CURRENT_DATE", None)


def _create_layer(dataset, layer: Layer, srs):
    from osgeo import ogr

    options = ["FID=fid"] + ([f"DESCRIPTION={layer.description}"] if layer.description else [])
    if layer.geometries is None:
        created = dataset.CreateLayer(layer.name, None, ogr.wkbNone, options=options)
    else:
        kind = ogr.wkbMultiPolygon if layer.multipart else ogr.wkbPolygon
        created = dataset.CreateLayer(layer.name, srs, kind,
                                      options=options + ["GEOMETRY_NAME=geom", "SPATIAL_INDEX=YES"])
    types = {"str": ogr.OFTString, "int": ogr.OFTInteger, "int64": ogr.OFTInteger64,
             "real": ogr.OFTReal, "date": ogr.OFTDate}
    for column, kind in layer.fields:
        created.CreateField(ogr.FieldDefn(column, types[kind]))
    return created


def _write_layer(dataset, layer: Layer, srs) -> None:
    from osgeo import ogr

    created = _create_layer(dataset, layer, srs)
    definition = created.GetLayerDefn()
    kinds = [kind for _, kind in layer.fields]
    columns = [layer.table[column].to_numpy() for column, _ in layer.fields]
    wkbs = None
    if layer.geometries is not None:
        geoms = [as_multipolygon(g) if layer.multipart else g for g in layer.geometries]
        wkbs = shapely.to_wkb(geoms)
    dataset.StartTransaction()
    for row in range(len(layer.table)):
        feature = ogr.Feature(definition)
        feature.SetFID(row + 1)
        for index, (values, kind) in enumerate(zip(columns, kinds)):
            _set_field(feature, index, values[row], kind)
        if wkbs is not None:
            feature.SetGeometryDirectly(ogr.CreateGeometryFromWkb(wkbs[row]))
        created.CreateFeature(feature)
    dataset.CommitTransaction()


def _set_field(feature, index: int, value, kind: str) -> None:
    """One field of ``feature``: blank text → NULL, numbers as Python numbers, ``YYYY-MM-DD`` → a date."""
    if kind == "str":
        if value is None or value == "":
            feature.SetFieldNull(index)
        else:
            feature.SetField(index, str(value))
    elif kind in ("int", "int64"):
        feature.SetField(index, int(value))
    elif kind == "real":
        feature.SetField(index, float(value))
    else:
        year, month, day = (int(part) for part in str(value).split("-"))
        feature.SetField(index, year, month, day, 0, 0, 0.0, 0)


def write_csv(path: Path, table: pd.DataFrame) -> None:
    """A UTF-8 CSV with a header row and LF line ends (replacing any existing file); None → blank."""
    table.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
