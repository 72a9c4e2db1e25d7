"""The size parameters of one England-scale data set, and the generator version; together the cache key."""
from __future__ import annotations

from dataclasses import asdict, dataclass

#: Bump when the generator's output changes, so stale caches are not reused.
GENERATOR_VERSION = 1


@dataclass(frozen=True)
class Sizes:
    """Size parameters of one synthetic data set: zones, postcodes, cases, mean vertices per LSOA, seed."""

    lsoas: int
    constituencies: int
    icbs: int
    postcodes: int
    cases: int
    vertices: int = 80
    seed: int = 2024

    def key(self) -> str:
        """Name identifying these sizes and the generator version (a cache folder name)."""
        parts = "_".join(f"{name}{value}" for name, value in asdict(self).items())
        return f"v{GENERATOR_VERSION}_{parts}"
