"""Plain CSV files read with pandas' C parser, when it provably reads what GDAL's CSV driver reads.

GDAL's CSV driver parses about 0.8 million rows a second (3.5 s for a 2.7-million-row postcode
lookup); pandas' C parser is two to three times faster. The two agree on well-formed files, and the
cases where they differ are all detected, so that such a file goes to GDAL (:mod:`.ogr_columns`):

* the file must be what GDAL opens as a CSV layer with every field text (no ``.csvt``, no open
  options) and the column names pandas reads must be GDAL's field names, in order: a header GDAL
  reads differently (another separator, a first line of numbers read as data, blank or repeated
  names, spaces around names) does not match;
* every line must be a record: GDAL keeps a line of spaces as a row and skips only empty lines,
  pandas skips both, and a quoted value spanning lines makes the counts differ too; so the records
  pandas read plus the header must equal the file's lines;
* no value may hold a double quote: GDAL and pandas treat a quote inside an unquoted value
  differently; rows with more values than the header (which GDAL cuts short) raise a pandas
  warning; a file that is not UTF-8 or cannot be tokenised raises an error.
"""
from __future__ import annotations

import os
import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ...cancel import check_cancelled

#: Bytes read at a time when counting lines.
BLOCK = 1 << 24
#: Rows parsed between two cancel checks (about 0.3 s).
ROWS_PER_CHUNK = 500_000


def read_plain_csv(dataset, layer, path: str, options: Sequence[str], fields: Sequence[str],
                   blank_as_null: bool, is_cancelled=None) -> pd.DataFrame | None:
    """The text columns ``fields`` of the CSV ``path`` (GDAL's ``dataset``/``layer``) as the columnar
    reader gives them (str, None for missing, and for empty with ``blank_as_null``); None when the
    file is not provably read alike (module docstring). ``is_cancelled`` is polled between chunks of
    :data:`ROWS_PER_CHUNK` rows (raising Cancelled)."""
    from osgeo import ogr

    definition = layer.GetLayerDefn()
    types = {definition.GetFieldDefn(i).GetType() for i in range(definition.GetFieldCount())}
    if (dataset.GetDriver().ShortName != "CSV" or options or not path.lower().endswith(".csv")
            or not os.path.isfile(path) or types - {ogr.OFTString}
            or os.path.exists(os.path.splitext(path)[0] + ".csvt")):
        return None
    names = [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            if pd.read_csv(path, nrows=0, index_col=False).columns.tolist() != names:
                return None
            frame = read_chunks(path, list(dict.fromkeys(fields)), is_cancelled)
    except (ValueError, UnicodeDecodeError, OSError, Warning):  # pandas' ParserError is a ValueError
        return None
    lines, quoted = count_lines(path)
    if lines != len(frame) + 1:
        return None
    columns = {name: text_column(frame[name], blank_as_null) for name in fields}
    if quoted and any(column.str.contains('"', regex=False).any() for column in columns.values()):
        return None
    return pd.DataFrame(columns, columns=list(fields))


def read_chunks(path: str, fields: list[str], is_cancelled) -> pd.DataFrame:
    """The ``fields`` of the CSV as text (NaN for a value missing from a short row), read in chunks; the file
    is closed however the reading ends (a cancel between chunks, a parser error)."""
    parts = []
    with pd.read_csv(path, usecols=fields, dtype=str, keep_default_na=False, na_filter=False, index_col=False,
                     encoding="utf-8", engine="c", chunksize=ROWS_PER_CHUNK) as chunks:
        for part in chunks:
            check_cancelled(is_cancelled)
            parts.append(part)
    return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]


def count_lines(path: str) -> tuple[int, bool]:
    """(lines in the file, a last one without its newline included; whether it holds a double quote)."""
    newlines, last, quoted = 0, b"", False
    with open(path, "rb") as stream:
        while block := stream.read(BLOCK):
            newlines += block.count(b"\n")
            quoted = quoted or b'"' in block
            last = block[-1:]
    return newlines + (last not in (b"\n", b"")), quoted


def text_column(values: pd.Series, blank_as_null: bool) -> pd.Series:
    """str objects with None where missing (a short row) or, with ``blank_as_null``, empty."""
    out = values.to_numpy(dtype=object, copy=True)
    all_text = pd.api.types.infer_dtype(out, skipna=False) == "string"  # a fast test: usually no value is missing
    missing = np.zeros(len(out), dtype=bool) if all_text else pd.isna(out)
    if blank_as_null:
        missing |= out == ""
    out[missing] = None
    return pd.Series(out, dtype=object)
