"""Whose rates give an area's expected count — its benchmark — and how results say so.

With the **whole input** as benchmark (the default), every area is compared with the rates of all
areas together. With each area's **parent** (its region, ICB or local authority, named by a field)
every area is compared with the rates of its own parent: indirect standardisation within the parent
(see :mod:`phso_insight_plugin.stats.benchmark`). Tiers then read "Higher than its ICB (95%)"
instead of "Higher than expected (95%)", and the method sentence, the ``benchmark`` result field
and the run metadata (:class:`~.run_metadata.RunMetadata` ``benchmark`` / ``benchmark_field``) name
the parent.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .geography import Geography, geography_of_codes, geography_of_fields
from .run_metadata import PARENT, WHOLE_INPUT, RunMetadata
from .tiers import TIER_LABELS, VALID_CODES

#: The parent's nouns when neither its codes nor its field name say what it is.
PARENT_AREA = Geography("", "parent area", "parent areas")
#: Tier labels against a parent; ``{noun}`` is its short noun ("ICB", "region").
PARENT_TIER_LABELS = {
    2: "Significantly higher than its {noun} (99.8%)",
    1: "Higher than its {noun} (95%)",
    0: "In line with its {noun}",
    -1: "Lower than its {noun} (95%)",
    -2: "Significantly lower than its {noun} (99.8%)",
    None: TIER_LABELS[None],
}
ABBREVIATION = re.compile(r"\(([^)]+)\)\s*$")


def short_noun(geography: Geography) -> str:
    """The noun a sentence uses: the abbreviation in brackets when there is one ("ICB" for "integrated care
    board (ICB)", "LSOA"), else the singular ("region", "local authority")."""
    found = ABBREVIATION.search(geography.singular)
    return found.group(1) if found else geography.singular


def short_plural(geography: Geography) -> str:
    """The plural of :func:`short_noun`: "ICBs", "regions", "local authorities"."""
    found = ABBREVIATION.search(geography.plural)
    return found.group(1) if found else geography.plural


#: Abbreviations a field name holds in lower case that words spell in capitals.
ABBREVIATIONS = frozenset({"imd", "iod", "icb", "sicbl", "lsoa", "msoa", "lad", "nhs", "ons"})


def in_words(field: str) -> str:
    """A field name as words for titles and sentences: "health_region" → "health region", "imd_decile" →
    "IMD decile"."""
    return " ".join(w.upper() if w.lower() in ABBREVIATIONS else w for w in field.replace("_", " ").split())


def parent_geography(field: str, values: Iterable) -> Geography:
    """What the parents are: from their ONS codes (E54… → ICB), else from an ONS-style field name
    (``RGN22CD`` → region), else the field name in words ("region" for a field ``region``)."""
    found = geography_of_codes(values) or geography_of_fields([field], field)
    if found is not None:
        return found
    words = in_words(field)
    return Geography("", words, words + "s") if words else PARENT_AREA


@dataclass(frozen=True)
class Benchmark:
    """Whose rates give the expected counts: ``kind`` is ``"whole input"`` or ``"parent"``; for a parent,
    ``field`` names the field holding each area's parent and ``parent`` what the parents are."""

    kind: str = WHOLE_INPUT
    field: str = ""
    parent: Geography = PARENT_AREA

    @classmethod
    def of_parent(cls, field: str, values: Iterable) -> Benchmark:
        """The benchmark of each area's parent, read from ``field`` with these ``values``."""
        return cls(PARENT, field, parent_geography(field, values))

    @classmethod
    def of_run(cls, run: RunMetadata | None, values: Iterable = ()) -> Benchmark:
        """The benchmark a run recorded (whole input when ``run`` is None or recorded none)."""
        if run is None or run.benchmark != PARENT:
            return cls()
        return cls.of_parent(run.benchmark_field, values)

    @property
    def is_parent(self) -> bool:
        return self.kind == PARENT

    @property
    def noun(self) -> str:
        """ "ICB", "region"; "" for the whole input."""
        return short_noun(self.parent) if self.is_parent else ""

    @property
    def field_value(self) -> str:
        """What the ``benchmark`` result field holds: "whole input", or "parent: ICB23CD"."""
        return f"{PARENT}: {self.field}" if self.is_parent else WHOLE_INPUT

    @property
    def against(self) -> str:
        """How a sentence names the benchmark: "the whole input", "its own ICB (field ICB23CD)"."""
        return f"its own {self.noun} (field {self.field})" if self.is_parent else "the whole input"

    @property
    def suggests(self) -> str:
        """What the expected count stands for, said after "what": "its population would suggest" or
        "its ICB's rates would suggest"."""
        return f"its {self.noun}'s rates would suggest" if self.is_parent else "its population would suggest"

    def tier_label(self, code) -> str:
        """The label of one tier code (None: too few to say) against this benchmark."""
        if not self.is_parent:
            return TIER_LABELS[code]
        return PARENT_TIER_LABELS[code].format(noun=self.noun)

    def tier_labels(self, codes: ArrayLike) -> np.ndarray:
        """Label of each code of an ``Int64``-like array (<NA> → "Too few to say"), as an object array."""
        codes = pd.array(codes, dtype="Int64")
        labels = np.full(len(codes), self.tier_label(None), dtype=object)
        for code in VALID_CODES:
            labels[(codes == code).to_numpy(dtype=bool, na_value=False)] = self.tier_label(code)
        return labels

    def expected_clause(self, strata: int, parents: int) -> str:
        """The method clause for expected counts against each area's parent: "Indirectly standardised over 6
        strata against the rates of each area's own ICB (3 ICBs, field ICB23CD)"."""
        how = "Crude expected counts" if strata == 1 else f"Indirectly standardised over {strata} strata"
        plural = short_plural(self.parent) if parents != 1 else self.noun
        return f"{how} against the rates of each area's own {self.noun} ({parents} {plural}, field {self.field})"
