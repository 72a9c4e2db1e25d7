"""First guesses for the field pickers when a layer is chosen (pure Python; no QGIS).

A wrong guess is worse than none, so only names that say what they hold are used:
``LSOA21NM``/``name`` for the area name, ``cases``/``complaints``/``observed`` for counts,
``pop_total``/``population`` for people, ``expected…`` for expected counts.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

PATTERNS = {
    "name_field": (r"\w*nm", r"(area_?)?name"),
    "observed_field": (r"(n_?)?cases", r"complaints", r"observed", r"cases_total"),
    "population_field": (r"pop_?total", r"population", r"pop"),
    "expected_field": (r"expected(_\w+)?",),
}


def guess_fields(field_names: Sequence[str]) -> dict[str, str]:
    """Role → field name for the roles a field name clearly fits; the first pattern that matches wins."""
    guesses = {}
    for role, patterns in PATTERNS.items():
        for pattern in patterns:
            found = next((name for name in field_names if re.fullmatch(pattern, name, flags=re.IGNORECASE)), None)
            if found:
                guesses[role] = found
                break
    return guesses
