"""Large tables into a staged GeoPackage or CSV file through GDAL's Arrow writer, instead of one QgsFeature
per row.

:func:`..layers.write_frame` builds a ``QgsFeature`` per row: about 7 µs a row, 7 s for a million
assigned cases (12 s into a CSV file). When the output is a table without geometry staged
(:mod:`.outputs`) as a GeoPackage layer whose columns are text, whole numbers, numbers or
true/false, or as a CSV file whose columns are all text, QGIS still creates the file (its fields,
layer name and options exactly as for any sink), the sink is closed while still empty, and the rows
are appended by GDAL in record batches of :data:`ROWS_PER_BATCH` (:mod:`.arrow_batches`), inside one
transaction where the format has them (GeoPackage): about 1.5 µs a row. Values are written as the
feature path writes them (NaN and None as NULL; in a CSV file the text as OGR quotes it for QGIS);
numbers go to a CSV file through the feature path, since GDAL reopens its columns as text and would
format them its own way. The progress bar moves and a cancel is noticed between batches (a cancel or
an error leaves nothing: the staging folder is discarded).
"""
from __future__ import annotations

import pandas as pd
from qgis.core import QgsFields, QgsProcessingException
from qgis.PyQt.QtCore import QCoreApplication, QMetaType

from ...errors import Cancelled
from .arrow_batches import RecordBatch, column_kind
from .outputs import StagedOutput, close_sinks

#: Rows per record batch (and between cancel checks): about 0.1 s of writing.
ROWS_PER_BATCH = 50_000
#: QGIS field types each column kind may be written into unchanged.
FIELD_TYPES = {"str": (QMetaType.Type.QString,), "float": (QMetaType.Type.Double,),
               "int": (QMetaType.Type.Int, QMetaType.Type.LongLong, QMetaType.Type.Double),
               "bool": (QMetaType.Type.Bool,)}


def tr(text: str) -> str:
    return QCoreApplication.translate("table_writer", text)


def arrow_columns(frame: pd.DataFrame, fields: QgsFields, text_only: bool = False
                  ) -> list[tuple[str, str, pd.Series]] | None:
    """(field name, column kind, column) for every field, or None when a column cannot go through Arrow
    unchanged (dates, mixed objects, a kind that does not match its field's type, anything but text with
    ``text_only``) or a field is the GeoPackage's feature id."""
    columns = []
    for field in fields:
        name = field.name()
        kind = column_kind(frame[name])
        if kind is None or field.type() not in FIELD_TYPES[kind] or name.lower() == "fid" or \
                (text_only and kind != "str"):
            return None
        columns.append((name, kind, frame[name]))
    return columns


def arrow_table(staged: StagedOutput | None) -> str | None:
    """``"gpkg"`` or ``"csv"`` when ``staged`` is a GeoPackage or CSV file GDAL can append Arrow batches to,
    else None."""
    from osgeo import ogr

    if staged is None or not hasattr(ogr.Layer, "WriteArrowSchemaAndArrowArrayCapsule"):
        return None
    suffix = staged.target.path.lower().rsplit(".", 1)[-1]
    return suffix if suffix in ("gpkg", "csv") else None


def append_frame(staged: StagedOutput | None, frame: pd.DataFrame, fields: QgsFields, feedback=None,
                 progress: tuple[float, float] = (60.0, 40.0)) -> bool:
    """Write ``frame`` (columns ``fields``) into the empty staged table ``staged`` by Arrow batches;
    False (nothing done, the sink still open) when it cannot (see the module docstring)."""
    kind = arrow_table(staged)
    columns = arrow_columns(frame, fields, text_only=kind == "csv") if kind and len(frame) else None
    if columns is None:
        return False
    close_sinks(staged, finalize=True)
    from osgeo import gdal, ogr

    dataset = gdal.OpenEx(staged.staged_path, gdal.OF_VECTOR | gdal.OF_UPDATE)
    layer = dataset.GetLayerByName(staged.target.layer) if staged.target.layer else dataset.GetLayer(0)
    definition = layer.GetLayerDefn()
    names = [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())]
    if [n.lower() for n in names] != [name.lower() for name, _, _ in columns]:
        raise QgsProcessingException(tr("The output table was created with fields {0}, not {1}.").format(
            ", ".join(names), ", ".join(name for name, _, _ in columns)))
    in_gdal_names = [(gdal_name, kind, values) for gdal_name, (_, kind, values) in zip(names, columns)]
    transaction = bool(dataset.TestCapability(ogr.ODsCTransactions))
    if transaction:
        dataset.StartTransaction()
    committed = False
    try:
        write_batches(layer, in_gdal_names, feedback, progress)
        committed = dataset.CommitTransaction() == 0 if transaction else layer.SyncToDisk() == 0
    except RuntimeError as err:  # GDAL with exceptions on
        raise QgsProcessingException(tr("Could not write the rows: {0}").format(err)) from err
    finally:
        if not committed:
            roll_back(dataset)
    if not committed:
        raise QgsProcessingException(tr("Could not write the rows: {0}").format(gdal.GetLastErrorMsg()))
    return True


def roll_back(dataset) -> None:
    """End the failed transaction (best effort: the staged file is discarded anyway)."""
    try:
        dataset.RollbackTransaction()
    except RuntimeError:
        pass


def write_batches(layer, columns: list[tuple[str, str, pd.Series]], feedback, progress: tuple[float, float]) -> None:
    """Append the rows in batches of :data:`ROWS_PER_BATCH`; Cancelled between batches."""
    from osgeo import gdal

    start, span = progress
    total = len(columns[0][2])
    for first in range(0, total, ROWS_PER_BATCH):
        batch = RecordBatch([(name, kind, values.iloc[first:first + ROWS_PER_BATCH]) for name, kind, values in columns])
        if layer.WriteArrowSchemaAndArrowArrayCapsule(*batch.capsules(), False, []) != 0:
            raise QgsProcessingException(tr("Could not write rows {0}–{1}: {2}").format(
                first + 1, first + batch.length, gdal.GetLastErrorMsg()))
        if feedback is not None:
            if feedback.isCanceled():
                raise Cancelled()
            feedback.setProgress(start + span * (first + batch.length) / total)
