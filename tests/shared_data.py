"""Readers for the real reference data copied into ``tests/data`` (London, UKHSA; see their READMEs).

Geometries are read with GDAL/OGR as WKB and converted once with
``shapely.from_wkb`` so tests of the QGIS-free core do not need QGIS.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

SHARED_DATA = Path(__file__).resolve().parent / "data"
LONDON = SHARED_DATA / "london"
PHE = SHARED_DATA / "phe"
LONDON_GPKG = LONDON / "london_boundaries.gpkg"


def read_ogr_layer(path: Path, layer: str) -> tuple[pd.DataFrame, np.ndarray]:
    """Return (attributes, shapely geometry array) of one OGR layer, in file order."""
    import shapely
    from osgeo import ogr

    ogr.UseExceptions()
    ds = ogr.Open(str(path))
    lyr = ds.GetLayerByName(layer)
    defn = lyr.GetLayerDefn()
    names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
    rows, wkbs = [], []
    for feat in lyr:
        rows.append([feat.GetField(i) for i in range(len(names))])
        geom = feat.GetGeometryRef()
        wkbs.append(bytes(geom.ExportToWkb()) if geom is not None else None)
    attrs = pd.DataFrame(rows, columns=names)
    return attrs, shapely.from_wkb(np.array(wkbs, dtype=object))


def london_layer(layer: str) -> tuple[pd.DataFrame, np.ndarray]:
    """One layer of ``london_boundaries.gpkg`` (lsoa21, pcon24, icb24_from_lsoa21, lad24)."""
    return read_ogr_layer(LONDON_GPKG, layer)


def phe_csv(name: str) -> pd.DataFrame:
    """One of UKHSA's PHEindicatormethods test-vector CSVs (BOM-safe)."""
    return pd.read_csv(PHE / name, encoding="utf-8-sig")
