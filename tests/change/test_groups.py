"""Change of groups (change.groups): each period's group table, and the change, trend and persistence of each group,
on the sample's planted rising group (disabled people's share of cases 29% → 30% → 36% → 40%)."""
import numpy as np
import pandas as pd
import pytest

from phso_insight_plugin.change import assign_periods
from phso_insight_plugin.change.groups import group_change
from phso_insight_plugin.groups.case_groups import case_table
from phso_insight_plugin.groups.labels import DEFAULT_MISSING_VALUES, parse_missing_values
from phso_insight_plugin.groups.population import long_population
from tests.sample.sample_files import located, read_csv, read_planted


@pytest.fixture(scope="module")
def disability():
    cases = read_csv("cases.csv")
    cases = cases[located(cases, read_csv("postcode_lookup.csv"), "lsoa21cd").notna()].reset_index(drop=True)
    population = read_csv("population_long.csv")
    population = long_population(population[population["dimension"] == "disability"], "group", "population")
    table = case_table(cases["disability"], missing_keys=parse_missing_values(DEFAULT_MISSING_VALUES))
    dates = cases["received_date"]
    return group_change(table, population, assign_periods(dates), dates, multiple_testing="none")


def test_each_period_has_its_own_group_table_with_the_documented_counts_and_shares(disability):
    trend = read_planted()["change_over_time"]["group_trend"]
    yes = disability.by_period[disability.by_period["group"] == "Yes"]
    assert yes["period"].tolist() == ["2021/22", "2022/23", "2023/24", "2024/25"]
    assert yes["cases"].tolist() == trend["located_by_period"]
    np.testing.assert_allclose(yes["case_share"], trend["observed_share_by_period"], atol=5e-5)
    assert yes[["period_start", "period_end"]].iloc[0].tolist() == ["2021-04-01", "2022-03-31"]


def test_the_rising_group_s_trend_is_significant_and_the_last_two_years_alone_are_not(disability):
    change = disability.change.set_index("group")
    assert change.loc["Yes", "trend_z"] == pytest.approx(5.43, abs=0.01)
    assert change.loc["Yes", "trend_label"] == "Significantly rising (99.8%)"
    assert change.loc["No", "trend_label"] == "Significantly falling (99.8%)"
    documented = read_planted()["change_over_time"]["group_trend"]["comparisons"]["FY2024/25 vs FY2023/24"]
    assert change.loc["Yes", "ratio_of_ratios"] == pytest.approx(documented["observed_ratio_of_ratios_vs_all"],
                                                                 abs=5e-5)
    assert change.loc["Yes", "change_label"] == "No clear change"
    assert change.loc["Yes", "persistence_label"] == "Higher than expected in every period"


def test_the_expected_counts_are_each_period_s_population_shares_of_its_cases(disability):
    yes = disability.by_period[disability.by_period["group"] == "Yes"]
    recorded = read_planted()["change_over_time"]["group_trend"]["located_recorded_by_period"]
    share = yes["population_share"].iloc[0]
    np.testing.assert_allclose(yes["expected"], np.array(recorded) * share, rtol=1e-12)
    assert disability.summary.method.startswith("Each group's expected cases from its share of the population")
    assert disability.summary.cases_by_period == tuple(float(n) for n in recorded)


def test_cases_in_no_period_are_counted_as_excluded_by_their_date():
    cases = case_table(pd.Series(["Yes", "No", "No", "Yes", "No"]))
    population = long_population(pd.DataFrame({"group": ["Yes", "No"], "n": [100, 400]}), "group", "n")
    dates = ["2023-05-01", "2023-05-01", "", "2024-05-01", "2024-05-01"]
    change = group_change(cases, population, assign_periods(dates), dates)
    assert change.summary.excluded_by_reason == {"no date": 1.0, "a date that could not be read": 0.0,
                                                 "a date outside all periods": 0.0}
    assert change.summary.exclusions == "1 of 5 cases excluded: 1 with no date (row 3: blank)."
