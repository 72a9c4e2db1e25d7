"""Indirect age standardisation within groups: an age profile is not read as under-representation.

Constructed example: two groups of 10,000 people each. "Young" people raise
0.5 cases per 100, "old" people 2 per 100, in both groups alike. Group G1 is
mostly young (8,000 young, 2,000 old), G2 mostly old (2,000 young, 8,000 old).

Cases: G1 40 young + 40 old = 80, G2 10 young + 160 old = 170; 250 in all.

* Crude: population shares 1/2 each, E = 125 each; G1 ratio 80/125 = 0.64,
  significantly under; G2 1.36, over.
* Standardised: r_young = 50/10,000 = 0.005, r_old = 200/10,000 = 0.02;
  E_G1 = 0.005 × 8,000 + 0.02 × 2,000 = 80, E_G2 = 10 + 160 = 170: ratio 1, in line.
"""
import pandas as pd
import pytest

from phso_insight_plugin.errors import InputError
from phso_insight_plugin.groups.case_groups import REASON_STRATUM_MISSING, case_table
from phso_insight_plugin.groups.labels import parse_missing_values
from phso_insight_plugin.groups.population import long_population
from phso_insight_plugin.groups.representation import group_representation

POPULATION = pd.DataFrame({
    "group": ["G1", "G1", "G2", "G2"], "age": ["young", "old", "young", "old"], "n": [8000, 2000, 2000, 8000]})
CASE_COUNTS = pd.DataFrame({
    "group": ["G1", "G1", "G2", "G2"], "age": ["young", "old", "young", "old"], "count": [40, 40, 10, 160]})


def run(cases: pd.DataFrame, population: pd.DataFrame = POPULATION, standardise: bool = True, mapping=None):
    table = case_table(cases["group"], counts=cases["count"].to_numpy(),
                       strata=cases["age"] if standardise else None,
                       missing_keys=parse_missing_values("Unknown"), mapping=mapping)
    pop = long_population(population, "group", "n", stratum_col="age" if standardise else None)
    return group_representation(table, pop, multiple_testing="none")


def test_crude_comparison_reads_the_young_group_as_under_represented():
    table = run(CASE_COUNTS, standardise=False).table
    assert list(table["ratio"]) == pytest.approx([0.64, 1.36], rel=1e-12)
    assert list(table["tier"]) == [-2, 2]


def test_age_standardised_comparison_finds_both_groups_in_line():
    table = run(CASE_COUNTS).table
    assert list(table["expected"]) == pytest.approx([80.0, 170.0], rel=1e-12)
    assert list(table["ratio"]) == pytest.approx([1.0, 1.0], rel=1e-12)
    assert list(table["tier"]) == [0, 0]


def test_standardised_output_keeps_the_crude_ratio_beside_it():
    table = run(CASE_COUNTS).table
    assert list(table["crude_ratio"]) == pytest.approx([0.64, 1.36], rel=1e-12)
    assert list(table["population"]) == [10000.0, 10000.0]
    assert list(table["case_share"]) == pytest.approx([0.32, 0.68], rel=1e-12)


def test_standardised_expected_counts_still_add_up_to_the_cases():
    cases = CASE_COUNTS.assign(count=[13, 55, 21, 140])
    table = run(cases).table
    assert table["expected"].sum() == pytest.approx(229.0, rel=1e-12)


def test_the_method_says_the_comparison_is_standardised():
    summary = run(CASE_COUNTS).summary
    assert summary.standardised is True
    assert "indirectly standardised over 2 strata" in summary.method.text


def test_cases_without_a_stratum_are_excluded_and_counted():
    cases = pd.concat([CASE_COUNTS, pd.DataFrame({"group": ["G1", "G2"], "age": [None, "Unknown"],
                                                  "count": [3, 4]})], ignore_index=True)
    result = run(cases)
    assert list(result.table["cases"]) == [80.0, 170.0]
    assert result.summary.excluded_by_reason == {REASON_STRATUM_MISSING: 7.0}


def test_a_case_stratum_missing_from_the_population_is_an_error_asking_for_a_mapping():
    cases = CASE_COUNTS.assign(age=["0-15", "65+", "young", "old"])
    with pytest.raises(InputError, match=r"strata of the cases not found.*'0-15' \(40 cases\).*mapping"):
        run(cases)


def test_the_mapping_also_translates_strata():
    cases = CASE_COUNTS.assign(age=["0-15", "65+", "0-15", "65+"])
    table = run(cases, mapping={"0-15": "young", "65+": "old"}).table
    assert list(table["ratio"]) == pytest.approx([1.0, 1.0], rel=1e-12)


def test_a_stratum_with_cases_but_no_population_in_the_area_is_an_error_naming_it():
    population = POPULATION.assign(n=[8000, 0, 2000, 0])
    with pytest.raises(InputError, match=r"have cases but zero population: 'old'"):
        run(CASE_COUNTS, population=population)


def test_one_stratum_gives_the_crude_expected_counts():
    single = POPULATION.assign(age="all")
    cases = CASE_COUNTS.assign(age="all")
    table = run(cases, population=single).table
    assert list(table["expected"]) == pytest.approx([125.0, 125.0], rel=1e-12)
    assert "crude_ratio" not in table.columns
    shares = table["case_share"].to_numpy() / table["population_share"].to_numpy()
    assert list(table["ratio"]) == pytest.approx(list(shares), rel=1e-12)
