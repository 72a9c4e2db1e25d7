"""Checks of what a file's reader may have got wrong, run on every source an algorithm reads.

- **A header row read as data.** GDAL reads the first row of a spreadsheet as data when every
  cell of the sheet is text (its header detection needs a number in the second row), and the
  Delimited Text provider does the same when "First record has field names" is unticked: the
  fields are then named Field1, Field2… (field_1, field_2…) and the header labels become a case.
- **Values GDAL coerced.** SQLite, under a GeoPackage, stores whatever it is given: text or a
  decimal in an INTEGER column reaches QGIS as 0, -1 or a truncated number. A CSV whose types come
  from a ``.csvt`` file (or GDAL's AUTODETECT_TYPE) gives NULL for text it cannot parse and clamps
  large integers to 2147483647. Both are found by asking the file for the stored text again.

Each finding is an :class:`InputError` naming the input (and its parameter), the field and the rows.
"""
from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from qgis.core import Qgis, QgsFeatureRequest
from qgis.PyQt.QtCore import QCoreApplication

from ...errors import InputError
from ...validation import MAX_ROWS_LISTED
from .ogr_columns import open_ogr_layer, read_columns
from .source_origin import SourceOrigin

GENERIC_FIELD_NAME = re.compile(r"^field_?\d+$", re.IGNORECASE)
#: SQLite storage types a GeoPackage INTEGER (True) or REAL (False) column reads back right.
ALLOWED_TYPES = {True: "'integer', 'null'", False: "'integer', 'real', 'null'"}


def tr(text: str) -> str:
    return QCoreApplication.translate("read_checks", text)


def described(what: str, origin: SourceOrigin | None) -> str:
    """'the case table (INPUT)': the input as the messages name it."""
    return f"{what} ({origin.parameter})" if origin is not None and origin.parameter else what


def listed(values: Sequence) -> str:
    more = ", …" if len(values) > MAX_ROWS_LISTED else ""
    return ", ".join(str(v) for v in values[:MAX_ROWS_LISTED]) + more


# --- a header row read as data ---------------------------------------------------------------------------------

def header_row_values(field_names: Sequence[str], frame: pd.DataFrame) -> list[str] | None:
    """The first row's values when it looks like a header read as data, else None.

    It does when every field has a generic name (Field1…, field_1…), at least two columns were
    read, and the first row of each holds non-empty text that is not a number, differs from the
    other first-row values and does not occur again further down its column.
    """
    if len(frame) < 2 or len(frame.columns) < 2 or not all(GENERIC_FIELD_NAME.match(n) for n in field_names):
        return None
    first = [frame[c].iloc[0] for c in frame.columns]
    if not all(isinstance(v, str) and v.strip() and not is_number(v) for v in first):
        return None
    if len({v.strip().lower() for v in first}) < len(first):
        return None
    if any((frame[c].iloc[1:] == v).any() for c, v in zip(frame.columns, first)):
        return None
    return first


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def check_header_row(field_names: Sequence[str], frame: pd.DataFrame, origin: SourceOrigin | None,
                     what: str) -> None:
    """Raise when the first row looks like a header read as data (unless the layer was opened with
    the explicit open option HEADERS=DISABLE, which says the file has none)."""
    if origin is not None and "HEADERS=DISABLE" in (o.upper() for o in origin.open_options()):
        return
    values = header_row_values(field_names, frame)
    if values is None:
        return
    raise InputError(tr(
        "The first row of the {0} looks like a header read as data: its fields are named {1} and its first "
        "row holds {2}. Add the layer again with the first row as field names — for a spreadsheet whose cells "
        "are all text, with the open option HEADERS=FORCE (Add Vector Layer ▸ Options); for delimited text, "
        "with 'First record has field names' ticked — then choose the fields by their names.").format(
        described(what, origin), listed(list(frame.columns)), listed([repr(v) for v in values])))


# --- values GDAL coerced -----------------------------------------------------------------------------------------

def check_coerced_values(source, origin: SourceOrigin | None, names: Sequence[str], what: str) -> None:
    """Raise when a numeric field of a GeoPackage or typed CSV holds stored text that GDAL coerced,
    in a row the source delivers."""
    if origin is None or origin.provider != "ogr":
        return
    if origin.driver == "GPKG":
        found = geopackage_coerced(origin, names)
        place = tr("features with fid {0}")
    elif origin.driver == "CSV" and csv_is_typed(origin):
        found = csv_coerced(origin, names)
        place = tr("rows {0}")
    else:
        return
    for name, (integer, rows) in found.items():
        rows = rows if origin.whole_file_uri else delivered(source, name, rows)
        if rows:
            examples = dict.fromkeys(f"{text!r} read as {'NULL' if value is None else value}"
                                     for text, value in rows.values())
            raise InputError(tr(
                "Field {0!r} of the {1} holds {2} in {3} row(s) where its type says {4} ({5}: {6}). Correct them "
                "in the file, or store the column as text.").format(
                name, described(what, origin), tr("values GDAL cannot read as they are"), len(rows),
                tr("whole numbers") if integer else tr("numbers"), place.format(listed(list(rows))),
                listed(list(examples))))


def delivered(source, name: str, rows: dict) -> dict:
    """The ``rows`` (fid → (stored text, value GDAL gives)) that ``source`` still delivers with that
    value: not filtered out, unselected, deleted or corrected in the edit buffer."""
    request = QgsFeatureRequest().setFilterFids(list(rows)).setFlags(Qgis.FeatureRequestFlag.NoGeometry)
    request.setSubsetOfAttributes([name], source.fields())
    kept = {}
    for feature in source.getFeatures(request):
        value = feature[name]
        value = None if value is None or (hasattr(value, "isNull") and value.isNull()) else value
        if feature.id() in rows and value == rows[feature.id()][1]:
            kept[feature.id()] = rows[feature.id()]
    return dict(sorted(kept.items()))


def numeric_fields(layer, names: Sequence[str]) -> dict[str, bool]:
    """Field → True for integer, False for real, of the ``names`` that are numeric in the OGR layer."""
    from osgeo import ogr

    definition = layer.GetLayerDefn()
    kinds = {}
    for name in names:
        index = definition.GetFieldIndex(name)
        kind = definition.GetFieldDefn(index).GetType() if index >= 0 else None
        if kind in (ogr.OFTInteger, ogr.OFTInteger64, ogr.OFTReal):
            kinds[name] = kind != ogr.OFTReal
    return kinds


def quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def geopackage_coerced(origin: SourceOrigin, names: Sequence[str]) -> dict[str, tuple[bool, dict]]:
    """Field → (integer?, {fid: (stored text, value GDAL gives)}) of the rows whose stored SQLite type does not
    match the declared numeric type (text, or a decimal in an INTEGER column) and whose value GDAL
    gives is not the number stored ('12' as text, 5.0 in an INTEGER column are read right).

    One scan of the table finds the suspect rows of every field (a scan per field read the geometry
    blobs again each time); only those rows are then read back through GDAL."""
    dataset, layer = open_ogr_layer(origin.uri)
    kinds = numeric_fields(layer, names) if layer is not None else {}
    if not kinds:
        return {}
    fid = quoted(layer.GetFIDColumn() or "fid")
    tests = {name: f"typeof({quoted(name)}) NOT IN ({ALLOWED_TYPES[integer]})" for name, integer in kinds.items()}
    result = dataset.ExecuteSQL(  # "+ 0": a plain fid column would become the result's feature id
        f"SELECT {fid} + 0 AS phso_fid, " + ", ".join(
            f"CASE WHEN {test} THEN CAST({quoted(name)} AS TEXT) END AS {quoted('phso_' + name)}"
            for name, test in tests.items())
        + f" FROM {quoted(layer.GetName())} WHERE " + " OR ".join(tests.values()) + f" ORDER BY {fid}")
    if result is None:
        return {}
    suspects = [(f.GetField("phso_fid"), [f.GetField(f"phso_{name}") for name in kinds]) for f in result]
    dataset.ReleaseResultSet(result)
    found = {}
    for k, (name, integer) in enumerate(kinds.items()):
        read = {fid: (texts[k], layer.GetFeature(fid).GetField(name))
                for fid, texts in suspects if texts[k] is not None}
        rows = {fid: (text, value) for fid, (text, value) in read.items()
                if misread(text, value) or (not text.strip() and value is not None)}
        if rows:
            found[name] = integer, rows
    return found


def csv_is_typed(origin: SourceOrigin) -> bool:
    """Field types come from a .csvt beside the file or from the AUTODETECT_TYPE open option."""
    options = {o.upper() for o in origin.open_options()}
    return Path(origin.file_path()).with_suffix(".csvt").is_file() or "AUTODETECT_TYPE=YES" in options


def csv_coerced(origin: SourceOrigin, names: Sequence[str]) -> dict[str, tuple[bool, dict]]:
    """Field → (integer?, {row: (text in the file, value GDAL gives)}) of the numeric fields' cells that are not
    empty and do not read back as the number they hold (rows count from 1 below the header, as
    GDAL's feature ids do)."""
    from osgeo import gdal

    dataset, layer = open_ogr_layer(origin.uri)
    numeric = numeric_fields(layer, names) if layer is not None else {}
    if not numeric:
        return {}
    del layer, dataset
    typed = read_columns(origin.uri, list(numeric))
    untyped_path = f"/vsimem/phso_untyped_{uuid.uuid4().hex}.csv"  # no .csvt beside it: every field is text
    gdal.FileFromMemBuffer(untyped_path, Path(origin.file_path()).read_bytes())
    try:
        options = [o for o in origin.open_options() if not o.upper().startswith("AUTODETECT_")]
        raw = read_columns("|".join([untyped_path] + [f"option:{o}" for o in options]), list(numeric))
    finally:
        gdal.Unlink(untyped_path)
    if typed is None or raw is None:
        return {}
    found = {}
    for name in numeric:
        rows = {i + 1: (text, None if pd.isna(value) else value)
                for i, (text, value) in enumerate(zip(raw[0][name], typed[0][name])) if misread(text, value)}
        if rows:
            found[name] = numeric[name], rows
    return found


def misread(text: str | None, value) -> bool:
    """A non-empty cell whose text is not the number GDAL gives for it."""
    if text is None or not text.strip():
        return False
    try:
        number = float(text)
    except ValueError:
        return True
    return value is None or pd.isna(value) or float(value) != number
