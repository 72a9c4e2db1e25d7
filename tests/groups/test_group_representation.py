"""Group representation on hand-computable numbers: ratios, shares, intervals, q-values, exclusions."""
import numpy as np
import pandas as pd
import pytest

from phso_insight_plugin.errors import InputError
from phso_insight_plugin.groups.representation import (
    NOT_COMPARED,
    NOTE_UNMATCHED_AREA,
    NOTE_UNMATCHED_GROUP,
)
from phso_insight_plugin.stats.intervals import wilson_ci
from phso_insight_plugin.stats.representation import FLAG_ZERO_EXPECTED
from phso_insight_plugin.stats.significance import benjamini_hochberg, poisson_p_value
from tests.groups.helpers import analyse, one_row_per_case, population_table, row

REL = 1e-12
#: 100 cases against a population of 5,000: shares 0.3/0.5/0.2 against 0.2/0.4/0.4.
THREE_GROUPS_CASES = {"A": 30, "B": 50, "C": 20}
THREE_GROUPS_POPULATION = [("A", 1000), ("B", 2000), ("C", 2000)]


@pytest.fixture()
def three_groups():
    return analyse(one_row_per_case(THREE_GROUPS_CASES), population_table(THREE_GROUPS_POPULATION))


def test_ratio_is_case_share_over_population_share(three_groups):
    table = three_groups.table
    assert list(table["group"]) == ["A", "B", "C"]
    assert list(table["case_share"]) == pytest.approx([0.3, 0.5, 0.2], rel=REL)
    assert list(table["population_share"]) == pytest.approx([0.2, 0.4, 0.4], rel=REL)
    assert list(table["expected"]) == pytest.approx([20.0, 40.0, 40.0], rel=REL)
    assert list(table["ratio"]) == pytest.approx([1.5, 1.25, 0.5], rel=REL)


def test_case_share_interval_is_wilson_95(three_groups):
    lower, upper = wilson_ci(np.array([30, 50, 20]), 100, 0.95)
    assert list(three_groups.table["case_share_lcl95"]) == pytest.approx(list(lower), rel=REL)
    assert list(three_groups.table["case_share_ucl95"]) == pytest.approx(list(upper), rel=REL)
    assert (row(three_groups, "A")["case_share_lcl95"], row(three_groups, "A")["case_share_ucl95"]) == pytest.approx(
        (0.218949, 0.395849), abs=1e-6)


def test_ratio_limits_are_the_count_limits_over_expected(three_groups):
    c = row(three_groups, "C")  # O = 20 >= 10: Byar's; E = 40
    z = 1.959963984540054
    byars_lower = 20 * (1 - 1 / 180 - z / (3 * np.sqrt(20))) ** 3
    byars_upper = 21 * (1 - 1 / 189 + z / (3 * np.sqrt(21))) ** 3
    assert c["ci_method"] == "Byars"
    assert (c["lcl95"], c["ucl95"]) == pytest.approx((byars_lower / 40, byars_upper / 40), rel=1e-9)


def test_p_value_is_the_exact_poisson_test_of_cases_against_expected(three_groups):
    assert list(three_groups.table["p_value"]) == pytest.approx(
        list(poisson_p_value([30, 50, 20], [20, 40, 40])), rel=REL)


def test_without_multiple_testing_tiers_follow_the_phe_limits(three_groups):
    result = analyse(one_row_per_case(THREE_GROUPS_CASES), population_table(THREE_GROUPS_POPULATION),
                     multiple_testing="none")
    # A: 95% lower 1.012 > 1 -> 1; B: interval spans 1 -> 0; C: 99.8% upper 0.952 < 1 -> -2.
    assert list(result.table["tier"]) == [1, 0, -2]
    assert result.table["q_value"].isna().all()


def test_by_default_tiers_follow_benjamini_hochberg_q_values(three_groups):
    # q: A 0.0655 (not < 0.05) -> 0; C 0.0022 (< 0.05, not < 0.002) -> -1.
    assert list(three_groups.table["tier"]) == [0, 0, -1]
    assert list(three_groups.table["tier_label"]) == [
        "In line with population", "In line with population", "Lower than expected (95%)"]


def test_q_values_adjust_across_every_area_and_group_together():
    cases = pd.concat([one_row_per_case({"A": 30, "B": 50, "C": 20}, area="North"),
                       one_row_per_case({"A": 12, "B": 40, "C": 48}, area="South")])
    population = population_table([("North", "A", 1000), ("North", "B", 2000), ("North", "C", 2000),
                                   ("South", "A", 1000), ("South", "B", 2000), ("South", "C", 2000)])
    table = analyse(cases, population, per_area=True).table
    assert list(table["q_value"]) == pytest.approx(list(benjamini_hochberg(table["p_value"].to_numpy())), rel=REL)
    north_only = benjamini_hochberg(table["p_value"].to_numpy()[:3])
    assert not np.allclose(table["q_value"].to_numpy()[:3], north_only)


def test_cases_in_exact_proportion_to_population_are_in_line():
    result = analyse(one_row_per_case({"A": 20, "B": 40, "C": 40}), population_table(THREE_GROUPS_POPULATION))
    assert list(result.table["ratio"]) == [1.0, 1.0, 1.0]
    assert list(result.table["tier"]) == [0, 0, 0]


def test_shares_are_per_area_and_each_sums_to_one():
    cases = pd.concat([one_row_per_case({"A": 30, "B": 50, "C": 20}, area="North"),
                       one_row_per_case({"A": 5, "B": 7, "C": 9}, area="South")])
    population = population_table([("North", "A", 1000), ("North", "B", 2000), ("North", "C", 2000),
                                   ("South", "A", 300), ("South", "B", 100), ("South", "C", 600)])
    table = analyse(cases, population, per_area=True).table
    assert list(table["area"]) == ["North"] * 3 + ["South"] * 3
    sums = table.groupby("area")[["case_share", "population_share"]].sum()
    assert sums.to_numpy() == pytest.approx(np.ones((2, 2)), rel=REL)
    south_a = row(analyse(cases, population, per_area=True), "A", "South")
    assert south_a["expected"] == pytest.approx(21 * 0.3, rel=REL)


def test_population_rows_of_the_same_area_and_group_are_summed():
    cases = one_row_per_case({"A": 30, "B": 50, "C": 20}, area="North")
    lsoa_rows = population_table([("North", "A", 600), ("North", "A", 400), ("North", "B", 2000),
                                  ("North", "C", 1500), ("North", "C", 500)])
    table = analyse(cases, lsoa_rows, per_area=True).table
    assert list(table["population"]) == [1000.0, 2000.0, 2000.0]


def test_missing_group_values_are_excluded_from_shares_and_counted():
    cases = one_row_per_case({"A": 30, "B": 50, "C": 20, "Prefer not to say": 6, "unknown": 2, "  ": 1})
    cases = pd.concat([cases, pd.DataFrame({"group": [None, None]})], ignore_index=True)
    result = analyse(cases, population_table(THREE_GROUPS_POPULATION))
    assert list(result.table["case_share"]) == pytest.approx([0.3, 0.5, 0.2], rel=REL)
    assert list(result.table["excluded_cases"]) == [11.0, 11.0, 11.0]
    assert result.summary.excluded_cases == 11
    assert result.summary.excluded_by_reason == {"group not known (blank or a missing value)": 11.0}
    assert "11 cases excluded from the shares" in result.summary.method.text


def test_a_label_missing_from_the_population_gets_its_own_row_and_is_not_compared():
    result = analyse(one_row_per_case({"A": 30, "B": 50, "C": 20, "Gypsy or Irish Traveller": 4}),
                     population_table(THREE_GROUPS_POPULATION))
    unmatched = row(result, "Gypsy or Irish Traveller")
    assert unmatched["cases"] == 4
    assert np.isnan(unmatched["ratio"]) and pd.isna(unmatched["tier"])
    assert unmatched["tier_label"] == NOT_COMPARED and unmatched["note"] == NOTE_UNMATCHED_GROUP
    assert list(result.table["case_share"][:3]) == pytest.approx([0.3, 0.5, 0.2], rel=REL)
    assert result.summary.unmatched_groups == {"Gypsy or Irish Traveller": 4.0}
    assert "4 cases with labels not in the population table not compared" in result.summary.method.text
    assert "4 cases" not in result.summary.method.text_without_counts  # 1–7 must not reach published texts


def test_an_area_missing_from_the_population_gets_rows_and_is_not_compared():
    cases = pd.concat([one_row_per_case({"A": 30, "B": 50, "C": 20}, area="North"),
                       one_row_per_case({"A": 3, "B": 1}, area="Atlantis")])
    population = population_table([("North", "A", 1000), ("North", "B", 2000), ("North", "C", 2000)])
    result = analyse(cases, population, per_area=True)
    assert list(result.table["area"]) == ["North"] * 3 + ["Atlantis"] * 2
    atlantis = result.table[result.table["area"] == "Atlantis"]
    assert list(atlantis["cases"]) == [3.0, 1.0]
    assert set(atlantis["note"]) == {NOTE_UNMATCHED_AREA}
    assert result.summary.unmatched_areas == {"Atlantis": 4.0}


def test_cases_sum_to_compared_plus_excluded_plus_not_compared():
    cases = pd.concat([one_row_per_case({"A": 30, "B": 50, "Z": 2, "": 3}, area="North"),
                       one_row_per_case({"A": 3}, area="Atlantis")])
    population = population_table([("North", "A", 1000), ("North", "B", 2000)])
    summary = analyse(cases, population, per_area=True).summary
    not_compared = sum(summary.unmatched_groups.values()) + sum(summary.unmatched_areas.values())
    assert summary.total_cases == summary.compared_cases + summary.excluded_cases + not_compared == 88


def test_labels_match_ignoring_case_and_surrounding_spaces():
    result = analyse(one_row_per_case({" a ": 30, "b": 50, "C": 20}), population_table(THREE_GROUPS_POPULATION))
    assert list(result.table["group"]) == ["A", "B", "C"]
    assert list(result.table["cases"]) == [30.0, 50.0, 20.0]


def test_aggregated_rows_count_as_their_count():
    cases = pd.DataFrame({"group": ["A", "B", "C", "A"], "count": [10, 50, 20, 20]})
    result = analyse(cases, population_table(THREE_GROUPS_POPULATION))
    assert list(result.table["cases"]) == [30.0, 50.0, 20.0]
    assert list(result.table["ratio"]) == pytest.approx([1.5, 1.25, 0.5], rel=REL)


def test_a_group_without_population_has_no_ratio_and_says_why():
    result = analyse(one_row_per_case({"A": 30, "B": 50, "C": 20}),
                     population_table([("A", 1000), ("B", 2000), ("C", 0)]))
    c = row(result, "C")
    assert c["expected"] == 0 and np.isnan(c["ratio"]) and pd.isna(c["tier"])
    assert c["note"] == FLAG_ZERO_EXPECTED


def test_a_small_group_in_line_is_too_few_to_say():
    result = analyse(one_row_per_case({"A": 97, "B": 3}), population_table([("A", 9700), ("B", 300)]))
    b = row(result, "B")
    assert b["expected"] == pytest.approx(3.0, rel=REL)
    assert b["tier_label"] == "Too few to say"


def test_no_area_in_common_is_an_error_naming_both_sides():
    cases = one_row_per_case({"A": 3}, area="E54000001")
    with pytest.raises(InputError, match="None of the cases' areas is in the population table.*E54000001.*North"):
        analyse(cases, population_table([("North", "A", 1000)]), per_area=True)


def test_without_case_areas_the_population_is_summed_over_its_areas():
    population = population_table([("North", "A", 600), ("South", "A", 400), ("North", "B", 4000)])
    result = analyse(one_row_per_case({"A": 10, "B": 40}), population)
    assert "area" not in result.table.columns
    assert list(result.table["population"]) == [1000.0, 4000.0]


def test_tiers_are_nullable_integers_even_beside_rows_not_compared():
    result = analyse(one_row_per_case({"A": 30, "B": 50, "C": 20, "Z": 1}), population_table(THREE_GROUPS_POPULATION))
    assert str(result.table["tier"].dtype) == "Int64"
    assert result.table["tier"].tolist()[:3] == [0, 0, -1] and pd.isna(result.table["tier"].iloc[3])
