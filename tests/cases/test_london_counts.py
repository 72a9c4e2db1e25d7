"""End to end on real London boundaries: points → LSOA → counts, conserved at ICB level.

Synthetic cases are seeded random points generated inside London's 4,994
LSOAs (2021); their ICB is known from the ONS LSOA21 → ICB24 lookup carried
by the LSOA layer, and the ICB layer ``icb24_from_lsoa21`` is the union of the
LSOA polygons, so both routes must agree exactly.
"""
import numpy as np
import pandas as pd
import pytest

from phso_insight_plugin.cases.assign import assign_by_area_code, assign_by_points
from phso_insight_plugin.cases.counts import count_cases
from tests.cases._london import random_points_in
from tests.shared_data import LONDON, london_layer

AGE_BANDS = np.array(["0-15", "16-24", "25-34", "35-49", "50-64", "65+"])


@pytest.fixture(scope="module")
def london():
    lsoa_attrs, lsoa_geoms = london_layer("lsoa21")
    icb_attrs, icb_geoms = london_layer("icb24_from_lsoa21")
    rng = np.random.default_rng(2024)
    n_per = rng.integers(0, 5, len(lsoa_geoms))  # 0–4 cases per LSOA, some with none
    x, y, owner = random_points_in(lsoa_geoms, n_per, rng)
    # Two cases outside London and two with broken coordinates.
    x = np.concatenate([x, [406000.0, 531000.0, np.nan, np.inf]])
    y = np.concatenate([y, [287000.0, 104000.0, 180000.0, 180000.0]])
    n = len(x)
    cases = pd.DataFrame(
        {
            "case_id": np.arange(1, n + 1),
            "age_band": rng.choice(AGE_BANDS, n),
            "n": rng.integers(1, 4, n),  # each row stands for 1–3 complaints
        }
    )
    return dict(
        lsoa_attrs=lsoa_attrs, lsoa_geoms=lsoa_geoms, icb_attrs=icb_attrs, icb_geoms=icb_geoms,
        n_per=n_per, owner=owner, x=x, y=y, cases=cases,
    )


@pytest.fixture(scope="module")
def by_lsoa(london):
    return assign_by_points(
        london["cases"], london["x"], london["y"], london["lsoa_geoms"],
        london["lsoa_attrs"]["lsoa21_code"], "lsoa21_code",
    )


def test_every_generated_point_is_assigned_to_the_lsoa_it_was_generated_in(london, by_lsoa):
    n_in = int(london["n_per"].sum())
    assert by_lsoa.counts["rows_in"] == n_in + 4
    assert by_lsoa.counts["rows_matched"] == n_in
    assert by_lsoa.counts["unmatched_by_reason"] == {"invalid coordinates": 2, "point outside all areas": 2}
    expected = london["lsoa_attrs"]["lsoa21_code"].to_numpy()[london["owner"]]
    np.testing.assert_array_equal(by_lsoa.assigned["lsoa21_code"].to_numpy(), expected)


def test_counts_per_lsoa_equal_the_number_of_points_generated_there(london, by_lsoa):
    res = count_cases(by_lsoa.assigned, "lsoa21_code", london["lsoa_attrs"]["lsoa21_code"])
    np.testing.assert_array_equal(res.counts["cases"].to_numpy(), london["n_per"])
    assert (res.counts["cases"] == 0).sum() == (london["n_per"] == 0).sum() > 900


def test_lsoa_counts_summed_by_icb_equal_point_in_polygon_counts_per_icb(london, by_lsoa):
    lsoa_codes = london["lsoa_attrs"]["lsoa21_code"]
    per_lsoa = count_cases(by_lsoa.assigned, "lsoa21_code", lsoa_codes, count_col="n", group_col="age_band")
    summed = (
        per_lsoa.counts.drop(columns="lsoa21_code")
        .groupby(london["lsoa_attrs"]["icb24_code"].to_numpy())
        .sum()
    )

    icb_codes = london["icb_attrs"]["icb24_code"]
    by_icb = assign_by_points(london["cases"], london["x"], london["y"], london["icb_geoms"], icb_codes, "icb24_code")
    assert by_icb.counts == by_lsoa.counts
    per_icb = count_cases(by_icb.assigned, "icb24_code", icb_codes, count_col="n", group_col="age_band")
    direct = per_icb.counts.set_index("icb24_code")

    assert list(direct.columns) == list(summed.columns) == [
        "cases", "cases_0_15", "cases_16_24", "cases_25_34", "cases_35_49", "cases_50_64", "cases_65_plus",
    ]
    pd.testing.assert_frame_equal(direct.loc[summed.index], summed, check_names=False)
    # Conservation: what went in = counted + unmatched, at both levels.
    total_n = int(london["cases"]["n"].sum())
    unmatched_n = int(by_lsoa.unmatched["n"].sum())
    assert per_lsoa.summary["cases_matched"] == per_icb.summary["cases_matched"] == total_n - unmatched_n
    assert int(summed["cases"].sum()) == int(direct["cases"].sum()) == total_n - unmatched_n


def test_counting_by_lsoa_then_summing_by_icb_equals_counting_icb_codes_directly(london, by_lsoa):
    # The ICB code comes from the real ONS LSOA21 → SICBL24 → ICB24 lookup table.
    lookup = pd.read_csv(LONDON / "london_lookup_lsoa21_sicbl24_icb24.csv")
    cases = by_lsoa.assigned.merge(lookup[["lsoa21_code", "icb24_code"]], on="lsoa21_code", how="left", validate="m:1")
    assert cases["icb24_code"].notna().all()

    lsoa_codes = london["lsoa_attrs"]["lsoa21_code"]
    per_lsoa = count_cases(cases, "lsoa21_code", lsoa_codes, count_col="n", group_col="age_band").counts
    lsoa_to_icb = lookup.set_index("lsoa21_code")["icb24_code"]
    summed = per_lsoa.drop(columns="lsoa21_code").groupby(lsoa_to_icb.loc[lsoa_codes].to_numpy()).sum()

    icb_codes = london["icb_attrs"]["icb24_code"]
    checked = assign_by_area_code(cases, "icb24_code", valid_codes=icb_codes)
    assert checked.counts["rows_unmatched"] == 0
    direct = count_cases(checked.assigned, "icb24_code", icb_codes, count_col="n", group_col="age_band")
    pd.testing.assert_frame_equal(direct.counts.set_index("icb24_code").loc[summed.index], summed, check_names=False)
    assert direct.summary["cases_matched"] == int(per_lsoa["cases"].sum())
