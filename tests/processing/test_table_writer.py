"""Large tables written through GDAL's Arrow writer (processing.io.table_writer, io.arrow_batches) give exactly
the table the feature-by-feature path gives, and are written atomically like every other output."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from qgis.core import QgsProcessingException, QgsProcessingFeedback, QgsVectorLayer

from phso_insight_plugin.processing.io import table_writer
from phso_insight_plugin.processing.io.arrow_batches import RecordBatch, column_kind
from tests.sample_pipeline import SAMPLE_DIR, assign_parameters


def table(path: str) -> tuple[list, list]:
    """((field name, type name) of each field, every row's attributes) of the only layer of ``path``."""
    layer = QgsVectorLayer(path, "t", "ogr")
    assert layer.isValid(), path
    fields = [(f.name(), f.typeName()) for f in layer.fields()]
    return fields, [f.attributes() for f in layer.getFeatures()]


def written_with(monkeypatch, run_alg, arrow: bool, folder, suffix: str = "gpkg", cases: str | None = None) -> dict:
    if not arrow:
        monkeypatch.setattr(table_writer, "arrow_table", lambda staged: None)
    folder.mkdir()
    calls = []
    original = table_writer.write_batches
    monkeypatch.setattr(table_writer, "write_batches", lambda *a: calls.append(1) or original(*a))
    parameters = assign_parameters(str(folder / f"assigned.{suffix}"), str(folder / f"unmatched.{suffix}"))
    result = run_alg("assigncases", {**parameters, **({"INPUT": cases} if cases else {})})
    monkeypatch.undo()
    assert bool(calls) == arrow
    return result


def test_assigned_cases_by_arrow_batches_equal_the_feature_by_feature_table(run_alg, monkeypatch, tmp_path):
    fast = written_with(monkeypatch, run_alg, True, tmp_path / "arrow")
    slow = written_with(monkeypatch, run_alg, False, tmp_path / "features")
    for key in ("OUTPUT", "UNMATCHED"):
        assert table(fast[key]) == table(slow[key])
    fields, rows = table(fast["OUTPUT"])
    assert len(rows) == fast["ROWS_MATCHED"] and ("lsoa21cd", "String") in fields


def test_assigned_cases_into_csv_by_arrow_batches_equal_the_feature_by_feature_file_byte_for_byte(
        run_alg, monkeypatch, tmp_path):
    # Case ids OGR must quote (a comma, a quote, a line break, text that reads as a number) and a blank one.
    sample = pd.read_csv(SAMPLE_DIR / "cases.csv", dtype=str, keep_default_na=False)
    awkward = ['A,1', 'say "hi"', "two\nlines", "00123", "1e5", "", " padded ", "Ynys Môn"]
    sample.loc[:len(awkward) - 1, "case_id"] = awkward
    cases = tmp_path / "cases.csv"
    sample.to_csv(cases, index=False)
    fast = written_with(monkeypatch, run_alg, True, tmp_path / "arrow", "csv", str(cases))
    slow = written_with(monkeypatch, run_alg, False, tmp_path / "features", "csv", str(cases))
    for key in ("OUTPUT", "UNMATCHED"):
        assert open(fast[key], "rb").read() == open(slow[key], "rb").read()
    text = open(fast["OUTPUT"], encoding="utf-8").read()
    assert text.count("\n") > fast["ROWS_MATCHED"] and '"A,1"' in text


def test_a_batch_carries_text_numbers_flags_and_nulls_as_gdal_reads_them_back():
    from osgeo import gdal, ogr

    frame = pd.DataFrame({"name": ["Ynys Môn", None, "", "Ashby-de-la-Zouch"], "n": np.array([1, -2, 3, 2**40]),
                          "rate": [0.5, np.nan, -1e-300, 3.0], "flag": [True, False, True, False]})
    assert [column_kind(frame[c]) for c in frame] == ["str", "int", "float", "bool"]
    dataset = gdal.GetDriverByName("GPKG").Create("/vsimem/batch.gpkg", 0, 0, 0, gdal.GDT_Unknown)
    layer = dataset.CreateLayer("t", geom_type=ogr.wkbNone)
    kinds = (("name", ogr.OFTString), ("n", ogr.OFTInteger64), ("rate", ogr.OFTReal), ("flag", ogr.OFTInteger))
    for name, kind in kinds:
        layer.CreateField(ogr.FieldDefn(name, kind))
    batch = RecordBatch([(c, column_kind(frame[c]), frame[c]) for c in frame])
    assert layer.WriteArrowSchemaAndArrowArrayCapsule(*batch.capsules(), False, []) == 0
    back = [[f.GetField(i) for i in range(4)] for f in layer]
    dataset = None
    gdal.Unlink("/vsimem/batch.gpkg")
    assert back == [["Ynys Môn", 1, 0.5, 1], [None, -2, None, 0], ["", 3, -1e-300, 1],
                    ["Ashby-de-la-Zouch", 2**40, 3.0, 0]]


def test_columns_arrow_cannot_carry_unchanged_are_left_to_the_feature_path():
    from qgis.core import QgsField, QgsFields
    from qgis.PyQt.QtCore import QDate, QMetaType

    fields = QgsFields()
    fields.append(QgsField("when", QMetaType.Type.QDate))
    assert table_writer.arrow_columns(pd.DataFrame({"when": [QDate(2024, 4, 1)]}), fields) is None
    text = QgsFields()
    text.append(QgsField("code", QMetaType.Type.QString))
    assert table_writer.arrow_columns(pd.DataFrame({"code": [1, 2]}), text) is None  # numbers into a text field
    assert table_writer.arrow_columns(pd.DataFrame({"code": ["a", None]}), text)[0][1] == "str"


class CancelAfterFirstBatch(QgsProcessingFeedback):
    def setProgress(self, progress):
        super().setProgress(progress)
        if progress > 80:  # assigncases writes from 70 % to 95 %: the first batch is done
            self.cancel()


def test_a_cancel_between_batches_leaves_no_file(run_alg, monkeypatch, tmp_path):
    monkeypatch.setattr(table_writer, "ROWS_PER_BATCH", 50)
    out = tmp_path / "assigned.gpkg"
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        run_alg("assigncases", assign_parameters(str(out), str(tmp_path / "unmatched.csv")),
                feedback=CancelAfterFirstBatch())
    assert list(tmp_path.iterdir()) == []
