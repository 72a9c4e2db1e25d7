"""Funnel plot curves."""
import numpy as np
import pytest

from phso_insight_plugin.stats.funnel import ratio_funnel_limits
from phso_insight_plugin.ui.funnel_data import expected_grid, funnel_curves, plottable


def test_grid_spans_the_expected_counts_with_a_margin():
    grid = expected_grid([2.0, 20.0, np.nan, 0.0])
    assert grid[0] == pytest.approx(1.6)
    assert grid[-1] == pytest.approx(24.0)


def test_curves_are_the_stats_funnel_limits_at_95_and_998_percent():
    curves = funnel_curves([2.0, 20.0])
    assert set(curves.limits) == {0.95, 0.998}
    lower, upper = ratio_funnel_limits(curves.expected, 0.998)
    np.testing.assert_allclose(curves.limits[0.998][0], lower)
    np.testing.assert_allclose(curves.limits[0.998][1], upper)


def test_overdispersion_widens_the_limits():
    plain = funnel_curves([20.0]).limits[0.95][1]
    widened = funnel_curves([20.0], phi=4.0).limits[0.95][1]
    assert np.all(widened > plain)


def test_areas_without_expected_cases_or_ratio_are_not_plotted():
    assert plottable([20.0, 0.0, 5.0], [1.0, np.nan, np.nan]).tolist() == [True, False, False]
