"""Inputs are checked: clear errors name the layer and the field; group rows not compared are counted, not shown."""
import pandas as pd
import pytest

from phso_insight_plugin.errors import InputError
from phso_insight_plugin.report.results import area_results, group_results
from phso_insight_plugin.results.geography import AREAS
from tests.report.builders import EIGHT, area_frame, group_frame


def test_a_layer_that_is_not_a_representation_output_is_refused_by_name():
    frame = pd.DataFrame({"PCON24NM": ["Brackenmoor"], "cases": [3]})
    with pytest.raises(InputError, match=r"'observed'.*'expected'.*not found in the layer 'counts'"):
        area_results(frame, "counts", "PCON24NM", AREAS)


def test_tiers_other_than_minus_two_to_two_are_an_error():
    frame = area_frame(EIGHT).assign(tier=[2, 1, 0, 0, -1, -2, 3, None])
    with pytest.raises(InputError, match=r"Layer 'x': field 'tier' should hold tiers \(2, 1, 0, -1, -2 or NULL\) but "
                                         r"has other values in 1 row \(row 7\), e\.g\. 3"):
        area_results(frame, "x", "PCON24NM", AREAS)


def test_text_in_a_number_field_names_the_layer_and_rows():
    frame = area_frame(EIGHT).astype({"expected": object})
    frame.loc[2, "expected"] = "many"
    with pytest.raises(InputError, match=r"Layer 'x': Field 'expected' has non-numeric values in 1 row \(row 3\)"):
        area_results(frame, "x", "PCON24NM", AREAS)


def test_null_tiers_are_too_few_to_say_and_missing_q_values_mean_no_fdr():
    results = area_results(area_frame(EIGHT), "x", "PCON24NM", AREAS)
    assert results.table["tier"].isna().sum() == 2
    assert not results.uses_false_discovery_rate


def test_fractional_observed_counts_are_recognised_as_apportioned():
    frame = area_frame(EIGHT)
    frame["observed"] = frame["observed"].astype(float)
    frame.loc[0, "observed"] = 146.4
    assert area_results(frame, "x", "PCON24NM", AREAS).has_fractional_counts


def test_group_rows_not_compared_are_left_out_and_their_cases_counted():
    frame = group_frame([("", "Yes", 290, 0.29, 0.18, 2), ("", "No", 710, 0.71, 0.82, -2),
                         ("", "Disabled", 12, None, None, None)])
    frame.loc[2, "tier_label"] = "Not compared"
    frame["excluded_cases"] = 40.0
    results = group_results(frame, "disability")
    assert list(results.table["group"]) == ["Yes", "No"]
    assert (results.not_compared_cases, results.excluded_cases) == (12.0, 40.0)


def test_excluded_cases_repeated_per_area_are_counted_once_per_area():
    frame = group_frame([("A", "Yes", 10, 0.5, 0.2, 1), ("A", "No", 10, 0.5, 0.8, -1),
                         ("B", "Yes", 5, 0.25, 0.2, 0), ("B", "No", 15, 0.75, 0.8, 0)], area=True)
    frame["excluded_cases"] = [3.0, 3.0, 4.0, 4.0]
    assert group_results(frame, "disability").excluded_cases == 7.0


def test_a_group_table_with_nothing_compared_is_an_error():
    frame = group_frame([("", "Disabled", 12, None, None, None)]).assign(tier_label="Not compared")
    with pytest.raises(InputError, match="Table 'disability' has no compared groups"):
        group_results(frame, "disability")
