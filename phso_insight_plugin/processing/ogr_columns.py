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

from ..cancel import check_cancelled


def ogr_layer_uri(layer) -> str | None:
    """``path|layername=…`` of a QgsVectorLayer that can be read straight from its file, else None."""
    if layer is None or layer.providerType() != "ogr" or layer.subsetString() or layer.isModified():
        return None
    return layer.source()


def read_columns(uri: str, fields: Sequence[str], geometry: str | None = None, is_cancelled=None
                 ) -> tuple[pd.DataFrame, np.ndarray | list | None] | None:
    """``(frame, geometries)`` of ``fields``, or None; ``geometry`` None (not read), ``"wkb"``
    (list of WKB bytes, None for NULL) or ``"shapely"`` (one ``shapely.from_wkb`` array).

    None means "use the feature loop": GDAL without the Arrow reader, a field not stored in the
    file (virtual or joined fields), or a layer that cannot be opened. ``is_cancelled`` is polled
    between batches and columns (raising Cancelled).
    """
    from osgeo import ogr

    if not fields:
        return None  # GDAL 3.6 returns unreadable WKB when every attribute is ignored: use the loop
    path, *options = uri.split("|")
    layer_name = next((o.split("=", 1)[1] for o in options if o.startswith("layername=")), None)
    if any(o.startswith(("layerid=", "subset=")) for o in options):
        return None
    dataset = ogr.Open(path)
    layer = None if dataset is None else (dataset.GetLayerByName(layer_name) if layer_name else dataset.GetLayer(0))
    if layer is None or not hasattr(layer, "GetArrowStreamAsNumPy"):
        return None
    definition = layer.GetLayerDefn()
    stored = [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())]
    fid = layer.GetFIDColumn()
    if any(name not in stored and name != fid for name in fields):
        return None
    layer.SetIgnoredFields([n for n in stored if n not in fields] + ([] if geometry else ["OGR_GEOMETRY"]))
    geometry_column = layer.GetGeometryColumn() or "wkb_geometry"
    chunks: dict[str, list] = {name: [] for name in fields}
    wkbs: list = []
    include_fid = "YES" if fid and fid in fields else "NO"
    for batch in layer.GetArrowStreamAsNumPy(options=[f"INCLUDE_FID={include_fid}", "USE_MASKED_ARRAYS=YES"]):
        check_cancelled(is_cancelled)
        for name in fields:
            chunks[name].append(batch[name])
        if geometry:
            wkbs.append(batch[geometry_column])
    columns = {}
    for name, parts in chunks.items():
        check_cancelled(is_cancelled)
        columns[name] = plain_column(parts)
    frame = pd.DataFrame(columns, columns=list(fields))
    if not geometry:
        return frame, None
    blobs = np.concatenate(wkbs) if wkbs else np.empty(0, dtype=object)
    if geometry == "wkb":
        return frame, [None if b is None or b is np.ma.masked else bytes(b) for b in blobs]
    import shapely

    return frame, shapely.from_wkb(blobs)


def plain_column(parts: list) -> pd.Series:
    """One Arrow column as the feature loop gives it: bytes → str, NULL → None, dates → QDate/QDateTime."""
    if not parts:
        return pd.Series([], dtype=object)
    kind = parts[0].dtype.kind
    column = np.ma.concatenate(parts) if any(np.ma.isMaskedArray(p) for p in parts) else np.concatenate(parts)
    mask = np.ma.getmaskarray(column)
    data = np.ma.getdata(column)
    if kind in "OS":
        values = data.astype(object)
        values[mask] = None
        present = np.not_equal(values, None)
        values[present] = [v.decode("utf-8") if isinstance(v, bytes) else v for v in values[present]]
        return pd.Series(values, dtype=object)
    if kind == "M":  # dates and date-times, as the Qt objects the feature loop gives
        from qgis.PyQt.QtCore import QDate, QDateTime

        stamps = pd.to_datetime(data)
        if str(data.dtype) == "datetime64[D]":
            values = np.array([QDate(d.year, d.month, d.day) for d in stamps], dtype=object)
        else:
            values = np.array([QDateTime(d.to_pydatetime()) for d in stamps], dtype=object)
        values[mask] = None
        return pd.Series(values, dtype=object)
    if mask.any():
        values = data.astype(object)
        values[mask] = None
        return pd.Series(values, dtype=object)
    return pd.Series(np.asarray(data))
