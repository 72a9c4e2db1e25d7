"""Group representation on real London Census 2021 populations with synthetic cases.

Cases are drawn per LSOA and group as Poisson(1 per 1,000 residents × multiplier),
seeded, with planted effects (65+ × 1.5, 16–24 × 0.5; disabled × 2), labelled
the way a complaints system would ("65+", "Yes") and mapped to the census
labels. Each LSOA's population is aggregated to its ICB through the area field.
The true ratio of group g in ICB a is ``m_g / Σ_h p[a, h] m_h``.
"""
import numpy as np
import pandas as pd
import pytest

from phso_insight_plugin.groups.case_groups import case_table
from phso_insight_plugin.groups.labels import DEFAULT_MISSING_VALUES, parse_missing_values, read_mapping
from phso_insight_plugin.groups.population import long_population
from phso_insight_plugin.groups.representation import group_representation
from tests.shared_data import LONDON

RATE = 1e-3
AGE_LABELS = {
    "Aged 15 years and under": "0-15", "Aged 16 to 24 years": "16-24", "Aged 25 to 34 years": "25-34",
    "Aged 35 to 49 years": "35-49", "Aged 50 to 64 years": "50-64", "Aged 65 years and over": "65+",
}
AGE_EFFECTS = {"65+": 1.5, "16-24": 0.5}
DISABILITY_LABELS = {"Disabled under the Equality Act": "Yes", "Not disabled under the Equality Act": "No"}
DISABILITY_EFFECTS = {"Yes": 2.0}


def with_icb(table: pd.DataFrame) -> pd.DataFrame:
    lookup = pd.read_csv(LONDON / "london_lookup_lsoa21_sicbl24_icb24.csv", usecols=["lsoa21_code", "icb24_code"])
    return table.merge(lookup, on="lsoa21_code", how="left", validate="many_to_one")


def synthetic_cases(population: pd.DataFrame, group_col: str, count_col: str, labels: dict, effects: dict,
                    seed: int) -> pd.DataFrame:
    """Aggregated case rows per LSOA and group, in the case system's labels, plus unstated ones."""
    rng = np.random.default_rng(seed)
    case_labels = population[group_col].map(labels)
    multiplier = case_labels.map(effects).fillna(1.0).to_numpy()
    counts = rng.poisson(RATE * population[count_col].to_numpy() * multiplier)
    cases = pd.DataFrame({"icb": population["icb24_code"], "group": case_labels, "count": counts})
    unstated = pd.DataFrame({"icb": population["icb24_code"].unique(), "group": "Prefer not to say", "count": 40})
    return pd.concat([cases, unstated], ignore_index=True)


def analyse(cases: pd.DataFrame, population: pd.DataFrame, group_col: str, count_col: str, labels: dict,
            per_area: bool = True):
    mapping = read_mapping(pd.DataFrame({"case": list(labels.values()), "census": list(labels)}), "case", "census")
    table = case_table(cases["group"], counts=cases["count"].to_numpy(), areas=cases["icb"] if per_area else None,
                       mapping=mapping, missing_keys=parse_missing_values(DEFAULT_MISSING_VALUES))
    pop = long_population(population, group_col, count_col, area_col="icb24_code")
    return group_representation(table, pop, multiple_testing="bh")


def true_ratios(result_table: pd.DataFrame, labels: dict, effects: dict) -> np.ndarray:
    multiplier = result_table["group"].map(labels).map(effects).fillna(1.0)
    mean = (result_table["population_share"] * multiplier).groupby(result_table["area"]).transform("sum")
    return (multiplier / mean).to_numpy()


@pytest.fixture(scope="module")
def ages():
    population = with_icb(pd.read_csv(LONDON / "london_census2021_age6_by_lsoa21.csv"))
    cases = synthetic_cases(population, "age_group", "usual_residents", AGE_LABELS, AGE_EFFECTS, seed=65)
    return population, cases, analyse(cases, population, "age_group", "usual_residents", AGE_LABELS)


@pytest.fixture(scope="module")
def disability():
    population = with_icb(pd.read_csv(LONDON / "london_census2021_disability_ts038_by_lsoa21.csv"))
    cases = synthetic_cases(population, "disability", "n", DISABILITY_LABELS, DISABILITY_EFFECTS, seed=38)
    return population, cases, analyse(cases, population, "disability", "n", DISABILITY_LABELS)


def test_every_icb_has_all_six_census_age_bands(ages):
    table = ages[2].table
    assert table["area"].nunique() == 5 and len(table) == 30
    assert list(table["group"][:6]) == list(AGE_LABELS)


def test_population_is_the_lsoa_table_summed_to_icbs(ages):
    population, _, result = ages
    assert result.table["population"].sum() == population["usual_residents"].sum() == 8_799_687


def test_population_and_case_shares_sum_to_one_in_each_icb(ages):
    sums = ages[2].table.groupby("area")[["population_share", "case_share"]].sum()
    assert sums.to_numpy() == pytest.approx(np.ones((5, 2)), rel=1e-12)


def test_planted_over_65_excess_is_significant_in_every_icb(ages):
    over_65 = ages[2].table[ages[2].table["group"] == "Aged 65 years and over"]
    assert list(over_65["tier"]) == [2] * 5


def test_planted_16_to_24_deficit_is_significant_in_every_icb(ages):
    young = ages[2].table[ages[2].table["group"] == "Aged 16 to 24 years"]
    assert list(young["tier"]) == [-2] * 5


def test_the_998_intervals_cover_the_true_age_ratios(ages):
    table = ages[2].table
    truth = true_ratios(table, AGE_LABELS, AGE_EFFECTS)
    assert np.all((table["lcl998"] <= truth) & (truth <= table["ucl998"]))


def test_unstated_cases_are_excluded_per_icb(ages):
    _, cases, result = ages
    assert set(result.table["excluded_cases"]) == {40.0}
    assert result.summary.compared_cases == cases["count"].sum() - 5 * 40


def test_planted_disability_excess_is_significant_in_every_icb(disability):
    table = disability[2].table
    disabled = table[table["group"] == "Disabled under the Equality Act"]
    assert list(disabled["tier"]) == [2] * 5
    assert list(table[table["group"] != "Disabled under the Equality Act"]["tier"]) == [-2] * 5


def test_the_998_intervals_cover_the_true_disability_ratios(disability):
    table = disability[2].table
    truth = true_ratios(table, DISABILITY_LABELS, DISABILITY_EFFECTS)
    assert np.all((table["lcl998"] <= truth) & (truth <= table["ucl998"]))


def test_london_as_a_whole_finds_disabled_people_about_twice_as_often(disability):
    population, cases, _ = disability
    table = analyse(cases, population, "disability", "n", DISABILITY_LABELS, per_area=False).table
    disabled = table[table["group"] == "Disabled under the Equality Act"].iloc[0]
    share = disabled["population_share"]
    assert table["population_share"].sum() == pytest.approx(1.0, rel=1e-12)
    assert disabled["lcl95"] < 2 / (2 * share + (1 - share)) < disabled["ucl95"]
