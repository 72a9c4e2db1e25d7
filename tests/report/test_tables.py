"""Ranked tables: significant rows only, by tier then ratio; long tables keep their top and bottom."""
from phso_insight_plugin.report.tables import MAX_ROWS, area_table, group_table
from tests.report.builders import DISABILITY, EIGHT, constituencies, groups


def test_significant_areas_are_ranked_by_tier_then_ratio():
    rows = [("Low95", 90, 100.0, -1), ("High95", 130, 100.0, 1), ("High998b", 150, 100.0, 2),
            ("Low998", 60, 100.0, -2), ("High998a", 140, 100.0, 2), ("InLine", 200, 100.0, 0),
            ("Low95b", 85, 100.0, -1), ("TooFew", 9, 3.0, None)]
    table = area_table(constituencies(rows), publication_safe=False)
    assert [row[0] for row in table.rows] == ["High998b", "High998a", "High95", "Low95", "Low95b", "Low998"]


def test_a_high_ratio_at_95_percent_ranks_below_any_99_8_percent_result():
    rows = [("Big but uncertain", 9, 3.0, 1), ("Strict", 130, 100.0, 2)]
    table = area_table(constituencies(rows), publication_safe=False)
    assert [row[0] for row in table.rows] == ["Strict", "Big but uncertain"]


def test_area_rows_give_cases_expected_ratio_interval_and_tier():
    table = area_table(constituencies(EIGHT), publication_safe=False)
    assert table.headers == ["Constituency", "Cases", "Expected", "Ratio (95% interval)", "Tier"]
    assert table.rows[0] == ["Brackenmoor", "146", "100.0", "1.46 (1.36 to 1.56)",
                             "Significantly higher than expected (99.8%)"]


def test_publication_safe_tables_suppress_small_counts_and_round_the_rest():
    rows = [("Small", 3, 0.5, 2), ("Twelve", 12, 5.0, 1)]
    table = area_table(constituencies(rows), publication_safe=True)
    assert [row[:2] for row in table.rows] == [["Small", "<8"], ["Twelve", "10"]]


def test_long_tables_show_the_top_and_bottom_and_say_how_many_are_left_out():
    rows = [(f"High{i:02d}", 200 - i, 100.0, 2) for i in range(20)] + \
           [(f"Low{i:02d}", 60 - i, 100.0, -2) for i in range(20)]
    table = area_table(constituencies(rows), publication_safe=False)
    assert len(table.rows) == MAX_ROWS
    assert (table.rows[0][0], table.rows[-1][0]) == ("High00", "Low19")
    assert table.note == ("Showing the 15 highest and 15 lowest of 40 significant constituencies; 10 in between "
                          "are in the layer but not shown.")


def test_group_rows_give_shares_and_put_the_area_first_when_by_area():
    by_area = groups([("E54000901", "65_plus", 120, 0.30, 0.20, 1)], title="age", area=True)
    assert group_table(by_area, publication_safe=True).rows == [
        ["E54000901", "65_plus", "120", "30%", "20%", "1.50 (1.35 to 1.65)", "Higher than expected (95%)"]]
    assert group_table(groups(DISABILITY), publication_safe=True).headers[0] == "Group"
