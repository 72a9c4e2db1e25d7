"""Count cases per area (and per group) — pure pandas/numpy; no QGIS imports.

Group field names
-----------------
One output field per group value, named ``<prefix>_<value>`` after this rule
(:func:`sanitise_field_name`):

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
becomes ``<prefix>_missing_2``). ``CountResult.group_fields`` maps each field
back to its group value.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..cancel import IsCancelled, check_cancelled
from ..errors import InputError
from . import _util
from .assign import AREA_CODE_NOT_IN_AREAS, BLANK_AREA_CODE, REASON, SOURCE_ROW

#: Longest field name produced for group counts.
MAX_FIELD_LENGTH = 60

#: Reasons a case row is left out of the counts.
COUNT_REASONS = (BLANK_AREA_CODE, AREA_CODE_NOT_IN_AREAS)

_SYMBOLS = {"+": " plus ", "&": " and ", "%": " pct ", "<": " lt ", ">": " gt "}
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@dataclass
class CountResult:
    """Case counts per area.

    Attributes
    ----------
    counts:
        One row per area, in the order (and with the index) of ``area_codes``:
        the area code as given, ``<prefix>`` (total, int64) and, with a group
        column, one int64 ``<prefix>_<group>`` column per group value (sorted
        by value; ``<prefix>_missing`` last). Areas without cases have 0.
    group_fields:
        ``{field name: group value}`` for the group columns (the value of the
        missing-group field is ``None``). Empty without a group column.
    unmatched:
        Case rows not counted (all input columns + ``source_row`` +
        ``reason``: ``"blank area code"`` or ``"area code not in areas"``).
    summary:
        ``rows_in``, ``rows_matched``, ``rows_unmatched``,
        ``unmatched_by_reason`` ({reason: rows}); and ``cases_in``,
        ``cases_matched``, ``cases_unmatched``, ``cases_unmatched_by_reason``,
        which sum the count column (equal to the row figures without one).
        (Named ``summary`` because ``counts`` is the table.)
    hint:
        Plain-English guess why codes did not match (:func:`vintage_hint`) or
        ``None``.
    total_field:
        Name of the total column: ``prefix`` put through
        :func:`sanitise_field_name` — ``prefix`` itself when it is already
        lower-case ASCII letters, digits and underscores (e.g. ``"cases"``),
        ``"complaints_2024"`` for ``"Complaints 2024"``.
    """

    counts: pd.DataFrame
    group_fields: dict = field(default_factory=dict)
    unmatched: pd.DataFrame = field(default_factory=pd.DataFrame)
    summary: dict = field(default_factory=dict)
    hint: str | None = None
    total_field: str = "cases"


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
    """(total field, {group value: field}, missing field or None) — see module docstring."""
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


def _count_values(cases: pd.DataFrame, count_col: str) -> np.ndarray:
    """Validated int64 counts; InputError naming rows for anything else."""
    raw = cases[count_col]
    rows = _util.row_numbers(cases)
    if pd.api.types.is_bool_dtype(raw.dtype):
        raise InputError(f"The count column '{count_col}' holds true/false values, not counts.")
    if pd.api.types.is_numeric_dtype(raw.dtype):
        text = None
        values = raw.to_numpy(dtype=float, na_value=np.nan)
        missing = np.isnan(values)
    else:
        text = raw.astype("string").str.strip()
        missing = (text.isna() | (text == "")).to_numpy()
        values = pd.to_numeric(text.to_numpy(dtype=object), errors="coerce").astype(float)
    not_number = ~missing & ~np.isfinite(values)
    finite = np.isfinite(values)
    negative = finite & (values < 0)
    fractional = finite & ~negative & (values != np.floor(values))
    too_big = finite & (values > 2**53)
    problems = []
    shown = raw if text is None else text
    for mask, what in (
        (missing, "empty"),
        (not_number, "not numbers"),
        (negative, "negative"),
        (fractional, "not whole numbers"),
        (too_big, "too large"),
    ):
        if mask.any():
            where = np.flatnonzero(mask)
            detail = f"rows {_util.format_rows(rows[where])}"
            if what != "empty":
                detail += f": {_util.format_examples(shown.iloc[where[:_util.MAX_EXAMPLES]].tolist())}"
            problems.append(f"{int(mask.sum())} {what} ({detail})")
    if problems:
        bad = int((missing | not_number | negative | fractional | too_big).sum())
        raise InputError(
            f"The count column '{count_col}' must hold a whole number ≥ 0 in every row; "
            f"{bad} of {len(raw)} rows do not: " + "; ".join(problems) + "."
        )
    return values.astype(np.int64)


def _layer_codes(area_codes: pd.Series) -> pd.Series:
    codes = _util.clean_codes(pd.Series(area_codes))
    dup = codes.notna() & codes.duplicated(keep=False)
    if dup.any():
        names = codes[dup].drop_duplicates()
        raise InputError(
            f"The area codes{f' in {area_codes.name!r}' if area_codes.name else ''} must be unique, but "
            f"{len(names)} code(s) appear more than once "
            f"({int(dup.sum())} areas): {_util.format_examples(names.tolist())} "
            "(after trimming spaces and upper-casing). Dissolve the layer by code first."
        )
    return codes


def count_cases(
    cases: pd.DataFrame,
    area_col: str,
    area_codes: pd.Series,
    count_col: str | None = None,
    group_col: str | None = None,
    prefix: str = "cases",
    is_cancelled: IsCancelled = None,
) -> CountResult:
    """Count cases per area, optionally split by a group column.

    Parameters
    ----------
    cases:
        Case rows with an area code (e.g. ``AssignResult.assigned``).
    area_col:
        Column of ``cases`` with area codes. Codes are trimmed and
        upper-cased on both sides before matching.
    area_codes:
        The area layer's codes, one per area (must be unique). The output has
        one row per entry, in this order.
    count_col:
        Optional column with the number of cases each row stands for (whole
        numbers ≥ 0). Without it every row is one case. Empty, non-numeric,
        negative or fractional values raise :class:`InputError` naming the
        rows — nothing is silently dropped.
    group_col:
        Optional column whose values split the counts into one field per
        value (naming rule in the module docstring).
    prefix:
        Name of the total field and prefix of the group fields, sanitised
        like group values (see :attr:`CountResult.total_field`).
    is_cancelled:
        Polled between steps (see :mod:`~phso_insight_plugin.cancel`).

    Returns
    -------
    CountResult
        Checked before returning: total of the counts == ``cases_matched``,
        ``cases_in == cases_matched + cases_unmatched``, rows likewise, and
        the group fields of each area sum to its total.
    """
    if not isinstance(cases, pd.DataFrame):
        raise InputError(f"Cases must be a table (pandas DataFrame), not {type(cases).__name__}.")
    needed = [area_col] + [c for c in (count_col, group_col) if c]
    _util.require_columns(cases, needed, "case table")
    _util.refuse_existing_columns(cases, [SOURCE_ROW, REASON], "case table")
    area_codes = pd.Series(area_codes)
    layer = _layer_codes(area_codes)
    n_areas = len(layer)

    weights = _count_values(cases, count_col) if count_col else np.ones(len(cases), dtype=np.int64)

    check_cancelled(is_cancelled)
    codes = _util.clean_codes(cases[area_col])
    check_cancelled(is_cancelled)
    blank = codes.isna().to_numpy()
    present = np.flatnonzero(layer.notna().to_numpy())
    hit = pd.Index(layer.iloc[present].to_numpy(dtype=object)).get_indexer(codes.to_numpy(dtype=object))
    area_pos = np.where(hit >= 0, present[np.maximum(hit, 0)], -1)
    area_pos[blank] = -1
    matched = area_pos >= 0

    reasons = np.full(len(cases), None, dtype=object)
    reasons[blank] = BLANK_AREA_CODE
    reasons[~blank & ~matched] = AREA_CODE_NOT_IN_AREAS

    # Groups.
    check_cancelled(is_cancelled)
    group_fields: dict[str, object] = {}
    if group_col:
        labels = cases[group_col].astype("string").str.strip()
        labels = labels.mask(labels == "")
        gcode, uniques = pd.factorize(labels, sort=True)
        values = [str(v) for v in uniques]
        with_missing = bool((gcode < 0).any())
        total_field, value_fields, missing_field = group_field_names(values, prefix, with_missing)
        n_groups = len(values) + int(with_missing)
        gcode = np.where(gcode < 0, len(values), gcode)
        field_order = [value_fields[v] for v in values] + ([missing_field] if with_missing else [])
        group_fields = {value_fields[v]: v for v in values}
        if with_missing:
            group_fields[missing_field] = None
    else:
        total_field, _, _ = group_field_names([], prefix, False)
        n_groups = 0
        field_order = []

    check_cancelled(is_cancelled)
    m_pos = area_pos[matched]
    m_w = weights[matched].astype(float)
    totals = np.rint(np.bincount(m_pos, weights=m_w, minlength=n_areas)).astype(np.int64)

    code_field = area_codes.name if isinstance(area_codes.name, str) and area_codes.name else area_col
    if code_field == total_field or code_field in field_order:
        code_field = "area_code"
    table = {code_field: area_codes.to_numpy(dtype=object), total_field: totals}
    if n_groups:
        flat = m_pos * n_groups + gcode[matched]
        by_group = np.rint(np.bincount(flat, weights=m_w, minlength=n_areas * n_groups)).astype(np.int64)
        by_group = by_group.reshape(n_areas, n_groups)
        for j, name in enumerate(field_order):
            table[name] = by_group[:, j]
        if not np.array_equal(by_group.sum(axis=1), totals):
            raise AssertionError("Internal error: group counts do not add up to the area totals.")
    counts = pd.DataFrame(table, index=area_codes.index)

    check_cancelled(is_cancelled)
    unmatched_pos = np.flatnonzero(~matched)
    unmatched = cases.iloc[unmatched_pos].copy()
    unmatched[SOURCE_ROW] = _util.row_numbers(cases)[unmatched_pos]
    unmatched[REASON] = reasons[unmatched_pos]

    um_reasons = reasons[unmatched_pos]
    um_weights = weights[unmatched_pos]
    summary = {
        "rows_in": int(len(cases)),
        "rows_matched": int(matched.sum()),
        "rows_unmatched": int(len(unmatched_pos)),
        "unmatched_by_reason": _util.reason_counts(um_reasons, COUNT_REASONS),
        "cases_in": int(weights.sum()),
        "cases_matched": int(weights[matched].sum()),
        "cases_unmatched": int(um_weights.sum()),
        "cases_unmatched_by_reason": {r: int(um_weights[um_reasons == r].sum()) for r in COUNT_REASONS},
    }
    _util.check_invariant(summary["rows_in"], summary["rows_matched"], summary["rows_unmatched"])
    _util.check_invariant(summary["cases_in"], summary["cases_matched"], summary["cases_unmatched"], "cases")
    if int(totals.sum()) != summary["cases_matched"]:
        raise AssertionError(
            f"Internal error: counts add up to {int(totals.sum())}, matched cases are {summary['cases_matched']}."
        )

    hint = None
    unknown = reasons == AREA_CODE_NOT_IN_AREAS
    if unknown.any():
        hint = vintage_hint(codes[unknown], layer.dropna())
    return CountResult(
        counts=counts,
        group_fields=group_fields,
        unmatched=unmatched,
        summary=summary,
        hint=hint,
        total_field=total_field,
    )


# --------------------------------------------------------------------------
# Why did codes not match?

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


def _share(mask: np.ndarray) -> float:
    return float(mask.mean()) if len(mask) else 0.0


def _entity(prefix: str) -> str:
    name = ENTITY_NAMES.get(prefix)
    return f"{prefix} ({name})" if name else prefix


def vintage_hint(unmatched_codes: pd.Series, layer_codes: pd.Series) -> str | None:
    """Plain-English guess why codes did not match the layer, or ``None``.

    Looks at the unmatched codes (each row counts, so the guess describes most
    unmatched *cases*) and returns a hint when more than half fit one of:

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
    n = len(unmatched)
    u = unmatched.to_numpy(dtype=object)
    u_prefix = unmatched.str[:3].to_numpy(dtype=object)
    layer_prefixes = layer.str[:3].value_counts()
    layer_main = str(layer_prefixes.index[0])
    layer_set = set(layer_prefixes.index)
    u_gss = unmatched.str.match(_GSS).to_numpy(dtype=bool)
    l_gss = layer.str.match(_GSS).to_numpy(dtype=bool)

    def most(mask: np.ndarray) -> bool:
        return _share(mask) > 0.5

    def examples(mask: np.ndarray) -> str:
        return _util.format_examples(pd.unique(u[mask])[:3].tolist(), limit=3)

    def count(mask: np.ndarray) -> str:
        return f"{int(mask.sum())} of {n} unmatched"

    # LSOA 2011 vs 2021.
    if "E01" in layer_set:
        e01_layer = layer[layer.str.startswith("E01")]
        layer_2021 = bool((e01_layer > LSOA2011_LAST).any())
        e01 = (u_prefix == "E01") & u_gss
        if layer_2021 and most(e01 & (u <= LSOA2011_LAST)):
            mask = e01 & (u <= LSOA2011_LAST)
            return (
                f"{count(mask)} codes (e.g. {examples(mask)}) look like LSOA 2011 codes, "
                "while the layer holds LSOA 2021 codes. Convert them with the ONS LSOA "
                "(2011) to LSOA (2021) lookup — or, if they are current codes, those areas "
                "lie outside the layer."
            )
        if not layer_2021 and most(e01 & (u > LSOA2011_LAST)):
            mask = e01 & (u > LSOA2011_LAST)
            return (
                f"{count(mask)} codes (e.g. {examples(mask)}) are LSOA 2021 codes that did "
                "not exist in 2011, while the layer holds LSOA 2011 codes. Use a 2021 LSOA "
                "layer."
            )
    # Westminster constituencies, 2010–2023 vs 2024 boundaries.
    for pfx, last in (("E14", PCON2010_LAST), ("W07", WPCON2010_LAST)):
        if pfx not in layer_set:
            continue
        lay = layer[layer.str.startswith(pfx)]
        pc = (u_prefix == pfx) & u_gss
        if (lay > last).all() and most(pc & (u <= last)):
            mask = pc & (u <= last)
            return (
                f"{count(mask)} codes (e.g. {examples(mask)}) look like constituency codes "
                "of the 2010–2023 boundaries, while the layer holds the July 2024 "
                "constituencies. Assign the cases to 2024 constituencies (e.g. by postcode) "
                "instead."
            )
        if (lay <= last).all() and most(pc & (u > last)):
            mask = pc & (u > last)
            return (
                f"{count(mask)} codes (e.g. {examples(mask)}) look like 2024 constituency "
                "codes, while the layer holds constituencies of the 2010–2023 boundaries. "
                "Use a 2024 constituency layer."
            )
    # Sub-ICB locations / CCGs vs ICBs.
    if layer_main == "E54" and most(u_prefix == "E38"):
        mask = u_prefix == "E38"
        return (
            f"{count(mask)} codes (e.g. {examples(mask)}) are sub-ICB location (E38, "
            "formerly CCG) codes, while the layer holds ICB (E54) codes. Add the ICB code "
            "with the ONS sub-ICB location to ICB lookup, or use a sub-ICB layer."
        )
    if layer_main == "E38" and most(u_prefix == "E54"):
        mask = u_prefix == "E54"
        return (
            f"{count(mask)} codes (e.g. {examples(mask)}) are ICB (E54) codes, while the "
            "layer holds sub-ICB locations (E38). Use an ICB layer."
        )
    # Wales vs England.
    welsh = np.array([p.startswith("W") for p in u_prefix], dtype=bool) & u_gss
    if most(welsh) and not any(p.startswith("W") for p in layer_set):
        return (
            f"{count(welsh)} codes (e.g. {examples(welsh)}) are Welsh codes "
            f"({', '.join(_entity(p) for p in sorted(set(u_prefix[welsh])))}), while the layer "
            "holds English areas only. These cases lie outside the layer."
        )
    # Not codes at all.
    if most(~u_gss) and _share(l_gss) > 0.5:
        mask = ~u_gss
        return (
            f"{count(mask)} values (e.g. {examples(mask)}) do not look like ONS area codes, "
            f"while the layer uses codes such as {layer.iloc[0]!r}. Check that the case "
            "column holds area codes rather than names."
        )
    # Generic: a different kind of code.
    u_main = str(pd.Series(u_prefix[u_gss]).value_counts().index[0]) if u_gss.any() else None
    foreign = (u_prefix == u_main) & u_gss
    if u_main is not None and u_main not in layer_set and most(foreign):
        return (
            f"{count(foreign)} codes (e.g. {examples(foreign)}) start with {_entity(u_main)}, "
            f"while the layer's codes start with {_entity(layer_main)}. The cases seem to be "
            "coded to a different geography."
        )
    return None
