"""Why did area codes not match? Plain-English guesses from the codes' form (pure pandas/numpy).

ONS (GSS) codes are a letter and eight digits; their first three characters name the kind of
area (:data:`ENTITY_NAMES`); which code ranges belong to which vintage is read from the code vintage
table (:mod:`phso_insight_plugin.geo.code_vintages`), not written here. Codes that fail to match a
layer usually belong to another vintage of the same geography (LSOA 2011 vs 2021, constituencies
before and after July 2024, ICBs before and after the April 2026 mergers), to a neighbouring
geography (sub-ICB locations vs ICBs), to Wales, or are not codes at all.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..geo.code_vintages import GSS_CODE, CodeRange, entity_names, vintages
from . import _util

#: First three characters of ONS (GSS) codes → plain-English entity (from the code vintage table).
ENTITY_NAMES = entity_names()


@dataclass(frozen=True)
class _Evidence:
    """The unmatched codes (each row counts) and what the layer's codes look like."""

    codes: np.ndarray
    prefixes: np.ndarray
    is_gss: np.ndarray
    layer: pd.Series
    layer_prefixes: frozenset
    layer_main: str
    layer_is_gss: np.ndarray

    def most(self, mask: np.ndarray) -> bool:
        """More than half of the unmatched codes."""
        return _share(mask) > 0.5

    def examples(self, mask: np.ndarray) -> str:
        return _util.format_examples(pd.unique(self.codes[mask])[:3].tolist(), limit=3)

    def count(self, mask: np.ndarray) -> str:
        return f"{int(mask.sum())} of {len(self.codes)} unmatched"


def _share(mask: np.ndarray) -> float:
    return float(mask.mean()) if len(mask) else 0.0


def _entity(prefix: str) -> str:
    name = ENTITY_NAMES.get(prefix)
    return f"{prefix} ({name})" if name else prefix


def vintage_hint(unmatched_codes: pd.Series, layer_codes: pd.Series) -> str | None:
    """Plain-English guess why codes did not match the layer, or ``None``.

    Looks at the unmatched codes (each row counts, so the guess describes most
    unmatched *cases*) and returns a hint when more than half fit one of, in this order:

    * codes of one vintage against a layer of another, for every prefix whose code ranges the
      code vintage table dates: LSOA 2011 codes against a 2021 LSOA layer (one holding codes issued
      in 2021) or 2021-only codes against a 2011 layer; constituencies of the 2010–2023 boundaries
      against July 2024 ones or the reverse; ICBs of 2022 against the merged boards of April 2026 or
      the reverse;
    * sub-ICB location / CCG codes (``E38``) against an ICB (``E54``) layer,
      or the reverse;
    * Welsh codes (``W01``…) against an English-only layer (``E01``…);
    * values that are not ONS codes at all (e.g. names) against a layer of
      codes;
    * otherwise, codes mostly starting with one prefix (e.g. ``E05``, wards)
      that none of the layer's codes start with.
    """
    unmatched = _util.clean_codes(pd.Series(unmatched_codes)).dropna().astype(str)
    layer = _util.clean_codes(pd.Series(layer_codes)).dropna().astype(str)
    if unmatched.empty or layer.empty:
        return None
    layer_prefixes = layer.str[:3].value_counts()
    evidence = _Evidence(
        codes=unmatched.to_numpy(dtype=object),
        prefixes=unmatched.str[:3].to_numpy(dtype=object),
        is_gss=unmatched.str.match(GSS_CODE).to_numpy(dtype=bool),
        layer=layer,
        layer_prefixes=frozenset(layer_prefixes.index),
        layer_main=str(layer_prefixes.index[0]),
        layer_is_gss=layer.str.match(GSS_CODE).to_numpy(dtype=bool),
    )
    for guess in _GUESSES:
        hint = guess(evidence)
        if hint is not None:
            return hint
    return None


def _code_vintage(e: _Evidence) -> str | None:
    """Codes of one vintage against a layer of another (ranges from the code vintage table)."""
    for prefix in sorted(e.layer_prefixes):
        ranges = vintages(prefix)
        for older, newer in zip(ranges, ranges[1:]):
            hint = _older_or_newer(e, older, newer)
            if hint is not None:
                return hint
    return None


def _older_or_newer(e: _Evidence, older: CodeRange, newer: CodeRange) -> str | None:
    """Older codes against a layer holding newer ones, or newer codes against a layer with none of them."""
    layer_newer = bool(newer.contains(e.layer).any())
    in_older = older.contains(pd.Series(e.codes, dtype=object))
    in_newer = newer.contains(pd.Series(e.codes, dtype=object))
    if layer_newer and e.most(in_older):
        return (f"{e.count(in_older)} codes (e.g. {e.examples(in_older)}) look like {older.label} codes, while "
                f"the layer holds {newer.label} codes. {older.advice}")
    if not layer_newer and older.contains(e.layer).any() and e.most(in_newer):
        return (f"{e.count(in_newer)} codes (e.g. {e.examples(in_newer)}) are {newer.label} codes that did not "
                f"exist in {older.issued}, while the layer holds {older.label} codes. {newer.advice}")
    return None


def _sub_icb_or_icb(e: _Evidence) -> str | None:
    if e.layer_main == "E54" and e.most(e.prefixes == "E38"):
        mask = e.prefixes == "E38"
        return (
            f"{e.count(mask)} codes (e.g. {e.examples(mask)}) are sub-ICB location (E38, "
            "formerly CCG) codes, while the layer holds ICB (E54) codes. Add the ICB code "
            "with the ONS sub-ICB location to ICB lookup, or use a sub-ICB layer."
        )
    if e.layer_main == "E38" and e.most(e.prefixes == "E54"):
        mask = e.prefixes == "E54"
        return (
            f"{e.count(mask)} codes (e.g. {e.examples(mask)}) are ICB (E54) codes, while the "
            "layer holds sub-ICB locations (E38). Use an ICB layer."
        )
    return None


def _welsh_codes(e: _Evidence) -> str | None:
    welsh = np.array([p.startswith("W") for p in e.prefixes], dtype=bool) & e.is_gss
    if e.most(welsh) and not any(p.startswith("W") for p in e.layer_prefixes):
        return (
            f"{e.count(welsh)} codes (e.g. {e.examples(welsh)}) are Welsh codes "
            f"({', '.join(_entity(p) for p in sorted(set(e.prefixes[welsh])))}), while the layer "
            "holds English areas only. These cases lie outside the layer."
        )
    return None


def _not_codes(e: _Evidence) -> str | None:
    if e.most(~e.is_gss) and _share(e.layer_is_gss) > 0.5:
        mask = ~e.is_gss
        return (
            f"{e.count(mask)} values (e.g. {e.examples(mask)}) do not look like ONS area codes, "
            f"while the layer uses codes such as {e.layer.iloc[0]!r}. Check that the case "
            "column holds area codes rather than names."
        )
    return None


def _other_geography(e: _Evidence) -> str | None:
    main = str(pd.Series(e.prefixes[e.is_gss]).value_counts().index[0]) if e.is_gss.any() else None
    foreign = (e.prefixes == main) & e.is_gss
    if main is not None and main not in e.layer_prefixes and e.most(foreign):
        return (
            f"{e.count(foreign)} codes (e.g. {e.examples(foreign)}) start with {_entity(main)}, "
            f"while the layer's codes start with {_entity(e.layer_main)}. The cases seem to be "
            "coded to a different geography."
        )
    return None


#: The guesses :func:`vintage_hint` tries, in order.
_GUESSES: tuple[Callable[[_Evidence], str | None], ...] = (
    _code_vintage, _sub_icb_or_icb, _welsh_codes, _not_codes, _other_geography,
)
