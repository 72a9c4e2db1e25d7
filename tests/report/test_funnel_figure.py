"""The one funnel figure (report and dock): its limits are those the tiers used, checked on published numbers."""
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from phso_insight_plugin.report.funnel_figure import (
    FunnelPoints,
    draw_funnel,
    expected_grid,
    funnel_limits,
    limits_at,
    limits_note,
)
from phso_insight_plugin.results.run_metadata import RunMetadata
from phso_insight_plugin.styling.palettes import palette
from tests.shared_data import phe_csv

MULTIPLICATIVE = RunMetadata("phso_insight:representation", "m", overdispersion="multiplicative", phi=2.25)
ADDITIVE = RunMetadata("phso_insight:representation", "m", overdispersion="additive", phi=2.25, tau2=0.01)
FDR = RunMetadata("phso_insight:representation", "m", multiple_testing="bh")


def test_grid_spans_the_expected_counts_with_a_margin():
    grid = expected_grid([2.0, 20.0, np.nan, 0.0])
    assert grid[0] == pytest.approx(1.6) and grid[-1] == pytest.approx(24.0)


@pytest.mark.parametrize("column, confidence, side", [
    ("lower_2s_exp_events", 0.95, 0), ("upper_2s_exp_events", 0.95, 1),
    ("lower_3s_exp_events", 0.998, 0), ("upper_3s_exp_events", 0.998, 1),
])
def test_without_over_dispersion_the_limits_are_ukhsa_exact_poisson_funnel_limits(column, confidence, side):
    data = phe_csv("testdata_funnel_ratio_outputs.csv")
    observed = data.iloc[:, 0].to_numpy(float)
    keep = observed > 0 if side == 1 else np.ones(len(observed), bool)
    expected = data[column].to_numpy(float)[keep]
    # An area with O observed at the expected count PHE gives sits exactly on the limit: ratio O / E.
    limit = limits_at(expected, None)[confidence][side]
    np.testing.assert_allclose(limit, observed[keep] / expected, rtol=1e-4)


def test_one_observed_case_sits_on_the_lower_95_percent_limit_at_5_57_expected():
    lower, _ = limits_at([5.571644585], None)[0.95]
    assert lower[0] == pytest.approx(1 / 5.571644585, rel=1e-6)  # 0.17948, PHE lower_2s_isr 17.948 / 100


def test_multiplicative_over_dispersion_widens_the_limits_by_root_phi_on_the_square_root_scale():
    lower, upper = limits_at([100.0], MULTIPLICATIVE)[0.95]
    half = 1.959963985 * 1.5 / 20  # z √φ / (2 √E) with φ = 2.25, E = 100
    assert (lower[0], upper[0]) == pytest.approx(((1 - half) ** 2, (1 + half) ** 2), rel=1e-9)
    assert (lower[0], upper[0]) == pytest.approx((0.727614, 1.315603), abs=1e-6)


def test_additive_over_dispersion_adds_tau2_to_the_variance():
    lower, upper = limits_at([100.0], ADDITIVE)[0.998]
    half = 3.090232306 * np.sqrt(1 / 400 + 0.01)
    assert (lower[0], upper[0]) == pytest.approx(((1 - half) ** 2, (1 + half) ** 2), rel=1e-9)


def test_the_plot_says_which_limits_are_drawn():
    assert limits_note(None) == ""
    assert limits_note(MULTIPLICATIVE) == "Limits widened for over-dispersion (φ = 2.25)"
    assert limits_note(FDR) == ("Lines before the false discovery rate adjustment: tiers use Benjamini–Hochberg "
                                "q-values")


def test_the_drawn_lines_are_the_limits_and_the_note_is_the_title():
    points, _ = FunnelPoints.of([10.0, 100.0], [1.5, 0.9], [1, 0])
    limits = funnel_limits(points.expected, MULTIPLICATIVE)
    figure = Figure()
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    collection, lines = draw_funnel(axes, points, limits, palette("PuOr").colours)
    np.testing.assert_allclose(lines[0.998][1].get_ydata(), limits.limits[0.998][1])
    assert axes.get_title(loc="left") == "Limits widened for over-dispersion (φ = 2.25)"
    assert len(collection.get_offsets()) == 2


def test_areas_without_expected_cases_or_ratio_are_not_plotted():
    points, keep = FunnelPoints.of([20.0, 0.0, 5.0], [1.0, np.nan, np.nan], [0, None, None])
    assert keep.tolist() == [True, False, False] and points.tiers == [0]
