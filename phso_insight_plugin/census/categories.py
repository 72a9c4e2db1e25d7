"""Broad and detailed categories of a census table, so that the two levels are never added together (pure
Python; no QGIS).

nomis tables list both levels side by side: TS021 has ``Ethnic group: Asian, Asian British or Asian Welsh``
(broad) and ``Ethnic group: Asian, Asian British or Asian Welsh: Indian`` (detailed); TS038 the same for
disability; TS007 lists ``Aged 4 years and under`` beside ``Aged under 1 year`` … ``Aged 4 years``. A category
is the *parent* of another when its label is a prefix of the other's (``A`` of ``A: B``) or, for ages, when its
years contain the other's. The **broad** level is every category without a parent, the **detailed** level every
category without a child; a flat table has one level, both the same.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .age_bands import age_interval

BROAD, DETAILED = "broad", "detailed"
LEVELS = (BROAD, DETAILED)


@dataclass(frozen=True)
class Levels:
    """The categories of each level, in published order."""

    broad: tuple[str, ...]
    detailed: tuple[str, ...]

    @property
    def both(self) -> bool:
        return self.broad != self.detailed

    def of(self, level: str) -> tuple[str, ...]:
        return self.broad if level == BROAD else self.detailed


def ages_of(labels: Sequence[str]) -> dict | None:
    """{label: interval} when every label is an age, else None."""
    intervals = {label: age_interval(label) for label in labels}
    return intervals if all(i is not None for i in intervals.values()) else None


def contains(parent: str, child: str, ages: dict | None) -> bool:
    if parent == child:
        return False
    if ages is not None:
        (a, b), (c, d) = ages[parent], ages[child]
        return a <= c and d <= b and (a, b) != (c, d)
    return child.casefold().startswith(parent.casefold() + ": ")


def category_levels(labels: Sequence[str]) -> Levels:
    """The broad and detailed categories among ``labels`` (see the module docstring)."""
    labels = list(labels)
    ages = ages_of(labels)
    has_parent = {c for c in labels if any(contains(p, c, ages) for p in labels)}
    has_child = {p for p in labels if any(contains(p, c, ages) for c in labels)}
    return Levels(tuple(c for c in labels if c not in has_parent), tuple(c for c in labels if c not in has_child))


def chosen_level(labels: Sequence[str], level: str, variable: str, notes: list[str]) -> tuple[str, ...]:
    """The categories of ``level`` among ``labels``; a note for the log when the variable has two levels."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    levels = category_levels(labels)
    if levels.both:
        notes.append(f"{variable!r} has broad ({len(levels.broad)}) and detailed ({len(levels.detailed)}) "
                     f"categories; the {level} ones are used, never both.")
    return levels.of(level)
