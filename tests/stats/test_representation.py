"""The representation orchestrator: table, summary, edge cases, validation and calibration."""
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import stats

from phso_insight_plugin.errors import InputError
from phso_insight_plugin.results.columns import REPRESENTATION
from phso_insight_plugin.results.tiers import TIER_LABELS, TIER_ORDER
from phso_insight_plugin.stats.representation import FLAG_ZERO_EXPECTED, representation
from phso_insight_plugin.stats.significance import benjamini_hochberg, poisson_p_value
from phso_insight_plugin.stats.tiers import tiers_from_q
from tests.stats.nullable import as_list

OBSERVED = np.array([[30, 10], [5, 5], [0, 0], [12, 40], [8, 2]])
POPULATION = np.array([[1000, 800], [500, 700], [900, 100], [400, 1200], [600, 300]])


def test_table_has_one_row_per_area_with_the_agreed_columns():
    table = representation(OBSERVED, POPULATION).table
    assert list(table.columns) == REPRESENTATION.names
    assert len(table) == len(OBSERVED)
    assert table.observed.dtype == float and table.tier.dtype == "Int64"
    np.testing.assert_array_equal(table.observed, OBSERVED.sum(axis=1))


def test_ratio_limits_are_count_limits_over_expected():
    table = representation(OBSERVED, POPULATION).table
    np.testing.assert_allclose(table.ratio, table.observed / table.expected)
    assert (table.lcl998 <= table.lcl95).all() and (table.ucl95 <= table.ucl998).all()


def test_zero_observed_has_lower_limit_zero_and_finite_upper():
    row = representation(OBSERVED, POPULATION).table.iloc[2]
    assert row.observed == 0 and row.ratio == 0 and row.lcl95 == 0 and row.lcl998 == 0
    assert np.isfinite(row.ucl95) and np.isfinite(row.ucl998) and row.ci_method == "Exact"


def test_zero_expected_gives_nan_not_infinity_no_tier_and_a_flag():
    observed = np.array([3, 20, 40])
    table = representation(observed, expected=np.array([0.0, 25.0, 35.0])).table
    first = table.iloc[0]
    for column in ["ratio", "lcl95", "ucl95", "lcl998", "ucl998", "p_value", "z_score"]:
        assert np.isnan(first[column]), column
    assert pd.isna(first.tier) and first.tier_label == TIER_LABELS[None]
    assert first.flag == FLAG_ZERO_EXPECTED
    assert list(table.flag[1:]) == ["", ""]
    assert np.isfinite(table.select_dtypes("number").to_numpy(dtype=float, na_value=0)[1:]).all()


def test_zero_population_area_is_flagged_and_the_others_analysed():
    table = representation([0, 30, 30], [0, 1000, 1000]).table
    assert table.flag[0] == FLAG_ZERO_EXPECTED
    np.testing.assert_allclose(table.expected, [0, 30, 30])
    assert as_list(table.tier) == [None, 0, 0]


@settings(max_examples=100, deadline=None)
@given(
    rates=st.lists(st.integers(min_value=1, max_value=50), min_size=1, max_size=4),
    n_areas=st.integers(min_value=2, max_value=30),
    data=st.data(),
)
def test_observed_proportional_to_population_gives_ratio_one_and_tier_zero(rates, n_areas, data):
    population = data.draw(arrays(np.int64, (n_areas, len(rates)), elements=st.integers(1, 10**5)))
    observed = population * np.array(rates)
    table = representation(observed, population, min_expected=0).table
    assert (table.ratio == 1.0).all()
    assert as_list(table.tier) == [0] * n_areas


def test_without_multiple_testing_q_is_nan_and_tiers_follow_limits():
    table = representation([60, 100, 100, 100], [2000, 10000, 10000, 10000]).table
    assert table.q_value.isna().all()
    assert as_list(table.tier) == [2, 0, 0, 0]
    assert table.tier_label[0] == TIER_LABELS[2]


def test_benjamini_hochberg_q_values_and_tiers_come_from_exact_p_values():
    o = np.array([60, 100, 100, 100, 2, 30])
    e = np.array([20.0, 100, 100, 100, 9, 20])
    table = representation(o, expected=e, multiple_testing="bh").table
    p = poisson_p_value(o, e)
    np.testing.assert_allclose(table.p_value, p)
    np.testing.assert_allclose(table.q_value, benjamini_hochberg(p))
    assert as_list(table.tier) == as_list(tiers_from_q(benjamini_hochberg(p), o, e))


@pytest.mark.parametrize("method", ["multiplicative", "additive"])
def test_overdispersion_reports_phi_and_tau2_and_uses_normal_p_on_adjusted_z(method):
    rng = np.random.default_rng(5)
    e = rng.uniform(20, 200, 300)
    o = rng.poisson(e * np.exp(rng.normal(0, 0.3, e.size)))
    result = representation(o, expected=e, overdispersion=method)
    fit_phi, fit_tau2 = result.summary.phi, result.summary.tau2
    assert fit_phi > 1 and fit_tau2 > 0
    table = result.table
    if method == "multiplicative":
        np.testing.assert_allclose(table.z_score, 2 * (np.sqrt(o) - np.sqrt(e)) / np.sqrt(fit_phi))
    np.testing.assert_allclose(table.p_value, 2 * stats.norm.sf(np.abs(table.z_score)))
    assert method in result.summary.method.text
    assert (table.tier.fillna(0) != 0).sum() < (representation(o, expected=e).table.tier.fillna(0) != 0).sum()


def test_overdispersion_with_bh_takes_q_from_adjusted_p():
    rng = np.random.default_rng(6)
    e = rng.uniform(20, 200, 200)
    o = rng.poisson(e * np.exp(rng.normal(0, 0.3, e.size)))
    table = representation(o, expected=e, overdispersion="additive", multiple_testing="bh").table
    np.testing.assert_allclose(table.q_value, benjamini_hochberg(table.p_value.to_numpy()))


def test_fractional_observed_counts_are_accepted():
    table = representation([2.5, 12.25, 30.0], [100, 200, 300]).table
    assert np.isfinite(table[["lcl95", "ucl95", "p_value"]].to_numpy()).all()
    assert list(table.ci_method) == ["Exact", "Byars", "Byars"]


def test_summary_counts_every_tier_and_reports_totals():
    result = representation(OBSERVED, POPULATION)
    summary = result.summary
    assert list(summary.tier_counts) == TIER_ORDER
    assert list(summary.counts_by_label) == [TIER_LABELS[t] for t in TIER_ORDER]
    assert sum(summary.tier_counts.values()) == summary.n_areas == len(OBSERVED)
    assert summary.total_observed == OBSERVED.sum()
    assert summary.total_expected == pytest.approx(OBSERVED.sum())
    assert summary.overall_rate == pytest.approx(OBSERVED.sum() / POPULATION.sum())
    assert np.isnan(summary.phi) and np.isnan(summary.tau2)


def test_method_sentence_names_strata_limits_and_fdr_control():
    method = representation(OBSERVED, POPULATION, multiple_testing="bh").summary.method.text
    assert method.startswith("Indirectly standardised over 2 strata")
    assert "Poisson limits (exact below 10, Byar's from 10) at 95% and 99.8%" in method
    assert "Benjamini–Hochberg false discovery rate control" in method


def test_supplied_expected_counts_have_no_overall_rate():
    summary = representation([10, 20], expected=[12.0, 18.0]).summary
    assert np.isnan(summary.overall_rate)
    assert summary.method.expected == "Expected counts as supplied"


def test_population_and_expected_together_are_rejected():
    with pytest.raises(InputError, match="not both"):
        representation([1, 2], population=[10, 10], expected=[1.5, 1.5])


def test_neither_population_nor_expected_is_rejected():
    with pytest.raises(InputError, match="population .* or expected"):
        representation([1, 2])


def test_negative_observed_is_rejected_with_area_and_count():
    with pytest.raises(InputError, match=r"observed counts has 1 negative value\(s\) in 1 of 3 rows: area index 2"):
        representation([1, 2, -3], expected=[1.0, 1.0, 1.0])


def test_missing_expected_is_rejected_with_area():
    with pytest.raises(InputError, match=r"expected counts has 1 missing \(NaN\).*area index 0"):
        representation([1, 2], expected=[np.nan, 1.0])


def test_expected_count_of_wrong_length_is_rejected():
    with pytest.raises(InputError, match="3 expected counts given for 2 areas"):
        representation([1, 2], expected=[1.0, 1.0, 1.0])


@pytest.mark.parametrize("kwargs, message", [
    ({"multiple_testing": "bonferroni"}, "multiple_testing"),
    ({"overdispersion": "both"}, "overdispersion"),
])
def test_unknown_options_are_rejected(kwargs, message):
    with pytest.raises(InputError, match=message):
        representation([1, 2], expected=[1.0, 2.0], **kwargs)


# Calibration: 2000 areas x 200 replicates, expected counts spread 5-200.
N_AREAS, N_REPS = 2000, 200


def null_replicates(rng):
    e = rng.uniform(5, 200, (N_REPS, N_AREAS))
    return rng.poisson(e), e


def test_under_the_null_about_5_percent_are_flagged_at_95_percent():
    o, e = null_replicates(np.random.default_rng(2024))
    # Without multiple testing tiers are per area, so all replicates go through in one call.
    table = representation(o.ravel(), expected=e.ravel()).table
    share = (table.tier != 0).mean()
    assert 0.035 <= share <= 0.065


def test_benjamini_hochberg_keeps_false_discovery_proportion_below_5_percent():
    rng = np.random.default_rng(2025)
    e = rng.uniform(5, 200, (N_REPS, N_AREAS))
    elevated = np.zeros_like(e, dtype=bool)
    elevated[:, : N_AREAS // 10] = True
    o = rng.poisson(e * np.where(elevated, 1.5, 1.0))
    p = poisson_p_value(o, e)
    flagged = np.vstack([
        tiers_from_q(benjamini_hochberg(p_rep), o_rep, e_rep).to_numpy(dtype=float) != 0
        for p_rep, o_rep, e_rep in zip(p, o, e)
    ])
    fdp = (flagged & ~elevated).sum(axis=1) / np.maximum(flagged.sum(axis=1), 1)
    assert fdp.mean() <= 0.055
    assert flagged[elevated].mean() > 0.5  # and it still finds most of the real excess


def test_method_sentence_is_built_from_clauses_in_the_order_applied():
    method = representation(OBSERVED, POPULATION, multiple_testing="bh", min_expected=3).summary.method
    assert method.clauses == [
        "Indirectly standardised over 2 strata against the study total",
        "Poisson limits (exact below 10, Byar's from 10) at 95% and 99.8%",
        "Benjamini–Hochberg false discovery rate control",
        "'Too few to say' where expected < 3 and not significant",
    ]
    assert method.text == "; ".join(method.clauses) + "."
