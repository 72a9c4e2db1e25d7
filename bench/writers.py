"""Writing the generated inputs: polygon GeoPackages (GDAL/OGR) and CSV tables (pandas)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from osgeo import ogr, osr

ogr.UseExceptions()
osr.UseExceptions()

#: British National Grid.
EPSG = 27700
_OGR_TYPES = {"i": ogr.OFTInteger64, "u": ogr.OFTInteger64, "f": ogr.OFTReal, "O": ogr.OFTString}


def write_polygons(path: Path, layer_name: str, geometries: np.ndarray, attributes: pd.DataFrame) -> None:
    """A GeoPackage with one polygon layer in EPSG:27700 (replacing any existing file)."""
    path.unlink(missing_ok=True)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    dataset = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    layer = dataset.CreateLayer(layer_name, srs, ogr.wkbPolygon, options=["FID=fid", "GEOMETRY_NAME=geom"])
    for name, dtype in attributes.dtypes.items():
        layer.CreateField(ogr.FieldDefn(name, _OGR_TYPES[dtype.kind]))
    definition = layer.GetLayerDefn()
    columns = [attributes[name].to_numpy().tolist() for name in attributes.columns]
    layer.StartTransaction()
    for wkb, *values in zip(shapely.to_wkb(geometries), *columns):
        feature = ogr.Feature(definition)
        feature.SetGeometry(ogr.CreateGeometryFromWkb(wkb))
        for i, value in enumerate(values):
            feature.SetField(i, value)
        layer.CreateFeature(feature)
    layer.CommitTransaction()
    dataset = None  # closes and flushes the file


def write_csv(path: Path, table: pd.DataFrame) -> None:
    """A UTF-8 CSV with a header row (replacing any existing file)."""
    table.to_csv(path, index=False)
