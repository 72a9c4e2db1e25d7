"""Groups within each area against their parent's pattern of groups (the group benchmark), by hand."""
import pandas as pd
import pytest

from phso_insight_plugin.errors import InputError
from phso_insight_plugin.results.benchmark import Benchmark
from tests.groups.helpers import analyse, population_table, row

REL = 1e-12
#: Areas A and B in ICB E54000901, C alone in E54000902; groups Yes and No (one stratum).
CASES = {("A", "Yes"): 6, ("A", "No"): 4, ("B", "Yes"): 2, ("B", "No"): 8, ("C", "Yes"): 3, ("C", "No"): 7}
POPULATION = [("A", "Yes", 100), ("A", "No", 400), ("B", "Yes", 100), ("B", "No", 400), ("C", "Yes", 50),
              ("C", "No", 50), ("D", "Yes", 100), ("D", "No", 300)]
PARENTS = {"A": "E54000901", "B": "E54000901", "C": "E54000902", "D": "E54000902"}


def cases():
    return pd.DataFrame([(area, group) for (area, group), n in CASES.items() for _ in range(n)],
                        columns=["area", "group"])


def within_parents(**options):
    return analyse(cases(), population_table(POPULATION), per_area=True, multiple_testing="none", parents=PARENTS,
                   benchmark=Benchmark.of_parent("ICB23CD", PARENTS.values()), **options)


def test_expected_cases_follow_the_parents_pattern_of_groups():
    # ICB E54000901: Yes 8 cases / 200 people = 0.04, No 12 / 800 = 0.015. A: weights Yes 0.04 × 100 = 4,
    # No 0.015 × 400 = 6, so of its 10 cases 4 are expected among Yes and 6 among No (B likewise).
    result = within_parents()
    assert (row(result, "Yes", "A")["expected"], row(result, "No", "A")["expected"]) == (
        pytest.approx(4.0, rel=REL), pytest.approx(6.0, rel=REL))
    assert row(result, "Yes", "A")["ratio"] == pytest.approx(6 / 4, rel=REL)
    assert row(result, "Yes", "B")["ratio"] == pytest.approx(2 / 4, rel=REL)


def test_the_parents_people_include_its_areas_without_cases():
    # ICB E54000902 holds C (with cases) and D (none): Yes 3 cases / 150 people = 0.02, No 7 / 350 = 0.02, so C's
    # 10 cases are expected 5 : 5 (its own people 50 : 50), not 3 : 7 as C alone would give.
    result = within_parents()
    assert (row(result, "Yes", "C")["expected"], row(result, "No", "C")["expected"]) == (
        pytest.approx(5.0, rel=REL), pytest.approx(5.0, rel=REL))


def test_against_their_own_population_the_same_areas_compare_with_population_shares():
    result = analyse(cases(), population_table(POPULATION), per_area=True, multiple_testing="none")
    assert row(result, "Yes", "A")["expected"] == pytest.approx(10 * 100 / 500, rel=REL)


def test_tiers_and_method_name_the_parent():
    result = within_parents()
    assert set(result.table["tier_label"]) <= {"In line with its ICB", "Too few to say"}
    assert "after the pattern of groups in its own ICB (2 of them, field ICB23CD)" in result.summary.method.text


def test_an_area_without_a_parent_is_named():
    with pytest.raises(InputError, match="1 area\\(s\\) of the population table have no parent: 'D'"):
        analyse(cases(), population_table(POPULATION), per_area=True, parents={k: v for k, v in PARENTS.items()
                                                                                if k != "D"})


def test_a_parent_benchmark_needs_areas():
    flat = pd.DataFrame({"group": ["Yes", "No"]})
    with pytest.raises(InputError, match="give the cases an area field"):
        analyse(flat, population_table([("Yes", 10), ("No", 10)]), parents=PARENTS)
