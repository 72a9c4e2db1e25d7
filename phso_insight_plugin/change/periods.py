"""Periods for change over time: financial years, calendar years, quarters or explicit break dates.

:func:`assign_periods` reads a column of dates (see :mod:`.dates` for the accepted forms) and gives
each row the number of its period, or -1 with the reason it is excluded: no date, a date that
could not be read, or a date outside all periods. Excluded rows are counted and listed with
examples (:meth:`PeriodAssignment.describe_exclusions`), never dropped silently.

Schemes (``scheme``):

* ``"financial_year"`` (default; PHSO reports by financial year): 1 April to 31 March, labelled
  ``"2023/24"`` for 1 April 2023 - 31 March 2024.
* ``"calendar_year"``: labelled ``"2024"``.
* ``"quarter"``: **calendar** quarters, Q1 = January-March ... Q4 = October-December, labelled
  ``"2024 Q2"`` for April-June 2024. (A financial year's first quarter, April-June, is the
  calendar Q2 of its first year.)
* ``"breaks"``: explicit break dates ``b1 < b2 < ...``, each the **first day** of a new period:
  ``"before 2024-04-01"``, ``"2024-04-01 to 2024-12-31"``, ``"from 2025-01-01"`` (so one break
  gives before / after a pilot's start).

Calendar schemes cover every period from the one holding the earliest date to the one holding the
latest, **including periods without any case** (a year with no case is a year with O = 0).
``start`` and ``end`` (inclusive, optional, any scheme) bound the study: dates before ``start``
or after ``end`` are "outside all periods", and the first and last periods are clipped to them
(their labels are unchanged). Expected counts are standardised within each period, so a partial
period does not bias the ratios.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from typing import Literal, get_args

import numpy as np
from numpy.typing import ArrayLike

from ..errors import InputError
from .dates import MISSING, READ, UNREADABLE, parse_dates

PeriodScheme = Literal["financial_year", "calendar_year", "quarter", "breaks"]
SCHEMES: tuple[str, ...] = get_args(PeriodScheme)
#: Status of a row dated outside all periods (the other statuses come from :mod:`.dates`).
OUTSIDE = 3
EXCLUSION_REASONS: dict[int, str] = {
    MISSING: "no date",
    UNREADABLE: "a date that could not be read",
    OUTSIDE: "a date outside all periods",
}
#: Example rows kept per exclusion reason.
EXAMPLES = 5
_MONTH_FIRST = re.compile(r"^\W*(0?[1-9]|1[0-2])[/.-](1[3-9]|2\d|3[01])[/.-]\d{4}")


@dataclass(frozen=True)
class Period:
    """One period: ``label``, ``start`` (first day) and ``end`` (last day, inclusive); None = open."""

    label: str
    start: _dt.date | None
    end: _dt.date | None


@dataclass(frozen=True)
class PeriodAssignment:
    """Result of :func:`assign_periods`.

    ``period``: int64 per row, the position in ``periods`` or -1 if excluded; ``status``: int8 per
    row, 0 kept or the exclusion reason (keys of :data:`EXCLUSION_REASONS`); ``periods``: the
    periods in time order; ``examples``: up to :data:`EXAMPLES` ``(row, value)`` pairs per
    exclusion reason (row = 0-based position in the input).
    """

    period: np.ndarray
    status: np.ndarray
    periods: tuple[Period, ...]
    examples: dict[int, list[tuple[int, str]]] = field(default_factory=dict)

    @property
    def labels(self) -> list[str]:
        """Period labels in time order."""
        return [p.label for p in self.periods]

    @property
    def excluded_counts(self) -> dict[str, int]:
        """Number of rows excluded for each reason (reasons with none are listed too)."""
        return {text: int(np.count_nonzero(self.status == code)) for code, text in EXCLUSION_REASONS.items()}

    def describe_exclusions(self, noun: str = "cases") -> str:
        """One sentence stating how many rows were excluded, why, with example rows ('' if none)."""
        excluded = int(np.count_nonzero(self.status != READ))
        if not excluded:
            return ""
        parts = []
        for code, reason in EXCLUSION_REASONS.items():
            n = int(np.count_nonzero(self.status == code))
            if n:
                shown = ", ".join(f"row {row}: {value}" for row, value in self.examples.get(code, []))
                parts.append(f"{n:,} with {reason} (e.g. {shown})")
        text = f"{excluded:,} of {self.status.size:,} {noun} excluded: " + "; ".join(parts)
        if any(_MONTH_FIRST.match(value) for _, value in self.examples.get(UNREADABLE, [])):
            text += "; dates are read day first (dd/mm/yyyy), and some look month first (mm/dd/yyyy)"
        return text + "."


def _one_date(value, name: str) -> _dt.date:
    """A single date parameter (start, end or a break), or an InputError naming it."""
    parsed = parse_dates([value])
    if parsed.status[0] != READ:
        raise InputError(f"{name} {value!r} is not a date that can be read (use e.g. 2024-04-01 or 01/04/2024)")
    return parsed.days[0].astype(object)


def _key(days: np.ndarray, scheme: str) -> np.ndarray:
    """Period key of each day: financial year, calendar year, or year * 4 + quarter - 1."""
    year = days.astype("datetime64[Y]").astype(np.int64) + 1970
    month0 = days.astype("datetime64[M]").astype(np.int64) % 12
    if scheme == "financial_year":
        return year - (month0 < 3)
    if scheme == "calendar_year":
        return year
    return year * 4 + month0 // 3


def _calendar_period(key: int, scheme: str) -> Period:
    """The period with this key, unclipped."""
    if scheme == "financial_year":
        return Period(f"{key}/{(key + 1) % 100:02d}", _dt.date(key, 4, 1), _dt.date(key + 1, 3, 31))
    if scheme == "calendar_year":
        return Period(str(key), _dt.date(key, 1, 1), _dt.date(key, 12, 31))
    year, quarter = divmod(key, 4)
    first = _dt.date(year, 3 * quarter + 1, 1)
    after = _dt.date(year + (quarter == 3), (3 * quarter + 3) % 12 + 1, 1)
    return Period(f"{year} Q{quarter + 1}", first, after - _dt.timedelta(days=1))


def _calendar_periods(days: np.ndarray, kept: np.ndarray, scheme: str, start, end) -> tuple[np.ndarray, tuple]:
    """Period index per day and the consecutive periods from the first to the last key."""
    keys = _key(days, scheme)
    if not kept.any() and (start is None or end is None):
        return np.full(days.size, -1, dtype=np.int64), ()
    lo = _key(np.array([start], dtype="datetime64[D]"), scheme)[0] if start is not None else keys[kept].min()
    hi = _key(np.array([end], dtype="datetime64[D]"), scheme)[0] if end is not None else keys[kept].max()
    periods = []
    for key in range(int(lo), int(hi) + 1):
        p = _calendar_period(key, scheme)
        first = max(p.start, start) if start is not None else p.start
        last = min(p.end, end) if end is not None else p.end
        periods.append(Period(p.label, first, last))
    return np.where(kept, keys - lo, -1), tuple(periods)


def _break_periods(days: np.ndarray, kept: np.ndarray, breaks: list, start, end) -> tuple[np.ndarray, tuple]:
    """Period index per day for periods starting at each break, and the periods."""
    one = _dt.timedelta(days=1)
    edges = [start, *breaks, None]
    periods = []
    for first, following in zip(edges[:-1], edges[1:]):
        last = following - one if following is not None else end
        if first is None:
            label = f"before {following.isoformat()}"
        elif last is None:
            label = f"from {first.isoformat()}"
        else:
            label = f"{first.isoformat()} to {last.isoformat()}"
        periods.append(Period(label, first, last))
    index = np.searchsorted(np.array(breaks, dtype="datetime64[D]"), days, side="right")
    return np.where(kept, index, -1).astype(np.int64), tuple(periods)


def _check_options(scheme: str, breaks, start, end) -> tuple[list, _dt.date | None, _dt.date | None]:
    """Validated breaks (sorted dates), start and end."""
    if scheme not in SCHEMES:
        raise InputError(f"period scheme must be one of {', '.join(map(repr, SCHEMES))}, got {scheme!r}")
    start = _one_date(start, "start date") if start is not None else None
    end = _one_date(end, "end date") if end is not None else None
    if start is not None and end is not None and start > end:
        raise InputError(f"start date {start.isoformat()} is after end date {end.isoformat()}")
    if isinstance(breaks, (str, _dt.date, np.datetime64)):
        breaks = (breaks,)
    dates = [_one_date(b, "break date") for b in breaks]
    if scheme != "breaks":
        if dates:
            raise InputError(f"break dates are only used with the period scheme 'breaks', not {scheme!r}")
        return [], start, end
    if not dates:
        raise InputError("the period scheme 'breaks' needs at least one break date (the first day of a new period)")
    if any(a >= b for a, b in zip(dates, dates[1:])):
        listed = ", ".join(d.isoformat() for d in dates)
        raise InputError(f"break dates must be given in increasing order without repeats, got {listed}")
    if (start is not None and start >= dates[0]) or (end is not None and end < dates[-1]):
        raise InputError("start must be before the first break date and end on or after the last one")
    return dates, start, end


def _examples(values, status: np.ndarray, days: np.ndarray) -> dict[int, list[tuple[int, str]]]:
    """Up to :data:`EXAMPLES` example rows per exclusion reason (the value as given, or the date read)."""
    seq = values.to_numpy(dtype=object) if hasattr(values, "to_numpy") else np.asarray(values, dtype=object)
    found = {}
    for code in EXCLUSION_REASONS:
        rows = np.flatnonzero(status == code)[:EXAMPLES]
        shown = [str(days[r]) if code == OUTSIDE else repr(seq[r]) for r in rows]
        found[code] = [(int(r), s) for r, s in zip(rows, shown)]
    return found


def assign_periods(
    dates: ArrayLike,
    scheme: PeriodScheme = "financial_year",
    breaks: tuple = (),
    start=None,
    end=None,
) -> PeriodAssignment:
    """Assign each date to a period (module docstring: schemes, labels, bounds).

    Parameters
    ----------
    dates : one date per row, in any form :func:`~.dates.parse_dates` reads.
    scheme : "financial_year", "calendar_year", "quarter" or "breaks".
    breaks : for "breaks", the first day of each new period (increasing dates).
    start, end : optional inclusive bounds of the study period.

    Returns
    -------
    PeriodAssignment
        period index and status per row, the periods, and example rows of each exclusion.
    """
    break_dates, start, end = _check_options(scheme, breaks, start, end)
    parsed = parse_dates(dates)
    days, status = parsed.days, parsed.status.copy()
    read = status == READ
    if start is not None:
        status[read & (days < np.datetime64(start, "D"))] = OUTSIDE
    if end is not None:
        status[read & (days > np.datetime64(end, "D"))] = OUTSIDE
    kept = status == READ
    if scheme == "breaks":
        period, periods = _break_periods(days, kept, break_dates, start, end)
    else:
        period, periods = _calendar_periods(days, kept, scheme, start, end)
    return PeriodAssignment(period, status, periods, _examples(dates, status, days))


def _label_order(label: str) -> tuple[int, str]:
    """Time order of period labels: "before …" first, "from …" last, the rest in text order."""
    return (0 if label.startswith("before ") else 2 if label.startswith("from ") else 1, label)


def periods_from_labels(labels: ArrayLike) -> PeriodAssignment:
    """Periods named by a label per row (counts already aggregated by period), in time order.

    The labels this module writes sort into time order as text ("2023/24" before "2024/25", "2024 Q1"
    before "2024 Q2", ISO dates), with "before <date>" first and "from <date>" last. A missing or blank
    label is excluded as "no date" (reported like a missing date). Periods carry no start or end.
    """
    values = list(labels)
    text = [None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip() for v in values]
    distinct = sorted({t for t in text if t}, key=_label_order)
    position = {label: k for k, label in enumerate(distinct)}
    period = np.array([position[t] if t else -1 for t in text], dtype=np.int64)
    status = np.where(period >= 0, READ, MISSING).astype(np.int8)
    examples = {code: [] for code in EXCLUSION_REASONS}
    examples[MISSING] = [(int(r), repr(values[r])) for r in np.flatnonzero(status == MISSING)[:EXAMPLES]]
    return PeriodAssignment(period, status, tuple(Period(label, None, None) for label in distinct), examples)
