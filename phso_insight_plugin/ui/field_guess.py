"""First guesses for the field pickers when a layer is chosen (pure Python; no QGIS).

A wrong guess is worse than none, so only names that say what they hold are used:
``LSOA21NM``/``name`` for the area name, ``cases``/``complaints``/``observed`` for counts,
``pop_total``/``population`` for people, ``expected…`` for expected counts.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from ..cases.directory_columns import POSTCODE_COLUMNS, area_columns, first_present
from ..geo.code_vintages import GSS_FIELD
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


def guess_postcode_field(field_names: Sequence[str]) -> str:
    """The lookup table's postcode field, as the postcode directories of every vintage name it ("" when none is
    named like one; :data:`~phso_insight_plugin.cases.directory_columns.POSTCODE_COLUMNS`)."""
    return first_present(field_names, POSTCODE_COLUMNS)


def guess_area_code_fields(table_fields: Sequence[str], result_fields: Sequence[str]) -> tuple[str, str]:
    """(table field, result field): the first code field (…CD / …code) the two share, ignoring case.

    ONS lookups spell ``lsoa21cd`` what boundary files spell ``LSOA21CD``; a postcode directory of any vintage
    that names the column otherwise (``lsoa21`` for ``LSOA21CD``) is matched by geography and the same
    vintage (:func:`~phso_insight_plugin.cases.directory_columns.area_columns`). ("", "") when none is shared.
    """
    results = {name.lower(): name for name in result_fields}
    for name in table_fields:
        if re.fullmatch(r"\w*(cd|code)", name, flags=re.IGNORECASE) and name.lower() in results:
            return name, results[name.lower()]
    for name in result_fields:
        match = GSS_FIELD.match(name)
        same = [column for column in area_columns(table_fields, match.group(1).upper(), match.group(2))
                if column.vintage == match.group(2)] if match else []
        if same:
            return same[0].name, name
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
