"""What changed: headline sentences worked out from the numbers of hand-made change layers, and the ranked table."""
from phso_insight_plugin.report.change_findings import change_headlines, change_table
from tests.report.builders import DISABILITY_CHANGES, EIGHT_CHANGES, constituency_changes, group_changes


def test_eight_constituencies_give_the_summary_each_significant_change_and_the_trend():
    assert change_headlines(constituency_changes(EIGHT_CHANGES), publication_safe=False) == [
        "From 2023/24 to 2024/25, cases rose significantly against population in 1 of 8 constituencies (at the "
        "stricter 99.8% level) and fell significantly in 1; for 1 there were too few cases to say.",
        "Easthaven: 143 cases in 2023/24 and 280 in 2024/25; its ratio to the expected number went from 0.96 to "
        "1.57, 1.64 times the earlier ratio (95% interval 1.31 to 2.04), significant at the stricter 99.8% level.",
        "Brackenmoor: 300 cases in 2023/24 and 290 in 2024/25; its ratio to the expected number went from 1.30 to "
        "1.00, 0.77 times the earlier ratio (95% interval 0.62 to 0.96), significant at the 95% level.",
        "Over the 4 periods from 2021/22 to 2024/25, the trend is significantly rising in 1 constituency (Easthaven) "
        "and significantly falling in 2 constituencies (Brackenmoor and Sampleton Central).",
    ]


def test_publication_safe_counts_are_rounded_and_small_ones_suppressed():
    sentences = change_headlines(constituency_changes(EIGHT_CHANGES), publication_safe=True)
    assert sentences[1].startswith("Easthaven: 145 cases in 2023/24 and 280 in 2024/25;")
    layer = constituency_changes([("Orchard Green", 3, 40, 0.1, 1.3, 2, None)], periods=("2023/24", "2024/25"))
    assert change_headlines(layer, publication_safe=True)[1].startswith(
        "Orchard Green: <8 cases in 2023/24 and 40 in 2024/25;")


def test_a_rise_from_no_case_is_reported_without_a_ratio():
    layer = constituency_changes([("Orchard Green", 0, 12, 0.0, 1.2, 2, None)], periods=("2023/24", "2024/25"))
    assert change_headlines(layer, publication_safe=False)[1] == (
        "Orchard Green: 0 cases in 2023/24 and 12 in 2024/25; with no case in 2023/24 the change has no ratio, but "
        "it is significant at the stricter 99.8% level.")


def test_two_periods_give_no_trend_sentence():
    layer = constituency_changes([("Easthaven", 420, 280, 1.0, 1.6, 2, None)], periods=("before", "after"))
    assert not any(s.startswith("Over the") for s in change_headlines(layer, publication_safe=False))


def test_groups_are_named_with_what_they_are():
    assert change_headlines(group_changes(DISABILITY_CHANGES), publication_safe=False) == [
        "From 2023/24 to 2024/25, cases rose significantly against population share in none of 2 groups and fell "
        "significantly in none.",
        "Over the 4 periods from 2021/22 to 2024/25, the trend (disability) is significantly rising in 1 group "
        "(“Yes”) and significantly falling in 1 group (“No”).",
    ]


def test_the_table_ranks_rises_first_then_falls_then_trends_alone_and_shows_both_periods():
    table = change_table(constituency_changes(EIGHT_CHANGES), publication_safe=True)
    assert table.headers == ["Constituency", "Cases 2023/24", "Cases 2024/25", "Ratio 2023/24", "Ratio 2024/25",
                             "Change (95% interval)", "Change tier", "Trend"]
    assert table.rows == [
        ["Easthaven", "145", "280", "0.96", "1.57", "1.64 (1.31 to 2.04)", "Significantly increased (99.8%)",
         "Significantly rising (99.8%)"],
        ["Brackenmoor", "300", "290", "1.30", "1.00", "0.77 (0.62 to 0.96)", "Decreased (95%)", "Falling (95%)"],
        ["Sampleton Central", "160", "170", "1.05", "0.92", "0.88 (0.70 to 1.10)", "No clear change", "Falling (95%)"],
    ]


def test_groups_with_a_significant_trend_but_no_significant_change_are_listed_rising_first():
    table = change_table(group_changes(DISABILITY_CHANGES), publication_safe=False)
    assert [(row[0], row[6], row[7]) for row in table.rows] == [
        ("Yes", "No clear change", "Significantly rising (99.8%)"), ("No", "No clear change",
                                                                      "Significantly falling (99.8%)")]
