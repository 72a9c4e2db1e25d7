"""The period parameters shared by the algorithms that compare periods (``representationchange``, and
``grouprepresentation`` when asked to): the date field, the period scheme, break dates, study bounds and the
two periods to compare; read back and applied to the case dates (:mod:`phso_insight_plugin.change.periods`).

Dates come from QGIS as ``QDate``/``QDateTime`` (date fields) or text (CSV); both are read, and a case
whose date is missing, unreadable or outside the study is counted, excluded and reported by the core.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from qgis.PyQt.QtCore import QDate, QDateTime

from ..change.periods import PeriodAssignment, assign_periods
from ..errors import InputError
from .io.parameter_checks import concerning
from .options import Options

SCHEMES = (("financial_year", "Financial years (April–March)"), ("calendar_year", "Calendar years"),
           ("quarter", "Calendar quarters (January–March, April–June …)"),
           ("breaks", "Before and after the break dates (BREAKS)"))
#: ``representationchange``: always periods, financial years by default (PHSO reports by financial year).
PERIOD_SCHEMES = Options(*SCHEMES, default="financial_year")
#: ``grouprepresentation``: no periods by default (one pooled comparison, as before the option existed).
NO_PERIODS = "none"
OPTIONAL_PERIOD_SCHEMES = Options((NO_PERIODS, "None: all cases together"), *SCHEMES, default=NO_PERIODS)

DATE_FIELD, PERIODS, BREAKS = "DATE_FIELD", "PERIODS", "BREAKS"
START_DATE, END_DATE, COMPARE = "START_DATE", "END_DATE", "COMPARE"


@dataclass(frozen=True)
class PeriodChoice:
    """The periods asked for: ``scheme`` (a core scheme, or "none"), break dates, study bounds (None: open) and
    the two periods to compare (None: the last two)."""

    scheme: str
    breaks: tuple[str, ...] = ()
    start: str | None = None
    end: str | None = None
    compare: tuple[str, ...] | None = None

    @property
    def wanted(self) -> bool:
        return self.scheme != NO_PERIODS


def split_list(text: str) -> tuple[str, ...]:
    """'2023/24; 2024/25' → ('2023/24', '2024/25'): items separated by ';' or ',', blanks dropped."""
    return tuple(item.strip() for item in text.replace(",", ";").split(";") if item.strip())


def add_period_parameters(algorithm, cases: str, optional: bool) -> None:
    """DATE_FIELD (a field of ``cases``), PERIODS, BREAKS, START_DATE, END_DATE and COMPARE; ``optional``: PERIODS
    starts with "None" (and is its default)."""
    algorithm.add_field(DATE_FIELD, "Date field of the cases, e.g. received date", cases, optional=True)
    algorithm.add_choice(PERIODS, "Periods", OPTIONAL_PERIOD_SCHEMES if optional else PERIOD_SCHEMES)
    algorithm.add_text(BREAKS, "Break dates: the first day of each new period, separated by ; (e.g. 2024-04-01)",
                       optional=True)
    algorithm.add_text(START_DATE, "Study start date (optional; earlier cases are excluded)", optional=True)
    algorithm.add_text(END_DATE, "Study end date (optional; later cases are excluded)", optional=True)
    algorithm.add_text(COMPARE, "Periods to compare, earlier first, separated by ; (default: the last two)",
                       optional=True)


def period_choice(algorithm, parameters: dict, context) -> PeriodChoice:
    """The period parameters as given (text trimmed; empty → None)."""
    def text(key: str) -> str:
        return algorithm.parameterAsString(parameters, key, context).strip()

    compare = split_list(text(COMPARE))
    return PeriodChoice(algorithm.choice(parameters, PERIODS, context), split_list(text(BREAKS)),
                        text(START_DATE) or None, text(END_DATE) or None, compare or None)


def plain_date(value):
    """A QGIS date value as Python: QDate → ``date``, QDateTime → ``datetime``, a null one → None; others as given."""
    if isinstance(value, QDateTime):
        return value.toPyDateTime() if value.isValid() else None
    if isinstance(value, QDate):
        return value.toPyDate() if value.isValid() else None
    return value


def plain_dates(values: Iterable) -> list:
    """:func:`plain_date` of every value (a column of a date field, or text)."""
    return [plain_date(value) for value in values]


def assigned_periods(algorithm, choice: PeriodChoice, dates: Iterable) -> PeriodAssignment:
    """Each case's period (:func:`~phso_insight_plugin.change.periods.assign_periods`); a bad break or bound is an
    error naming its parameter."""
    with concerning(algorithm, BREAKS if choice.scheme == "breaks" else PERIODS):
        return assign_periods(plain_dates(dates), choice.scheme, breaks=choice.breaks, start=choice.start,
                              end=choice.end)



def check_periods(algorithm, choice: PeriodChoice, periods: PeriodAssignment) -> None:
    """At least two periods, and the periods to compare among them (InputError naming PERIODS or COMPARE)."""
    labels = periods.labels
    if len(labels) < 2:
        raise InputError(algorithm.tr("Every case counted falls in one period ({0}): a change needs two; choose "
                                      "shorter periods (PERIODS) or check the dates (DATE_FIELD).").format(
            labels[0] if labels else algorithm.tr("none")))
    if choice.compare is None:
        return
    unknown = [label for label in choice.compare if label not in labels]
    if len(choice.compare) != 2 or unknown:
        raise InputError(algorithm.tr("Periods to compare (COMPARE) must be two of the periods {0}, earlier first; "
                                      "got {1}.").format(", ".join(labels), "; ".join(choice.compare)))
    if labels.index(choice.compare[0]) >= labels.index(choice.compare[1]):
        raise InputError(algorithm.tr("Periods to compare (COMPARE): give the earlier period first ({0}; {1}).")
                         .format(choice.compare[1], choice.compare[0]))
