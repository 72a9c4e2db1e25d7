"""Expected counts against each area's parent (indirect standardisation within the parent), checked by hand."""
import numpy as np
import pytest

from phso_insight_plugin.errors import InputError
from phso_insight_plugin.results.benchmark import Benchmark
from phso_insight_plugin.stats.benchmark import parent_codes, parent_expected_counts
from phso_insight_plugin.stats.expected import expected_counts
from phso_insight_plugin.stats.representation import representation

#: Areas A, B in parent X and C, D in parent Y; two strata.
OBSERVED = np.array([[2, 6], [4, 8], [1, 3], [1, 1]])
POPULATION = np.array([[100, 200], [300, 200], [100, 100], [100, 300]])
PARENTS = ["X", "X", "Y", "Y"]


def test_expected_counts_use_each_parents_own_stratum_rates():
    # X: rates 6/400 = 0.015 and 14/400 = 0.035; Y: rates 2/200 = 0.01 and 4/400 = 0.01.
    want = [100 * 0.015 + 200 * 0.035, 300 * 0.015 + 200 * 0.035, 100 * 0.01 + 100 * 0.01, 100 * 0.01 + 300 * 0.01]
    np.testing.assert_allclose(parent_expected_counts(OBSERVED, POPULATION, PARENTS), want, rtol=1e-15)
    np.testing.assert_allclose(want, [8.5, 11.5, 2.0, 4.0], rtol=1e-15)


def test_crude_expected_count_is_the_parents_total_times_the_areas_share_of_its_population():
    got = parent_expected_counts([10, 30, 5], [1000, 1000, 500], ["X", "X", "Y"])
    np.testing.assert_allclose(got, [40 * 1000 / 2000, 40 * 1000 / 2000, 5.0], rtol=1e-15)


def test_expected_counts_add_up_to_the_observed_total_within_every_parent():
    rng = np.random.default_rng(15)
    population = rng.integers(1, 3000, size=(60, 6))
    observed = rng.poisson(population * 0.01)
    parents = rng.choice(["E54000901", "E54000902", "E54000903"], size=60)
    expected = parent_expected_counts(observed, population, parents)
    for parent in set(parents):
        inside = parents == parent
        assert expected[inside].sum() == pytest.approx(observed[inside].sum(), rel=1e-12)


def test_one_parent_for_every_area_is_the_whole_input_benchmark():
    np.testing.assert_allclose(parent_expected_counts(OBSERVED, POPULATION, ["R"] * 4),
                               expected_counts(OBSERVED, POPULATION), rtol=1e-14)


def test_parents_are_indexed_in_order_of_first_appearance_and_compared_as_text():
    codes, names = parent_codes(["Y", 7, "X", "7", " Y "], 5)
    assert names == ["Y", "7", "X"]
    assert codes.tolist() == [0, 1, 2, 1, 0]


def test_areas_without_a_parent_are_named_by_row():
    with pytest.raises(InputError, match=r"2 of 4 areas have no parent .* area index 1, 3"):
        parent_expected_counts(OBSERVED, POPULATION, ["X", None, "Y", "  "])


def test_a_parent_with_cases_in_a_stratum_without_population_is_named():
    population = POPULATION.copy()
    population[2:, 1] = 0
    with pytest.raises(InputError, match=r"1 parent\(s\) have cases .*'Y'; stratum column\(s\) 1"):
        parent_expected_counts(OBSERVED, population, PARENTS)


def test_representation_against_parents_uses_parent_expected_counts_and_says_so():
    result = representation(OBSERVED, POPULATION, parents=["E54000901", "E54000901", "E54000902", "E54000902"],
                            benchmark=Benchmark.of_parent("ICB23CD", ["E54000901", "E54000902"]))
    np.testing.assert_allclose(result.table["expected"], [8.5, 11.5, 2.0, 4.0], rtol=1e-15)
    assert result.summary.method.expected == ("Indirectly standardised over 2 strata against the rates of each "
                                              "area's own ICB (2 ICBs, field ICB23CD)")
    assert set(result.table["tier_label"]) == {"In line with its ICB", "Too few to say"}


def test_parent_benchmark_needs_populations_not_expected_counts_or_reference_rates():
    with pytest.raises(InputError, match="parent benchmark"):
        representation([3, 4], expected=[3.0, 4.0], parents=["X", "Y"])
    with pytest.raises(InputError, match="parent benchmark"):
        representation(OBSERVED, POPULATION, reference_rates=[0.01, 0.02], parents=PARENTS)
