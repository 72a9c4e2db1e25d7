"""The change over time planted in the sample's received dates (issue 14), checked with pandas and scipy only.

Counts are located cases (postcode found in the lookup). Expected counts are standardised within each
financial year against the whole region, crude, so a ratio of ratios between two periods is
``(O2/O1) / (C2/C1)`` with C the region's cases, and the exact conditional test is
``O2 ~ Binomial(O1 + O2, C2/(C1 + C2))`` under no change.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from .sample_files import financial_year, located, read_csv, read_planted

PILOT_YEAR, BEFORE_PILOT = 3, 2          # FY2024/25 (the pilot starts on 2024-04-01) and FY2023/24


@pytest.fixture(scope="module")
def planted() -> dict:
    return read_planted()


@pytest.fixture(scope="module")
def cases() -> pd.DataFrame:
    """Located cases with their constituency and financial year."""
    table = read_csv("cases.csv")
    table["pcon"] = located(table, read_csv("postcode_lookup.csv"), "pcon24cd")
    table = table[table["pcon"].notna()].copy()
    table["fy"] = financial_year(table["received_date"])
    return table


def by_year(cases: pd.DataFrame, mask) -> np.ndarray:
    return np.bincount(cases.loc[mask, "fy"], minlength=4).astype(float)


def conditional_test(o1: float, o2: float, c1: float, c2: float) -> tuple[float, float, float]:
    """(ratio of ratios, two-sided exact p-value, lower 99% limit of the ratio of ratios)."""
    n = int(o1 + o2)
    p0 = c2 / (c1 + c2)
    p_value = stats.binomtest(int(o2), n, p0).pvalue
    low = stats.beta.ppf(0.005, o2, o1 + 1)          # Clopper–Pearson limit of O2/n
    return (o2 / o1) / (c2 / c1), p_value, (low / (1 - low)) / (p0 / (1 - p0))


def test_the_pilot_is_documented_with_start_date_multiplier_and_a_constituency_other_than_the_planted_one(planted):
    pilot = planted["change_over_time"]["pilot"]
    assert (pilot["rate_multiplier"], pilot["start_date"]) == (1.6, "2024-04-01")
    assert pilot["code"] != planted["constituency_high"]
    assert [p["label"] for p in planted["change_over_time"]["periods"]] == [
        "FY2021/22", "FY2022/23", "FY2023/24", "FY2024/25"]


def test_the_pilot_constituency_shows_its_documented_cases_per_year(planted, cases):
    pilot = planted["change_over_time"]["pilot"]
    assert by_year(cases, cases["pcon"] == pilot["code"]).tolist() == pilot["located_by_period"]
    assert by_year(cases, slice(None)).tolist() == pilot["region_located_by_period"]


def test_the_pilot_year_has_1_6_times_the_rate_of_the_year_before_against_the_rest_of_the_region(planted, cases):
    """Against the rest of the region the planted ×1.6 lies inside the 99% interval, and 1 does not."""
    code = planted["change_over_time"]["pilot"]["code"]
    pilot, rest = by_year(cases, cases["pcon"] == code), by_year(cases, cases["pcon"] != code)
    o1, o2 = pilot[:PILOT_YEAR].sum(), pilot[PILOT_YEAR]
    c1, c2 = rest[:PILOT_YEAR].sum(), rest[PILOT_YEAR]
    ratio, _, low = conditional_test(o1, o2, c1, c2)
    high_q = stats.beta.ppf(0.995, o2 + 1, o1)
    high = (high_q / (1 - high_q)) / (c2 / (c1 + c2) / (1 - c2 / (c1 + c2)))
    assert low > 1.0 and low < 1.6 < high, (ratio, low, high)


def test_the_pilot_is_found_at_99_8_percent_in_the_last_two_years_against_the_whole_region(planted, cases):
    pilot = planted["change_over_time"]["pilot"]
    mine, region = by_year(cases, cases["pcon"] == pilot["code"]), by_year(cases, slice(None))
    ratio, p_value, _ = conditional_test(mine[BEFORE_PILOT], mine[PILOT_YEAR], region[BEFORE_PILOT],
                                         region[PILOT_YEAR])
    documented = pilot["comparisons"]["FY2024/25 vs FY2023/24"]
    assert ratio == pytest.approx(documented["observed_ratio_of_ratios_vs_all"], abs=1e-4)
    assert p_value < 0.002 and ratio > 1.4
    assert documented["power_exact_conditional_binomial"]["99.8%"] >= 0.8


def test_no_other_constituency_changes_at_99_8_percent(planted, cases):
    region = by_year(cases, slice(None))
    others = sorted(set(cases["pcon"]) - {planted["change_over_time"]["pilot"]["code"]})
    p_values = {code: conditional_test(*by_year(cases, cases["pcon"] == code)[[BEFORE_PILOT, PILOT_YEAR]],
                                       *region[[BEFORE_PILOT, PILOT_YEAR]])[1] for code in others}
    assert len(others) == 7 and min(p_values.values()) > 0.002, p_values


def disabled_by_year(cases: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(disabled, recorded Yes or No) located cases per financial year."""
    return by_year(cases, cases["disability"] == "Yes"), by_year(cases, cases["disability"] != "")


def test_disabled_peoples_share_of_cases_rises_every_year_as_documented(planted, cases):
    trend = planted["change_over_time"]["group_trend"]
    disabled, recorded = disabled_by_year(cases)
    share = disabled / recorded
    assert (trend["dimension"], trend["group"], trend["rate_multiplier_per_year"]) == ("disability", "Yes", 1.25)
    assert np.all(np.diff(share) > 0), share
    assert share.round(4).tolist() == trend["observed_share_by_period"]


def test_disabled_peoples_rising_share_is_a_significant_log_linear_trend(planted, cases):
    """Score test for a log-linear trend with within-year expected counts as offset (Breslow & Day II)."""
    lsoa = read_csv("population_long.csv").query("dimension == 'disability'")
    people = lsoa.assign(population=lsoa["population"].astype(int)).groupby("group")["population"].sum()
    disabled, recorded = disabled_by_year(cases)
    expected = recorded * people["Yes"] / people.sum()
    fitted = expected * disabled.sum() / expected.sum()
    t = np.arange(4.0)
    u = (t * (disabled - fitted)).sum()
    v = (t ** 2 * fitted).sum() - (t * fitted).sum() ** 2 / fitted.sum()
    assert u / np.sqrt(v) > stats.norm.ppf(0.999)
    ratio, p_value, _ = conditional_test(disabled[0], disabled[3], recorded[0], recorded[3])
    assert p_value < 0.002 and ratio == pytest.approx(
        planted["change_over_time"]["group_trend"]["comparisons"]["FY2024/25 vs FY2021/22"]
        ["observed_ratio_of_ratios_vs_all"], abs=1e-4)


def test_the_four_year_totals_keep_the_pooled_effects(planted, cases):
    """Dates only: the pilot constituency's and disabled people's four-year counts are what the model drew."""
    pilot = planted["change_over_time"]["pilot"]
    assert int((cases["pcon"] == pilot["code"]).sum()) == pilot["cases_located"]
    assert sum(planted["change_over_time"]["group_trend"]["located_by_period"]) == \
        int((cases["disability"] == "Yes").sum())
