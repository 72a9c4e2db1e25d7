"""How figures read in the dock."""
from phso_insight_plugin.ui.formatting import format_count, format_expected, ratio_with_interval


def test_ratio_with_interval_reads_ratio_then_95_percent_limits_to_two_decimals():
    assert ratio_with_interval(1.8333, 1.4049, 2.3512) == "1.83 (1.40–2.35)"


def test_ratio_without_interval_is_shown_alone():
    assert ratio_with_interval(0.5, None, float("nan")) == "0.50"


def test_missing_ratio_is_a_dash():
    assert ratio_with_interval(None, 0.1, 2.0) == "–"


def test_counts_get_thousands_separators_and_no_decimals():
    assert format_count(12345.0) == "12,345"


def test_expected_counts_have_one_decimal():
    assert format_expected(18.43137) == "18.4"
