"""Age categories as intervals of whole years, and the plugin's six age bands (pure Python; no QGIS).

Census 2021 age labels read as closed intervals [first, last] in years: "Aged under 1 year" → [0, 0],
"Aged 4 years and under" → [0, 4], "Aged 15 to 19 years" → [15, 19], "Aged 7 years" → [7, 7],
"Aged 85 years and over" → [85, ∞). A category belongs to a band when its interval lies inside the band's.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

Interval = tuple[float, float]

PATTERNS = (
    (re.compile(r"^aged under 1 year$"), lambda m: (0, 0)),
    (re.compile(r"^aged (\d+) years? and under$"), lambda m: (0, int(m[1]))),
    (re.compile(r"^aged (\d+) years? and over$"), lambda m: (int(m[1]), math.inf)),
    (re.compile(r"^aged (\d+) to (\d+) years?$"), lambda m: (int(m[1]), int(m[2]))),
    (re.compile(r"^aged (\d+) years?$"), lambda m: (int(m[1]), int(m[1]))),
)


@dataclass(frozen=True)
class Band:
    """An age band: its label (the cases' label, e.g. "65+") and first and last year of age."""

    label: str
    first: float
    last: float

    def holds(self, interval: Interval) -> bool:
        return self.first <= interval[0] and interval[1] <= self.last


#: The plugin's six age bands (as the sample's cases and ``pop_age_*`` fields).
SIX_BANDS = (Band("0-15", 0, 15), Band("16-24", 16, 24), Band("25-34", 25, 34), Band("35-49", 35, 49),
             Band("50-64", 50, 64), Band("65+", 65, math.inf))


def age_interval(label: str) -> Interval | None:
    """The years of age a category label covers; None when the label is not an age."""
    text = " ".join(str(label).split()).casefold()
    for pattern, interval in PATTERNS:
        match = pattern.match(text)
        if match:
            return interval(match)
    return None


def shown(interval: Interval) -> str:
    return f"{interval[0]:g}+" if math.isinf(interval[1]) else f"{interval[0]:g}–{interval[1]:g}"


def band_of(label: str, interval: Interval, bands=SIX_BANDS) -> str:
    """The band holding the age category; an error sentence (ValueError) when it spans two bands."""
    for band in bands:
        if band.holds(interval):
            return band.label
    spanned = [b.label for b in bands if b.first <= interval[1] and interval[0] <= b.last]
    raise ValueError(f"the age category {label!r} (ages {shown(interval)}) spans the bands "
                     f"{' and '.join(spanned)}")
