"""Headline findings are worked out from the numbers: exact sentences for hand-made layers with known tiers."""
from phso_insight_plugin.report.headlines import area_headlines, group_headlines
from tests.report.builders import DISABILITY, EIGHT, constituencies, groups


def test_eight_constituencies_give_coverage_more_fewer_and_the_rest():
    assert area_headlines(constituencies(EIGHT), publication_safe=False) == [
        "The comparison covers 634 cases in 8 constituencies.",
        "Of 8 constituencies, 2 have significantly more cases than their population would suggest (1 of them at "
        "the stricter 99.8% level); the highest is Brackenmoor, with 1.46 times the expected number.",
        "Of 8 constituencies, 2 have significantly fewer cases than their population would suggest (1 of them at "
        "the stricter 99.8% level); the lowest is Marsh End and Saltings, with 0.70 times the expected number.",
        "Of the other 4, 2 are in line with their population and there are too few cases to say for 2.",
    ]


def test_publication_safe_total_is_rounded_to_the_nearest_five():
    assert area_headlines(constituencies(EIGHT), publication_safe=True)[0] == \
        "The comparison covers 635 cases in 8 constituencies."


def test_a_total_of_one_to_seven_cases_is_said_as_fewer_than_eight():
    layer = constituencies([("Brackenmoor", 3, 2.0, None), ("Easthaven", 2, 2.5, None)])
    assert area_headlines(layer, publication_safe=True)[0] == \
        "The comparison covers fewer than 8 cases in 2 constituencies."


def test_a_single_significant_area_is_named_in_the_singular():
    layer = constituencies([("Brackenmoor", 146, 100.0, 2), ("Westerleigh", 100, 100.0, 0),
                            ("Easthaven", 95, 100.0, 0)])
    assert area_headlines(layer, publication_safe=False)[1:] == [
        "Of 3 constituencies, 1 has significantly more cases than its population would suggest (at the stricter "
        "99.8% level): Brackenmoor, with 1.46 times the expected number.",
        "Of 3 constituencies, none has significantly fewer cases than its population would suggest.",
        "The other 2 are in line with their population.",
    ]


def test_all_significant_at_the_stricter_level_says_all_of_them():
    layer = constituencies([("Brackenmoor", 146, 100.0, 2), ("Northfield Vale", 150, 100.0, 2)])
    assert area_headlines(layer, publication_safe=False)[1] == (
        "Of 2 constituencies, 2 have significantly more cases than their population would suggest (all of them at "
        "the stricter 99.8% level); the highest is Northfield Vale, with 1.50 times the expected number.")


def test_only_95_percent_results_mention_no_stricter_level():
    layer = constituencies([("Easthaven", 80, 100.0, -1), ("Westerleigh", 85, 100.0, -1)])
    assert area_headlines(layer, publication_safe=False)[2] == (
        "Of 2 constituencies, 2 have significantly fewer cases than their population would suggest; the lowest is "
        "Easthaven, with 0.80 times the expected number.")


def test_an_area_with_no_cases_is_described_against_its_expected_number():
    layer = constituencies([("Sampleton", 0, 18.6, -2), ("Westerleigh", 100, 100.0, 0)])
    assert area_headlines(layer, publication_safe=False)[2] == (
        "Of 2 constituencies, 1 has significantly fewer cases than its population would suggest (at the stricter "
        "99.8% level): Sampleton, with no cases where 18.6 were expected.")


def test_no_significant_area_says_all_are_in_line():
    layer = constituencies([("Westerleigh", 100, 100.0, 0), ("Easthaven", 95, 100.0, 0)])
    assert area_headlines(layer, publication_safe=False)[3] == "All 2 are in line with their population."


def test_too_few_to_say_only_is_said_so():
    layer = constituencies([("Brackenmoor", 146, 100.0, 2), ("Sampleton", 1, 2.0, None)])
    assert area_headlines(layer, publication_safe=False)[3] == \
        "For the remaining one there are too few cases to say."


def test_groups_compare_case_share_with_population_share():
    assert group_headlines(groups(DISABILITY)) == [
        "Of 2 groups compared (disability), 1 has significantly more cases than its share of the population "
        "would suggest, and 1 has significantly fewer.",
        "People in the group “Yes” (disability) make up 18% of the population but 29% of cases (1.61 times their "
        "share).",
        "People in the group “No” (disability) make up 82% of the population but only 71% of cases (0.87 times "
        "their share).",
    ]


def test_groups_by_area_name_the_area_first():
    table = groups([("E54000901", "65_plus", 120, 0.30, 0.20, 1), ("E54000901", "16_24", 280, 0.70, 0.80, 0)],
                   title="age", area=True)
    assert group_headlines(table) == [
        "Of 2 groups within areas compared (age), 1 has significantly more cases than its share of the population "
        "would suggest, and none has significantly fewer.",
        "In E54000901, people in the group “65_plus” (age) make up 20% of the population but 30% of cases (1.50 "
        "times their share).",
    ]


def test_standardised_groups_give_the_share_and_the_standardised_ratio():
    table = groups([("", "Asian", 70, 0.07, 0.12, -1), ("", "White", 930, 0.93, 0.88, 0)], title="ethnicity",
                   crude_ratio=[0.07 / 0.12, 0.93 / 0.88], ratio=[0.81, 1.01])
    assert group_headlines(table)[1] == (
        "People in the group “Asian” (ethnicity) make up 12% of the population but only 7.0% of cases (0.58 times "
        "their share; 0.81 times the expected number after standardisation).")


def test_a_group_without_cases_is_said_to_have_none():
    table = groups([("", "Mixed", 0, 0.0, 0.05, -2), ("", "White", 1000, 1.0, 0.95, 0)], title="ethnicity")
    assert group_headlines(table)[1] == \
        "People in the group “Mixed” (ethnicity) make up 5.0% of the population but none of the cases."


def test_groups_beyond_three_per_direction_are_left_to_the_table():
    rows = [("", f"g{i}", 100 + i, 0.1 + i / 100, 0.05, 2) for i in range(5)]
    assert group_headlines(groups(rows, title="region"))[-1] == \
        "A further 2 significant results are listed in the table below."
