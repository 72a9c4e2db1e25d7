"""Read a Census 2021 table in either published layout into one shape (pure pandas; no QGIS).

* **nomis bulk CSV** (``census2021-ts007a-lsoa.csv`` …): ``date``, ``geography``, ``geography code``, then one
  column per category, named ``<variable>: <category>[: <sub-category>]``, e.g. ``Age: Total``,
  ``Age: Aged 4 years and under``, ``Ethnic group: Asian, Asian British or Asian Welsh: Indian``. Some tables
  end every name with ``; measures: Value`` and some break long names over lines; both are read the same. Tables
  crossing two variables name each column by both, ``<variable>: <category>; <variable>: <category>``, e.g.
  ``Sex: Female; Age: Aged 4 years and under; measures: Value`` (TS009).
* **ONS custom dataset** (long): a geography pair ``Lower layer Super Output Areas Code`` /
  ``Lower layer Super Output Areas``, a classification pair ``Age (6 categories) Code`` / ``Age (6 categories)``
  (newer downloads: ``… code`` / ``… label``) — or two, e.g. also ``Ethnic group (6 categories) Code`` /
  ``Ethnic group (6 categories)`` — and the count ``Observation`` (newer: ``Count``). Rows of the category code
  ``-8`` ("Does not apply") in any classification are left out and counted.

Either way the result is a :class:`CensusTable` (one variable: one row per area, one column per published
category) or a :class:`CrossTable` (two variables: one column per pair of categories), whole numbers of people,
and the published total per area when the table has one. Margins (a category ``Total…`` or ``All …``, e.g.
``All persons``) are totals, never categories.
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
    """A census table of one variable: ``counts`` (index: area code; columns: category labels without the
    variable, in published order; whole numbers of people), ``totals`` (the published total per area, None when
    the layout has none), the ``variable`` ("Age", "Ethnic group") and where it came from."""

    variable: str
    layout: str
    code_column: str
    counts: pd.DataFrame
    totals: pd.Series | None
    left_out: int = 0


@dataclass
class CrossTable:
    """A census table crossing two variables: ``counts`` (index: area code; columns: a two-level index of
    (category of ``variables[0]``, category of ``variables[1]``), every pair, margins left out), ``totals`` (the
    published total per area, None when the layout has none)."""

    variables: tuple[str, str]
    layout: str
    code_column: str
    counts: pd.DataFrame
    totals: pd.Series | None
    left_out: int = 0


def plain(name: str) -> str:
    """A column name with its line breaks and runs of spaces made single spaces, and ``; measures: Value`` cut."""
    return MEASURES_SUFFIX.sub("", " ".join(str(name).split()))


def is_total(label: str) -> bool:
    """Whether a category label is a margin: ``Total``, ``Total: All usual residents``, ``All persons``."""
    first = label.split(": ")[0].casefold()
    return first == "total" or first.startswith("all ")


def read_census_table(frame: pd.DataFrame) -> CensusTable | CrossTable:
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


def nomis_parts(column: str) -> tuple[tuple[str, str], ...]:
    """((variable, category), …) of a nomis category column: one pair, or two for a table crossing two
    variables; anything else is an error naming the field."""
    parts = plain(column).split("; ")
    if len(parts) > 2 or not all(": " in part for part in parts):
        raise InputError(f"The population table's field {column!r} is not a nomis category column ('<variable>: "
                         "<category>', or '<variable>: <category>; <variable>: <category>' for a table of two "
                         "variables); tables crossing more than two variables cannot be prepared.")
    return tuple(tuple(s.strip() for s in part.split(": ", 1)) for part in parts)


def nomis_categories(frame: pd.DataFrame) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
    """(variables, {column: its category labels, one per variable}) of the nomis category columns; every column
    of the same one or two variables."""
    found = {column: nomis_parts(column) for column in frame.columns if plain(column).casefold() not in NOMIS_META}
    variables = list(dict.fromkeys(tuple(v for v, _ in parts) for parts in found.values()))
    if len(variables) != 1:
        raise InputError("The population table should hold the categories of one variable (or of one pair of "
                         "variables); it has " + (", ".join(" by ".join(repr(v) for v in vs) for vs in variables)
                                                  or "no category columns") + ".")
    return variables[0], {column: tuple(label for _, label in parts) for column, parts in found.items()}


def read_nomis(frame: pd.DataFrame, code_column: str) -> CensusTable | CrossTable:
    """A nomis bulk table: the margin columns (:func:`is_total`) are left out, the column of margins only is the
    published total, every other column a category (or pair of categories)."""
    variables, labels = nomis_categories(frame)
    codes = area_codes(frame, code_column)
    duplicated_codes(codes, code_column)
    values = {labels[column]: numeric_column(frame, column, whole_numbers=True) for column in labels}
    table = pd.DataFrame(values, index=pd.Index(codes.to_numpy(), name="area"))
    table.columns = pd.MultiIndex.from_tuples(list(values)) if len(variables) == 2 else [k[0] for k in values]
    keys = list(values)
    margin = np.array([any(is_total(label) for label in key) for key in keys])
    grand = [i for i, key in enumerate(keys) if all(is_total(label) for label in key)]
    totals = table.iloc[:, grand[0]] if grand else None
    counts = table.loc[:, ~margin]
    if len(variables) == 2:
        return CrossTable(variables, "nomis", code_column, counts, totals)
    return CensusTable(variables[0], "nomis", code_column, counts, totals)


def duplicated_codes(codes: pd.Series, column: str) -> None:
    """Each area once: a repeated code is an error naming the codes and rows."""
    repeated = codes.duplicated(keep=False).to_numpy()
    if repeated.any():
        raise InputError(f"The population table has area codes more than once in its field {column!r}: "
                         f"{listing(codes[repeated].unique())} ({describe_rows(repeated)}).")


def custom_columns(frame: pd.DataFrame) -> tuple[str, list[tuple[str, str]], str]:
    """(area code, [(category code, category label) of each classification], count) columns of an ONS custom
    dataset: one geography and one or two classifications."""
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
    if len(classes) not in (1, 2) or len(places) != 1:
        raise InputError(
            "The population table looks like an ONS custom dataset but should have one geography (e.g. 'Lower "
            "layer Super Output Areas Code') and one or two classifications (e.g. 'Age (6 categories) Code'); it "
            f"has {len(places)} and {len(classes)} ({listing(pairs) or 'none'}): download one or two variables "
            "per file.")
    return pairs[places[0]][0], [pairs[stem] for stem in classes], count


def not_applying(frame: pd.DataFrame, code_columns: list[str]) -> np.ndarray:
    """Rows whose category code is "Does not apply" (-8) in any classification."""
    rows = np.zeros(len(frame), dtype=bool)
    for column in code_columns:
        rows |= (frame[column].astype("string").str.strip() == DOES_NOT_APPLY).to_numpy(dtype=bool, na_value=False)
    return rows


def read_custom(frame: pd.DataFrame) -> CensusTable | CrossTable:
    """An ONS custom dataset (long): one row per area and category (or pair of categories), pivoted to one column
    per category (pair)."""
    code_column, classes, count_column = custom_columns(frame)
    variables = tuple(CLASSIFICATION.match(plain(label).removesuffix(" label")).group(1) for _, label in classes)
    codes = area_codes(frame, code_column)
    counts = numeric_column(frame, count_column, whole_numbers=True)
    dropped = not_applying(frame, [code for code, _ in classes])
    keys = [f"category_{i}" for i in range(len(classes))]
    long = pd.DataFrame({"area": codes, "count": counts,
                         **{k: frame[label].astype("string").str.strip() for k, (_, label) in zip(keys, classes)}})
    long = long[~dropped]
    repeated_categories(long, keys, dropped, code_column, [label for _, label in classes])
    table = complete(long, keys)
    if len(classes) == 2:
        return CrossTable(variables, "ONS custom dataset", code_column, table, None, int(counts[dropped].sum()))
    return CensusTable(variables[0], "ONS custom dataset", code_column, table, None, int(counts[dropped].sum()))


def repeated_categories(long: pd.DataFrame, keys: list[str], dropped: np.ndarray, code_column: str,
                        labels: list[str]) -> None:
    """Each area and category (pair) once: a repeat is an error naming the fields and rows of the file."""
    repeated = long.duplicated(["area", *keys], keep=False).to_numpy()
    if repeated.any():
        mask = np.zeros(len(dropped), dtype=bool)
        mask[np.flatnonzero(~dropped)[repeated]] = True
        fields = ", ".join(repr(f) for f in (code_column, *labels))
        raise InputError(f"The population table has the same area and category more than once (fields {fields}) "
                         f"in {describe_rows(mask)}.")


def complete(long: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Areas × categories (× categories) of the long rows, in published order; an area without a row for every
    category (pair) is an error."""
    table = long.pivot(index="area", columns=keys[0] if len(keys) == 1 else keys, values="count")
    orders = [pd.unique(long[k]) for k in keys]
    columns = pd.Index(orders[0]) if len(keys) == 1 else pd.MultiIndex.from_product(orders)
    table = table.reindex(index=pd.unique(long["area"]), columns=columns)
    gaps = table.isna().any(axis=1)
    if gaps.any():
        what = "category" if len(keys) == 1 else "pair of categories"
        raise InputError(f"The population table lacks some categories for {int(gaps.sum())} area(s), e.g. "
                         f"{listing(table.index[gaps])}: every area needs a row for every {what}.")
    table.index.name = "area"
    table.columns.names = [None] * len(keys)
    return table.astype("int64")
