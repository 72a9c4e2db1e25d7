"""representation_change: periods compared, the per-unit table, trend and persistence, summary and options."""
import numpy as np
import pandas as pd
import pytest

from phso_insight_plugin.change import CHANGE_COLUMNS, TREND_COLUMNS, representation_change
from phso_insight_plugin.change.analysis import TREND_NOT_TESTED, compared_periods
from phso_insight_plugin.change.compare import compare_periods
from phso_insight_plugin.errors import Cancelled, InputError

UNITS = ["E01", "E02", "E03", "E04"]
POPULATION = np.array([10000.0, 8000.0, 12000.0, 9000.0])
OBSERVED = np.array([[100, 95, 120, 180], [80, 85, 70, 75], [120, 125, 118, 130], [90, 40, 95, 88]])
YEARS = ["2021/22", "2022/23", "2023/24", "2024/25"]


@pytest.fixture(scope="module")
def result():
    return representation_change(OBSERVED, YEARS, UNITS, population=POPULATION)


def test_the_change_table_has_one_row_per_unit_with_change_trend_and_persistence(result):
    assert list(result.change.columns) == ["unit", *CHANGE_COLUMNS, *TREND_COLUMNS, "persistence", "persistence_label"]
    assert result.change.unit.tolist() == UNITS


def test_the_last_two_periods_are_compared_by_default(result):
    mine = result.change.iloc[0]
    assert (mine.observed_1, mine.observed_2) == (120, 180)
    assert result.summary["compared"] == ("2023/24", "2024/25")


def test_the_change_uses_the_expected_counts_of_each_period(result):
    by_period = result.by_period
    e = by_period.pivot(index="unit", columns="period", values="expected").loc[UNITS, YEARS].to_numpy()
    direct = compare_periods(OBSERVED[:, 2], e[:, 2], OBSERVED[:, 3], e[:, 3])
    pd.testing.assert_frame_equal(result.change[CHANGE_COLUMNS], direct)


def test_periods_to_compare_can_be_chosen_by_label_or_position():
    by_label = representation_change(OBSERVED, YEARS, UNITS, population=POPULATION, compare=("2021/22", "2024/25"))
    by_position = representation_change(OBSERVED, YEARS, UNITS, population=POPULATION, compare=(0, 3))
    assert by_label.change.observed_1.tolist() == OBSERVED[:, 0].tolist()
    pd.testing.assert_frame_equal(by_label.change, by_position.change)


@pytest.mark.parametrize("compare, fragment", [
    (("2024/25", "2021/22"), "the earlier first"),
    (("2021/22", "2021/22"), "the earlier first"),
    (("2020/21", "2024/25"), "'2020/21' to compare is not one of the periods"),
    ((0, 9), "9 to compare"),
])
def test_bad_comparisons_are_refused_naming_the_periods(compare, fragment):
    with pytest.raises(InputError, match=fragment):
        compared_periods(compare, YEARS)


def test_one_period_cannot_show_a_change():
    with pytest.raises(InputError, match="at least two periods"):
        representation_change(OBSERVED[:, :1], YEARS[:1], population=POPULATION)


def test_three_or_more_periods_bring_a_trend_test(result):
    assert result.change.trend_label.iloc[0] == "Significantly rising (99.8%)"
    assert np.isfinite(result.change.trend_z).all()


def test_two_periods_leave_the_trend_untested():
    two = representation_change(OBSERVED[:, 2:], YEARS[2:], UNITS, population=POPULATION)
    assert two.change.trend_z.isna().all() and (two.change.trend_label == TREND_NOT_TESTED).all()
    assert two.change.trend_tier.isna().all()


def test_persistence_flags_units_significantly_above_or_below_in_every_period():
    observed = np.array([[200, 210, 190], [100, 100, 100], [40, 35, 45]])
    result = representation_change(observed, ["A", "B", "C"], population=[1000.0, 1000.0, 1000.0])
    assert result.change.persistence.tolist() == [1, 0, -1]
    assert result.change.persistence_label.tolist() == [
        "Higher than expected in every period", "Not the same in every period", "Lower than expected in every period"]


def test_groups_are_units_like_areas_with_expected_from_population_shares():
    """Disabled people are 20% of the population: expected = 20% of each period's cases with a known group."""
    observed = np.array([[30, 45, 60], [120, 105, 90]])          # Yes, No
    result = representation_change(observed, ["A", "B", "C"], ["Yes", "No"], population=[200.0, 800.0])
    expected = result.by_period.pivot(index="unit", columns="period", values="expected").loc[["Yes", "No"]]
    np.testing.assert_allclose(expected.to_numpy(), [[30, 30, 30], [120, 120, 120]])
    assert result.change.trend_z[0] > 0 > result.change.trend_z[1]
    assert result.change.trend_tier[0] == 2 and result.change.trend_tier[1] < 0


def test_the_summary_counts_every_unit_once_per_kind_of_tier(result):
    summary = result.summary
    for key in ("change_tier_counts", "trend_tier_counts", "persistence_counts"):
        assert sum(summary[key].values()) == len(UNITS)
    assert summary["periods"] == YEARS and summary["n_units"] == 4 and len(summary["per_period"]) == 4


def test_the_method_sentence_states_the_standardisation_the_test_and_the_compared_periods(result):
    method = result.summary["method"]
    assert method.startswith("Crude expected counts from the study total, within each of 4 periods")
    for fragment in ("rise in total demand is not read as a local change", "from 2023/24 to 2024/25",
                     "O2 ~ Binomial(n, E2/(E1+E2))", "twice the smaller tail", "Clopper–Pearson",
                     "below 80%", "Breslow & Day"):
        assert fragment in method


def test_options_reach_the_change_test():
    result = representation_change(OBSERVED, YEARS, UNITS, population=POPULATION, multiple_testing="bh",
                                   two_sided="minlike")
    assert result.change.q_value.notna().all() and result.by_period.q_value.notna().all()
    assert "R's binom.test" in result.summary["method"] and "Benjamini–Hochberg" in result.summary["method"]


def test_two_sided_is_validated_before_any_work():
    with pytest.raises(InputError, match="'central', 'minlike'"):
        representation_change(OBSERVED, YEARS, population=POPULATION, two_sided="exact")


def test_cancelling_stops_the_run():
    with pytest.raises(Cancelled):
        representation_change(OBSERVED, YEARS, population=POPULATION, is_cancelled=lambda: True)
