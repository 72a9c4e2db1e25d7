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
#: Tiny version for the smoke test inside ``make test``.
SMOKE = Sizes(lsoas=300, constituencies=10, icbs=3, postcodes=5_000, cases=2_000, vertices=40)
PRESETS = {"england": ENGLAND, "smoke": SMOKE}
