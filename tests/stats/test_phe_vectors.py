"""Every number in UKHSA's PHEindicatormethods test vectors (tests/data/phe) reproduced."""
import numpy as np
import pandas as pd
import pytest

from phso_insight_plugin.stats.expected import expected_counts, reference_rates_from_counts
from phso_insight_plugin.stats.funnel import proportion_funnel_limits, ratio_funnel_expected_at_limit
from phso_insight_plugin.stats.intervals import byars_lower, byars_upper, poisson_count_ci, wilson_ci
from phso_insight_plugin.stats.representation import representation
from tests.shared_data import phe_csv

REL = 1e-9
CONFIDENCE = {"95%": 0.95, "99.8%": 0.998}
LEVELS = [(0.95, "95_0"), (0.998, "99_8")]


def assert_close(actual, expected, rel=REL):
    np.testing.assert_allclose(np.asarray(actual, float), np.asarray(expected, float), rtol=rel, atol=0)


def complete_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows with both numerator and denominator (PHE also asserts its NA handling, which is not ours)."""
    return frame.dropna(subset=["Numerator", "Denominator"])


@pytest.mark.parametrize("method", ["Byars", "Wilson"])
def test_byars_and_wilson_limits_match_phe(method):
    data = phe_csv("testdata_Byars_Wilson__testdata_B_W.csv")
    rows = data[data.method == method]
    assert len(rows) > 0
    for _, row in rows.iterrows():
        conf = CONFIDENCE[row.confidence]
        if method == "Byars":
            lower, upper = byars_lower(row.x, conf), byars_upper(row.x, conf)
        else:
            lower, upper = wilson_ci(row.x, row.n, conf)
        assert_close(upper, row.uppercl)
        if np.isnan(row.lowercl):
            assert np.isnan(lower)
        else:
            assert_close(lower, row.lowercl)


def test_byars_has_no_lower_limit_for_one_event_at_99_8_percent():
    data = phe_csv("testdata_Byars_Wilson__testdata_B_W.csv")
    row = data[(data.method == "Byars") & (data.x == 1) & (data.confidence == "99.8%")].iloc[0]
    assert np.isnan(row.lowercl) and np.isnan(byars_lower(1, 0.998))


def test_wilson_proportions_match_phe_at_both_levels_and_multipliers():
    data = complete_rows(phe_csv("testdata_Proportion__testdata_Prop.csv"))
    assert len(data) == 16
    for conf, suffix in LEVELS:
        lower, upper = wilson_ci(data.Numerator, data.Denominator, conf)
        assert_close(lower * data.multiplier, data[f"lower{suffix}cl"])
        assert_close(upper * data.multiplier, data[f"upper{suffix}cl"])
    assert_close(data.Numerator / data.Denominator * data.multiplier, data.value)


def test_wilson_proportions_after_grouping_match_phe():
    data = complete_rows(phe_csv("testdata_Proportion__testdata_Prop_g.csv"))
    assert len(data) == 8
    lower, upper = wilson_ci(data.Numerator, data.Denominator, 0.95)
    assert_close(lower * data.multiplier, data.lowercl)
    assert_close(upper * data.multiplier, data.uppercl)


def test_crude_rate_limits_and_method_match_phe():
    data = complete_rows(phe_csv("testdata_Rate__testdata_Rate.csv"))
    assert len(data) == 17
    scale = data.multiplier / data.Denominator
    for conf, suffix in LEVELS:
        lower, upper, method = poisson_count_ci(data.Numerator, conf)
        assert_close(lower * scale, data[f"lower{suffix}cl"])
        assert_close(upper * scale, data[f"upper{suffix}cl"])
        assert list(method) == list(data.method)


def test_crude_rate_limits_after_grouping_match_phe():
    data = complete_rows(phe_csv("testdata_Rate__testdata_Rate_g.csv"))
    assert len(data) == 9
    lower, upper, method = poisson_count_ci(data.Numerator, 0.95)
    scale = data.multiplier / data.Denominator
    assert_close(lower * scale, data.lowercl)
    assert_close(upper * scale, data.uppercl)
    assert list(method) == list(data.method)


def isr_inputs():
    """Areas x 19 age bands (PHE's missing count for testdata_tiny, 10-14, means zero) and reference rates."""
    data = phe_csv("testdata_DSR_ISR__testdata_multiarea.csv")
    ref = phe_csv("testdata_DSR_ISR__refdata.csv")
    wide = data.pivot(index="area", columns="ageband", values=["count", "pop"])
    bands = list(ref["Age Band"])
    observed = wide["count"][bands].fillna(0).to_numpy()
    population = wide["pop"][bands].to_numpy()
    rates = reference_rates_from_counts(ref.refcount, ref.refpop)
    return list(wide.index), observed, population, rates, ref


def isr_results(statistic: str) -> pd.DataFrame:
    results = phe_csv("testdata_DSR_ISR__testresults_ISR.csv")
    return results[results.statistic == statistic].set_index("area")


def test_isr_expected_counts_match_phe():
    areas, observed, population, rates, _ = isr_inputs()
    expected = expected_counts(observed, population, rates)
    want = isr_results("indirectly standardised ratio x 1").loc[areas]
    assert_close(observed.sum(axis=1), want.observed)
    assert_close(expected, want.expected)


@pytest.mark.parametrize("statistic, scale", [
    ("indirectly standardised ratio x 1", 1.0),
    ("indirectly standardised ratio x 100", 100.0),
])
def test_isr_ratios_limits_and_methods_match_phe(statistic, scale):
    areas, observed, population, rates, _ = isr_inputs()
    table = representation(observed, population, reference_rates=rates).table.set_index(pd.Index(areas))
    want = isr_results(statistic).loc[areas]
    assert_close(table.ratio * scale, want.value)
    for column, phe_column in [("lcl95", "lower95_0cl"), ("ucl95", "upper95_0cl"),
                               ("lcl998", "lower99_8cl"), ("ucl998", "upper99_8cl")]:
        assert_close(table[column] * scale, want[phe_column])
    assert list(table.ci_method) == list(want.method)


@pytest.mark.parametrize("statistic, per", [
    ("indirectly standardised rate per 100000", 1e5),
    ("indirectly standardised rate per 1000", 1e3),
])
def test_isr_rates_are_ratio_times_reference_rate(statistic, per):
    areas, observed, population, rates, ref = isr_inputs()
    table = representation(observed, population, reference_rates=rates).table.set_index(pd.Index(areas))
    want = isr_results(statistic).loc[areas]
    ref_rate = ref.refcount.sum() / ref.refpop.sum() * per
    assert_close(want.ref_rate, ref_rate)
    assert_close(table.ratio * ref_rate, want.value)
    assert_close(table.lcl95 * ref_rate, want.lower95_0cl)
    assert_close(table.ucl998 * ref_rate, want.upper99_8cl)


def test_isr_with_a_zero_population_band_matches_phe():
    """PHE's "n = 0" case (Area1/Area2): testdata_big with the 5-9 population set to 0, and testdata_small."""
    areas, observed, population, rates, ref = isr_inputs()
    rows = [areas.index("testdata_big"), areas.index("testdata_small")]
    population = population[rows].copy()
    population[0, list(ref["Age Band"]).index("5-9")] = 0
    table = representation(observed[rows], population, reference_rates=rates).table
    want = isr_results("indirectly standardised ratio x 100").loc[["Area1", "Area2"]]
    assert_close(table.expected, want.expected)
    assert_close(table.ratio * 100, want.value)
    assert_close(table.lcl95 * 100, want.lower95_0cl)
    assert_close(table.ucl95 * 100, want.upper95_0cl)


FUNNEL_RATIO_COLUMNS = [
    ("lower_2s_exp_events", 0.95, "lower"),
    ("upper_2s_exp_events", 0.95, "upper"),
    ("lower_3s_exp_events", 0.998, "lower"),
    ("upper_3s_exp_events", 0.998, "upper"),
]


@pytest.mark.parametrize("column, confidence, side", FUNNEL_RATIO_COLUMNS)
def test_funnel_ratio_expected_events_match_phe_bisection(column, confidence, side):
    data = phe_csv("testdata_funnel_ratio_outputs.csv")
    observed = data.iloc[:, 0].to_numpy(float)
    assert len(observed) == 100
    assert_close(ratio_funnel_expected_at_limit(observed, confidence, side), data[column], rel=1e-4)


@pytest.mark.parametrize("column, confidence, side", FUNNEL_RATIO_COLUMNS)
def test_funnel_ratio_count_and_isr_limits_match_phe(column, confidence, side):
    data = phe_csv("testdata_funnel_ratio_outputs.csv")
    observed = data.iloc[:, 0].to_numpy(float)
    ratio = observed / ratio_funnel_expected_at_limit(observed, confidence, side)
    prefix = column.replace("_exp_events", "")
    assert_close(ratio - 1, data[f"{prefix}_count"], rel=1e-4)
    assert_close(ratio * 100, data[f"{prefix}_isr"], rel=1e-4)


PROP_COLUMNS = [("Lower2s0025limit", 0.95, 0), ("Upper2s0025limit", 0.95, 1),
                ("Lower3s0001limit", 0.998, 0), ("Upper3s0001limit", 0.998, 1)]


@pytest.mark.parametrize("column, confidence, side", PROP_COLUMNS)
def test_funnel_proportion_limits_match_phe_to_six_decimals(column, confidence, side):
    data = phe_csv("testdata_funnel_prop_outputs.csv")
    assert len(data) == 100
    baseline = data.Baseline.iloc[0] / 100  # the file rounds it to 6 decimals, like the limits
    limit = proportion_funnel_limits(data.Population, baseline, confidence)[side] * 100
    np.testing.assert_allclose(np.round(limit, 6), data[column], rtol=0, atol=1e-6 + 1e-12)


@pytest.mark.parametrize("column, confidence, side", PROP_COLUMNS)
def test_funnel_proportion_limits_with_axis_variation_match_phe(column, confidence, side):
    data = phe_csv("testdata_funnel_prop_outputs_with_axis_variation.csv")
    assert len(data) == 100
    baseline = data.Baseline.iloc[0] / 100
    limit = proportion_funnel_limits(data.Population, baseline, confidence)[side] * 100
    np.testing.assert_allclose(limit, data[column], rtol=0, atol=1e-6)
