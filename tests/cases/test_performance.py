"""Scale: a million cases against a national-size (2.7 million row) postcode lookup.

Synthetic postcodes only (case data never leaves the machine, and none is
needed here). The time limits are generous — about 5× what a 2-core machine
measures — so the test catches a per-row Python loop, not a slow CI box.
"""
import time

import numpy as np
import pandas as pd
import pytest

from phso_insight_plugin.cases.assign import assign_by_postcode
from phso_insight_plugin.cases.postcodes import normalise_postcodes

N_LOOKUP = 2_700_000
N_CASES = 1_000_000
INWARD_LETTERS = np.array([ord(c) for c in "ABDEFGHJLNPQRSTUWXYZ"], dtype=np.uint32)


def synthetic_lookup(n: int, rng: np.random.Generator) -> pd.DataFrame:
    """``n`` distinct postcodes of the form AA99 9AA, in ONS pcd7 and pcds forms."""
    # Mixed-radix digits of distinct integers (a multiplicative scramble of 0..n-1).
    radix = [26, 26, 90, 10, 20, 20]
    total = int(np.prod(radix))
    i = (np.arange(n, dtype=np.int64) * 1_000_003 + 17) % total
    parts = []
    for r in radix[::-1]:
        parts.append(i % r)
        i //= r
    l1, l2, district, sector, u1, u2 = parts[::-1]
    chars = np.zeros((n, 8), dtype=np.uint32)
    chars[:, 0] = 65 + l1
    chars[:, 1] = 65 + l2
    chars[:, 2] = 48 + (10 + district) // 10
    chars[:, 3] = 48 + (10 + district) % 10
    chars[:, 4] = 32
    chars[:, 5] = 48 + sector
    chars[:, 6] = INWARD_LETTERS[u1]
    chars[:, 7] = INWARD_LETTERS[u2]
    pcds = chars.view("U8").ravel().astype(object)
    pcd7 = np.delete(chars, 4, axis=1).copy().view("U7").ravel().astype(object)
    return pd.DataFrame(
        {
            "pcd7": pcd7,
            "pcds": pcds,
            "lsoa21cd": pd.Categorical.from_codes(rng.integers(0, 35672, n), [f"E01{k:06d}" for k in range(35672)]),
            "doterm": np.where(rng.random(n) < 0.05, "202003", None),
        }
    )


@pytest.mark.slow
def test_a_million_cases_against_a_national_lookup_take_seconds_not_minutes():
    rng = np.random.default_rng(1)
    lookup = synthetic_lookup(N_LOOKUP, rng)
    assert lookup["pcd7"].is_unique
    picks = rng.integers(0, N_LOOKUP, N_CASES)
    postcodes = lookup["pcds"].to_numpy()[picks].astype(str)
    postcodes = np.char.lower(postcodes)  # messy: lower case
    postcodes[::100] = "not a postcode"
    cases = pd.DataFrame({"case_id": np.arange(N_CASES), "postcode": postcodes.astype(object)})

    t0 = time.perf_counter()
    norm = normalise_postcodes(cases["postcode"])
    t_norm = time.perf_counter() - t0
    assert (norm["status"] == "malformed").sum() == N_CASES // 100

    t0 = time.perf_counter()
    res = assign_by_postcode(cases, "postcode", lookup, "pcd7", ["lsoa21cd"], terminated_col="doterm")
    t_assign = time.perf_counter() - t0
    print(f"\nnormalise 1M: {t_norm:.2f} s; assign 1M against 2.7M (normalise + keys + join): {t_assign:.2f} s")

    terminated = lookup["doterm"].notna().to_numpy()[picks]
    malformed = np.zeros(N_CASES, dtype=bool)
    malformed[::100] = True
    assert res.counts["unmatched_by_reason"] == {
        "blank postcode": 0,
        "malformed postcode": int(malformed.sum()),
        "postcode not in lookup": 0,
        "terminated postcode": int((terminated & ~malformed).sum()),
        "postcode has no LSOA in the directory": 0,
    }
    ok = ~malformed & ~terminated
    np.testing.assert_array_equal(
        res.assigned["lsoa21cd"].to_numpy(dtype=object), lookup["lsoa21cd"].to_numpy(dtype=object)[picks[ok]]
    )
    assert t_norm < 10
    assert t_assign < 30
