"""The regional benchmark planted in the sample (issue 15): an LSOA high against the whole region but
typical against its ICB, and one typical against the region but low against its ICB. Checked with pandas
and scipy only: expected counts of located cases, crude and indirectly standardised by age band, with
the whole region or the LSOA's ICB as the reference; exact two-sided Poisson p-values."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from tests.shared_data import read_ogr_layer

from .sample_files import GPKG, located, read_csv, read_planted

AGE_BANDS = ["0-15", "16-24", "25-34", "35-49", "50-64", "65+"]
AGE_FIELDS = ["pop_age_0_15", "pop_age_16_24", "pop_age_25_34", "pop_age_35_49", "pop_age_50_64",
              "pop_age_65_plus"]
BENCHMARKS = ["national_crude", "national_age_standardised", "parent_crude", "parent_age_standardised"]


def poisson_p(observed: float, expected: float) -> float:
    return min(1.0, 2 * min(stats.poisson.cdf(observed, expected), stats.poisson.sf(observed - 1, expected)))


def expected(observed_by_age: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    """Crude and age-standardised expected cases, the given rows as the reference."""
    crude = observed_by_age.to_numpy().sum() * people.sum(axis=1) / people.to_numpy().sum()
    rates = observed_by_age.sum().to_numpy() / people.sum().to_numpy()
    return pd.DataFrame({"crude": crude, "age_standardised": people.to_numpy() @ rates}, index=people.index)


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    """Per LSOA: ICB, observed located cases and the four expected counts."""
    areas, _ = read_ogr_layer(GPKG, "lsoa")
    areas = areas.set_index("LSOA21CD")
    cases = read_csv("cases.csv")
    cases["lsoa"] = located(cases, read_csv("postcode_lookup.csv"), "lsoa21cd")
    by_age = pd.crosstab(cases["lsoa"], cases["age_band"]).reindex(index=areas.index, columns=AGE_BANDS,
                                                                   fill_value=0)
    people = areas[AGE_FIELDS].astype(float).set_axis(AGE_BANDS, axis=1)
    national = expected(by_age, people).add_prefix("national_")
    parent = pd.concat([expected(by_age[areas["ICB23CD"] == code], people[areas["ICB23CD"] == code])
                        for code in sorted(set(areas["ICB23CD"]))]).add_prefix("parent_")
    return pd.concat([areas[["ICB23CD"]], by_age.sum(axis=1).rename("observed"), national, parent], axis=1)


@pytest.fixture(scope="module")
def regional() -> dict:
    return read_planted()["regional_benchmark"]


def test_the_parent_is_the_icb_with_the_highest_case_rate(table, regional):
    rates = table.groupby("ICB23CD")[["observed", "national_crude"]].sum()
    ratio = rates["observed"] / rates["national_crude"]
    assert ratio.idxmax() == regional["parent"]["code"]
    assert ratio.max() == pytest.approx(regional["parent"]["ratio_to_region"]["crude"], abs=1e-4)
    assert regional["parent_field"] == "ICB23CD"


def test_both_lsoas_lie_in_the_parent_and_wholly_in_one_constituency(table, regional):
    lookup = read_csv("postcode_lookup.csv")
    x = regional["high_nationally_typical_in_parent"]["code"]
    y = regional["typical_nationally_low_in_parent"]["code"]
    assert set(table.loc[[x, y], "ICB23CD"]) == {regional["parent"]["code"]}
    assert lookup.loc[lookup["lsoa21cd"].isin([x, y]), "pcon24cd"].nunique() == 1


@pytest.mark.parametrize("kind", ["high_nationally_typical_in_parent", "typical_nationally_low_in_parent"])
def test_the_documented_counts_are_those_of_the_shipped_data(table, regional, kind):
    area = regional[kind]
    row = table.loc[area["code"]]
    assert row["observed"] == area["observed"]
    for benchmark in BENCHMARKS:
        assert row[benchmark] == pytest.approx(area[benchmark]["expected"], abs=1e-3), benchmark
        assert poisson_p(row["observed"], row[benchmark]) == pytest.approx(area[benchmark]["p_value"], abs=1e-4)


def test_high_nationally_becomes_typical_against_its_icb(table, regional):
    row = table.loc[regional["high_nationally_typical_in_parent"]["code"]]
    for kind in ("crude", "age_standardised"):
        national, parent = row[f"national_{kind}"], row[f"parent_{kind}"]
        assert row["observed"] > national and poisson_p(row["observed"], national) < 0.002, kind
        assert poisson_p(row["observed"], parent) > 0.05, kind


def test_typical_nationally_becomes_low_against_its_icb(table, regional):
    row = table.loc[regional["typical_nationally_low_in_parent"]["code"]]
    for kind in ("crude", "age_standardised"):
        national, parent = row[f"national_{kind}"], row[f"parent_{kind}"]
        assert poisson_p(row["observed"], national) > 0.05, kind
        assert row["observed"] < parent and poisson_p(row["observed"], parent) < 0.05, kind


def test_moving_cases_inside_one_icb_and_constituency_kept_their_totals(table, regional):
    """The moved cases leave the ICB's located total and every other LSOA's expected counts as drawn."""
    parent = table[table["ICB23CD"] == regional["parent"]["code"]]
    assert parent["observed"].sum() == regional["parent"]["cases_located"]
    assert np.allclose(parent["parent_crude"].sum(), parent["observed"].sum())
