"""Postcode clean-up, validation and join keys (phso_insight_plugin.cases.postcodes)."""
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phso_insight_plugin.cases.postcodes import POSTCODE_RE, normalise_postcodes, postcode_key


def norm(*values):
    return normalise_postcodes(pd.Series(list(values), dtype=object))


@pytest.mark.parametrize(
    "typed",
    [
        "SW1A 1AA",
        "sw1a 1aa",  # lower case
        "SW1A1AA",  # no space
        " SW1A  1AA ",  # extra spaces
        "\tSW1A 1AA\n",  # tab, newline
        "SW1A\u00a01AA",  # non-breaking space
        "sw1a-1aa",  # hyphen
        "SW1A.1AA",  # full stop
        "ＳＷ１Ａ　１ＡＡ",  # full-width letters, digits and space (NFKC)
        "S W 1 A 1 A A",  # spaces everywhere
    ],
)
def test_messy_forms_of_one_postcode_normalise_to_SW1A_1AA(typed):
    out = norm(typed)
    assert out.loc[0, "pcds"] == "SW1A 1AA"
    assert out.loc[0, "pcd7"] == "SW1A1AA"
    assert out.loc[0, "status"] == "ok"


@pytest.mark.parametrize(
    "typed, pcds, pcd7",
    [
        ("n1 9gu", "N1 9GU", "N1  9GU"),  # A9
        ("M11AE", "M1 1AE", "M1  1AE"),  # A9
        ("B33 8TH", "B33 8TH", "B33 8TH"),  # A99
        ("CR2 6XH", "CR2 6XH", "CR2 6XH"),  # AA9
        ("DN55 1PT", "DN55 1PT", "DN551PT"),  # AA99
        ("W1A 0AX", "W1A 0AX", "W1A 0AX"),  # A9A
        ("EC1A 1BB", "EC1A 1BB", "EC1A1BB"),  # AA9A
    ],
)
def test_every_outward_format_gets_display_and_seven_character_forms(typed, pcds, pcd7):
    out = norm(typed)
    assert (out.loc[0, "pcds"], out.loc[0, "pcd7"], out.loc[0, "status"]) == (pcds, pcd7, "ok")
    assert len(out.loc[0, "pcd7"]) == 7


@pytest.mark.parametrize(
    "typed, fixed",
    [
        ("SW1A OAA", "SW1A 0AA"),  # letter O where the inward code needs a digit
        ("SW1A IAA", "SW1A 1AA"),  # letter I for digit 1, inward
        ("SWIA 1AA", "SW1A 1AA"),  # AA9A: third character must be a digit
        ("S01A 1AA", "SO1A 1AA"),  # AA9A: second character must be a letter
        ("0L1 1AA", "OL1 1AA"),  # first character must be a letter
        ("1G1 1AA", "IG1 1AA"),
        ("MO 1AE", "M0 1AE"),  # A9: second character must be a digit
    ],
)
def test_o_zero_and_i_one_typos_are_fixed_where_the_format_decides(typed, fixed):
    out = norm(typed)
    assert out.loc[0, "pcds"] == fixed
    assert out.loc[0, "status"] == "ok"


@pytest.mark.parametrize("valid", ["OL1 1AA", "IG1 1AA", "W1A 0AX", "B10 0AA", "NW10 1AA", "E1W 1AA"])
def test_typo_fixes_leave_valid_postcodes_unchanged(valid):
    assert norm(valid).loc[0, "pcds"] == valid


def test_gir_0aa_is_valid_in_any_spacing():
    out = norm("GIR 0AA", "gir0aa", "GIR OAA")
    assert out["pcds"].tolist() == ["GIR 0AA"] * 3
    assert out["pcd7"].tolist() == ["GIR 0AA"] * 3


def test_non_ascii_letter_makes_a_postcode_malformed():
    out = norm("SW1A 1ÅA", "SW1Ä 1AA", "SW1A 1AΑ")  # the last A is a Greek capital alpha
    assert out["status"].tolist() == ["malformed"] * 3
    assert out["pcds"].isna().all() and out["pcd7"].isna().all()


@pytest.mark.parametrize(
    "bad",
    [
        "SW1A 1CA",  # C is never used in the inward code
        "SW1A 1AK",  # nor K
        "XYZ",
        "12345",
        "SW1A1AAX",  # one character too many
        "SW1A 1A",  # one too few
        "SW1 AAA",  # inward must start with a digit (A is no O/I typo)
        "AAAA 1AA",  # outward AAAA
        "A1AA 1AA",  # outward A9AA
        "N/A",
        "-",
        "unknown",
    ],
)
def test_values_that_are_not_uk_postcodes_are_malformed(bad):
    out = norm(bad)
    assert out.loc[0, "status"] == "malformed"
    assert pd.isna(out.loc[0, "pcds"]) and pd.isna(out.loc[0, "pcd7"])


def test_missing_and_whitespace_only_values_are_blank():
    out = norm("", "   ", None, np.nan, pd.NA, "\u00a0", "\t\n")
    assert out["status"].tolist() == ["blank"] * 7
    assert out["pcds"].isna().all()


def test_status_is_categorical_with_three_levels_and_index_is_kept():
    values = pd.Series(["SW1A 1AA", "", "nope"], index=[10, 20, 30])
    out = normalise_postcodes(values)
    assert out.index.tolist() == [10, 20, 30]
    assert list(out["status"].cat.categories) == ["ok", "blank", "malformed"]
    assert out["status"].value_counts().to_dict() == {"ok": 1, "blank": 1, "malformed": 1}


def test_empty_series_gives_empty_frame():
    out = normalise_postcodes(pd.Series([], dtype=object))
    assert out.columns.tolist() == ["pcds", "pcd7", "status"] and len(out) == 0


def test_all_missing_values_are_blank():
    out = normalise_postcodes(pd.Series([None, np.nan]))
    assert out["status"].tolist() == ["blank", "blank"]


def test_very_long_value_with_a_postcode_inside_spaces_is_still_cleaned():
    # 30 spaces + postcode: longer than the fast path's 16 characters.
    assert norm(" " * 30 + "sw1a 1aa").loc[0, "pcds"] == "SW1A 1AA"


def test_postcode_key_is_the_same_for_pcd7_pcd8_and_pcds_forms():
    keys = postcode_key(pd.Series(["N1  9GU", "N1   9GU", "N1 9GU", "n1 9gu", "SW1A1AA", "SW1A 1AA"]))
    assert keys.tolist() == ["N19GU"] * 4 + ["SW1A1AA"] * 2


def test_postcode_key_of_missing_or_empty_is_na():
    keys = postcode_key(pd.Series([None, "", "  "]))
    assert keys.isna().all()


def test_normalised_pcds_and_pcd7_have_the_same_key():
    out = norm("n1 9gu", "sw1a1aa", "W1A 0AX")
    assert postcode_key(out["pcds"]).tolist() == postcode_key(out["pcd7"]).tolist() == ["N19GU", "SW1A1AA", "W1A0AX"]


# ------------------------------------------------------------------ properties

LETTER = st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
DIGIT = st.sampled_from("0123456789")
INWARD_LETTER = st.sampled_from("ABDEFGHJLNPQRSTUWXYZ")
OUTWARD = st.one_of(
    st.tuples(LETTER, DIGIT),
    st.tuples(LETTER, DIGIT, DIGIT),
    st.tuples(LETTER, LETTER, DIGIT),
    st.tuples(LETTER, LETTER, DIGIT, DIGIT),
    st.tuples(LETTER, DIGIT, LETTER),
    st.tuples(LETTER, LETTER, DIGIT, LETTER),
).map("".join)
INWARD = st.tuples(DIGIT, INWARD_LETTER, INWARD_LETTER).map("".join)


@settings(max_examples=200, deadline=None)
@given(
    outward=OUTWARD,
    inward=INWARD,
    lower=st.lists(st.booleans(), min_size=8, max_size=8),
    gap=st.sampled_from(["", " ", "  ", "-", "\u00a0", " - "]),
    pad=st.sampled_from(["", " ", "\t", "  "]),
)
def test_any_case_and_spacing_of_a_valid_postcode_normalises_to_it(outward, inward, lower, gap, pad):
    canonical = f"{outward} {inward}"
    assert POSTCODE_RE.match(outward + inward)
    text = "".join(c.lower() if low else c for c, low in zip(outward, lower)) + gap + inward
    out = norm(pad + text + pad)
    assert out.loc[0, "pcds"] == canonical
    assert out.loc[0, "pcd7"] == outward.ljust(4) + inward


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=12))
def test_every_ok_result_is_a_valid_postcode_and_normalising_again_changes_nothing(text):
    out = norm(text)
    status = out.loc[0, "status"]
    assert status in ("ok", "blank", "malformed")
    if status == "ok":
        pcds = out.loc[0, "pcds"]
        assert POSTCODE_RE.match(pcds.replace(" ", ""))
        again = norm(pcds)
        assert again.loc[0, "pcds"] == pcds and again.loc[0, "status"] == "ok"
    else:
        assert pd.isna(out.loc[0, "pcds"])
