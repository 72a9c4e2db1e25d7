"""Census tables are read as published: nomis bulk CSVs (wide) and ONS custom datasets (long)."""
import pandas as pd
import pytest

from phso_insight_plugin.census.layouts import read_census_table
from phso_insight_plugin.errors import InputError
from tests.census.fixtures import AGE6_LONDON, TS007_HARTLEPOOL, TS038_LONDON, nomis, read


def test_an_ons_custom_dataset_becomes_one_row_per_area_with_its_six_age_categories():
    table = read_census_table(read(AGE6_LONDON))
    assert (table.layout, table.variable, table.totals) == ("ONS custom dataset", "Age", None)
    assert table.counts.shape == (4994, 6)
    assert table.counts.loc["E01000001"].tolist() == [125, 110, 291, 336, 245, 370]
    assert table.counts.to_numpy().sum() == 8_799_687


def test_a_nomis_table_keeps_its_total_apart_from_its_categories():
    table = read_census_table(read(TS038_LONDON))
    assert (table.layout, table.variable) == ("nomis", "Disability")
    assert list(table.counts.columns) == ["Disabled under the Equality Act", "Not disabled under the Equality Act"]
    assert table.totals["E01000001"] == 1475 and table.counts.loc["E01000001"].tolist() == [152, 1323]


def test_names_ending_measures_value_are_read_as_their_category():
    table = read_census_table(read(TS007_HARTLEPOOL))
    assert table.totals["E02002483"] == 10242
    assert table.counts.columns[:3].tolist() == ["Aged 4 years and under", "Aged under 1 year", "Aged 1 year"]
    assert table.counts.shape == (1, 112)


def test_newer_custom_downloads_with_code_label_and_count_are_read_too():
    frame = pd.DataFrame({"Middle layer Super Output Areas code": ["E02000001"] * 2,
                          "Middle layer Super Output Areas label": ["City of London 001"] * 2,
                          "Disability (3 categories) code": ["1", "-8"],
                          "Disability (3 categories) label": ["Disabled under the Equality Act", "Does not apply"],
                          "Count": ["1200", "0"]})
    table = read_census_table(frame)
    assert (table.variable, table.counts.loc["E02000001"].tolist(), table.left_out) == ("Disability", [1200], 0)


def test_a_nomis_table_crossing_two_variables_leaves_its_margins_out():
    frame = nomis("Sex", {"All persons; Age: Total": [30, 40], "All persons; Age: Aged 4 years and under": [30, 40],
                          "Female; Age: Total": [10, 15], "Female; Age: Aged 4 years and under": [10, 15],
                          "Male; Age: Total": [20, 25], "Male; Age: Aged 4 years and under": [20, 25]})
    table = read_census_table(frame)
    assert (table.variables, table.totals.tolist()) == (("Sex", "Age"), [30, 40])
    assert table.counts.columns.tolist() == [("Female", "Aged 4 years and under"), ("Male", "Aged 4 years and under")]


def test_a_repeated_area_code_is_named_with_its_rows():
    frame = nomis("Age", {"Total": [10, 20], "Aged 4 years and under": [10, 20]}, codes=("E01000001", "E01000001"))
    with pytest.raises(InputError, match=r"E01000001 \(2 rows \(rows 1, 2\)\)"):
        read_census_table(frame)


def test_a_table_in_neither_layout_lists_its_fields():
    with pytest.raises(InputError, match="its fields are lsoa, people"):
        read_census_table(pd.DataFrame({"lsoa": ["E01000001"], "people": ["3"]}))


def test_text_in_a_count_names_the_field_and_row():
    frame = nomis("Age", {"Total": ["10", "20"], "Aged 4 years and under": ["10", "n/a"]})
    with pytest.raises(InputError, match=r"'Age: Aged 4 years and under' has non-numeric values in 1 row \(row 2\)"):
        read_census_table(frame)
