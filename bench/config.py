"""Benchmark sizes and where the generated inputs are cached."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
CACHE_DIR = BENCH_DIR / "cache"
RESULTS_DIR = BENCH_DIR / "results"
#: Bump when the generator's output changes, so stale caches are not reused.
GENERATOR_VERSION = 1


@dataclass(frozen=True)
class Sizes:
    """Size parameters of one synthetic data set (the cache key)."""

    lsoas: int
    constituencies: int
    icbs: int
    postcodes: int
    cases: int
    vertices: int = 80
    seed: int = 2024

    def key(self) -> str:
        """Folder name under ``bench/cache`` identifying these sizes and the generator version."""
        parts = "_".join(f"{name}{value}" for name, value in asdict(self).items())
        return f"v{GENERATOR_VERSION}_{parts}"

    def cache_dir(self, root: Path = CACHE_DIR) -> Path:
        return root / self.key()


#: England and Wales 2021 LSOAs, UK 2024 constituencies, England ICBs, a full postcode directory,
#: ten years of cases with headroom.
ENGLAND = Sizes(lsoas=35_672, constituencies=650, icbs=42, postcodes=2_700_000, cases=1_000_000)
#: Tiny version for the smoke test inside ``make test``.
SMOKE = Sizes(lsoas=300, constituencies=10, icbs=3, postcodes=5_000, cases=2_000, vertices=40)
PRESETS = {"england": ENGLAND, "smoke": SMOKE}
