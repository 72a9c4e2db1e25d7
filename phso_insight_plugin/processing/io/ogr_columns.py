"""Fast columnar reading of whole OGR layers (GDAL ≥ 3.6 Arrow stream) for the algorithms.

The feature-by-feature loop of :func:`layers.read_source` costs about 1 µs per value in Python;
on a 2.7-million-row postcode lookup that dominated the whole assignment (profile in
``bench/results/profiles``). When an input is a plain file layer (OGR provider, no filter, no
unsaved edits, every requested field stored in the file), the columns are read with GDAL's
columnar reader instead, giving the same values in the same (feature id) order: text as ``str``,
NULL as ``None``, dates as ``QDate``/``QDateTime``. Anything else returns None and the caller loops.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ...cancel import check_cancelled
from .csv_columns import read_plain_csv


def ogr_layer_uri(layer) -> str | None:
    """``path|layername=…`` of a QgsVectorLayer that can be read straight from its file, else None."""
    if layer is None or layer.providerType() != "ogr" or layer.subsetString() or layer.isModified():
        return None
    return layer.source()


def read_columns(uri: str, fields: Sequence[str], geometry: str | None = None, multi: bool = False,
                 is_cancelled=None, blank_as_null: bool = False
                 ) -> tuple[pd.DataFrame, np.ndarray | list | None] | None:
    """``(frame, geometries)`` of ``fields``, or None; ``geometry`` None (not read), ``"wkb"``
    (list of WKB bytes, None for NULL) or ``"shapely"`` (one ``shapely.from_wkb`` array). A layer
    without geometry (a CSV, spreadsheet or GeoPackage attribute table) gives a NULL geometry per row.
    With ``multi`` (QGIS shows the layer as a multi type, as it does shapefile polygons), single
    points, lines and polygons are returned as one-part multi geometries, as QGIS gives them.
    With ``blank_as_null``, empty text becomes None (what a CSV's empty cell means).

    None means "use the feature loop": GDAL without the Arrow reader, a field not stored in the
    file (virtual or joined fields), a URI part other than the layer name and open options, or a
    layer that cannot be opened. ``is_cancelled`` is polled between batches and columns (raising
    Cancelled).
    """
    dataset, layer = open_ogr_layer(uri)
    if layer is None or not fields or not hasattr(layer, "GetArrowStreamAsNumPy"):
        return None  # without fields, GDAL 3.6 returns unreadable WKB when every attribute is ignored
    definition = layer.GetLayerDefn()
    stored = [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())]
    fid = layer.GetFIDColumn()
    if any(name not in stored and name != fid for name in fields):
        return None
    has_geometry = definition.GetGeomFieldCount() > 0
    if not (geometry and has_geometry):
        plain = read_plain_csv(dataset, layer, uri.split("|")[0], options_of(uri), fields, blank_as_null,
                               is_cancelled)
        if plain is not None:
            return plain, no_geometries(len(plain), geometry)
    layer.SetIgnoredFields([n for n in stored if n not in fields] + ([] if geometry else ["OGR_GEOMETRY"]))
    geometry_column = layer.GetGeometryColumn() or "wkb_geometry"
    chunks: dict[str, list] = {name: [] for name in fields}
    wkbs: list = []
    include_fid = "YES" if fid and fid in fields else "NO"
    for batch in layer.GetArrowStreamAsNumPy(options=[f"INCLUDE_FID={include_fid}", "USE_MASKED_ARRAYS=YES"]):
        check_cancelled(is_cancelled)
        for name in fields:
            chunks[name].append(batch[name])
        if geometry and has_geometry:
            wkbs.append(batch[geometry_column])
    columns = {}
    for name, parts in chunks.items():
        check_cancelled(is_cancelled)
        columns[name] = plain_column(parts, blank_as_null)
    frame = pd.DataFrame(columns, columns=list(fields))
    del layer, dataset
    if not geometry:
        return frame, None
    blobs = np.concatenate(wkbs) if wkbs else np.full(len(frame), None, dtype=object)
    if multi and len(wkbs):
        blobs = as_multi_wkb(blobs)
    if geometry == "wkb":
        return frame, [None if b is None or b is np.ma.masked else bytes(b) for b in blobs]
    import shapely

    from ...geo.threads import in_threads

    return frame, in_threads(shapely.from_wkb, blobs)


def no_geometries(n: int, geometry: str | None) -> list | np.ndarray | None:
    """A NULL geometry per row, as ``geometry`` asks for them (None: not read)."""
    if geometry is None:
        return None
    return [None] * n if geometry == "wkb" else np.full(n, None, dtype=object)


def options_of(uri: str) -> list[str]:
    """The open options of a QGIS ``ogr`` URI (``path|option:KEY=VALUE…``)."""
    return [p.split(":", 1)[1] for p in uri.split("|")[1:] if p.startswith("option:")]


def as_multi_wkb(blobs: np.ndarray) -> np.ndarray:
    """WKB blobs with every single point, line or polygon made a one-part multi geometry."""
    import shapely

    shapes = shapely.from_wkb(np.where(np.ma.getmaskarray(blobs), None, np.ma.getdata(blobs)))
    kinds = shapely.get_type_id(shapes)
    out = np.array(np.ma.getdata(blobs), dtype=object)
    for kind, make in ((0, shapely.multipoints), (1, shapely.multilinestrings), (3, shapely.multipolygons)):
        single = kinds == kind
        if single.any():
            out[single] = shapely.to_wkb(make(shapes[single][:, None]))
    out[np.ma.getmaskarray(blobs)] = None
    return out


def open_ogr_layer(uri: str) -> tuple:
    """``(dataset, layer)`` of a QGIS ``ogr`` URI (``path|layername=…|option:KEY=VALUE…``), opened
    read-only with the same open options (keep the dataset: the layer lives only as long);
    ``(None, None)`` if it cannot be opened or the URI has other parts (``layerid=``, ``subset=``,
    ``geometrytype=`` …) that would select other features."""
    from osgeo import gdal

    path, *parts = uri.split("|")
    layer_name = next((p.split("=", 1)[1] for p in parts if p.startswith("layername=")), None)
    options = options_of(uri)
    if len(parts) != len(options) + (layer_name is not None):
        return None, None
    try:
        dataset = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_READONLY, open_options=options)
    except RuntimeError:  # with gdal.UseExceptions() on
        return None, None
    if dataset is None:
        return None, None
    return dataset, dataset.GetLayerByName(layer_name) if layer_name else dataset.GetLayer(0)


def plain_column(parts: list, blank_as_null: bool = False) -> pd.Series:
    """One Arrow column as the feature loop gives it: bytes → str, NULL → None (NaN in numbers),
    dates → QDate/QDateTime, numbers as int64/float64; with ``blank_as_null`` empty text → None too."""
    if not parts:
        return pd.Series([], dtype=object)
    kind = parts[0].dtype.kind
    column = np.ma.concatenate(parts) if any(np.ma.isMaskedArray(p) for p in parts) else np.concatenate(parts)
    mask = np.ma.getmaskarray(column)
    data = np.ma.getdata(column)
    if kind in "OS":
        return pd.Series(text_values(data, mask, blank_as_null), dtype=object)
    if kind == "M":  # dates and date-times, as the Qt objects the feature loop gives
        from qgis.PyQt.QtCore import QDate, QDateTime

        stamps = pd.to_datetime(data)
        if str(data.dtype) == "datetime64[D]":
            values = np.array([QDate(d.year, d.month, d.day) for d in stamps], dtype=object)
        else:
            values = np.array([QDateTime(d.to_pydatetime()) for d in stamps], dtype=object)
        values[mask] = None
        return pd.Series(values, dtype=object)
    if mask.any() and kind in "iuf":  # as pandas builds the feature loop's rows: NaN, ints as floats
        return pd.Series(np.where(mask, np.nan, data.astype("float64")))
    if mask.any():
        values = data.astype(object)
        values[mask] = None
        return pd.Series(values, dtype=object)
    if kind in "iuf":  # 64-bit, as pandas stores the loop's Python numbers (and sums without overflow)
        return pd.Series(np.asarray(data, dtype="int64" if kind in "iu" else "float64"))
    return pd.Series(np.asarray(data))


def text_values(data: np.ndarray, null: np.ndarray, blank_as_null: bool) -> np.ndarray:
    """Text as str objects (UTF-8 decoded), None where ``null`` (and where empty, with ``blank_as_null``).

    GDAL hands text over as fixed-width bytes (``S``) or as objects; one decode per value from a plain
    list is several times faster than going through numpy object arrays."""
    items = data.tolist()
    values = np.empty(len(items), dtype=object)
    if data.dtype.kind == "S":
        values[:] = [item.decode("utf-8") for item in items]
        blank = data == b""
    else:
        values[:] = [item.decode("utf-8") if isinstance(item, bytes) else item for item in items]
        blank = values == ""
    values[null | blank if blank_as_null else null] = None
    return values
