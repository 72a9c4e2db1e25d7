"""The planted group effects of the bundled sample data are found (see resources/sample/planted.json).

Planted rate multipliers: 65+ × 1.5, 16–24 × 0.5, disabled × 1.8, Asian × 0.6
(conditional on age and the rest), deprivation from × 1.6 (decile 1) to × 0.7
(decile 10), sex none. Minority groups are younger, so their crude shares
understate them; age standardisation removes that.
"""
import json

import pandas as pd
import pytest

from phso_insight_plugin.groups.area_attribute import groups_from_area_attribute
from phso_insight_plugin.groups.case_groups import case_table
from phso_insight_plugin.groups.labels import DEFAULT_MISSING_VALUES, parse_missing_values
from phso_insight_plugin.groups.population import long_population
from phso_insight_plugin.groups.representation import group_representation
from phso_insight_plugin.resources import SAMPLE_DIR
from tests.groups.helpers import row
from tests.shared_data import read_ogr_layer

MISSING = parse_missing_values(DEFAULT_MISSING_VALUES)
PLANTED = json.loads((SAMPLE_DIR / "planted.json").read_text())["multipliers"]


def sample_csv(name: str) -> pd.DataFrame:
    return pd.read_csv(SAMPLE_DIR / name, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def cases():
    return sample_csv("cases.csv")


def crude(cases: pd.DataFrame, dimension: str):
    population = sample_csv("population_long.csv")
    population = population[population["dimension"] == dimension]
    return group_representation(case_table(cases[dimension], missing_keys=MISSING),
                                long_population(population, "group", "population"))


def age_standardised(cases: pd.DataFrame, dimension: str):
    population = sample_csv("population_by_age.csv")
    population = population[population["dimension"] == dimension]
    table = case_table(cases[dimension], strata=cases["age_band"], missing_keys=MISSING)
    return group_representation(table, long_population(population, "group", "population", stratum_col="age_band"))


def lsoa_codes(cases: pd.DataFrame) -> pd.Series:
    """Each case's LSOA through the postcode lookup (upper case, spaces removed); <NA> when not found."""
    lookup = sample_csv("postcode_lookup.csv")

    def key(s):
        return s.str.upper().str.replace(r"\s+", "", regex=True)

    by_postcode = pd.Series(lookup["lsoa21cd"].to_numpy(), index=key(lookup["pcds"]))
    return key(cases["postcode"]).map(by_postcode)


@pytest.fixture(scope="module")
def deprivation(cases):
    lsoa, _ = read_ogr_layer(SAMPLE_DIR / "sample.gpkg", "lsoa")
    linked = groups_from_area_attribute(lsoa_codes(cases), lsoa, "LSOA21CD", "imd_decile", "pop_total")
    return group_representation(case_table(linked.groups, reasons=linked.reasons), linked.population)


def test_planted_age_effects_are_found(cases):
    result = crude(cases, "age_band")
    assert PLANTED["age_band"]["65+"] > 1 and row(result, "65+")["tier"] >= 1
    assert PLANTED["age_band"]["16-24"] < 1 and row(result, "16-24")["tier"] <= -1


def test_disabled_people_are_over_represented(cases):
    result = crude(cases, "disability")
    assert PLANTED["disability"]["Yes"] > 1 and row(result, "Yes")["tier"] >= 1


def test_disabled_people_are_still_over_represented_after_age_standardisation(cases):
    result = age_standardised(cases, "disability")
    assert row(result, "Yes")["tier"] >= 1
    assert row(result, "Yes")["ratio"] < row(result, "Yes")["crude_ratio"]


def test_asian_residents_are_under_represented_after_age_standardisation(cases):
    result = age_standardised(cases, "ethnicity")
    asian = row(result, "Asian")
    assert PLANTED["ethnicity"]["Asian"] < 1
    assert asian["tier"] <= -1
    assert asian["crude_ratio"] < asian["ratio"] < 1


def test_standardising_by_age_lifts_the_ratio_of_the_younger_black_population(cases):
    """No ethnic effect is planted for Black residents, but they are younger and the young complain
    less, so the crude ratio understates them; age standardisation removes that part (what remains
    comes from the deprivation gradient of where they live, which age does not explain)."""
    crude_black = row(crude(cases, "ethnicity"), "Black")
    standardised_black = row(age_standardised(cases, "ethnicity"), "Black")
    assert PLANTED["ethnicity"]["Black"] == 1.0
    assert standardised_black["ratio"] > crude_black["ratio"] * 1.05


def test_sex_has_no_planted_effect_and_none_is_found(cases):
    assert list(crude(cases, "sex").table["tier"]) == [0, 0]
    assert list(age_standardised(cases, "sex").table["tier"]) == [0, 0]


def test_unstated_ethnicity_is_excluded_and_stated(cases):
    result = crude(cases, "ethnicity")
    unstated = (cases["ethnicity"].str.strip().isin(["", "Prefer not to say"])).sum()
    assert result.summary.excluded_cases == unstated > 0
    assert f"{unstated} cases excluded from the shares" in result.summary.method.text


def test_deprivation_deciles_are_in_order(deprivation):
    assert list(deprivation.table["group"]) == [str(d) for d in range(1, 11)]


def test_cases_fall_with_deprivation_from_decile_1_to_10(deprivation):
    ratios = deprivation.table.set_index("group")["ratio"]
    assert ratios[[str(d) for d in range(1, 6)]].min() > 1 > ratios[[str(d) for d in range(6, 11)]].max()
    assert row(deprivation, "1")["tier"] == 2 and row(deprivation, "10")["tier"] == -2
    assert PLANTED["imd_decile"]["1"] > PLANTED["imd_decile"]["10"]


def test_cases_without_an_lsoa_are_excluded_from_the_deprivation_shares(cases, deprivation):
    not_located = int(lsoa_codes(cases).isna().sum())
    assert deprivation.summary.excluded_cases == not_located > 0
    assert deprivation.summary.compared_cases == len(cases) - not_located
