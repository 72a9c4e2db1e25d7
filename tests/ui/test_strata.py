"""Pairing cases and population fields by stratum suffix."""
from phso_insight_plugin.ui.strata import pair_by_suffix

FIELDS = ["code", "cases_0_15", "cases_16_64", "cases_65", "pop_0_15", "pop_65", "pop_16_64", "pop_total"]


def test_fields_pair_by_shared_suffix_whatever_their_order():
    strata = pair_by_suffix(FIELDS, "cases_", "pop_")
    assert strata.pairs == [("cases_0_15", "pop_0_15"), ("cases_16_64", "pop_16_64"), ("cases_65", "pop_65")]


def test_fields_without_a_partner_are_reported():
    strata = pair_by_suffix(FIELDS + ["cases_unknown"], "cases_", "pop_")
    assert strata.unmatched_observed == ["cases_unknown"]
    assert strata.unmatched_population == ["pop_total"]


def test_empty_or_identical_prefixes_give_no_pairs():
    assert pair_by_suffix(FIELDS, "", "pop_").pairs == []
    assert pair_by_suffix(FIELDS, "pop_", "pop_").pairs == []


def test_a_field_equal_to_the_prefix_is_not_a_stratum():
    assert pair_by_suffix(["cases_", "pop_", "cases_a", "pop_a"], "cases_", "pop_").pairs == [("cases_a", "pop_a")]
