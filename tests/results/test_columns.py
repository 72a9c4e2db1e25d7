"""The result columns: one declaration, in the order the tables and layers carry them."""
from phso_insight_plugin.results.columns import (
    AREA_READ,
    GROUP_READ,
    GROUP_REPRESENTATION,
    REPRESENTATION,
    group_columns,
)


def test_representation_columns_in_output_order_with_their_kinds():
    assert REPRESENTATION.names == ["observed", "expected", "ratio", "lcl95", "ucl95", "lcl998", "ucl998", "ci_method",
                                    "p_value", "q_value", "z_score", "tier", "tier_label", "flag"]
    assert REPRESENTATION.kinds(["tier", "tier_label", "ratio"]) == {"tier": "int", "tier_label": "str",
                                                                       "ratio": "float"}


def test_what_the_dock_and_the_report_read_is_written_by_the_algorithms():
    assert set(AREA_READ) <= set(REPRESENTATION.names)
    assert set(GROUP_READ) <= set(GROUP_REPRESENTATION.names)


def test_group_columns_drop_the_area_without_a_breakdown_and_the_crude_ratio_without_standardisation():
    plain = group_columns(standardised=False, by_area=False)
    assert plain[:3] == ["group", "cases", "case_share"] and "crude_ratio" not in plain
    standardised = group_columns(standardised=True, by_area=True)
    assert standardised[0] == "area"
    assert standardised[standardised.index("ratio") + 1] == "crude_ratio"
