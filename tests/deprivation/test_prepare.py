"""The IMD on 2021 LSOAs from File 7 of IoD2025 and IoD2019 (deprivation.prepare), numbers computed by hand."""
import pandas as pd
import pytest

from phso_insight_plugin.deprivation.file7 import read_file7
from phso_insight_plugin.deprivation.prepare import estimated_sentence, prepare_deprivation
from phso_insight_plugin.errors import InputError
from tests.shared_data import SHARED_DATA

DATA = SHARED_DATA / "deprivation"
AREAS = pd.Series(["E01000001", "E01000002", "E01033784", "E01033785", "E01033786", "E01000005"])


def prepare(file7: pd.DataFrame, areas: pd.Series, lookup: pd.DataFrame | None = None):
    return prepare_deprivation(read_file7(file7), areas, lookup)


def csv(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name, dtype=str, keep_default_na=False)


def by_code(result) -> pd.DataFrame:
    return result.values.set_index("code")


@pytest.fixture(scope="module")
def iod2019():
    return prepare(csv("iod2019_file7_london.csv"), AREAS, csv("lsoa11_lsoa21_lookup_london.csv"))


def test_iod2025_is_copied_onto_the_same_2021_lsoas_as_published():
    result = prepare(csv("iod2025_file7_london.csv"), AREAS)
    values = by_code(result)
    assert result.edition.name == "IoD2025"
    assert values.loc["E01033786", ["decile", "rank", "score", "population"]].tolist() == [4, 11500, 19.0, 3900]
    assert (result.n_matched, result.n_estimated) == (5, 0)


def test_lsoas_missing_on_either_side_are_counted_and_named():
    result = prepare(csv("iod2025_file7_london.csv"), AREAS)
    assert result.missing_in_file == ["E01000005"] and result.not_in_areas == ["E01033787"]
    assert pd.isna(by_code(result).loc["E01000005", "decile"])


def test_unchanged_2011_lsoas_keep_their_published_values(iod2019):
    row = by_code(iod2019).loc["E01000001"]
    assert (row["decile"], row["rank"], row["score"], row["population"], row["estimated"], row["change"]) == \
        (8, 26000, 8.7, 1500, 0, "U")


def test_split_2011_lsoa_children_inherit_the_parent_decile_and_score(iod2019):
    values = by_code(iod2019)
    for child in ("E01033784", "E01033785"):
        assert values.loc[child, ["decile", "rank", "score", "estimated", "change"]].tolist() == \
            [1, 2000, 40.0, 1, "S"]
        assert pd.isna(values.loc[child, "population"])  # the parent's 2,000 people are shared out unknown


def test_merged_2011_lsoas_take_the_population_weighted_decile_rounded_half_up(iod2019):
    row = by_code(iod2019).loc["E01033786"]
    # parents: decile 2 (1,000 people) and decile 4 (3,000): (2×1000 + 4×3000) / 4000 = 3.5 → 4
    assert row["decile"] == 4
    assert row["score"] == pytest.approx((30.0 * 1000 + 15.0 * 3000) / 4000)  # 18.75
    assert pd.isna(row["rank"]) and row["population"] == 4000 and row["estimated"] == 1 and row["change"] == "M"


def test_the_estimated_areas_are_counted_and_said(iod2019):
    assert (iod2019.n_areas, iod2019.n_matched, iod2019.n_estimated) == (6, 5, 3)
    assert estimated_sentence(iod2019).startswith("3 of 6 areas have an estimated decile")
    assert iod2019.not_in_areas == ["E01033787"]


def test_iod2019_without_the_lsoa_lookup_is_refused():
    with pytest.raises(InputError, match="published on 2011 LSOAs: give the ONS LSOA"):
        prepare(csv("iod2019_file7_london.csv"), AREAS)


def test_a_file_that_is_not_file_7_names_the_columns_it_needs():
    with pytest.raises(InputError, match="neither a 'LSOA code \\(2021\\)' column"):
        prepare(pd.DataFrame({"lsoa": ["E01000001"], "imd": [3]}), AREAS)


def test_a_missing_decile_column_is_named():
    frame = csv("iod2025_file7_london.csv").drop(
        columns="Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)")
    with pytest.raises(InputError, match="no column Index of Multiple Deprivation \\(IMD\\) Decile"):
        prepare(frame, AREAS)


def test_a_lookup_without_the_change_codes_is_named():
    lookup = csv("lsoa11_lsoa21_lookup_london.csv").drop(columns="CHGIND")
    with pytest.raises(InputError, match="has no column CHGIND"):
        prepare(csv("iod2019_file7_london.csv"), AREAS, lookup)


def test_areas_that_are_not_lsoas_are_refused():
    with pytest.raises(InputError, match="holds constituencies"):
        prepare(csv("iod2025_file7_london.csv"), pd.Series(["E14001063", "E14001064"]))


def test_2011_area_codes_against_iod2025_get_a_vintage_hint():
    result = prepare(csv("iod2025_file7_london.csv"), pd.Series(["E01000004", "E01000010", "E01000001"]))
    assert result.missing_in_file == ["E01000004", "E01000010"]
    assert "look like LSOA 2011 codes" in result.hint


def test_deciles_outside_1_to_10_name_the_rows():
    frame = csv("iod2025_file7_london.csv")
    frame.loc[2, "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)"] = "11"
    with pytest.raises(InputError, match="1 row \\(row 3\\)"):
        prepare(frame, AREAS)


def test_a_merged_lsoa_with_a_parent_missing_from_the_file_gets_no_decile_and_is_named():
    """E01033786 merges E01000010 (decile 2) and E01000023 (decile 4): without E01000023 in the file, decile 2
    would pass for the whole area."""
    file7 = csv("iod2019_file7_london.csv")
    result = prepare(file7[file7["LSOA code (2011)"] != "E01000023"], AREAS, csv("lsoa11_lsoa21_lookup_london.csv"))
    assert pd.isna(by_code(result).loc["E01033786", "decile"])
    assert result.partial_parents == ["E01033786"] and "E01033786" in result.missing_in_file


def test_file_lsoas_the_lookup_does_not_list_are_named():
    lookup = csv("lsoa11_lsoa21_lookup_london.csv")
    result = prepare(csv("iod2019_file7_london.csv"), AREAS, lookup[lookup["LSOA11CD"] != "E01000047"])
    assert result.outside_lookup == ["E01000047"]
    assert result.partial_parents == [] and result.not_in_areas == []
