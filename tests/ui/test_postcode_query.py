"""Reading a typed postcode."""
from phso_insight_plugin.ui.postcode_query import read_postcode


def test_a_postcode_typed_loosely_gives_every_published_spelling():
    query = read_postcode(" n1 9gu ")
    assert query.status == "ok"
    assert query.pcds == "N1 9GU"
    assert query.spellings == ("N1 9GU", "N1  9GU", "N1   9GU", "N19GU")


def test_a_full_length_postcode_has_fewer_distinct_spellings():
    assert read_postcode("SW1A1AA").spellings == ("SW1A 1AA", "SW1A1AA")


def test_malformed_and_blank_input_are_told_apart():
    assert read_postcode("hello").status == "malformed"
    assert read_postcode("   ").status == "blank"
