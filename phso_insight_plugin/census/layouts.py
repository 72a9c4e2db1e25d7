"""Read a Census 2021 table in either published layout into one shape (pure pandas; no QGIS).

* **nomis bulk CSV** (``census2021-ts007a-lsoa.csv`` …): ``date``, ``geography``, ``geography code``, then one
  column per category, named ``<variable>: <category>[: <sub-category>]``, e.g. ``Age: Total``,
  ``Age: Aged 4 years and under``, ``Ethnic group: Asian, Asian British or Asian Welsh: Indian``. Some tables
  end every name with ``; measures: Value`` and some break long names over lines; both are read the same.
* **ONS custom dataset** (long): a geography pair ``Lower layer Super Output Areas Code`` /
  ``Lower layer Super Output Areas``, a classification pair ``Age (6 categories) Code`` / ``Age (6 categories)``
  (newer downloads: ``… code`` / ``… label``) and the count ``Observation`` (newer: ``Count``). Rows of the
  category code ``-8`` ("Does not apply") are left out and counted.

Either way the result is a :class:`CensusTable`: one row per area, one column per published category, whole
numbers of people, and the published total per area when the table has one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import InputError
from ..validation import describe_rows, listing, numeric_column

NOMIS_CODE = "geography code"
NOMIS_META = {"date", "geography", NOMIS_CODE}
MEASURES_SUFFIX = re.compile(r";\s*measures:\s*value$", re.IGNORECASE)
CLASSIFICATION = re.compile(r"^(.*?)\s*\((\d+) categories\)$", re.IGNORECASE)
CUSTOM_COUNTS = ("observation", "count")
DOES_NOT_APPLY = "-8"


@dataclass
class CensusTable:
    """A census table read: ``counts`` (index: area code; columns: category labels without the variable, in
    published order; whole numbers of people), ``totals`` (the published total per area, None when the layout
    has none), the ``variable`` ("Age", "Ethnic group") and where it came from."""

    variable: str
    layout: str
    code_column: str
    counts: pd.DataFrame
    totals: pd.Series | None
    left_out: int = 0


def plain(name: str) -> str:
    """A column name with its line breaks and runs of spaces made single spaces, and ``; measures: Value`` cut."""
    return MEASURES_SUFFIX.sub("", " ".join(str(name).split()))


def read_census_table(frame: pd.DataFrame) -> CensusTable:
    """The table in ``frame`` (as read from the file: every column, text or numbers), either layout."""
    names = {plain(c).casefold(): c for c in frame.columns}
    if NOMIS_CODE in names:
        return read_nomis(frame, names[NOMIS_CODE])
    if any(name in names for name in CUSTOM_COUNTS):
        return read_custom(frame)
    raise InputError(
        "The population table is not a Census 2021 table as published: it needs either the nomis bulk columns "
        "'geography code' and '<variable>: <category>' (e.g. census2021-ts007a-lsoa.csv) or an ONS custom "
        "dataset's '… Code' columns and 'Observation'; its fields are " + listing(map(str, frame.columns)) + ".")


def area_codes(frame: pd.DataFrame, column: str) -> pd.Series:
    """The area codes of ``column``, trimmed upper-case text; a blank one is an error naming the rows."""
    codes = frame[column].astype("string").str.strip().str.upper()
    blank = (codes.isna() | (codes == "")).to_numpy()
    if blank.any():
        raise InputError(f"The population table's area code field {column!r} is blank in {describe_rows(blank)}.")
    return codes


def nomis_categories(frame: pd.DataFrame) -> tuple[str, dict[str, str]]:
    """(variable, {column: category label}) of the nomis category columns; one variable only."""
    found = {}
    for column in frame.columns:
        name = plain(column)
        if name.casefold() in NOMIS_META:
            continue
        if ": " not in name or ";" in name:
            raise InputError(f"The population table's field {column!r} is not a nomis category column "
                             "('<variable>: <category>'); nomis tables that cross two variables (e.g. sex by age) "
                             "cannot be prepared: download a table of one variable.")
        variable, label = name.split(": ", 1)
        found[column] = (variable.strip(), label.strip())
    variables = list(dict.fromkeys(v for v, _ in found.values()))
    if len(variables) != 1:
        raise InputError("The population table should hold the categories of one variable; it has "
                         + (", ".join(repr(v) for v in variables) or "no category columns") + ".")
    return variables[0], {column: label for column, (_, label) in found.items()}


def read_nomis(frame: pd.DataFrame, code_column: str) -> CensusTable:
    """A nomis bulk table: the ``Total…`` column is the published total, every other column a category."""
    variable, labels = nomis_categories(frame)
    codes = area_codes(frame, code_column)
    duplicated_codes(codes, code_column)
    values = {column: numeric_column(frame, column, whole_numbers=True) for column in labels}
    table = pd.DataFrame({labels[c]: v for c, v in values.items()}, index=pd.Index(codes.to_numpy(), name="area"))
    total_labels = [label for label in table.columns if label.split(": ")[0].casefold() == "total"]
    totals = table[total_labels[0]] if total_labels else None
    return CensusTable(variable, "nomis", code_column, table.drop(columns=total_labels), totals)


def duplicated_codes(codes: pd.Series, column: str) -> None:
    """Each area once: a repeated code is an error naming the codes and rows."""
    repeated = codes.duplicated(keep=False).to_numpy()
    if repeated.any():
        raise InputError(f"The population table has area codes more than once in its field {column!r}: "
                         f"{listing(codes[repeated].unique())} ({describe_rows(repeated)}).")


def custom_columns(frame: pd.DataFrame) -> tuple[str, str, str, str]:
    """(area code, category code, category label, count) columns of an ONS custom dataset."""
    by_name = {plain(c).casefold(): c for c in frame.columns}
    count = next(by_name[n] for n in CUSTOM_COUNTS if n in by_name)
    pairs = {}
    for column in frame.columns:
        name = plain(column)
        if name.casefold().endswith(" code"):
            stem = name[:-5]
            label = by_name.get(stem.casefold()) or by_name.get(f"{stem} label".casefold())
            if label is not None:
                pairs[stem] = (column, label)
    classes = [stem for stem in pairs if CLASSIFICATION.match(stem)]
    places = [stem for stem in pairs if stem not in classes]
    if len(classes) != 1 or len(places) != 1:
        raise InputError(
            "The population table looks like an ONS custom dataset but should have one geography (e.g. 'Lower "
            "layer Super Output Areas Code') and one classification (e.g. 'Age (6 categories) Code'); it has "
            f"{len(places)} and {len(classes)} ({listing(pairs) or 'none'}): download one variable per file.")
    return pairs[places[0]][0], *pairs[classes[0]], count


def read_custom(frame: pd.DataFrame) -> CensusTable:
    """An ONS custom dataset (long): one row per area and category, pivoted to one column per category."""
    code_column, category_code, category_label, count_column = custom_columns(frame)
    variable = CLASSIFICATION.match(plain(category_label).removesuffix(" label")).group(1)
    codes = area_codes(frame, code_column)
    counts = numeric_column(frame, count_column, whole_numbers=True)
    not_applying = (frame[category_code].astype("string").str.strip() == DOES_NOT_APPLY).to_numpy(dtype=bool,
                                                                                                    na_value=False)
    labels = frame[category_label].astype("string").str.strip()
    long = pd.DataFrame({"area": codes, "category": labels, "count": counts})[~not_applying]
    repeated = long.duplicated(["area", "category"], keep=False).to_numpy()
    if repeated.any():
        rows = np.flatnonzero(~not_applying)[repeated]
        mask = np.zeros(len(frame), dtype=bool)
        mask[rows] = True
        raise InputError(f"The population table has the same area and category more than once (fields "
                         f"{code_column!r}, {category_label!r}) in {describe_rows(mask)}.")
    table = long.pivot(index="area", columns="category", values="count")
    table = table.reindex(index=pd.unique(long["area"]), columns=pd.unique(long["category"]))
    gaps = table.isna().any(axis=1)
    if gaps.any():
        raise InputError(f"The population table lacks some categories for {int(gaps.sum())} area(s), e.g. "
                         f"{listing(table.index[gaps])}: every area needs a row for every category.")
    table.index.name, table.columns.name = "area", None
    return CensusTable(variable, "ONS custom dataset", code_column, table, None, int(counts[not_applying].sum()))
