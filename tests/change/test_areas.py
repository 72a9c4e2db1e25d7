"""Change of areas from case rows (change.areas): population by stratum or by period, exclusions, and the layer
tables (infinite values as NaN, the compared periods named)."""
import numpy as np
import pandas as pd
import pytest

from phso_insight_plugin.change import assign_periods, representation_change
from phso_insight_plugin.change.areas import CaseRows, area_change, stratum_fields
from phso_insight_plugin.change.periods import periods_from_labels
from phso_insight_plugin.errors import InputError
from phso_insight_plugin.results.change_columns import AREA_BY_PERIOD, CHANGE

AREAS = pd.DataFrame({"code": ["A", "B", "C"], "pop": [1000.0, 2000.0, 1000.0], "pop_2023": [900.0, 2100.0, 1000.0],
                      "pop_2024": [1100.0, 1900.0, 1000.0]})
#: 2023/24: A 10, B 20, C 0; 2024/25: A 30, B 20, C 5.
CASE_AREAS = ["A"] * 10 + ["B"] * 20 + ["A"] * 30 + ["B"] * 20 + ["C"] * 5
CASE_DATES = ["2023-06-01"] * 30 + ["2024-06-01"] * 55


def rows(areas=CASE_AREAS, dates=CASE_DATES, **options) -> CaseRows:
    return CaseRows(areas, dates, assign_periods(dates), **options)


def test_a_stratum_s_population_field_is_the_one_named_after_it_as_joincasecounts_spells_it():
    fields = ["pop_age_0_15", "pop_age_16_24", "pop_age_65_plus", "pop_total"]
    assert stratum_fields(["65+", "0-15", "16-24"], fields) == ["pop_age_65_plus", "pop_age_0_15", "pop_age_16_24"]


def test_a_stratum_with_no_field_or_several_is_named():
    with pytest.raises(InputError, match=r"'65\+' \(none\), '0-15' \(pop_0_15, pop_age_0_15\)"):
        stratum_fields(["65+", "0-15"], ["pop_0_15", "pop_age_0_15"])


def test_the_change_is_the_core_s_on_the_counted_cases():
    change = area_change(AREAS, "code", ["pop"], rows())
    core = representation_change([[10, 30], [20, 20], [0, 5]], ["2023/24", "2024/25"], ["A", "B", "C"],
                                 population=[1000.0, 2000.0, 1000.0]).change
    np.testing.assert_allclose(change.layer_table["change_p"], core["p_value"], rtol=1e-15)
    assert change.layer_table.columns.tolist() == CHANGE.names
    assert change.layer_table[["period_1", "period_2"]].drop_duplicates().values.tolist() == [["2023/24", "2024/25"]]


def test_an_infinite_ratio_of_ratios_and_limit_become_nan_and_the_flag_says_why():
    area_c = area_change(AREAS, "code", ["pop"], rows()).layer_table.iloc[2]
    assert np.isnan(area_c["ratio_of_ratios"]) and np.isnan(area_c["rr_ucl95"]) and area_c["rr_lcl95"] > 0
    assert area_c["change_flag"] == "no cases in the earlier period: ratio of ratios infinite"


def test_one_population_per_period_gives_each_period_its_own_expected_counts():
    change = area_change(AREAS, "code", ["pop_2023", "pop_2024"], rows(), population_per_period=True)
    first = change.by_period[change.by_period["period"] == "2023/24"]
    np.testing.assert_allclose(first["expected"], 30 * np.array([900, 2100, 1000]) / 4000)
    assert change.by_period.columns.tolist() == AREA_BY_PERIOD.names


def test_one_population_field_per_period_needs_as_many_fields_as_periods():
    with pytest.raises(InputError, match=r"1 population fields \('pop'\) for 2 periods \(2023/24, 2024/25\)"):
        area_change(AREAS, "code", ["pop"], rows(), population_per_period=True)


def test_strata_need_their_population_fields_and_blank_strata_are_excluded():
    strata = ["young", "old"] * 42 + [""]
    areas = AREAS.assign(pop_young=[500.0, 1000.0, 600.0], pop_old=[500.0, 1000.0, 400.0])
    change = area_change(areas, "code", ["pop_young", "pop_old"], rows(strata=strata))
    assert change.summary.excluded_by_reason["no value in the stratum field"] == 1
    assert change.summary.method.startswith("Indirectly standardised over 2 strata")


def test_excluded_rows_are_counted_by_reason_with_their_weights():
    areas, dates = ["A", "", "Z", "B"], ["2023-06-01", "2024-06-01", "2024-06-01", "soon"]
    change = area_change(AREAS, "code", ["pop"], CaseRows(areas + CASE_AREAS, dates + CASE_DATES,
                                                          assign_periods(dates + CASE_DATES),
                                                          weights=[2.0, 3.0, 4.0, 5.0] + [1.0] * 85))
    summary = change.summary
    assert (summary.cases_in, summary.excluded_cases, summary.counted_cases) == (99.0, 12.0, 87.0)
    assert {k: v for k, v in summary.excluded_by_reason.items() if v} == {
        "a date that could not be read": 5.0, "no area code": 3.0, "an area code not among the areas": 4.0}
    assert summary.exclusions == ("12 of 99 cases excluded: 3 with no area code (row 2: blank); 4 with an area code "
                                  "not among the areas (row 3: 'Z'); 5 with a date that could not be read "
                                  "(row 4: 'soon').")


def test_area_codes_must_be_present_and_distinct():
    with pytest.raises(InputError, match=r"repeats codes in 2 rows \(rows 1, 2\), e.g. 'A'"):
        area_change(pd.DataFrame({"code": ["A", "A"], "pop": [1.0, 1.0]}), "code", ["pop"], rows())


def test_period_labels_sort_into_time_order_and_a_blank_one_is_excluded():
    periods = periods_from_labels(["from 2024-04-01", "2024-04-01 to 2024-12-31", None, "before 2024-04-01", " "])
    assert periods.labels == ["before 2024-04-01", "2024-04-01 to 2024-12-31", "from 2024-04-01"]
    assert periods.period.tolist() == [2, 1, -1, 0, -1]
    assert periods.excluded_counts["no date"] == 2
