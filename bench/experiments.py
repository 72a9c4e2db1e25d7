"""Proposed changes to other engineers' modules, applied by monkeypatching so that their effect on
a stage can be measured end to end (``run.py --experiment NAME``) before anyone edits the plugin.

Each experiment is the exact code proposed for the plugin module named in its docstring.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import shapely


def overlapping_pairs_fast(geoms, tolerance_m2: float = 1.0) -> pd.DataFrame:
    """Proposed body of ``geo.geometry_checks.overlapping_pairs`` (same contract and result).

    1. Valid polygons forming a valid coverage (GEOS ≥ 3.12 ``coverage_is_valid``: interiors
       disjoint, shared edges matched) cannot overlap: no pairwise work at all. The check runs on
       vertical strips in parallel threads (GEOS releases the GIL; see :func:`_is_valid_coverage`).
    2. Otherwise only candidate pairs whose interiors meet in an area (DE-9IM ``2********``, a
       relate without building geometry) are intersected to measure the overlap.
    """
    from phso_insight_plugin.geo.geometry_checks import as_geometry_array

    arr = as_geometry_array(geoms)
    empty = pd.DataFrame({"i": np.empty(0, np.int64), "j": np.empty(0, np.int64),
                          "overlap_area": np.empty(0, float)})
    ok = np.flatnonzero(~(shapely.is_missing(arr) | shapely.is_empty(arr)))
    if ok.size < 2:
        return empty
    sub = arr[ok]
    if shapely.geos_version >= (3, 12, 0) and shapely.is_valid(sub).all() and _is_valid_coverage(sub):
        return empty
    a, b = shapely.STRtree(sub).query(sub, predicate="intersects")
    keep = a < b
    a, b = a[keep], b[keep]
    interiors = shapely.relate_pattern(sub[a], sub[b], "2********")
    a, b = a[interiors], b[interiors]
    area = shapely.area(shapely.intersection(sub[a], sub[b]))
    hit = area > tolerance_m2
    df = pd.DataFrame({"i": ok[a[hit]].astype(np.int64), "j": ok[b[hit]].astype(np.int64),
                       "overlap_area": area[hit]})
    return df.sort_values(["i", "j"], kind="stable").reset_index(drop=True)


def _is_valid_coverage(polygons: np.ndarray, min_per_strip: int = 5_000) -> bool:
    """``coverage_is_valid`` over vertical strips, one thread per strip (up to the CPU count).

    Strip i holds every polygon whose x-range meets the strip's x-range. Two polygons that
    overlap or touch have intersecting bounding boxes, so some strip holds both; a subset of a
    valid coverage is valid. Hence all strips valid ⇔ the whole coverage valid."""
    strips = max(1, min(os.cpu_count() or 1, len(polygons) // min_per_strip))
    if strips == 1:
        return bool(shapely.coverage_is_valid(polygons))
    bounds = shapely.bounds(polygons)
    cuts = np.quantile((bounds[:, 0] + bounds[:, 2]) / 2, np.linspace(0, 1, strips + 1)[1:-1])
    lows, highs = np.concatenate([[-np.inf], cuts]), np.concatenate([cuts, [np.inf]])
    parts = [polygons[(bounds[:, 0] <= hi) & (bounds[:, 2] >= lo)] for lo, hi in zip(lows, highs)]
    with ThreadPoolExecutor(strips) as pool:
        return all(pool.map(shapely.coverage_is_valid, parts))


def fast_overlaps() -> None:
    """Use :func:`overlapping_pairs_fast` (the algorithm imports the function at run time)."""
    from phso_insight_plugin.geo import geometry_checks

    geometry_checks.overlapping_pairs = overlapping_pairs_fast


def read_ogr_columns(uri: str, fields: list[str], geometry: bool = False):
    """Proposed fast path for ``processing.layers.read_source`` (no features kept).

    Reads ``fields`` of an OGR-backed layer (``path|layername=…`` as ``QgsVectorLayer.source()``
    gives it) through GDAL's columnar reader (``GetArrowStreamAsNumPy``, GDAL ≥ 3.6), in feature
    order, with the same values read_source produces (text as ``str``, NULL as ``None``); with
    ``geometry``, returns ``(frame, geometries)``, the geometries converted from WKB in one
    ``shapely.from_wkb`` call (the caller checks that no reprojection is needed).
    Returns None when GDAL lacks the reader or a field is missing, so the caller falls back to
    the feature loop."""
    from osgeo import ogr

    path, *options = uri.split("|")
    layer_name = next((o.split("=", 1)[1] for o in options if o.startswith("layername=")), None)
    dataset = ogr.Open(path)
    if dataset is None:
        return None
    layer = dataset.GetLayerByName(layer_name) if layer_name else dataset.GetLayer(0)
    if layer is None or not hasattr(layer, "GetArrowStreamAsNumPy"):
        return None
    definition = layer.GetLayerDefn()
    names = [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())]
    fid = layer.GetFIDColumn()
    if any(name not in names and name != fid for name in fields):
        return None
    geometry_column = layer.GetGeometryColumn() or "wkb_geometry"
    layer.SetIgnoredFields([name for name in names if name not in fields] + ([] if geometry else ["OGR_GEOMETRY"]))
    chunks: dict[str, list] = {name: [] for name in fields}
    wkbs: list = []
    include_fid = "YES" if fid in fields else "NO"
    for batch in layer.GetArrowStreamAsNumPy(options=[f"INCLUDE_FID={include_fid}", "USE_MASKED_ARRAYS=YES"]):
        for name in fields:
            chunks[name].append(batch[name])
        if geometry:
            wkbs.append(batch[geometry_column])
    frame = pd.DataFrame({name: _plain_column(parts) for name, parts in chunks.items()}, columns=list(fields))
    if not geometry:
        return frame
    return frame, shapely.from_wkb(np.concatenate(wkbs) if wkbs else np.empty(0, dtype=object))


def _plain_column(parts: list) -> pd.Series:
    """One Arrow column as read_source gives it: bytes → str, masked/NULL → None, numbers as numbers."""
    if not parts:
        return pd.Series([], dtype=object)
    if parts[0].dtype.kind in "OS":
        values = np.concatenate([p.astype(object) for p in parts])
        present = np.not_equal(values, None)
        values[present] = [v.decode("utf-8") if isinstance(v, bytes) else v for v in values[present]]
        return pd.Series(values, dtype=object)
    column = np.ma.concatenate(parts) if any(np.ma.isMaskedArray(p) for p in parts) else np.concatenate(parts)
    if np.ma.isMaskedArray(column) and column.mask.any():
        return pd.Series(column.astype(object).filled(None), dtype=object)
    return pd.Series(np.asarray(column))


def arrow_read() -> None:
    """Read plain OGR tables through :func:`read_ogr_columns` in every algorithm.

    Mirrors the proposed change: ``PhsoAlgorithm.parameterAsSource`` remembers the layer source
    when the parameter is a whole OGR layer (no subset, not selected-features-only), and
    ``read_source`` uses the columnar reader for such sources when no features are kept and
    geometries, if wanted, need no reprojection."""
    import sys

    from qgis.core import QgsProcessingFeatureSourceDefinition

    from phso_insight_plugin.processing import base, layers

    original_source, original_read = base.PhsoAlgorithm.parameterAsSource, layers.read_source
    uris: dict[int, str] = {}

    def parameter_as_source(self, parameters, name, context):
        source = original_source(self, parameters, name, context)
        if source is not None and not isinstance(parameters.get(name), QgsProcessingFeatureSourceDefinition):
            layer = self.parameterAsVectorLayer(parameters, name, context)
            if layer is not None and layer.providerType() == "ogr" and not layer.subsetString():
                uris[id(source)] = layer.source()
        return source

    def read_source(source, feedback=None, fields=None, keep_features=True, progress=(0.0, 40.0),
                    geometries_in=None, context=None, what="input layer"):
        uri = uris.get(id(source))
        same_crs = geometries_in is None or geometries_in == source.sourceCrs()
        if uri is not None and not keep_features and same_crs:
            names = list(fields) if fields is not None else source.fields().names()
            read = read_ogr_columns(uri, names, geometry=geometries_in is not None)
            frame, geometries = read if isinstance(read, tuple) else (read, None)
            if frame is not None and len(frame):
                return layers.SourceTable(frame, [], geometries)
        return original_read(source, feedback, fields, keep_features, progress, geometries_in, context, what)

    base.PhsoAlgorithm.parameterAsSource = parameter_as_source
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("phso_insight_plugin.processing") \
                and getattr(module, "read_source", None) is original_read:
            module.read_source = read_source



EXPERIMENTS: dict[str, Callable[[], None]] = {"fast-overlaps": fast_overlaps, "arrow-read": arrow_read}


def apply(names: str) -> None:
    """Apply the comma-separated experiments ``names`` (after QGIS and the provider are loaded)."""
    for name in names.split(","):
        EXPERIMENTS[name]()
