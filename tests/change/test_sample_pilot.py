"""The change API finds what the sample plants (planted.json "change_over_time"), read from the sample CSVs.

Located cases (postcode found in the lookup) by constituency; constituency populations by postcode
share (each live postcode carries an equal share of its LSOA's population, as the sample README says);
the disabled group against its population share among cases with a recorded disability.
"""
import numpy as np
import pandas as pd
import pytest
from scipy import stats

from phso_insight_plugin.change import assign_periods, representation_change, tabulate
from tests.sample.sample_files import located, read_csv, read_planted

PILOT = "E14001903"


@pytest.fixture(scope="module")
def planted() -> dict:
    return read_planted()["change_over_time"]


@pytest.fixture(scope="module")
def cases() -> pd.DataFrame:
    table = read_csv("cases.csv")
    table["pcon"] = located(table, read_csv("postcode_lookup.csv"), "pcon24cd")
    return table[table["pcon"].notna()].reset_index(drop=True)


@pytest.fixture(scope="module")
def constituency_population() -> pd.Series:
    lookup = read_csv("postcode_lookup.csv")
    live = lookup[lookup["doterm"] == ""]
    population = read_csv("population_long.csv").astype({"population": float})
    lsoa = population[population["dimension"] == "sex"].groupby("lsoa21cd")["population"].sum()
    share = live["lsoa21cd"].map(lsoa) / live.groupby("lsoa21cd")["pcds"].transform("count")
    return share.groupby(live["pcon24cd"]).sum()


def constituency_change(cases, population, **period_options):
    periods = assign_periods(cases["received_date"], **period_options)
    assert periods.describe_exclusions() == ""
    cube = tabulate(cases["pcon"], periods.period, len(periods.periods), units=list(population.index))
    result = representation_change(cube.observed, periods.labels, cube.units, population=population.to_numpy())
    return periods, cube, result.change.set_index("unit")


def test_the_pilots_cases_per_financial_year_are_the_documented_ones(planted, cases, constituency_population):
    periods, cube, _ = constituency_change(cases, constituency_population)
    assert periods.labels == ["2021/22", "2022/23", "2023/24", "2024/25"]
    pilot = list(cube.units).index(PILOT)
    assert cube.observed[pilot, :, 0].tolist() == planted["pilot"]["located_by_period"]
    assert cube.observed[:, :, 0].sum(axis=0).tolist() == planted["pilot"]["region_located_by_period"]


def test_the_pilot_year_is_a_significant_increase_on_the_year_before(planted, cases, constituency_population):
    _, _, change = constituency_change(cases, constituency_population)
    row = change.loc[PILOT]
    documented = planted["pilot"]["comparisons"]["FY2024/25 vs FY2023/24"]["observed_ratio_of_ratios_vs_all"]
    region = planted["pilot"]["region_located_by_period"]
    p0 = region[3] / (region[2] + region[3])
    assert row.ratio_of_ratios == pytest.approx(documented, abs=5e-5)
    assert row.p_value == pytest.approx(2 * stats.binom.sf(282, 143 + 283, p0), rel=1e-9)
    assert 5e-7 < row.p_value < 1e-6
    assert row.change_label == "Significantly increased (99.8%)" and row.rr_lcl998 > 1


def test_no_other_constituency_increased_significantly(cases, constituency_population):
    _, _, change = constituency_change(cases, constituency_population)
    increased = change.index[change.change_tier.fillna(0) > 0].tolist()
    assert increased == [PILOT]


def test_before_and_after_the_pilot_start_show_the_documented_increase(planted, cases, constituency_population):
    periods, _, change = constituency_change(cases, constituency_population, scheme="breaks", breaks=["2024-04-01"])
    documented = planted["pilot"]["comparisons"]["after vs before 2024-04-01"]["observed_ratio_of_ratios_vs_all"]
    assert periods.labels == ["before 2024-04-01", "from 2024-04-01"]
    assert change.loc[PILOT, "ratio_of_ratios"] == pytest.approx(documented, abs=5e-5)
    assert change.loc[PILOT, "change_label"] == "Significantly increased (99.8%)"
    assert change.loc[PILOT, "trend_label"] == "Not tested (fewer than 3 periods)"


@pytest.fixture(scope="module")
def disability(cases):
    recorded = cases[cases["disability"] != ""].reset_index(drop=True)
    periods = assign_periods(recorded["received_date"])
    cube = tabulate(recorded["disability"], periods.period, len(periods.periods), units=["Yes", "No"])
    population = read_csv("population_long.csv").astype({"population": float})
    groups = population[population["dimension"] == "disability"].groupby("group")["population"].sum()
    return periods, cube, representation_change(cube.observed, periods.labels, cube.units,
                                                population=groups[["Yes", "No"]].to_numpy())


def test_disabled_peoples_share_of_cases_rises_as_documented(planted, disability):
    _, cube, result = disability
    trend = planted["group_trend"]
    assert cube.observed[0, :, 0].tolist() == trend["located_by_period"]
    share = cube.observed[0, :, 0] / cube.observed[:, :, 0].sum(axis=0)
    np.testing.assert_allclose(share, trend["observed_share_by_period"], atol=5e-5)
    yes = result.by_period[result.by_period.unit == "Yes"]
    np.testing.assert_allclose(yes.expected, cube.observed[:, :, 0].sum(axis=0) * trend["population_share"], rtol=1e-3)


def test_disabled_peoples_rising_share_is_a_significant_trend(planted, disability):
    """Breslow & Day's score on the documented counts: E = N x share, rescaled to the group's total.

    planted.json's z = 6.8 is the model's (its expected counts); the observed trend is flatter
    (shares 29%, 30%, 36%, 40% against the model's 27%, 31%, 36%, 42%), so the observed z is 5.4.
    """
    _, _, result = disability
    trend = planted["group_trend"]
    o = np.array(trend["located_by_period"], dtype=float)
    e = np.array(trend["located_recorded_by_period"], dtype=float) * trend["population_share"]
    e_star, t = e * o.sum() / e.sum(), np.arange(4.0)
    z = (t * (o - e_star)).sum() / np.sqrt((t**2 * e_star).sum() - (t * e_star).sum() ** 2 / e_star.sum())
    yes = result.change.set_index("unit").loc["Yes"]
    assert yes.trend_z == pytest.approx(z, rel=1e-3) and yes.trend_z == pytest.approx(5.43, abs=0.01)
    assert yes.trend_label == "Significantly rising (99.8%)"
    assert yes.persistence_label == "Higher than expected in every period"


def test_disabled_peoples_first_to_last_year_change_is_the_documented_significant_rise(planted, disability):
    periods, cube, _ = disability
    groups = read_csv("population_long.csv").astype({"population": float})
    groups = groups[groups["dimension"] == "disability"].groupby("group")["population"].sum()[["Yes", "No"]]
    result = representation_change(cube.observed, periods.labels, cube.units, population=groups.to_numpy(),
                                   compare=("2021/22", "2024/25"))
    yes = result.change.set_index("unit").loc["Yes"]
    documented = planted["group_trend"]["comparisons"]["FY2024/25 vs FY2021/22"]["observed_ratio_of_ratios_vs_all"]
    assert yes.ratio_of_ratios == pytest.approx(documented, abs=5e-5)
    assert yes.change_label == "Significantly increased (99.8%)"


def test_disabled_peoples_last_two_years_alone_show_no_clear_change(planted, disability):
    """planted.json: 'a comparison of the last two years alone is weak' (observed ratio of ratios 1.12)."""
    _, _, result = disability
    yes = result.change.set_index("unit").loc["Yes"]
    documented = planted["group_trend"]["comparisons"]["FY2024/25 vs FY2023/24"]["observed_ratio_of_ratios_vs_all"]
    assert yes.ratio_of_ratios == pytest.approx(documented, abs=5e-5)
    assert yes.change_label == "No clear change" and 0.05 < yes.p_value < 0.1
