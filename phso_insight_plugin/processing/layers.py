"""Conversions between QGIS feature sources/sinks and pandas/numpy (the only place that loops over features)."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd
from qgis.core import (
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessingException,
)
from qgis.PyQt.QtCore import QCoreApplication, QVariant

from ..errors import Cancelled, InputError
from .ogr_columns import read_columns

QVARIANT_TYPES = {"float": QVariant.Double, "int": QVariant.LongLong, "str": QVariant.String}


def tr(text: str) -> str:
    return QCoreApplication.translate("layers", text)


def python_value(value):
    """QGIS attribute → plain Python (NULL QVariant → None)."""
    if isinstance(value, QVariant):
        return None if value.isNull() else value.value()
    return value


@dataclass
class SourceTable:
    """Features of a source read once: attribute table, the features to write back and,
    when asked for, their geometries as a shapely array (None for null geometries)."""

    frame: pd.DataFrame
    features: list[QgsFeature]
    geometries: "np.ndarray | None" = None


def read_source(source, feedback=None, fields: Sequence[str] | None = None, keep_features: bool = True,
                progress: tuple[float, float] = (0.0, 40.0), geometries_in=None, context=None,
                what: str = "input layer") -> SourceTable:
    """Read every feature of ``source``: a DataFrame of ``fields`` (all by default) in feature order.

    With ``geometries_in`` (a QgsCoordinateReferenceSystem), geometries are also returned as a
    shapely array in that CRS (read once as WKB, converted with one ``shapely.from_wkb`` call).
    Raises InputError for an empty source. Cancellation is checked every 1,000 features.
    A whole file layer read without keeping features (see :func:`PhsoAlgorithm.parameterAsSource`)
    goes through GDAL's columnar reader instead of the feature loop (:mod:`.ogr_columns`).
    """
    names = list(fields) if fields is not None else source.fields().names()
    missing = [n for n in names if source.fields().lookupField(n) < 0]
    if missing:
        raise InputError(tr("Field(s) {0} not found in the {1}; available fields: {2}.").format(
            ", ".join(map(repr, missing)), what, ", ".join(source.fields().names())))
    fast = read_whole_file(source, names, keep_features, geometries_in)
    if fast is not None:
        if len(fast.frame) == 0:
            raise InputError(tr("The {0} is empty: it has no features.").format(what))
        return fast
    total = source.featureCount()
    if total == 0:
        raise InputError(tr("The {0} is empty: it has no features.").format(what))
    request = QgsFeatureRequest()
    if geometries_in is not None:
        request.setDestinationCrs(geometries_in, context.transformContext())
    elif not keep_features:
        request.setFlags(QgsFeatureRequest.NoGeometry)
    if not keep_features:
        request.setSubsetOfAttributes(names, source.fields())
    indices = [source.fields().lookupField(n) for n in names]
    rows, features, wkbs = [], [], []
    start, span = progress
    for i, feature in enumerate(source.getFeatures(request)):
        attrs = feature.attributes()
        rows.append([python_value(attrs[j]) for j in indices])
        if keep_features:
            features.append(QgsFeature(feature))
        if geometries_in is not None:
            geometry = feature.geometry()
            wkbs.append(None if geometry.isNull() else bytes(geometry.asWkb()))
        if feedback is not None and i % 1000 == 0:
            if feedback.isCanceled():
                raise Cancelled()
            feedback.setProgress(start + span * i / max(total, 1))
    return SourceTable(pd.DataFrame(rows, columns=names), features,
                       shapely_from_wkb(wkbs) if geometries_in is not None else None)


def read_whole_file(source, names: list[str], keep_features: bool, geometries_in) -> SourceTable | None:
    """The columnar fast path, when the source is a whole OGR file layer and nothing needs the
    feature objects or a reprojection; None otherwise."""
    uri = getattr(source, "phso_ogr_uri", None)
    if uri is None or keep_features or (geometries_in is not None and geometries_in != source.sourceCrs()):
        return None
    read = read_columns(uri, names, with_geometry=geometries_in is not None)
    return None if read is None else SourceTable(read[0], [], read[1])


def shapely_from_wkb(wkbs: list) -> "np.ndarray":
    """One vectorised conversion of WKB bytes (None → None) to a shapely geometry array."""
    import numpy as np
    import shapely

    return shapely.from_wkb(np.array(wkbs, dtype=object))


def result_fields(frame: pd.DataFrame, kinds: dict[str, str]) -> QgsFields:
    """QgsFields for the result columns of ``frame``; ``kinds`` maps column → 'float'|'int'|'str'."""
    fields = QgsFields()
    for column in frame.columns:
        fields.append(QgsField(column, QVARIANT_TYPES[kinds[column]]))
    return fields


def merged_fields(input_fields: QgsFields, added: QgsFields) -> tuple[QgsFields, list[int]]:
    """Input fields with any name that ``added`` redefines dropped, then ``added``.

    Returns the output fields and the indices of the kept input fields.
    """
    added_names = {n.lower() for n in added.names()}
    kept = [i for i, f in enumerate(input_fields) if f.name().lower() not in added_names]
    out = QgsFields()
    for i in kept:
        out.append(input_fields.at(i))
    for field in added:
        out.append(field)
    return out, kept


def column_values(frame: pd.DataFrame) -> list[list]:
    """Rows of ``frame`` as Python lists with NaN/NA → None (QGIS NULL); never inf."""
    as_object = frame.astype(object).where(frame.notna(), None)
    return as_object.values.tolist()


def write_features(sink, features: Iterable[QgsFeature], kept: list[int], fields: QgsFields,
                   extra_rows: list[list], feedback=None, progress: tuple[float, float] = (60.0, 40.0)) -> None:
    """Write each input feature (geometry + kept attributes) followed by its result values."""
    start, span = progress
    total = max(len(extra_rows), 1)
    for i, (feature, extra) in enumerate(zip(features, extra_rows)):
        out = QgsFeature(fields)
        out.setGeometry(feature.geometry())
        attrs = feature.attributes()
        out.setAttributes([attrs[j] for j in kept] + extra)
        if not sink.addFeature(out, QgsFeatureSink.FastInsert):
            raise QgsProcessingException(tr("Could not write feature {0} to the output.").format(i + 1))
        if feedback is not None and i % 1000 == 0:
            if feedback.isCanceled():
                raise Cancelled()
            feedback.setProgress(start + span * i / total)


def frame_field_kinds(frame: pd.DataFrame) -> dict[str, str]:
    """Column → 'int'|'float'|'str' from pandas dtypes (nullable Int64 → int)."""
    kinds = {}
    for column, dtype in frame.dtypes.items():
        if pd.api.types.is_integer_dtype(dtype):
            kinds[column] = "int"
        elif pd.api.types.is_numeric_dtype(dtype):
            kinds[column] = "float"
        else:
            kinds[column] = "str"
    return kinds


def fields_for_frame(frame: pd.DataFrame, like: QgsFields | None = None) -> QgsFields:
    """QgsFields for every column of ``frame``: the definition from ``like`` when it has the column
    (so input fields keep their types), otherwise inferred from the pandas dtype."""
    kinds = frame_field_kinds(frame)
    fields = QgsFields()
    for column in frame.columns:
        index = like.lookupField(column) if like is not None else -1
        fields.append(like.at(index) if index >= 0 else QgsField(column, QVARIANT_TYPES[kinds[column]]))
    return fields


def write_frame(sink, frame: pd.DataFrame, fields: QgsFields, geometries: Sequence | None = None,
                feedback=None, progress: tuple[float, float] = (60.0, 40.0)) -> None:
    """Write one feature per row of ``frame`` (attributes in ``fields`` order; NaN → NULL),
    with ``geometries[i]`` (QgsGeometry) when given."""
    start, span = progress
    rows = column_values(frame[fields.names()])
    total = max(len(rows), 1)
    for i, row in enumerate(rows):
        feature = QgsFeature(fields)
        feature.setAttributes(row)
        if geometries is not None:
            feature.setGeometry(geometries[i])
        if not sink.addFeature(feature, QgsFeatureSink.FastInsert):
            raise QgsProcessingException(tr("Could not write feature {0} to the output.").format(i + 1))
        if feedback is not None and i % 5000 == 0:
            if feedback.isCanceled():
                raise Cancelled()
            feedback.setProgress(start + span * i / total)
