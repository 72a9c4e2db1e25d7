"""First guesses for the field pickers when a layer is chosen (pure Python; no QGIS).

A wrong guess is worse than none, so only names that say what they hold are used:
``LSOA21NM``/``name`` for the area name, ``cases``/``complaints``/``observed`` for counts,
``pop_total``/``population`` for people, ``expected…`` for expected counts.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from .strata import pair_by_suffix

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


#: Postcode fields of ONS lookups (NSPL/ONSPD) and of case tables, in order of preference.
POSTCODE_FIELDS = ("pcds", "pcd7", "pcd8", "pcd", "postcode")


def guess_postcode_field(field_names: Sequence[str]) -> str:
    """The lookup table's postcode field ("" when none is named like one)."""
    lowered = {name.lower(): name for name in field_names}
    return next((lowered[name] for name in POSTCODE_FIELDS if name in lowered), "")


def guess_area_code_fields(table_fields: Sequence[str], result_fields: Sequence[str]) -> tuple[str, str]:
    """(table field, result field): the first code field (…CD / …code) the two share, ignoring case.

    ONS lookups spell ``lsoa21cd`` what boundary files spell ``LSOA21CD``. ("", "") when none is shared.
    """
    results = {name.lower(): name for name in result_fields}
    for name in table_fields:
        if re.fullmatch(r"\w*(cd|code)", name, flags=re.IGNORECASE) and name.lower() in results:
            return name, results[name.lower()]
    return "", ""


def guess_strata_prefixes(field_names: Sequence[str]) -> tuple[str, str]:
    """(cases prefix, population prefix) pairing the most fields by suffix, e.g. ("cases_", "pop_age_").

    Cases prefixes start with "cases", "complaints" or "obs", population prefixes with "pop"; at least
    two pairs are needed (one pair is not strata). ("", "") when nothing qualifies.
    """
    prefixes = {name[: i + 1] for name in field_names for i, char in enumerate(name) if char == "_"}
    observed = [p for p in prefixes if re.match(r"(cases|complaints|obs)", p, flags=re.IGNORECASE)]
    population = [p for p in prefixes if re.match(r"pop", p, flags=re.IGNORECASE)]
    ranked = sorted((-len(pair_by_suffix(field_names, o, p).pairs), len(o) + len(p), o, p)
                    for o in observed for p in population)
    if not ranked or -ranked[0][0] < 2:
        return "", ""
    return ranked[0][2], ranked[0][3]
