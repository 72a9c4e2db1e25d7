"""Conversions between QGIS feature sources/sinks and pandas/numpy (the only place that loops over features)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from qgis.core import (
    Qgis,
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsProcessingException,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication, QMetaType, QVariant

from ...cancel import start_phase
from ...errors import Cancelled, InputError
from .ogr_columns import read_columns
from .read_checks import check_coerced_values, check_header_row
from .source_origin import SourceOrigin, layer_origin

FIELD_TYPES = {"float": QMetaType.Type.Double, "int": QMetaType.Type.LongLong, "str": QMetaType.Type.QString}


def tr(text: str) -> str:
    return QCoreApplication.translate("layers", text)


def python_value(value):
    """QGIS attribute → plain Python (NULL QVariant → None)."""
    if isinstance(value, QVariant):
        return None if value.isNull() else value.value()
    return value


@dataclass
class SourceTable:
    """Features of a source read once: the attribute table; with ``keep_features``, each feature's
    geometry as WKB in the source CRS (None for NULL) to write it back; with ``geometries_in``,
    the geometries as a shapely array in that CRS."""

    frame: pd.DataFrame
    wkb: list | None = None
    geometries: np.ndarray | None = None


def read_source(source, feedback=None, fields: Sequence[str] | None = None, keep_features: bool = True,
                progress: tuple[float, float] = (0.0, 40.0), geometries_in=None, context=None,
                what: str = "input layer", origin: SourceOrigin | None = None) -> SourceTable:
    """Read every feature of ``source`` (:func:`read_table`) and check what its file's reader may
    have got wrong (:mod:`.read_checks`): a header row read as data, numbers GDAL coerced.

    ``origin`` says where a Processing source comes from (:meth:`PhsoAlgorithm.input_origin`; the
    algorithms call :meth:`PhsoAlgorithm.read_input`, which passes it); a map layer given directly
    is its own origin; any other source (a filtered or materialised one) is read feature by feature.
    Empty cells of a CSV read through OGR (which gives '' for them) become None, as every other
    reader gives them, so that a blank number is missing rather than text.
    """
    origin = origin if origin is not None else layer_origin(source)
    table = read_table(source, feedback, fields, keep_features, progress, geometries_in, context, what, origin,
                       blank_as_null=origin is not None and origin.driver == "CSV")
    check_header_row(source.fields().names(), table.frame, origin, what)
    check_coerced_values(source, origin, list(table.frame.columns), what)
    return table


def blank_text_as_null(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every empty string of its text columns replaced by None."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object:
            values = out[column].to_numpy(dtype=object, copy=True)
            values[out[column].eq("").to_numpy(dtype=bool)] = None
            out[column] = pd.Series(values, index=out.index, dtype=object)
    return out


def read_table(source, feedback=None, fields: Sequence[str] | None = None, keep_features: bool = True,
               progress: tuple[float, float] = (0.0, 40.0), geometries_in=None, context=None,
               what: str = "input layer", origin: SourceOrigin | None = None,
               blank_as_null: bool = False) -> SourceTable:
    """Read every feature of ``source``: a DataFrame of ``fields`` (all by default) in feature order.

    With ``geometries_in`` (a QgsCoordinateReferenceSystem), geometries are also returned as a
    shapely array in that CRS (read once as WKB, converted with one ``shapely.from_wkb`` call).
    Raises InputError for an empty source. Cancellation is checked every 1,000 features.
    A whole file layer (``origin``, see :func:`read_source`) goes through GDAL's columnar reader
    instead of the feature loop (:mod:`.ogr_columns`). With ``blank_as_null`` empty text becomes None.
    """
    names = list(fields) if fields is not None else source.fields().names()
    missing = [n for n in names if source.fields().lookupField(n) < 0]
    if missing:
        raise InputError(tr("Field(s) {0} not found in the {1}; available fields: {2}.").format(
            ", ".join(map(repr, missing)), what, ", ".join(source.fields().names())))
    if feedback is not None:
        start_phase(feedback, tr("Reading the {0}…").format(what))
    fast = read_whole_file(source, origin if origin is not None else layer_origin(source), names, keep_features,
                           geometries_in, feedback.isCanceled if feedback is not None else None, blank_as_null)
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
        request.setFlags(Qgis.FeatureRequestFlag.NoGeometry)
    if not keep_features:
        request.setSubsetOfAttributes(names, source.fields())
    indices = [source.fields().lookupField(n) for n in names]
    rows, wkbs = [], []
    start, span = progress
    for i, feature in enumerate(source.getFeatures(request)):
        attrs = feature.attributes()
        rows.append([python_value(attrs[j]) for j in indices])
        if keep_features or geometries_in is not None:
            geometry = feature.geometry()
            wkbs.append(None if geometry.isNull() else bytes(geometry.asWkb()))
        if feedback is not None and i % 1000 == 0:
            if feedback.isCanceled():
                raise Cancelled()
            feedback.setProgress(start + span * i / max(total, 1))
    frame = pd.DataFrame(rows, columns=names)
    return SourceTable(blank_text_as_null(frame) if blank_as_null else frame, wkbs if keep_features else None,
                       shapely_from_wkb(wkbs) if geometries_in is not None else None)


def read_whole_file(source, origin: SourceOrigin | None, names: list[str], keep_features: bool, geometries_in,
                    is_cancelled=None, blank_as_null: bool = False) -> SourceTable | None:
    """The columnar fast path, when ``origin`` says the source is a whole OGR file layer needing no
    reprojection (and not both the WKB and a shapely array); None otherwise. Raises Cancelled between
    batches."""
    uri = origin.whole_file_uri if origin is not None else None
    if uri is None or (geometries_in is not None and (keep_features or geometries_in != source.sourceCrs())):
        return None
    geometry = "wkb" if keep_features else ("shapely" if geometries_in is not None else None)
    read = read_columns(uri, names, geometry=geometry, multi=QgsWkbTypes.isMultiType(source.wkbType()),
                        is_cancelled=is_cancelled, blank_as_null=blank_as_null)
    if read is None:
        return None
    frame, geometries = read
    return SourceTable(frame, geometries if keep_features else None, None if keep_features else geometries)


def shapely_from_wkb(wkbs: list) -> np.ndarray:
    """One vectorised conversion of WKB bytes (None → None) to a shapely geometry array."""
    import shapely

    return shapely.from_wkb(np.array(wkbs, dtype=object))


def result_fields(frame: pd.DataFrame, kinds: dict[str, str]) -> QgsFields:
    """QgsFields for the result columns of ``frame``; ``kinds`` maps column → 'float'|'int'|'str'."""
    fields = QgsFields()
    for column in frame.columns:
        fields.append(QgsField(column, FIELD_TYPES[kinds[column]]))
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


def write_features(sink, table: SourceTable, kept: list[int], fields: QgsFields,
                   extra_rows: list[list], feedback=None, progress: tuple[float, float] = (60.0, 40.0)) -> None:
    """Write each feature of ``table`` (its geometry and the ``kept`` columns of its frame, by
    position) followed by its result values, in batches."""
    kept_rows = column_values(table.frame.iloc[:, kept]) if kept else [[] for _ in extra_rows]
    write_rows(sink, fields, [row + extra for row, extra in zip(kept_rows, extra_rows)], table.wkb, feedback,
               progress)


#: Features per ``addFeatures`` call (and between cancel checks): about 20 ms of writing.
BATCH = 2000
#: Rows of a DataFrame converted to Python values at a time when writing it (bounded memory and latency).
CHUNK = 50_000


def write_rows(sink, fields: QgsFields, rows: list[list], wkbs: Sequence | None = None, feedback=None,
               progress: tuple[float, float] = (60.0, 40.0), first_row: int = 0) -> None:
    """Add one feature per row (attributes in ``fields`` order), with geometry from ``wkbs[i]``
    (WKB bytes; None → NULL geometry), ``BATCH`` features per ``addFeatures`` call; Cancelled between
    calls. ``first_row`` numbers the rows in messages when ``rows`` is a chunk of a larger table."""
    start, span = progress
    total = max(len(rows), 1)
    batch = []
    for i, row in enumerate(rows):
        feature = QgsFeature(fields)
        feature.setAttributes(row)
        if wkbs is not None and wkbs[i] is not None:
            geometry = QgsGeometry()
            geometry.fromWkb(wkbs[i])
            feature.setGeometry(geometry)
        batch.append(feature)
        if len(batch) == BATCH or i == len(rows) - 1:
            if not sink.addFeatures(batch, QgsFeatureSink.Flag.FastInsert):
                raise QgsProcessingException(tr("Could not write features {0}–{1} to the output.").format(
                    first_row + i + 2 - len(batch), first_row + i + 1))
            batch = []
            if feedback is not None:
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
        fields.append(like.at(index) if index >= 0 else QgsField(column, FIELD_TYPES[kinds[column]]))
    return fields


def write_frame(sink, frame: pd.DataFrame, fields: QgsFields, feedback=None,
                progress: tuple[float, float] = (60.0, 40.0)) -> None:
    """Write one feature without geometry per row of ``frame`` (attributes in ``fields`` order; NaN → NULL),
    converting ``CHUNK`` rows at a time."""
    columns = frame[fields.names()]
    start, span = progress
    total = max(len(columns), 1)
    for first in range(0, len(columns), CHUNK):
        rows = column_values(columns.iloc[first:first + CHUNK])
        write_rows(sink, fields, rows, None, feedback, (start + span * first / total, span * len(rows) / total),
                   first)
