"""Reading case dates: strings as users type them, Python and pandas dates, numpy datetimes.

:func:`parse_dates` turns any mix of these into whole days (``datetime64[D]``) and says, row by
row, which values were missing and which could not be read. Nothing is guessed silently:

* **ISO, year first**: ``2024-04-01``, ``2024/04/01``, ``2024.04.01``, optionally followed by a
  time (``2024-04-01T10:30:00``, ``2024-04-01 10:30``, with seconds, fractions and a time-zone
  offset or ``Z``).
* **Day first, as UK users type it**: ``01/04/2024``, ``1/4/2024``, ``01-04-2024``,
  ``01.04.2024``, optionally followed by a time. ``04/05/2024`` is **4 May 2024**, never
  5 April: a month-first (US) date whose day is above 12 (``04/13/2024``) cannot be read and is
  reported, so a US-formatted column shows up as unreadable dates rather than wrong ones.
* **Day, month name, year**: ``1 Apr 2024``, ``01-Apr-2024``, ``1 April 2024``, ``1 Sept 2024``
  (English names or their first three or more letters, any case).
* Python ``datetime.date`` / ``datetime.datetime``, pandas ``Timestamp`` and numpy
  ``datetime64`` values; a ``datetime64`` array or Series is converted without parsing.

Only four-digit years are read: ``01/04/24`` is reported as unreadable (the century would be a
guess), as are Excel serial numbers (``45383``), impossible dates (``31/02/2024``) and strings
naming a date outside 1677–2262 (e.g. a typed ``0024-04-01``). A time of day is
ignored and a time-zone offset is not applied: the calendar date as written is the date used.
Missing means ``None``, NaN, NaT, pandas ``NA`` or an empty or blank string.

Speed: values are parsed once per distinct value (case dates repeat: four years hold 1,461 days),
so a million date strings take about 0.1 s; a million *distinct* date-time strings about 1 s.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

#: Status of each value: read, missing or unreadable.
READ, MISSING, UNREADABLE = 0, 1, 2

_TIME = r"(?:[T ]\s*\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2}|[AaPp]\.?[Mm]\.?)?)?"
_YEAR_FIRST = r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})" + _TIME + "$"
_DAY_FIRST = r"^(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})" + _TIME + "$"
_MONTH_NAME = r"^(?P<d>\d{1,2})[ -](?P<name>[A-Za-z]{3,9})\.?[ -](?P<y>\d{4})" + _TIME + "$"
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"]


@dataclass(frozen=True)
class ParsedDates:
    """Dates read from one column.

    ``days``: ``datetime64[D]``, NaT where not read; ``status``: int8 per value, :data:`READ`,
    :data:`MISSING` or :data:`UNREADABLE`.
    """

    days: np.ndarray
    status: np.ndarray


def _month_number(names: pd.Series) -> pd.Series:
    """1..12 for an English month name or its first three or more letters ("Sept" too), else NaN."""
    lower = names.str.lower().replace("sept", "sep")
    number = pd.Series(np.nan, index=names.index)
    for i, month in enumerate(_MONTHS, start=1):
        prefix = lower.map(lambda s, m=month: isinstance(s, str) and m.startswith(s))
        number = number.mask(prefix.astype(bool), float(i))
    return number


def _from_parts(year: pd.Series, month: pd.Series, day: pd.Series) -> np.ndarray:
    """Valid calendar dates from numeric parts (NaT where a part is missing or the date impossible)."""
    parts = pd.DataFrame({"year": year, "month": month, "day": day}).astype(float)
    ok = parts.notna().all(axis=1)
    days = np.full(len(parts), np.datetime64("NaT"), dtype="datetime64[D]")
    if ok.any():
        valid = pd.to_datetime(parts[ok].astype("int64"), errors="coerce")
        days[ok.to_numpy()] = valid.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    return days


def _parse_forms(text: pd.Series) -> np.ndarray:
    """``datetime64[D]`` for strings in one of the accepted forms; NaT otherwise."""
    days = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[D]")
    for pattern in (_YEAR_FIRST, _DAY_FIRST, _MONTH_NAME):
        todo = np.isnat(days)
        if not todo.any():
            break
        parts = text[todo].str.extract(pattern)
        month = _month_number(parts["name"]) if "name" in parts else parts["m"]
        days[todo] = _from_parts(parts["y"], month, parts["d"])
    return days


def _parse_strings(text: pd.Series) -> np.ndarray:
    """``datetime64[D]`` for stripped, non-empty strings; NaT where not in an accepted form.

    Fast path: a zero-padded date fills the first 10 characters (``2024-04-01``, ``01/04/2024``)
    and the rest is empty or a time, so the distinct heads and distinct tails are parsed, not
    every string (a million distinct date-times have only ~1,500 distinct days). The other
    strings are parsed whole.
    """
    head_codes, heads = pd.factorize(text.str.slice(0, 10))
    tail_codes, tails = pd.factorize(text.str.slice(10))
    head_days = _parse_forms(pd.Series(heads, dtype=object))
    tail_is_time = pd.Series(tails, dtype=object).str.fullmatch(_TIME).to_numpy(dtype=bool)
    days = np.where(tail_is_time[tail_codes], head_days[head_codes], np.datetime64("NaT"))
    rest = np.isnat(days)
    if rest.any():
        days[rest] = _parse_forms(text[rest])
    return days.astype("datetime64[D]")


def _parse_date_objects(values: np.ndarray) -> np.ndarray:
    """``datetime64[D]`` for date, datetime, Timestamp and datetime64 objects (time-zone offsets dropped).

    One vectorised conversion; values it leaves out (pandas drops time-zone aware values mixed with
    naive ones, and dates beyond its nanosecond range) are converted one by one.
    """
    try:
        stamps = pd.to_datetime(pd.Series(values, dtype=object), errors="coerce")
        if getattr(stamps.dt, "tz", None) is not None:
            stamps = stamps.dt.tz_localize(None)
        days = stamps.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    except (TypeError, ValueError, OverflowError):
        days = np.full(len(values), np.datetime64("NaT"), dtype="datetime64[D]")
    redo = np.flatnonzero(np.isnat(days))
    days[redo] = [_one_date(value) for value in values[redo]]
    return days


def _one_date(value) -> np.datetime64:
    """The calendar date of one date-like object as written (NaT if pandas cannot hold it)."""
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, OverflowError, pd.errors.OutOfBoundsDatetime):
        return np.datetime64("NaT")
    return np.datetime64("NaT") if stamp is pd.NaT else np.datetime64(stamp.date(), "D")


def _parse_distinct(uniques: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Days and status for distinct non-missing values of any type."""
    days = np.full(len(uniques), np.datetime64("NaT"), dtype="datetime64[D]")
    status = np.full(len(uniques), UNREADABLE, dtype=np.int8)
    if pd.api.types.infer_dtype(uniques, skipna=False) == "string":   # the usual case, checked in C
        is_text, is_date = np.ones(len(uniques), dtype=bool), np.zeros(len(uniques), dtype=bool)
    else:
        is_text = np.array([isinstance(v, str) for v in uniques], dtype=bool)
        is_date = np.array([isinstance(v, (_dt.date, np.datetime64)) for v in uniques], dtype=bool)
    if is_text.any():
        text = pd.Series(uniques[is_text], dtype=object).str.strip()
        blank = (text == "").to_numpy()
        status[np.flatnonzero(is_text)[blank]] = MISSING
        days[is_text] = _parse_strings(text)
    if is_date.any():
        days[is_date] = _parse_date_objects(uniques[is_date])
    status[~np.isnat(days)] = READ
    return days, status


def _parse_datetime64(values: pd.Series) -> ParsedDates:
    """A datetime64 column (time-zone aware or not): the local calendar date, NaT as missing."""
    if getattr(values.dt, "tz", None) is not None:
        values = values.dt.tz_localize(None)
    days = values.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    return ParsedDates(days, np.where(np.isnat(days), MISSING, READ).astype(np.int8))


def parse_dates(values: ArrayLike) -> ParsedDates:
    """Read a column of dates given in any of the forms in the module docstring.

    Parameters
    ----------
    values : sequence, numpy array or pandas Series of strings, dates, datetimes, Timestamps,
        datetime64 values and missing values (mixed types allowed).

    Returns
    -------
    ParsedDates
        one day and one status per input value, in input order.
    """
    series = values.reset_index(drop=True) if isinstance(values, pd.Series) else pd.Series(values, dtype=None)
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return _parse_datetime64(series)
    codes, uniques = pd.factorize(series.astype(object), use_na_sentinel=True)
    days = np.full(len(series), np.datetime64("NaT"), dtype="datetime64[D]")
    status = np.full(len(series), MISSING, dtype=np.int8)
    if len(uniques):
        distinct_days, distinct_status = _parse_distinct(np.asarray(uniques, dtype=object))
        present = codes >= 0
        days[present] = distinct_days[codes[present]]
        status[present] = distinct_status[codes[present]]
    return ParsedDates(days, status)
