"""Everything the dock remembers per project, and its text encoding (pure Python; no QGIS).

Each field is stored as one project entry (``phso_insight/<field>``) holding its value as
JSON, so lists, numbers, booleans and ``None`` (the "too few to say" tier) survive the trip.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields

#: How expected counts are obtained.
COMPARISONS = ("population", "expected", "strata")
DEFAULT_PALETTE = "PuOr"


@dataclass
class DockState:
    """The dock's choices: analysis inputs and options, display options, postcode lookup, last result."""

    layer_id: str = ""
    name_field: str = ""
    comparison: str = "population"
    observed_field: str = ""
    population_field: str = ""
    expected_field: str = ""
    observed_prefix: str = ""
    population_prefix: str = ""
    multiple_testing: str = ""  # an option value ("none", "bh"); empty: the algorithm's default
    overdispersion: str = ""  # "none", "multiplicative", "additive"; empty: the algorithm's default
    min_expected: float = 5.0
    palette: str = DEFAULT_PALETTE
    show_labels: bool = False
    hidden_tiers: list = field(default_factory=list)
    lookup_layer_id: str = ""
    lookup_postcode_field: str = ""
    lookup_area_field: str = ""
    result_area_field: str = ""
    result_layer_id: str = ""

    def to_entries(self) -> dict[str, str]:
        """Field name → JSON text."""
        return {key: json.dumps(value) for key, value in asdict(self).items()}

    @classmethod
    def from_entries(cls, entries: Mapping[str, str]) -> DockState:
        """Rebuild from :meth:`to_entries` output; missing, unreadable or mistyped entries keep their default."""
        state = cls()
        for spec in fields(cls):
            if spec.name not in entries:
                continue
            try:
                value = json.loads(entries[spec.name])
            except (TypeError, ValueError):
                continue
            default = getattr(state, spec.name)
            if _same_kind(value, default):
                setattr(state, spec.name, float(value) if isinstance(default, float) else value)
        if state.comparison not in COMPARISONS:
            state.comparison = cls.comparison
        return state


def _same_kind(value: object, default: object) -> bool:
    """Whether a decoded value may replace ``default`` (ints accepted where floats are expected)."""
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if isinstance(default, float):
        return isinstance(value, (int, float))
    return isinstance(value, type(default))


def state_keys() -> list[str]:
    """Names of the project entries, in declaration order."""
    return [spec.name for spec in fields(DockState)]
