"""Broad and detailed categories are told apart, by their labels or by the ages they cover."""
import math

import pytest

from phso_insight_plugin.census.age_bands import age_interval
from phso_insight_plugin.census.categories import category_levels

TS021 = ["Asian, Asian British or Asian Welsh", "Asian, Asian British or Asian Welsh: Bangladeshi",
         "Asian, Asian British or Asian Welsh: Indian", "White", "White: Irish", "White: Other White"]


@pytest.mark.parametrize(("label", "years"), [
    ("Aged under 1 year", (0, 0)), ("Aged 1 year", (1, 1)), ("Aged 4 years and under", (0, 4)),
    ("Aged 15 years and under", (0, 15)), ("Aged 15 to 19 years", (15, 19)), ("Aged 85 years and over", (85, math.inf)),
    ("Aged  100 years and over", (100, math.inf)), ("Disabled under the Equality Act", None)])
def test_age_labels_read_as_the_years_they_cover(label, years):
    assert age_interval(label) == years


def test_ethnic_groups_split_into_five_broad_and_their_detailed_groups():
    levels = category_levels(TS021)
    assert levels.broad == ("Asian, Asian British or Asian Welsh", "White")
    assert levels.detailed == tuple(c for c in TS021 if ": " in c)


def test_single_years_are_the_detailed_level_of_the_age_bands_beside_them():
    levels = category_levels(["Aged 4 years and under", "Aged under 1 year", "Aged 1 year", "Aged 2 years",
                              "Aged 3 years", "Aged 4 years", "Aged 5 years and over"])
    assert levels.broad == ("Aged 4 years and under", "Aged 5 years and over")
    assert levels.detailed[0] == "Aged under 1 year" and "Aged 4 years and under" not in levels.detailed


def test_a_flat_table_has_one_level():
    levels = category_levels(["Aged 4 years and under", "Aged 5 to 9 years", "Aged 10 years and over"])
    assert levels.broad == levels.detailed and not levels.both
