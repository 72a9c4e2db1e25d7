"""How numbers read, in the report and the dock alike."""
import pytest

from phso_insight_plugin.results.disclosure import NHS_DISCLOSURE
from phso_insight_plugin.results.formatting import (
    cases_words,
    count_text,
    expected_text,
    how_many,
    ratio_with_interval,
    share_text,
)


@pytest.mark.parametrize("count, printed", [(3, "3"), (802.55, "803"), (4952, "4,952"), (12345.0, "12,345"),
                                            (None, "–"), (float("nan"), "–")])
def test_counts_are_whole_numbers_with_thousands_separators(count, printed):
    assert count_text(count) == printed


@pytest.mark.parametrize("count, printed", [(3, "<8"), (7, "<8"), (8, "10"), (12, "10"), (0, "0"),
                                            (4952, "4,950")])
def test_under_nhs_disclosure_counts_of_1_to_7_read_less_than_8_and_others_the_nearest_5(count, printed):
    assert count_text(count, NHS_DISCLOSURE) == printed


def test_ratio_reads_with_its_95_percent_interval_to_two_decimals():
    assert ratio_with_interval(1.4299, 1.3327, 1.5323) == "1.43 (1.33 to 1.53)"


def test_ratio_without_interval_is_shown_alone_and_a_missing_ratio_is_a_dash():
    assert ratio_with_interval(0.5, None, float("nan")) == "0.50"
    assert ratio_with_interval(None, 0.1, 2.0) == "–"


def test_expected_counts_have_one_decimal():
    assert expected_text(18.43137) == "18.4"


@pytest.mark.parametrize("share, printed", [(0.18, "18%"), (0.074, "7.4%"), (0.0, "0%"), (0.0999, "10%")])
def test_shares_are_whole_percentages_from_ten_percent(share, printed):
    assert share_text(share) == printed


def test_cases_in_words_say_fewer_than_8_for_suppressed_counts():
    assert cases_words(5, NHS_DISCLOSURE) == "fewer than 8 cases"
    assert cases_words(1) == "1 case"
    assert cases_words(4952, NHS_DISCLOSURE) == "4,950 cases"
    assert how_many(1, "constituency", "constituencies") == "1 constituency"
