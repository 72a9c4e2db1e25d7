"""Plain CSV files read by pandas (processing.io.csv_columns) give exactly what GDAL's CSV driver gives, and
every file the two could read differently is left to GDAL."""
from __future__ import annotations

import pytest

from phso_insight_plugin.processing.io import ogr_columns

#: name → (file bytes, whether pandas may read it).
FILES = {
    "plain": (b"a,b,c\n1,x,y\n2,y,z\n", True),
    "byte order mark": (b"\xef\xbb\xbfa,b,c\n1,x,y\n", True),
    "windows line ends": (b"a,b,c\r\n1,x,y\r\n2,y,z\r\n", True),
    "no newline at the end": (b"a,b,c\n1,x,y", True),
    "short rows and empty cells": (b"a,b,c\n1,x\n2,,z\n,,\n", True),
    "more values than names": (b"a,b,c\n1,x,y,extra\n2,y,z\n", True),
    "every value quoted": (b'"a","b","c"\n"1","N1 9GU","E01000001"\n', True),
    "UTF-8 text and look-alike missing values": ("a,b,c\n1,Ynys Môn,NA\n2,null,N/A\n".encode(), True),
    "header only": (b"a,b,c\n", True),
    "an empty line": (b"a,b,c\n1,x,y\n\n2,y,z\n", False),
    "a line of spaces": (b"a,b,c\n1,x,y\n   \n2,y,z\n", False),
    "a value over two lines": (b'a,b,c\n1,"line\nbreak",y\n', False),
    "a doubled quote": (b'a,b,c\n1,"say ""hi""",y\n', False),
    "a quote inside a value": (b'a,b,c\n1,ab"c,d"e\n', False),
    "semicolons": (b"a;b;c\n1;x;y\n", False),
    "a first line of numbers": (b"1,2,3\n4,5,6\n", False),
    "a repeated name": (b"a,a,c\n1,x,y\n", False),
    "a blank name": (b"a,,c\n1,x,y\n", False),
    "spaces around names": (b" a, b,c \n1, x,y \n", False),
    "Latin-1 text": (b"a,b,c\n1,Ynys M\xf4n,y\n", False),
}


def read(path, names, pandas_allowed: bool, monkeypatch):
    if not pandas_allowed:
        monkeypatch.setattr(ogr_columns, "read_plain_csv", lambda *args, **kwargs: None)
    frame, _ = ogr_columns.read_columns(str(path), names, blank_as_null=True)
    monkeypatch.undo()
    return frame


def gdal_names(path) -> list[str]:
    from osgeo import gdal

    dataset = gdal.OpenEx(str(path), gdal.OF_VECTOR)
    definition = dataset.GetLayer(0).GetLayerDefn()
    return [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())]


@pytest.mark.parametrize("name", FILES)
def test_pandas_reads_a_csv_only_when_it_reads_what_gdal_reads(qgis_app, tmp_path, monkeypatch, name):
    content, pandas_reads = FILES[name]
    path = tmp_path / "cases.csv"
    path.write_bytes(content)
    names = gdal_names(path)
    used = []
    real = ogr_columns.read_plain_csv
    monkeypatch.setattr(ogr_columns, "read_plain_csv", lambda *a, **k: used.append(real(*a, **k)) or used[-1])
    if name == "Latin-1 text":  # GDAL's own reader cannot decode it either
        with pytest.raises(UnicodeDecodeError):
            ogr_columns.read_columns(str(path), names)
        assert used == [None]
        return
    fast, _ = ogr_columns.read_columns(str(path), names, blank_as_null=True)
    monkeypatch.undo()
    assert (used[0] is not None) == pandas_reads
    slow = read(path, names, False, monkeypatch)
    assert fast.columns.tolist() == slow.columns.tolist()
    assert fast.values.tolist() == slow.values.tolist()


def test_a_csv_with_a_csvt_is_left_to_gdal(qgis_app, tmp_path):
    path = tmp_path / "typed.csv"
    path.write_bytes(b"a,b\n1,x\n")
    (tmp_path / "typed.csvt").write_text('"String","String"')
    dataset, layer = ogr_columns.open_ogr_layer(str(path))
    assert ogr_columns.read_plain_csv(dataset, layer, str(path), [], ["a", "b"], True) is None


def test_a_cancel_between_chunks_closes_the_file(tmp_path, monkeypatch):
    import gc
    import warnings

    from phso_insight_plugin.errors import Cancelled
    from phso_insight_plugin.processing.io import csv_columns

    path = tmp_path / "cases.csv"
    path.write_text("case_id,postcode\n" + "".join(f"C{i},AB1 {i % 9}CD\n" for i in range(10)))
    monkeypatch.setattr(csv_columns, "ROWS_PER_CHUNK", 3)
    checks = iter([False, True])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        with pytest.raises(Cancelled):
            csv_columns.read_chunks(str(path), ["case_id"], lambda: next(checks))
        gc.collect()
    assert [w for w in caught if issubclass(w.category, ResourceWarning)] == []
    assert len(csv_columns.read_chunks(str(path), ["case_id", "postcode"], None)) == 10
