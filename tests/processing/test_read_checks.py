"""What a file's reader gets wrong is found and named: a header row read as data (an all-text
spreadsheet, delimited text without "First record has field names") and numbers GDAL coerced
(text or decimals stored in a GeoPackage INTEGER column, a CSV typed by a .csvt)."""
import shutil
import sqlite3

import openpyxl
import pandas as pd
import pytest
from qgis.core import QgsProcessingException, QgsVectorLayer

from phso_insight_plugin.processing.io.read_checks import header_row_values, misread
from tests.layers import attribute_rows

CASES_COLUMNS = ["case_id", "postcode", "age_band", "sex"]


# --- a header row read as data ----------------------------------------------------------------------------------

def test_a_header_row_has_generic_field_names_and_unrepeated_text():
    frame = pd.DataFrame({"Field1": ["case_id", "C1", "C2"], "Field2": ["sex", "Female", "Female"]})
    assert header_row_values(["Field1", "Field2"], frame) == ["case_id", "sex"]


@pytest.mark.parametrize(("names", "first_row"), [
    (["case_id", "sex"], ["case_id", "sex"]),    # real field names: GDAL found the header
    (["Field1", "Field2"], ["C0", "Female"]),    # "Female" occurs again below: a data row
    (["Field1", "Field2"], ["case_id", "12"]),   # a number is data
    (["Field1", "Field2"], ["sex", "sex"]),      # a header has distinct names
    (["Field1", "Field2"], ["case_id", None]),   # and no blank one
])
def test_a_data_row_is_not_taken_for_a_header(names, first_row):
    frame = pd.DataFrame({names[0]: [first_row[0], "C1", "C2"], names[1]: [first_row[1], "Female", "Female"]})
    assert header_row_values(names, frame) is None


def all_text_workbook(path, sheet: str, rows) -> str:
    book = openpyxl.Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append([str(v) for v in row])
    book.save(path)
    return str(path)


@pytest.fixture()
def all_text_cases(sample_data, tmp_path):
    """The sample cut's cases in a sheet whose every cell is text: GDAL cannot see its header row."""
    cases = sample_data.cases.base[CASES_COLUMNS]
    return all_text_workbook(tmp_path / "cases.xlsx", "cases", [CASES_COLUMNS, *cases.itertuples(index=False)])


def join_counts(run_alg, cases, area_field, areas):
    return run_alg("joincasecounts", {"INPUT": cases, "CASE_AREA_FIELD": area_field, "AREAS": areas,
                                      "AREA_FIELD": "LSOA21CD", "OUTPUT": "TEMPORARY_OUTPUT"})


def test_an_all_text_spreadsheet_read_without_its_header_is_stopped_with_the_fix(run_alg, opened, all_text_cases):
    layer = opened.adopt(QgsVectorLayer(f"{all_text_cases}|layername=cases", "cases", "ogr"))
    assert layer.fields().names() == ["Field1", "Field2", "Field3", "Field4"]
    with pytest.raises(QgsProcessingException) as error:
        run_alg("assigncases", {"INPUT": layer, "LOCATION_TYPE": 0, "LOCATION_FIELD": "Field2",
                                "POSTCODE_LOOKUP": opened.layer("lookup", "gpkg_table"),
                                "LOOKUP_POSTCODE_FIELD": "pcds", "LOOKUP_AREA_FIELDS": ["lsoa21cd"],
                                "OUTPUT": "TEMPORARY_OUTPUT"})
    message = str(error.value)
    assert "first row of the case table (INPUT) looks like a header read as data" in message
    assert "Field1, Field2, Field3, Field4" in message and "'case_id', 'postcode', 'age_band', 'sex'" in message
    assert "HEADERS=FORCE" in message


def test_the_same_spreadsheet_opened_with_headers_forced_gives_every_case(run_alg, opened, sample_data,
                                                                           all_text_cases):
    layer = opened.adopt(QgsVectorLayer(f"{all_text_cases}|layername=cases|option:HEADERS=FORCE", "cases", "ogr"))
    assert layer.fields().names() == CASES_COLUMNS
    result = run_alg("assigncases", {"INPUT": layer, "LOCATION_TYPE": 0, "LOCATION_FIELD": "postcode",
                                     "POSTCODE_LOOKUP": opened.layer("lookup", "gpkg_table"),
                                     "LOOKUP_POSTCODE_FIELD": "pcds", "LOOKUP_AREA_FIELDS": ["lsoa21cd"],
                                     "OUTPUT": "TEMPORARY_OUTPUT"})
    assert result["ROWS_IN"] == len(sample_data.cases.base) == 1024
    assert result["ROWS_MATCHED"] == 1016


def test_delimited_text_without_first_record_as_field_names_is_stopped(run_alg, opened):
    path = opened.files.path("cases", "csv_delimited")
    layer = opened.adopt(QgsVectorLayer(f"file://{path}?type=csv&useHeader=no&geomType=none", "cases",
                                        "delimitedtext"))
    with pytest.raises(QgsProcessingException, match=r"first row of the case table \(INPUT\) looks like a header.*"
                                                       r"'First record has field names' ticked"):
        join_counts(run_alg, layer, "field_8", opened.layer("areas", "gpkg_table"))


def test_a_spreadsheet_declared_without_header_is_read_as_data(run_alg, opened, tmp_path):
    """HEADERS=DISABLE says the first row is data: no header check."""
    path = all_text_workbook(tmp_path / "codes.xlsx", "codes", [["E01900001"], ["E01900001"], ["E01900002"]])
    layer = opened.adopt(QgsVectorLayer(f"{path}|layername=codes|option:HEADERS=DISABLE", "codes", "ogr"))
    result = join_counts(run_alg, layer, "Field1", opened.layer("areas", "gpkg_table"))
    assert result["CASES_MATCHED"] == 3


# --- numbers GDAL coerced ------------------------------------------------------------------------------------------

def spoilt_geopackage(format_files, tmp_path, updates: dict[int, object], column: str = "pop_young") -> str:
    """A copy of the areas GeoPackage table with ``column`` of the given fids set to raw SQLite values."""
    path = shutil.copy(format_files.path("areas", "gpkg_table"), tmp_path / "areas.gpkg")
    connection = sqlite3.connect(path)
    with connection:
        for fid, value in updates.items():
            connection.execute(f"UPDATE areas SET {column} = ? WHERE fid = ?", (value, fid))
    connection.close()
    return path


def representation(run_alg, layer):
    return run_alg("representation", {"INPUT": layer, "OBSERVED_FIELDS": ["obs_young", "obs_old"],
                                      "POPULATION_FIELDS": ["pop_young", "pop_old"], "OUTPUT": "TEMPORARY_OUTPUT"})


def test_text_and_decimals_in_a_geopackage_integer_column_are_named_with_their_rows(run_alg, opened, tmp_path):
    path = spoilt_geopackage(opened.files, tmp_path, {3: "n/a", 5: 3.7, 9: float("inf"), 12: ""})
    layer = opened.adopt(QgsVectorLayer(f"{path}|layername=areas", "areas", "ogr"))
    assert [layer.getFeature(fid)["pop_young"] for fid in (3, 5, 9, 12)] == [0, 3, -1, 0]  # what GDAL makes of them
    with pytest.raises(QgsProcessingException) as error:
        representation(run_alg, layer)
    assert str(error.value) == (
        "Field 'pop_young' of the input layer (INPUT) holds values GDAL cannot read as they are in 4 row(s) where its "
        "type says whole numbers (features with fid 3, 5, 9, 12: 'n/a' read as 0, '3.7' read as 3, 'Inf' read as -1, "
        "'' read as 0). Correct them in the file, or store the column as text.")


def test_numbers_stored_as_text_or_whole_decimals_are_read_right_and_pass(run_alg, opened, tmp_path):
    path = spoilt_geopackage(opened.files, tmp_path, {3: "812", 5: 700.0})
    layer = opened.adopt(QgsVectorLayer(f"{path}|layername=areas", "areas", "ogr"))
    assert [layer.getFeature(fid)["pop_young"] for fid in (3, 5)] == [812, 700]
    assert representation(run_alg, layer)["N_AREAS"] == 44


def test_coerced_rows_filtered_out_deselected_or_corrected_do_not_count(run_alg, opened, tmp_path):
    from qgis.core import QgsProcessingFeatureSourceDefinition

    path = spoilt_geopackage(opened.files, tmp_path, {3: "n/a"})
    filtered = opened.adopt(QgsVectorLayer(f"{path}|layername=areas", "areas", "ogr"))
    filtered.setSubsetString("fid <> 3")
    assert representation(run_alg, filtered)["N_AREAS"] == 43
    selected = opened.adopt(QgsVectorLayer(f"{path}|layername=areas", "areas", "ogr"))
    selected.selectByExpression("$id <> 3")
    assert representation(run_alg, QgsProcessingFeatureSourceDefinition(selected.id(), True))["N_AREAS"] == 43
    edited = opened.adopt(QgsVectorLayer(f"{path}|layername=areas", "areas", "ogr"))
    edited.startEditing()
    edited.changeAttributeValue(3, edited.fields().lookupField("pop_young"), 500)
    assert representation(run_alg, edited)["N_AREAS"] == 44


class TypedCsv:
    """The sample cut's areas as a CSV with a .csvt declaring the numbers Integer."""

    def __init__(self, opened, folder):
        self.opened = opened
        self.frame = pd.read_csv(opened.files.path("areas", "csv_ogr"), dtype=str, keep_default_na=False)
        self.path = folder / "areas.csv"
        self.path.with_suffix(".csvt").write_text(",".join(['"String"'] * 2 + ['"Integer"'] * 5))

    def layer(self, row: int, column: str, text: str) -> QgsVectorLayer:
        """The CSV with the cell of data row ``row`` (1 = first below the header) holding ``text``."""
        spoilt = self.frame.copy()
        spoilt.loc[row - 1, column] = text
        spoilt.to_csv(self.path, index=False)
        return self.opened.adopt(QgsVectorLayer(str(self.path), "areas", "ogr"))


@pytest.fixture()
def typed_csv(opened, tmp_path):
    return TypedCsv(opened, tmp_path)


@pytest.mark.parametrize(("text", "read_as"), [("1,250", "NULL"), ("12.5", "NULL"), ("99999999999", "2147483647")])
def test_text_a_csvt_typed_column_cannot_hold_is_named_with_its_row(run_alg, typed_csv, text, read_as):
    layer = typed_csv.layer(7, "pop_old", text)
    with pytest.raises(QgsProcessingException) as error:
        representation(run_alg, layer)
    assert str(error.value) == (
        f"Field 'pop_old' of the input layer (INPUT) holds values GDAL cannot read as they are in 1 row(s) where its "
        f"type says whole numbers (rows 7: '{text}' read as {read_as}). Correct them in the file, or store the "
        "column as text.")


def test_text_beyond_what_gdal_autodetected_types_from_is_named_with_its_row(run_alg, opened, tmp_path):
    """With AUTODETECT_TYPE, GDAL types columns from the first bytes only (here 200): later text is NULL."""
    frame = pd.read_csv(opened.files.path("areas", "csv_ogr"), dtype=str, keep_default_na=False)
    frame.loc[29, "pop_old"] = "unknown"
    frame.to_csv(tmp_path / "areas.csv", index=False)
    layer = opened.adopt(QgsVectorLayer(f"{tmp_path / 'areas.csv'}|option:AUTODETECT_TYPE=YES|"
                                        "option:AUTODETECT_SIZE_LIMIT=200", "areas", "ogr"))
    assert layer.fields().field("pop_old").typeName() == "Integer"
    with pytest.raises(QgsProcessingException, match=r"Field 'pop_old' of the input layer \(INPUT\) holds values "
                                                       r".* \(rows 30: 'unknown' read as NULL\)"):
        representation(run_alg, layer)


def test_a_csvt_typed_csv_with_clean_numbers_reads_like_the_geopackage(run_alg, typed_csv, opened):
    layer = typed_csv.layer(7, "pop_old", f"+{typed_csv.frame.pop_old[6]}")  # a sign is fine
    assert layer.fields().field("pop_old").typeName() == "Integer"
    reference = representation(run_alg, opened.layer("areas", "gpkg_table"))
    result = representation(run_alg, layer)
    assert ([r["ratio"] for r in attribute_rows(result["OUTPUT"])] ==
            [r["ratio"] for r in attribute_rows(reference["OUTPUT"])])


@pytest.mark.parametrize(("text", "value", "wrong"), [
    (None, None, False), ("", None, False), ("7", 7, False), (" 7 ", 7, False), ("+inf", float("inf"), False),
    ("abc", None, True), ("3.7", float("nan"), True), ("99999999999", 2147483647, True)])
def test_a_cell_is_misread_when_its_text_is_not_the_number_gdal_gives(text, value, wrong):
    assert misread(text, value) is wrong


def test_text_in_a_numeric_spreadsheet_column_makes_it_text_and_names_the_row(run_alg, opened, sample_data, tmp_path):
    """GDAL reads a spreadsheet column holding any text as text: never coerced, the algorithm names the row."""
    areas = sample_data.areas.base
    book = openpyxl.Workbook()
    book.active.title = "areas"
    book.active.append(list(areas.columns))
    for i, row in enumerate(areas.itertuples(index=False)):
        book.active.append([("n/a" if i == 4 and c == "pop_old" else v.item() if hasattr(v, "item") else v)
                            for c, v in zip(areas.columns, row)])
    book.save(tmp_path / "areas.xlsx")
    layer = opened.adopt(QgsVectorLayer(f"{tmp_path / 'areas.xlsx'}|layername=areas", "areas", "ogr"))
    assert layer.fields().field("pop_old").typeName() == "String"
    with pytest.raises(QgsProcessingException, match=r"Field 'pop_old' has non-numeric values in 1 row \(row 5\), "
                                                       r"e\.g\. 'n/a'"):
        representation(run_alg, layer)
