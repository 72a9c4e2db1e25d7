"""Comparing a prepared population with another total of the same areas (census.checks.against_other_total)."""
import numpy as np
import pandas as pd

from phso_insight_plugin.census.checks import against_other_total


def test_areas_whose_groups_do_not_add_up_to_the_other_total_are_counted_with_the_largest_difference():
    wide = pd.DataFrame({"disabled": [150, 200, 90], "not_disabled": [1320, 1190, 910]},
                        index=["E01000001", "E01000002", "E01000003"])
    # layer order differs from the table's: B (1,390 vs 1,390), A (1,475 vs 1,470: +5), C (997 vs 1,000: −3)
    check = against_other_total(wide, pd.Series(["E01000002", "E01000001", "E01000003"]), np.array([1390, 1475, 997]))
    assert (check.checked, check.differing, check.largest, check.largest_area) == (True, 2, 5, "E01000001")


def test_equal_totals_differ_nowhere():
    wide = pd.DataFrame({"a": [1, 2], "b": [3, 4]}, index=["X1", "X2"])
    check = against_other_total(wide, pd.Series(["X1", "X2"]), np.array([4.0, 6.0]))
    assert (check.differing, check.largest) == (0, 0)
