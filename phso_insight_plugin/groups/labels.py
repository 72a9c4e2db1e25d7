"""Group labels: text form, matching keys, missing values and label mapping.

Labels are compared by their *key*, the text trimmed and case-folded, so
``" White "`` and ``"white"`` are one group; outputs keep the first spelling
met. Whole numbers stored as decimals (IMD decile ``3.0``) read as ``"3"``.
Work is done once per distinct value (``pandas.factorize``), so a million
cases cost about as much as their distinct labels.
"""
from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..errors import InputError
from ..validation import describe_rows, require_columns

#: Case values that mean "group not known" (``;``-separated; blank and NULL always count).
DEFAULT_MISSING_VALUES = "Prefer not to say;Not known;Unknown;"


def _text(value) -> str | None:
    """One value as trimmed text; None for NULL, NaN and blank; ``3.0`` → ``"3"``."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() or None


def _per_distinct(values: pd.Series, convert) -> pd.Series:
    """``convert`` applied once per distinct non-null value; a ``string`` Series, NULL → <NA>."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    converted = pd.array([convert(v) for v in uniques] + [None], dtype="string")
    return pd.Series(converted[codes], index=values.index, dtype="string")


def label_text(values: pd.Series) -> pd.Series:
    """``values`` as trimmed text (pandas ``string`` dtype, same index); NULL and blank → <NA>."""
    return _per_distinct(values, _text)


def label_key(labels: pd.Series) -> pd.Series:
    """Matching key of text labels: case-folded (labels are already trimmed)."""
    return _per_distinct(labels, lambda label: str(label).casefold())


def first_spelling(labels: pd.Series) -> pd.Series:
    """Each label replaced by the first spelling of its key met in ``labels``."""
    keys = label_key(labels)
    first = labels.groupby(keys, sort=False).first()
    return keys.map(first).astype("string")


def parse_missing_values(text: str | None) -> frozenset[str]:
    """Keys of the ``;``-separated values that mean "not known" (empty entries ignored)."""
    parts = (part.strip() for part in (text or "").split(";"))
    return frozenset(part.casefold() for part in parts if part)


def is_missing(labels: pd.Series, missing_keys: Iterable[str]) -> np.ndarray:
    """True where a text label is NULL/blank or its key is one of ``missing_keys``."""
    listed = label_key(labels).isin(list(missing_keys)).to_numpy(dtype=bool, na_value=False)
    return labels.isna().to_numpy() | listed


def read_mapping(frame: pd.DataFrame, from_col: str, to_col: str) -> dict[str, str]:
    """``{key of a case label: population label}`` from a two-column mapping table.

    Raises InputError for a missing field, blank entries (naming the rows) or a
    case label mapped to two different population labels.
    """
    require_columns(frame, [from_col, to_col], "mapping table")
    source, target = label_text(frame[from_col]), label_text(frame[to_col])
    blank = (source.isna() | target.isna()).to_numpy()
    if blank.any():
        raise InputError(
            f"The mapping table has a blank {from_col!r} or {to_col!r} in {describe_rows(blank)}; "
            "every row must map a case label to a population label."
        )
    pairs = pd.DataFrame({"key": label_key(source), "from": source, "to": label_key(target), "label": target})
    targets = pairs.groupby("key", sort=False)["to"].nunique()
    conflicting = targets[targets > 1].index
    if len(conflicting):
        shown = pairs[pairs["key"].isin(conflicting)].drop_duplicates(["key", "to"])
        listed = "; ".join(f"{r['from']!r} → {r['label']!r}" for _, r in shown.head(10).iterrows())
        raise InputError(
            f"The mapping table maps {len(conflicting)} case label(s) to more than one population label: {listed}."
        )
    return dict(zip(pairs["key"], pairs["label"]))


def apply_mapping(labels: pd.Series, mapping: dict[str, str] | None) -> pd.Series:
    """Labels replaced through ``mapping`` (keys from :func:`read_mapping`); others unchanged."""
    if not mapping:
        return labels
    mapped = label_key(labels).map(mapping).astype("string")
    return mapped.fillna(labels)
