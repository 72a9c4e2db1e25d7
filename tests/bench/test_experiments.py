"""The proposed plugin changes measured by ``run.py --experiment`` give the same results as the current code."""
import numpy as np
import pandas as pd
import pytest
import shapely

from bench.config import SMOKE
from bench.experiments import overlapping_pairs_fast, read_ogr_columns
from bench.generate import generate


def square(x, y, size=10.0):
    return shapely.box(x, y, x + size, y + size)


@pytest.mark.parametrize("geoms", [
    [square(0, 0), square(10, 0), square(0, 10)],                  # a valid coverage: no overlaps
    [square(0, 0), square(5, 0), square(20, 0), square(20, 9.95)],  # one real overlap, one within tolerance
    [square(0, 0), None, square(0, 0), shapely.Polygon()],         # duplicates, null and empty
])
def test_fast_overlap_check_matches_the_current_one(geoms):
    from phso_insight_plugin.geo.geometry_checks import overlapping_pairs

    pd.testing.assert_frame_equal(overlapping_pairs_fast(geoms), overlapping_pairs(geoms))


def test_columnar_reader_matches_read_source(plugin, tmp_path):
    from qgis.core import QgsProcessingContext, QgsVectorLayer

    from phso_insight_plugin.processing.layers import read_source

    inputs = generate(SMOKE, tmp_path, log=lambda _: None)
    for name in ("cases", "postcodes", "lsoa"):
        layer = QgsVectorLayer(str(inputs.path(name)), name, "ogr")
        expected = read_source(layer, keep_features=False).frame
        pd.testing.assert_frame_equal(read_ogr_columns(layer.source(), list(expected.columns)), expected)
    layer = QgsVectorLayer(str(inputs.path("lsoa")), "lsoa", "ogr")
    expected = read_source(layer, fields=["lsoa21cd"], keep_features=False, geometries_in=layer.crs(),
                           context=QgsProcessingContext())
    frame, geometries = read_ogr_columns(layer.source(), ["lsoa21cd"], geometry=True)
    pd.testing.assert_frame_equal(frame, expected.frame)
    assert shapely.equals_exact(geometries, expected.geometries, tolerance=0).all()


def test_strip_parallel_coverage_check_finds_an_overlap_anywhere():
    from bench.experiments import _is_valid_coverage

    grid = np.array([square(10 * i, 10 * j) for i in range(8) for j in range(8)])
    assert _is_valid_coverage(grid, min_per_strip=8)
    for k in range(len(grid)):
        broken = grid.copy()
        broken[k] = shapely.buffer(broken[k], 1.0, join_style="mitre")
        assert not _is_valid_coverage(broken, min_per_strip=8), k
