"""Synthetic complaint cases at England scale: a postcode and an age band each, with realistic mess.

Cases are drawn from zone × age band cells in proportion to :func:`.population.case_intensity`, then
given a random postcode of their zone. A small share is written messily but recoverably (lower
case, no space, stray spaces) and a smaller share cannot be matched (blank, malformed, or a
well-formed postcode that is not in the directory).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..codes import UNUSED_AREA, case_ids, inward_codes
from .population import AGE_BANDS

#: Shares of cases written messily (still matchable) and unmatchable, by kind.
MESSY_SHARES = {"lower": 0.02, "no_space": 0.02, "padded": 0.01}
UNMATCHED_SHARES = {"blank": 0.003, "malformed": 0.003, "not_in_lookup": 0.004}
MALFORMED_EXAMPLES = np.array(["UNKNOWN", "N/A", "12345", "SW1A", "NO FIXED ABODE"], dtype=object)


def sample_cases(n: int, intensity: np.ndarray, postcode_start: np.ndarray, postcode_count: np.ndarray,
                 pcds: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    """``n`` cases (case_id, postcode, age_band); also the true zone index ``zone`` and the ``kind`` of
    mess (not written). Zone z's postcodes are ``pcds[postcode_start[z]:postcode_start[z] + postcode_count[z]]``."""
    flat = intensity.ravel()
    cell = rng.choice(len(flat), size=n, p=flat / flat.sum())
    zone, band = np.divmod(cell, intensity.shape[1])
    postcode = pcds[postcode_start[zone] + (rng.random(n) * postcode_count[zone]).astype(np.int64)]
    postcode, kind = _make_messy(postcode.copy(), rng)
    return pd.DataFrame({
        "case_id": case_ids(n, 7),
        "postcode": postcode,
        "age_band": np.array(AGE_BANDS, dtype=object)[band],
        "zone": zone,
        "kind": kind,
    })


def _make_messy(postcode: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Rewrite random shares of ``postcode`` in place; returns it and each case's kind ("clean" …)."""
    shares = {**MESSY_SHARES, **UNMATCHED_SHARES}
    names = np.array(["clean", *shares], dtype=object)
    kind = names[rng.choice(len(names), size=len(postcode), p=[1 - sum(shares.values()), *shares.values()])]
    series = pd.Series(postcode, dtype=object)
    rewrites = {
        "lower": lambda s: s.str.lower(),
        "no_space": lambda s: s.str.replace(" ", "", regex=False),
        "padded": lambda s: "  " + s.str.replace(" ", "   ", regex=False) + " ",
        "blank": lambda s: pd.Series(np.where(rng.random(len(s)) < 0.5, "", None), index=s.index, dtype=object),
        "malformed": lambda s: pd.Series(rng.choice(MALFORMED_EXAMPLES, len(s)), index=s.index),
        "not_in_lookup": lambda s: UNUSED_AREA + pd.Series(rng.integers(1, 99, len(s)), index=s.index).astype(str)
        + " " + inward_codes(rng.integers(0, 4_000, len(s))),
    }
    for name, rewrite in rewrites.items():
        chosen = kind == name
        series[chosen] = rewrite(series[chosen])
    return series.to_numpy(dtype=object), kind
