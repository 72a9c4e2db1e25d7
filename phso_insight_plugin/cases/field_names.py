"""Names of the count fields: one per group value, ``<prefix>_<value>`` (pure Python).

Rule (:func:`sanitise_field_name`, :func:`group_field_names`):

1. the value as text, trimmed; accents removed (NFKD: ``"é"`` → ``"e"``);
2. ``+`` → ``_plus``, ``&`` → ``_and_``, ``%`` → ``_pct``, ``<`` → ``lt_``,
   ``>`` → ``gt_``;
3. lower case; every run of other characters that are not ASCII letters or
   digits → one ``_``; leading/trailing ``_`` removed;
4. at most 60 characters (:data:`MAX_FIELD_LENGTH`);
5. made unique with ``_2``, ``_3``… in sorted order of the group values.

So ``"0-15"`` → ``cases_0_15``, ``"65+"`` → ``cases_65_plus``,
``"NHS – GP"`` → ``cases_nhs_gp``; ``"A B"`` and ``"A-B"`` → ``cases_a_b`` and
``cases_a_b_2``. Missing or blank group values are counted in
``<prefix>_missing`` (reserved first, so a group literally called "missing"
becomes ``<prefix>_missing_2``). The total field is the prefix itself, sanitised
the same way (``"f_"`` in front when it would start with a digit).
"""
from __future__ import annotations

import re
import unicodedata

from ..errors import InputError

#: Longest field name produced for group counts.
MAX_FIELD_LENGTH = 60

_SYMBOLS = {"+": " plus ", "&": " and ", "%": " pct ", "<": " lt ", ">": " gt "}
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def sanitise_field_name(text: str, max_length: int = MAX_FIELD_LENGTH) -> str:
    """Lower-case ASCII field name from ``text`` (rules 1–4 of the module docstring).

    May return ``""`` when nothing usable is left.
    """
    text = unicodedata.normalize("NFKD", str(text).strip())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    for symbol, word in _SYMBOLS.items():
        text = text.replace(symbol, word)
    name = _NON_ALNUM.sub("_", text.lower()).strip("_")
    return name[:max_length].rstrip("_")


def _unique_name(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    i = 2
    while True:
        suffix = f"_{i}"
        candidate = base[: MAX_FIELD_LENGTH - len(suffix)].rstrip("_") + suffix
        if candidate not in taken:
            return candidate
        i += 1


def group_field_names(values: list[str], prefix: str, with_missing: bool) -> tuple[str, dict[str, str], str | None]:
    """(total field, {group value: field}, missing field or None) — see the module docstring.

    Raises :class:`InputError` when ``prefix`` has no letters or digits.
    """
    total = sanitise_field_name(prefix)
    if not total:
        raise InputError(f"The field prefix {prefix!r} has no letters or digits; choose a prefix such as 'cases'.")
    if total[0].isdigit():
        total = ("f_" + total)[:MAX_FIELD_LENGTH]
    taken = {total}
    missing = None
    if with_missing:
        missing = _unique_name(f"{total}_missing"[:MAX_FIELD_LENGTH], taken)
        taken.add(missing)
    fields = {}
    for value in values:
        part = sanitise_field_name(value) or "group"
        name = _unique_name(f"{total}_{part}"[:MAX_FIELD_LENGTH].rstrip("_"), taken)
        taken.add(name)
        fields[value] = name
    return total, fields, missing
