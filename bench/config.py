"""Benchmark sizes and where the generated inputs are cached."""
from __future__ import annotations

from pathlib import Path

from synthetic.england.sizes import Sizes

BENCH_DIR = Path(__file__).resolve().parent
CACHE_DIR = BENCH_DIR / "cache"
RESULTS_DIR = BENCH_DIR / "results"

#: England and Wales 2021 LSOAs, UK 2024 constituencies, England ICBs, a full postcode directory,
#: ten years of cases with headroom.
ENGLAND = Sizes(lsoas=35_672, constituencies=650, icbs=42, postcodes=2_700_000, cases=1_000_000)


def fraction_of_england(fraction: float) -> Sizes:
    """Every count of ENGLAND times ``fraction``: a smaller country as densely divided (same box, so each
    zone is larger, with as many vertices), for the scaling rows."""
    return Sizes(lsoas=round(ENGLAND.lsoas * fraction), constituencies=round(ENGLAND.constituencies * fraction),
                 icbs=max(3, round(ENGLAND.icbs * fraction)), postcodes=round(ENGLAND.postcodes * fraction),
                 cases=round(ENGLAND.cases * fraction))


#: Tiny version for the smoke test inside ``make test``.
SMOKE = Sizes(lsoas=300, constituencies=10, icbs=3, postcodes=5_000, cases=2_000, vertices=40)
PRESETS = {"england": ENGLAND, "half": fraction_of_england(0.5), "quarter": fraction_of_england(0.25),
           "smoke": SMOKE}
#: The sizes of the scaling rows (smallest first) and the share of England each is.
SCALING = {"quarter": 0.25, "half": 0.5, "england": 1.0}
