"""The code vintage table (geo.code_vintages): real London codes fall in the ranges the table dates."""
import pandas as pd
import pytest

from phso_insight_plugin.cases.vintage import vintage_hint
from phso_insight_plugin.geo.code_vintages import (
    TABLE,
    code_ranges,
    entity_names,
    is_no_area,
    prefix_geographies,
    pseudo_codes,
    vintage_of,
    vintages,
)
from phso_insight_plugin.results.geography import geography_of_codes
from tests.shared_data import LONDON, london_layer


@pytest.fixture(scope="module")
def lsoa21():
    return london_layer("lsoa21")[0]


def test_the_table_ships_inside_the_plugin_and_every_row_is_complete():
    assert TABLE.is_file() and "phso_insight_plugin" in TABLE.parts
    for row in code_ranges():
        assert len(row.prefix) == 3 and row.entity
        assert bool(row.first) == bool(row.last)
        assert not row.first or (row.first.startswith(row.prefix) and row.first <= row.last)


def test_london_2021_lsoas_are_2011_codes_kept_and_335_codes_issued_in_2021(lsoa21):
    codes = lsoa21["lsoa21_code"]
    kept, new = vintage_of("LSOA", "2011").contains(codes), vintage_of("LSOA", "2021").contains(codes)
    assert (kept.sum(), new.sum()) == (4994 - 335, 335)
    assert (kept | new).all() and not (kept & new).any()


def test_the_75_london_constituencies_of_july_2024_are_in_the_2024_range():
    codes = london_layer("pcon24")[0]["pcon24_code"]
    assert len(codes) == 75
    assert vintage_of("PCON", "2024").contains(codes).all()
    assert not vintage_of("PCON", "2010").contains(codes).any()


def test_the_five_london_icbs_of_2024_keep_their_2022_codes():
    lookup = pd.read_csv(LONDON / "london_lookup_lsoa21_sicbl24_icb24.csv", dtype=str)
    icbs = pd.Series(sorted(lookup["icb24_code"].unique()))
    assert icbs.tolist() == ["E54000027", "E54000028", "E54000029", "E54000030", "E54000031"]
    assert vintage_of("ICB", "2022").contains(icbs).all()
    assert not vintage_of("ICB", "2026").contains(icbs).any()


def test_icb_vintages_are_2022_then_2026_and_constituencies_2010_then_2024():
    assert [row.issued for row in vintages("E54")] == ["2022", "2026"]
    assert [row.issued for row in vintages("E14")] == ["2010", "2024"]
    assert vintages("E38") == ()


def test_prefixes_name_geographies_and_entities():
    assert prefix_geographies()["E54"] == "ICB" and prefix_geographies()["E38"] == "SICBL"
    assert entity_names()["E09"] == "London borough"
    assert "E99" not in prefix_geographies()


def test_the_six_ons_pseudo_codes_name_no_area_and_no_geography():
    assert pseudo_codes() == {"E99999999", "W99999999", "S99999999", "N99999999", "L99999999", "M99999999"}
    assert geography_of_codes(["E99999999"]) is None


def test_blanks_and_pseudo_codes_are_no_area_and_real_codes_are():
    values = pd.Series(["E01000001", "E99999999", " s99999999 ", "", None, float("nan"), "E54000027"])
    assert is_no_area(values).tolist() == [False, True, True, True, True, True, False]


def test_merged_2026_icb_codes_against_a_2022_icb_layer_get_a_vintage_hint():
    layer = pd.Series(["E54000027", "E54000028", "E54000029", "E54000030", "E54000031"])
    hint = vintage_hint(pd.Series(["E54000071", "E54000071", "E54000065"]), layer)
    assert hint.startswith("3 of 3 unmatched codes (e.g. 'E54000071', 'E54000065') are ICB (April 2026 merged boards)")
    assert "did not exist in 2022" in hint


def test_retired_2022_icb_codes_against_a_2026_layer_get_a_vintage_hint():
    layer = pd.Series(["E54000029", "E54000030", "E54000031", "E54000071"])  # London, April 2026
    hint = vintage_hint(pd.Series(["E54000027", "E54000028"]), layer)
    assert "look like ICB (July 2022 to March 2026) codes" in hint and "icb26cd" in hint
