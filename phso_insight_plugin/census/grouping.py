"""Which group each census category goes into (pure Python; no QGIS): through a mapping table, into the plugin's
six age bands (age tables without a mapping), or, failing both, each category its own group.
"""
from __future__ import annotations

from collections.abc import Sequence

from ..errors import InputError
from ..validation import listing
from .age_bands import band_of
from .categories import ages_of

#: Census variable (case-folded) → (dimension written in the long table, prefix of the wide fields); others get
#: their name in lower case (``Religion`` → ``religion``, ``pop_religion``).
KNOWN_VARIABLES = {"age": ("age_band", "pop_age"), "disability": ("disability", "pop_disability"),
                   "ethnic group": ("ethnicity", "pop_eth"), "sex": ("sex", "pop")}


def mapped_groups(categories: Sequence[str], mapping: dict[str, str]) -> dict[str, str]:
    """{category: group} through ``mapping`` (keys case-folded; a category matches by its whole label or its last
    part, "Indian" for "Asian, Asian British or Asian Welsh: Indian"); an unmapped category is an error."""
    groups, unmapped = {}, []
    for category in categories:
        key = mapping.get(category.casefold(), mapping.get(category.split(": ")[-1].casefold()))
        if key is None:
            unmapped.append(category)
        else:
            groups[category] = key
    if unmapped:
        raise InputError(f"The mapping table gives no group for {len(unmapped)} categor"
                         f"{'y' if len(unmapped) == 1 else 'ies'} of the population table: "
                         f"{listing(repr(c) for c in unmapped)}; add a row for each.", about="mapping")
    return groups


def age_band_groups(categories: Sequence[str], ages: dict) -> dict[str, str]:
    """{category: one of the six age bands}; a category spanning two bands is an error saying what to do."""
    groups, spanning = {}, []
    for category in categories:
        try:
            groups[category] = band_of(category, ages[category])
        except ValueError as problem:
            spanning.append(str(problem))
    if spanning:
        raise InputError(
            f"The population table's age categories cannot make the six age bands (0-15 … 65+): "
            f"{'; '.join(spanning[:3])}. Use the single-year table (TS007) or an ONS custom dataset with "
            "'Age (6 categories)', or give a grouping table of your own bands.")
    return groups


def own_groups(categories: Sequence[str]) -> dict[str, str]:
    """Each category its own group, named by its last part unless two categories share it."""
    last = [c.split(": ")[-1] for c in categories]
    unique = len(set(n.casefold() for n in last)) == len(last)
    return {c: (n if unique else c) for c, n in zip(categories, last)}


def groups_of(categories: Sequence[str], mapping: dict[str, str] | None) -> dict[str, str]:
    """{category: group} for the categories of the chosen level (see the module docstring)."""
    if mapping:
        return mapped_groups(categories, mapping)
    ages = ages_of(categories)
    return age_band_groups(categories, ages) if ages is not None else own_groups(categories)


def naming(variable: str) -> tuple[str, str]:
    """(dimension, field prefix) for a census variable (see :data:`KNOWN_VARIABLES`)."""
    known = KNOWN_VARIABLES.get(variable.casefold())
    if known:
        return known
    name = "_".join(variable.casefold().split())
    return name, f"pop_{name}"
