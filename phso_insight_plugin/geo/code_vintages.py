"""ONS (GSS) area codes as data: which geography and which vintage a code belongs to (pure Python; no QGIS).

One table, ``resources/geography/code_vintages.csv``, says everything the plugin knows about codes:
one row per code prefix (``E01`` …), or per range of codes within a prefix when the range tells a
vintage apart — LSOA codes up to ``E01033768`` were issued in 2011 and ``E01033769``–``E01035722``
for the 2021 LSOAs; constituency codes ``E14000530``–``E14001062`` belong to the 2010–2023
boundaries and ``E14001063``–``E14001605`` to July 2024; ICB codes ``E54000008``–``E54000064`` to the
42 boards of July 2022 and ``E54000065``–``E54000071`` to the boards created by the April 2026 mergers
(36 in all; the unchanged boards kept their codes). The ONS pseudo codes ``E99999999``,
``W99999999``, ``S99999999``, ``N99999999``, ``L99999999`` and ``M99999999`` ("no area") have rows
with no geography. Columns: ``prefix, first, last`` (inclusive range; blank = the whole prefix),
``geography`` (the key of :data:`~phso_insight_plugin.results.geography.GEOGRAPHIES`), ``issued``
(the vintage the range was issued for), ``entity`` (what one code is, in words), ``label`` (the
vintage in words) and ``advice`` (what to do when codes of this range do not match a layer of the
other vintage). The vintage hints (:mod:`phso_insight_plugin.cases.vintage`), the geography names
(:mod:`phso_insight_plugin.results.geography`), the postcode directory's "no area" check and the
deprivation preparation read it.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

TABLE = Path(__file__).resolve().parents[1] / "resources" / "geography" / "code_vintages.csv"
#: A GSS code: a country letter, two digits of entity and six of instance ("E01000001").
GSS_CODE = re.compile(r"^([EWSNLM]\d{2})\d{6}$")
#: An ONS-style code field: geography, two-digit vintage, ``CD`` (``LSOA21CD``, ``icb26cd``).
GSS_FIELD = re.compile(r"^([A-Za-z]+)(\d{2})CD$", re.IGNORECASE)


@dataclass(frozen=True)
class CodeRange:
    """One row of the table: codes ``first``–``last`` of ``prefix`` (the whole prefix when blank)."""

    prefix: str
    first: str
    last: str
    geography: str
    issued: str
    entity: str
    label: str
    advice: str

    def contains(self, codes: pd.Series) -> np.ndarray:
        """Which of ``codes`` (clean upper-case text) fall in this range (same-length codes compare as text)."""
        text = codes.astype("string")
        inside = text.str.startswith(self.prefix).fillna(False) & text.str.fullmatch(GSS_CODE.pattern).fillna(False)
        if self.first:
            inside &= (text >= self.first).fillna(False) & (text <= self.last).fillna(False)
        return inside.to_numpy(dtype=bool)

    @property
    def is_pseudo(self) -> bool:
        return not self.geography


@cache
def code_ranges() -> tuple[CodeRange, ...]:
    """Every row of the table, in its order."""
    with TABLE.open(encoding="utf-8", newline="") as stream:
        return tuple(CodeRange(**{key: (value or "").strip() for key, value in row.items()})
                     for row in csv.DictReader(stream))


@cache
def prefix_geographies() -> dict[str, str]:
    """The first three characters of a code → the key of its geography (pseudo codes left out)."""
    return {row.prefix: row.geography for row in code_ranges() if not row.is_pseudo}


@cache
def entity_names() -> dict[str, str]:
    """The first three characters of a code → what one such code is ("LSOA", "London borough")."""
    names: dict[str, str] = {}
    for row in code_ranges():
        names.setdefault(row.prefix, row.entity)
    return names


@cache
def pseudo_codes() -> frozenset[str]:
    """The ONS pseudo codes that stand for "no area" in a directory column (E99999999 …)."""
    return frozenset(row.first for row in code_ranges() if row.is_pseudo)


def vintages(prefix: str) -> tuple[CodeRange, ...]:
    """The ranges of ``prefix`` issued for a vintage, oldest first (empty when the prefix has none)."""
    return tuple(sorted((row for row in code_ranges() if row.prefix == prefix and row.issued),
                        key=lambda row: row.issued))


def vintage_of(geography: str, issued: str) -> CodeRange:
    """The range issued for ``geography`` in ``issued`` (e.g. ``("LSOA", "2011")``); KeyError when none."""
    for row in code_ranges():
        if row.geography == geography and row.issued == issued:
            return row
    raise KeyError(f"No {geography} codes issued in {issued} in {TABLE.name}.")


def is_no_area(values: Iterable) -> np.ndarray:
    """True where a directory area value names no area: missing, blank, or an ONS pseudo code."""
    series = pd.Series(values, dtype=object) if not isinstance(values, pd.Series) else values
    codes, distinct = pd.factorize(series, use_na_sentinel=True)
    text = pd.Series(distinct, dtype=object).astype(str).str.strip().str.upper()
    empty = ((text == "") | text.isin(pseudo_codes())).to_numpy(dtype=bool)
    return (codes < 0) | np.append(empty, False)[codes]
