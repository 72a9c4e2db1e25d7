"""The apportionment methods and the default one, importable without shapely: the Processing algorithm
declares them when the plugin loads, whether or not shapely is there."""
from __future__ import annotations

from typing import Literal

ApportionMethod = Literal["population", "area", "best_fit"]
METHODS: tuple[ApportionMethod, ...] = ("population", "area", "best_fit")
#: Population weighting (it needs a population layer), as the README documents; the Processing
#: algorithm's default is this one.
DEFAULT_METHOD: ApportionMethod = "population"
