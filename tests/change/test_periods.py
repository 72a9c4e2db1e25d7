"""Periods: financial years (default), calendar years, calendar quarters and break dates; exclusions reported."""
import datetime as dt
import time

import numpy as np
import pandas as pd
import pytest

from phso_insight_plugin.change.dates import MISSING, READ, UNREADABLE
from phso_insight_plugin.change.periods import EXAMPLES, OUTSIDE, SCHEMES, Period, assign_periods
from phso_insight_plugin.errors import InputError

EDGES = ["2023-03-31", "2023-04-01", "2024-03-31", "2024-04-01"]


def test_financial_years_run_from_april_to_march_and_are_the_default():
    result = assign_periods(EDGES)
    assert result.labels == ["2022/23", "2023/24", "2024/25"]
    assert result.period.tolist() == [0, 1, 1, 2]
    assert result.periods[1] == Period("2023/24", dt.date(2023, 4, 1), dt.date(2024, 3, 31))


def test_financial_year_labels_keep_two_digits_across_a_century():
    assert assign_periods(["1999-12-01"]).labels == ["1999/00"]


def test_calendar_years_are_labelled_by_the_year():
    result = assign_periods(EDGES, "calendar_year")
    assert result.labels == ["2023", "2024"] and result.period.tolist() == [0, 0, 1, 1]


def test_quarters_are_calendar_quarters_labelled_year_and_quarter():
    result = assign_periods(["2024-03-31", "2024-04-01", "2024-06-30", "2024-07-01", "2024-12-31"], "quarter")
    assert result.labels == ["2024 Q1", "2024 Q2", "2024 Q3", "2024 Q4"]
    assert result.period.tolist() == [0, 1, 1, 2, 3]
    assert result.periods[1] == Period("2024 Q2", dt.date(2024, 4, 1), dt.date(2024, 6, 30))
    assert result.periods[3].end == dt.date(2024, 12, 31)


def test_periods_without_any_case_are_kept_between_the_first_and_the_last():
    result = assign_periods(["2021-05-01", "2024-05-01"])
    assert result.labels == ["2021/22", "2022/23", "2023/24", "2024/25"]
    assert result.period.tolist() == [0, 3]


def test_one_break_date_gives_before_and_from_periods_the_break_day_being_after():
    result = assign_periods(["2024-03-31", "2024-04-01", "2019-01-01"], "breaks", breaks=["2024-04-01"])
    assert result.labels == ["before 2024-04-01", "from 2024-04-01"]
    assert result.period.tolist() == [0, 1, 0]
    assert result.periods == (Period("before 2024-04-01", None, dt.date(2024, 3, 31)),
                               Period("from 2024-04-01", dt.date(2024, 4, 1), None))


def test_a_single_break_may_be_given_without_a_list():
    periods = assign_periods(["2024-05-01"], "breaks", breaks="2024-04-01")
    assert periods.labels == ["before 2024-04-01", "from 2024-04-01"]


def test_several_breaks_give_several_periods_with_their_dates_in_the_label():
    result = assign_periods(["2022-01-01", "2023-06-01", "2025-02-01"], "breaks", breaks=["2023-01-01", "01/01/2025"])
    assert result.labels == ["before 2023-01-01", "2023-01-01 to 2024-12-31", "from 2025-01-01"]
    assert result.period.tolist() == [0, 1, 2]


def test_start_and_end_bound_the_study_and_clip_the_first_and_last_period():
    dates = ["2023-05-01", "2023-06-01", "2024-12-31", "2025-01-01"]
    result = assign_periods(dates, start="2023-06-01", end="2024-12-31")
    assert result.status.tolist() == [OUTSIDE, READ, READ, OUTSIDE]
    assert result.period.tolist() == [-1, 0, 1, -1]
    assert result.periods[0] == Period("2023/24", dt.date(2023, 6, 1), dt.date(2024, 3, 31))
    assert result.periods[-1] == Period("2024/25", dt.date(2024, 4, 1), dt.date(2024, 12, 31))


def test_start_and_end_fix_the_periods_even_where_no_case_falls():
    result = assign_periods(["2022-07-01"], start="2021-04-01", end="2025-03-31")
    assert result.labels == ["2021/22", "2022/23", "2023/24", "2024/25"] and result.period.tolist() == [1]


def test_break_periods_are_bounded_by_start_and_end():
    result = assign_periods(["2023-03-31", "2023-04-01", "2025-04-01"], "breaks", breaks=["2024-04-01"],
                            start="2023-04-01", end="2025-03-31")
    assert result.labels == ["2023-04-01 to 2024-03-31", "2024-04-01 to 2025-03-31"]
    assert result.status.tolist() == [OUTSIDE, READ, OUTSIDE]


def test_missing_unreadable_and_outside_dates_are_counted_and_excluded_never_dropped():
    dates = ["2023-05-01", None, "", "31/02/2024", "2019-01-01", "2024-01-01"]
    result = assign_periods(dates, start="2021-04-01")
    assert result.status.tolist() == [READ, MISSING, MISSING, UNREADABLE, OUTSIDE, READ]
    assert result.period.tolist() == [2, -1, -1, -1, -1, 2]
    assert result.excluded_counts == {"no date": 2, "a date that could not be read": 1, "a date outside all periods": 1}


def test_the_exclusion_sentence_gives_counts_and_example_rows():
    result = assign_periods(["2023-05-01", None, "31/02/2024", "2019-01-01"], start="2021-04-01")
    assert result.describe_exclusions() == (
        "3 of 4 cases excluded: 1 with no date (e.g. row 1: None); 1 with a date that could not be read "
        "(e.g. row 2: '31/02/2024'); 1 with a date outside all periods (e.g. row 3: 2019-01-01).")


def test_month_first_dates_in_the_examples_bring_a_hint_about_day_first_reading():
    sentence = assign_periods(["2024-01-01", "04/13/2024"]).describe_exclusions()
    assert sentence.endswith("dates are read day first (dd/mm/yyyy), and some look month first (mm/dd/yyyy).")


def test_dates_that_are_no_date_either_way_bring_no_month_first_hint():
    assert "month first" not in assign_periods(["2024-01-01", "13/13/2024"]).describe_exclusions()


def test_nothing_excluded_gives_no_sentence():
    assert assign_periods(["2024-01-01"]).describe_exclusions() == ""


def test_examples_are_limited_per_reason():
    result = assign_periods([None] * 12 + ["2024-01-01"])
    assert len(result.examples[MISSING]) == EXAMPLES and result.excluded_counts["no date"] == 12


def test_no_readable_date_gives_no_periods():
    result = assign_periods([None, "junk"])
    assert result.periods == () and result.period.tolist() == [-1, -1]


@pytest.mark.parametrize("kwargs, fragment", [
    ({"scheme": "month"}, "'financial_year', 'calendar_year', 'quarter', 'breaks'"),
    ({"scheme": "breaks"}, "needs at least one break date"),
    ({"breaks": ["2024-04-01"]}, "only used with the period scheme 'breaks'"),
    ({"scheme": "breaks", "breaks": ["2025-01-01", "2024-01-01"]}, "increasing order"),
    ({"scheme": "breaks", "breaks": ["2024-01-01", "2024-01-01"]}, "without repeats"),
    ({"scheme": "breaks", "breaks": ["2024-13-45"]}, "break date '2024-13-45'"),
    ({"start": "2025-01-01", "end": "2024-01-01"}, "after end date"),
    ({"start": "soon"}, "start date 'soon'"),
    ({"scheme": "breaks", "breaks": ["2024-04-01"], "start": "2024-04-01"}, "start must be before the first break"),
])
def test_bad_options_are_refused_with_a_sentence_naming_them(kwargs, fragment):
    with pytest.raises(InputError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        assign_periods(["2024-01-01"], **kwargs)


def test_the_schemes_are_the_four_documented_ones():
    assert SCHEMES == ("financial_year", "calendar_year", "quarter", "breaks")


def test_a_million_dates_are_assigned_to_financial_years_in_well_under_a_second():
    rng = np.random.default_rng(14)
    days = np.datetime64("2021-04-01") + rng.integers(0, 1461, 1_000_000)
    text = pd.Series(days.astype(str))
    started = time.perf_counter()
    result = assign_periods(text)
    elapsed = time.perf_counter() - started
    stamps = pd.DatetimeIndex(days)
    assert result.labels == ["2021/22", "2022/23", "2023/24", "2024/25"]
    assert (result.period == stamps.year - (stamps.month < 4) - 2021).all()
    assert elapsed < 0.6, f"{elapsed:.2f} s"
