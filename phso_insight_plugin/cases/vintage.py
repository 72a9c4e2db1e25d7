"""Why did area codes not match? Plain-English guesses from the codes' form (pure pandas/numpy).

ONS (GSS) codes are a letter and eight digits; their first three characters name the kind of
area (:data:`ENTITY_NAMES`). Codes that fail to match a layer usually belong to another
vintage of the same geography (LSOA 2011 vs 2021, constituencies before and after July 2024),
to a neighbouring geography (sub-ICB locations vs ICBs), to Wales, or are not codes at all.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import _util

#: First three characters of ONS (GSS) codes → plain-English entity.
ENTITY_NAMES = {
    "E00": "Output Area",
    "W00": "Welsh Output Area",
    "E01": "LSOA",
    "W01": "Welsh LSOA",
    "E02": "MSOA",
    "W02": "Welsh MSOA",
    "E05": "electoral ward",
    "W05": "Welsh electoral ward",
    "E06": "unitary authority",
    "E07": "non-metropolitan district",
    "E08": "metropolitan district",
    "E09": "London borough",
    "W06": "Welsh unitary authority",
    "E10": "county",
    "E12": "region",
    "E14": "Westminster constituency",
    "W07": "Welsh Westminster constituency",
    "E38": "sub-ICB location (formerly CCG)",
    "E40": "NHS England region",
    "E54": "Integrated Care Board (ICB)",
}

_GSS = re.compile(r"^[A-Z][0-9]{8}$")
#: Last LSOA code of the 2011 set; 2021 LSOAs added E01033769–E01035722.
LSOA2011_LAST = "E01033768"
#: Constituency codes of the 2010–2023 boundaries end here; 2024 codes follow.
PCON2010_LAST = "E14001062"
WPCON2010_LAST = "W07000080"


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

    * LSOA 2011 codes (≤ ``E01033768``) against a 2021 LSOA layer (one with
      codes above ``E01033768``), or 2021-only LSOA codes against a 2011 layer;
    * 2010–2023 constituency codes (``E14000530``–``E14001062``, Wales
      ``W07000041``–``W07000080``) against a 2024 constituency layer, or the
      reverse;
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
        is_gss=unmatched.str.match(_GSS).to_numpy(dtype=bool),
        layer=layer,
        layer_prefixes=frozenset(layer_prefixes.index),
        layer_main=str(layer_prefixes.index[0]),
        layer_is_gss=layer.str.match(_GSS).to_numpy(dtype=bool),
    )
    for guess in _GUESSES:
        hint = guess(evidence)
        if hint is not None:
            return hint
    return None


def _lsoa_vintage(e: _Evidence) -> str | None:
    if "E01" not in e.layer_prefixes:
        return None
    layer_2021 = bool((e.layer[e.layer.str.startswith("E01")] > LSOA2011_LAST).any())
    lsoa = (e.prefixes == "E01") & e.is_gss
    if layer_2021 and e.most(lsoa & (e.codes <= LSOA2011_LAST)):
        mask = lsoa & (e.codes <= LSOA2011_LAST)
        return (
            f"{e.count(mask)} codes (e.g. {e.examples(mask)}) look like LSOA 2011 codes, "
            "while the layer holds LSOA 2021 codes. Convert them with the ONS LSOA "
            "(2011) to LSOA (2021) lookup — or, if they are current codes, those areas "
            "lie outside the layer."
        )
    if not layer_2021 and e.most(lsoa & (e.codes > LSOA2011_LAST)):
        mask = lsoa & (e.codes > LSOA2011_LAST)
        return (
            f"{e.count(mask)} codes (e.g. {e.examples(mask)}) are LSOA 2021 codes that did "
            "not exist in 2011, while the layer holds LSOA 2011 codes. Use a 2021 LSOA "
            "layer."
        )
    return None


def _constituency_vintage(e: _Evidence) -> str | None:
    """Westminster constituencies, 2010–2023 vs 2024 boundaries (England and Wales)."""
    for prefix, last in (("E14", PCON2010_LAST), ("W07", WPCON2010_LAST)):
        if prefix not in e.layer_prefixes:
            continue
        layer = e.layer[e.layer.str.startswith(prefix)]
        constituency = (e.prefixes == prefix) & e.is_gss
        if (layer > last).all() and e.most(constituency & (e.codes <= last)):
            mask = constituency & (e.codes <= last)
            return (
                f"{e.count(mask)} codes (e.g. {e.examples(mask)}) look like constituency codes "
                "of the 2010–2023 boundaries, while the layer holds the July 2024 "
                "constituencies. Assign the cases to 2024 constituencies (e.g. by postcode) "
                "instead."
            )
        if (layer <= last).all() and e.most(constituency & (e.codes > last)):
            mask = constituency & (e.codes > last)
            return (
                f"{e.count(mask)} codes (e.g. {e.examples(mask)}) look like 2024 constituency "
                "codes, while the layer holds constituencies of the 2010–2023 boundaries. "
                "Use a 2024 constituency layer."
            )
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
    _lsoa_vintage, _constituency_vintage, _sub_icb_or_icb, _welsh_codes, _not_codes, _other_geography,
)
