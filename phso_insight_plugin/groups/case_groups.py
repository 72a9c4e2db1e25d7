"""Each case's area, stratum and group label, and whether its group is known.

A case (or an aggregated row of ``count`` cases) is *excluded* from the shares,
and counted per area with the reason, when

* its group value is NULL, blank or one of the missing values ("Prefer not to
  say" …), before or after mapping: :data:`REASON_GROUP_MISSING`;
* when standardising, its stratum value (e.g. age band) is NULL, blank or a
  missing value: :data:`REASON_STRATUM_MISSING`;
* an earlier step gave a reason (e.g. its LSOA is not in the area layer).

Nothing is dropped here: the table keeps one row per input row.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..cancel import IsCancelled, check_cancelled
from .labels import apply_mapping, is_missing, label_text
from .population import AREA, GROUP, STRATUM, WHOLE

CASES, EXCLUDED = "cases", "excluded"
#: Area label of cases whose area field is blank (reported as an area missing from the population).
BLANK_AREA = "(blank)"
REASON_GROUP_MISSING = "group not known (blank or a missing value)"
REASON_STRATUM_MISSING = "standardisation stratum not known (blank or a missing value)"


def _area_labels(areas: pd.Series | None, index: pd.Index) -> pd.Series:
    if areas is None:
        return pd.Series(WHOLE, index=index, dtype="string")
    return label_text(areas).fillna(BLANK_AREA)


def case_table(
    groups: pd.Series,
    *,
    counts: np.ndarray | None = None,
    areas: pd.Series | None = None,
    strata: pd.Series | None = None,
    missing_keys: Iterable[str] = frozenset(),
    mapping: dict[str, str] | None = None,
    reasons: pd.Series | None = None,
    is_cancelled: IsCancelled = None,
) -> pd.DataFrame:
    """One row per input row: ``area``, ``stratum``, ``group``, ``cases``, ``excluded``.

    ``groups``, ``areas``, ``strata`` are the case values (any type; read as
    text labels, see :mod:`.labels`); ``mapping`` (case label key → population
    label) applies to group and stratum labels; ``counts`` are cases per row
    (1 each by default); ``reasons`` are exclusion reasons decided earlier
    (<NA> where none). ``excluded`` holds the reason or <NA>. ``is_cancelled`` is polled between
    steps (see :mod:`~phso_insight_plugin.cancel`).
    """
    missing_keys = frozenset(missing_keys)
    raw_groups = label_text(groups)
    check_cancelled(is_cancelled)
    mapped_groups = apply_mapping(raw_groups, mapping)
    excluded = (
        reasons.astype("string") if reasons is not None else pd.Series(pd.NA, index=groups.index, dtype="string")
    )
    group_missing = is_missing(raw_groups, missing_keys) | is_missing(mapped_groups, missing_keys)
    excluded = excluded.mask(excluded.isna() & group_missing, REASON_GROUP_MISSING)
    check_cancelled(is_cancelled)
    if strata is None:
        stratum_labels = pd.Series(WHOLE, index=groups.index, dtype="string")
    else:
        raw_strata = label_text(strata)
        stratum_labels = apply_mapping(raw_strata, mapping)
        stratum_missing = is_missing(raw_strata, missing_keys) | is_missing(stratum_labels, missing_keys)
        excluded = excluded.mask(excluded.isna() & stratum_missing, REASON_STRATUM_MISSING)
    check_cancelled(is_cancelled)
    return pd.DataFrame({
        AREA: _area_labels(areas, groups.index),
        STRATUM: stratum_labels,
        GROUP: mapped_groups,
        CASES: np.ones(len(groups)) if counts is None else np.asarray(counts, dtype=float),
        EXCLUDED: excluded,
    }, index=groups.index)
