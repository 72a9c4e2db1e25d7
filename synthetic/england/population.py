"""Population by 19 five-year age bands per zone (people), and where complaints come from (relative rates)."""
from __future__ import annotations

import numpy as np

from ..codes import population_field

#: Age band labels as they appear in case data (0-4 … 85-89, 90+).
AGE_BANDS = [f"{lo}-{lo + 4}" for lo in range(0, 90, 5)] + ["90+"]
#: Population field of each band in the area layers (pop_0_4 … pop_90_plus) and the total.
POP_FIELDS = [population_field(band) for band in AGE_BANDS]
POP_TOTAL = "pop_total"
#: England and Wales 2021 age profile (per cent, rounded), normalised below.
_PROFILE = np.array([5.4, 5.9, 6.0, 5.6, 6.0, 6.6, 6.9, 6.6, 6.3, 6.4, 6.9, 6.7, 5.9, 5.0, 5.0, 3.7, 2.5, 1.6, 0.8])
NATIONAL_PROFILE = _PROFILE / _PROFILE.sum()
#: Relative complaint rate by age band (complainants skew to middle and older ages).
AGE_RATE = np.array([0.3, 0.3, 0.4, 0.6, 0.8, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.5, 1.4, 1.3, 1.3, 1.3, 1.4, 1.5, 1.6])
#: Mean and spread of a zone's population (LSOAs hold 1,000–3,000 people).
MEAN_POPULATION, SD_POPULATION = 1_600, 250
#: Spread (log scale) of the zone effect on complaint rates: some areas really are over-represented.
ZONE_EFFECT_SD = 0.3


def population_by_age(n: int, rng: np.random.Generator) -> np.ndarray:
    """Integer population, zones × 19 bands; each zone's profile varies around the national one."""
    totals = np.clip(rng.normal(MEAN_POPULATION, SD_POPULATION, n), 1_000, 3_000).astype(np.int64)
    profiles = rng.dirichlet(NATIONAL_PROFILE * 200, size=n)
    return rng.multinomial(totals, profiles)


def case_intensity(population: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Relative expected cases, zones × bands: population × age rate × a log-normal zone effect."""
    effect = np.exp(rng.normal(0.0, ZONE_EFFECT_SD, len(population)))
    return population * AGE_RATE * effect[:, None]
