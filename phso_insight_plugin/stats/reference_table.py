"""Reference rates per stratum read from a user's reference table (pure pandas)."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..errors import InputError
from ..validation import numeric_column, require_columns


def reference_rates_for_strata(
    reference: pd.DataFrame,
    stratum_col: str,
    strata_aliases: Sequence[Sequence[str]],
    rate_col: str | None = None,
    count_col: str | None = None,
    population_col: str | None = None,
) -> np.ndarray:
    """Rate per person for each stratum, in the order of ``strata_aliases``.

    A reference row matches stratum k when its ``stratum_col`` value equals (case-insensitively,
    trimmed) any alias of k — e.g. the observed or the population field name of that stratum.
    The rate is ``rate_col`` (events per person) or ``count_col / population_col``
    (as PHE's reference count and reference population).
    """
    if (rate_col is None) == (count_col is None or population_col is None):
        raise InputError("Give the reference table either a rate field, or a count field and a population field.")
    require_columns(reference, [stratum_col] + [c for c in (rate_col, count_col, population_col) if c],
                    "reference table")
    keys = reference[stratum_col].astype(str).str.strip().str.lower()
    duplicated = keys[keys.duplicated()].unique()
    if duplicated.size:
        raise InputError(f"The reference table lists stratum {', '.join(map(repr, duplicated))} more than once.")
    if rate_col is not None:
        rates = numeric_column(reference, rate_col)
    else:
        counts = numeric_column(reference, count_col)
        populations = numeric_column(reference, population_col)
        if (populations == 0).any():
            zero = keys[populations == 0].tolist()
            raise InputError(f"The reference population is zero for stratum {', '.join(map(repr, zero))}.")
        rates = counts / populations
    by_key = pd.Series(rates, index=keys.to_numpy())
    result, missing = [], []
    for aliases in strata_aliases:
        found = [a.strip().lower() for a in aliases if a.strip().lower() in by_key.index]
        if found:
            result.append(float(by_key[found[0]]))
        else:
            missing.append(" / ".join(aliases))
    if missing:
        raise InputError(
            f"The reference table has no rate for stratum {', '.join(map(repr, missing))}; its "
            f"{stratum_col!r} values must name the observed or population field of each stratum."
        )
    return np.array(result, dtype="float64")
