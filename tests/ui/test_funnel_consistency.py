"""Under over-dispersion the dock and the report draw the same funnel limits, and they agree with the tiers
beside them (before, the report drew plain Poisson limits and contradicted its own tiers)."""
import numpy as np
import pytest

from phso_insight_plugin.layer_run_metadata import run_metadata_of
from phso_insight_plugin.report.document import area_funnel
from phso_insight_plugin.report.funnel_figure import limits_at
from phso_insight_plugin.report.results import area_geography, area_results
from tests.layers import memory_layer, square

#: Twenty constituencies of 10,000 people each, cases spread far more widely than chance would spread them
#: (2,023 cases: 101.15 expected in each), so φ is well above 1 (5.09).
CASES = [20, 55, 65, 72, 78, 82, 86, 89, 92, 95, 98, 100, 103, 106, 110, 114, 120, 128, 150, 260]


@pytest.fixture()
def overdispersed(run_alg, tmp_path):
    """The file of the representation of the twenty areas with multiplicative over-dispersion, and φ.

    The path, not the layer: pytest holds fixture values until after the session's teardown when the test is the
    last one run, and an OGR layer destroyed after QGIS has exited crashes the process."""
    areas = memory_layer({"PCON24CD": [f"E140019{i:02d}" for i in range(20)],
                          "PCON24NM": [f"Area {i}" for i in range(20)], "cases": CASES, "pop": [10_000] * 20},
                         [square(100 * i, 0) for i in range(20)])
    result = run_alg("representation", {"INPUT": areas, "OBSERVED_FIELDS": ["cases"], "POPULATION_FIELDS": ["pop"],
                                        "OVERDISPERSION": 1, "OUTPUT": str(tmp_path / "areas.gpkg")})
    return result["OUTPUT"], result["PHI"]


def opened(path: str):
    """The layer at ``path``, opened afresh."""
    from qgis.core import QgsVectorLayer

    return QgsVectorLayer(path, "areas", "ogr")


def report_funnel(layer):
    """The report's funnel of ``layer``, read as phso_insight:insightreport reads it."""
    from phso_insight_plugin.processing.io.layers import read_source

    frame = read_source(layer, keep_features=False).frame
    run = run_metadata_of(layer)
    results = area_results(frame, layer.name(), "PCON24NM", area_geography(frame, "PCON24NM", run), run)
    return area_funnel(results)


def test_the_dock_draws_the_limits_the_report_draws(new_dock, overdispersed):
    path, phi = overdispersed
    layer = opened(path)
    dock = new_dock()
    dock.show_result_layer(layer)
    _, report_limits = report_funnel(layer)
    dock_limits = dock.funnel.limits
    assert phi == pytest.approx(5.0896, abs=1e-4)
    np.testing.assert_array_equal(dock_limits.expected, report_limits.expected)
    for confidence in (0.95, 0.998):
        for side in (0, 1):
            np.testing.assert_array_equal(dock_limits.limits[confidence][side], report_limits.limits[confidence][side])
    assert dock_limits.note == report_limits.note == f"Limits widened for over-dispersion (φ = {phi:.3g})"


def test_every_point_sits_where_its_tier_says_and_plain_limits_would_contradict_it(overdispersed):
    from tests.layers import attribute_rows

    layer = opened(overdispersed[0])
    rows = attribute_rows(layer)
    expected = np.array([r["expected"] for r in rows])
    ratio = np.array([r["ratio"] for r in rows])
    tiers = [r["tier"] for r in rows]
    limits = limits_at(expected, run_metadata_of(layer))
    beyond_998 = (ratio > limits[0.998][1]).astype(int) - (ratio < limits[0.998][0]).astype(int)
    beyond_95 = (ratio > limits[0.95][1]).astype(int) - (ratio < limits[0.95][0]).astype(int)
    assert tiers == [2 * b998 if b998 else b95 for b998, b95 in zip(beyond_998, beyond_95)]
    assert {2, -2} <= set(tiers) and 0 in tiers
    plain = limits_at(expected, None)
    outside_plain = (ratio > plain[0.95][1]) | (ratio < plain[0.95][0])
    assert sum(outside_plain) > sum(t != 0 for t in tiers)  # the unadjusted lines flag areas the tiers do not
