"""Which field names each area, and how repeated titles are told apart.

ONS names carry the geography in their field names: ``LSOA21NM``, ``PCON24NM``, ``ICB23NM``… The
name field is the one chosen by the user, else the first ONS ``…NM`` field, else the first field
called like a name, else the first text field that is not one of the representation's own outputs.
What the areas *are* ("constituencies") is the result vocabulary's
(:mod:`phso_insight_plugin.results.geography`).
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from ..errors import InputError

ONS_NAME = re.compile(r"^([A-Za-z]+)\d{2}NM$", re.IGNORECASE)
NAME_LIKE = re.compile(r"(^|_)name$", re.IGNORECASE)
#: Text fields written by the representation algorithms: never area names.
RESULT_TEXT_FIELDS = frozenset({"ci_method", "tier_label", "flag", "method", "note", "period_1", "period_2",
                                "change_label", "change_flag", "trend_label", "persistence_label"})


def name_field(fields: Sequence[tuple[str, bool]], chosen: str | None = None) -> str:
    """The field naming each area, from ``(field name, is text)`` pairs in layer order.

    ``chosen`` wins when the layer has it. InputError when no text field can name the areas.
    """
    names = [name for name, _ in fields]
    if chosen and chosen in names:
        return chosen
    text = [name for name, is_text in fields if is_text and name.lower() not in RESULT_TEXT_FIELDS]
    for pattern in (ONS_NAME, NAME_LIKE):
        match = next((name for name in text if pattern.search(name)), None)
        if match:
            return match
    if text:
        return text[0]
    raise InputError(f"No text field to name the areas (fields: {', '.join(names)}); choose the area name field.")


def distinct_titles(titles: Sequence[str]) -> list[str]:
    """``titles`` with repeats numbered ('Constituencies', 'Constituencies (2)') so each input is named once
    in the report."""
    seen: dict[str, int] = {}
    distinct = []
    for title in titles:
        seen[title] = seen.get(title, 0) + 1
        distinct.append(title if seen[title] == 1 else f"{title} ({seen[title]})")
    return distinct
