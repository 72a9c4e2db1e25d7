"""Reading case dates: the accepted forms, UK day-first order, and what is reported as missing or unreadable."""
import datetime as dt
import time

import numpy as np
import pandas as pd
import pytest

from phso_insight_plugin.change.dates import MISSING, READ, UNREADABLE, parse_dates

APRIL_FIRST = np.datetime64("2024-04-01", "D")


@pytest.mark.parametrize("text", [
    "2024-04-01", "2024/04/01", "2024.04.01", "2024-4-1", " 2024-04-01 ",
    "2024-04-01T10:30:00", "2024-04-01T10:30:00Z", "2024-04-01T23:30:00+01:00", "2024-04-01 10:30",
    "2024-04-01 10:30:15.250",
])
def test_iso_dates_with_or_without_a_time_are_read_year_first(text):
    parsed = parse_dates([text])
    assert parsed.days[0] == APRIL_FIRST and parsed.status[0] == READ


@pytest.mark.parametrize("text", ["01/04/2024", "1/4/2024", "01-04-2024", "01.04.2024", "01/04/2024 09:15",
                                  "01/04/2024 9:15:00", "01/04/2024 9:15 pm"])
def test_numeric_dates_with_the_year_last_are_read_day_first_as_uk_users_type_them(text):
    assert parse_dates([text]).days[0] == APRIL_FIRST


def test_an_ambiguous_date_is_the_day_then_the_month():
    assert parse_dates(["04/05/2024"]).days[0] == np.datetime64("2024-05-04")


@pytest.mark.parametrize("text", ["1 Apr 2024", "01-Apr-2024", "1 April 2024", "1 APRIL 2024", "1 apr. 2024"])
def test_dates_with_an_english_month_name_are_read(text):
    assert parse_dates([text]).days[0] == APRIL_FIRST


def test_sept_is_september():
    assert parse_dates(["1 Sept 2024"]).days[0] == np.datetime64("2024-09-01")


@pytest.mark.parametrize("text", [
    "04/13/2024",   # month first (US): day 13 of month 4 would need a 13th month
    "31/02/2024",   # no such day
    "01/04/24",     # two-digit year: the century would be a guess
    "45383",        # Excel serial number
    "0024-04-01",   # outside what pandas holds
    "1 Aprl 2024",  # not a month name
    "2024-04-01x",  # trailing text
    "tomorrow",
])
def test_values_that_are_not_dates_in_an_accepted_form_are_unreadable_not_guessed(text):
    parsed = parse_dates([text])
    assert np.isnat(parsed.days[0]) and parsed.status[0] == UNREADABLE


@pytest.mark.parametrize("value", [None, np.nan, pd.NaT, pd.NA, "", "   "])
def test_empty_values_are_missing(value):
    parsed = parse_dates(pd.Series([value, "2024-04-01"], dtype=object))
    assert parsed.status.tolist() == [MISSING, READ]


def test_numbers_are_unreadable_not_taken_as_timestamps():
    assert parse_dates(pd.Series([45383, 1.5e9], dtype=object)).status.tolist() == [UNREADABLE, UNREADABLE]


def test_python_dates_datetimes_timestamps_and_numpy_datetimes_give_their_calendar_date():
    values = [dt.date(2024, 4, 1), dt.datetime(2024, 4, 1, 23, 59),
              pd.Timestamp("2024-04-01 00:30", tz="Europe/London"), np.datetime64("2024-04-01T18:00"), "2024-04-01"]
    parsed = parse_dates(pd.Series(values, dtype=object))
    assert (parsed.days == APRIL_FIRST).all() and (parsed.status == READ).all()


def test_a_time_zone_offset_is_not_applied_the_date_as_written_is_used():
    late_evening = pd.Series(pd.to_datetime(["2024-03-31 23:30"]).tz_localize("Europe/London"))
    assert parse_dates(late_evening).days[0] == np.datetime64("2024-03-31")
    assert parse_dates(["2024-03-31T23:30:00-05:00"]).days[0] == np.datetime64("2024-03-31")


def test_a_datetime64_column_is_converted_with_nat_as_missing():
    column = pd.Series(pd.to_datetime(["2024-04-01 10:00", None]))
    parsed = parse_dates(column)
    assert parsed.days[0] == APRIL_FIRST and parsed.status.tolist() == [READ, MISSING]


def test_results_follow_input_order_whatever_the_series_index():
    parsed = parse_dates(pd.Series(["2024-04-02", "bad", "2024-04-01"], index=[10, 5, 7]))
    assert parsed.days[[0, 2]].tolist() == [dt.date(2024, 4, 2), dt.date(2024, 4, 1)]
    assert parsed.status.tolist() == [READ, UNREADABLE, READ]


def test_a_million_iso_date_strings_are_read_in_well_under_a_second():
    rng = np.random.default_rng(14)
    days = np.datetime64("2021-04-01") + rng.integers(0, 1461, 1_000_000)
    text = pd.Series(days.astype(str))
    started = time.perf_counter()
    parsed = parse_dates(text)
    elapsed = time.perf_counter() - started
    assert (parsed.days == days).all()
    assert elapsed < 0.6, f"{elapsed:.2f} s"
