"""How the engine's messages name features: by label (area code, row number) or by index."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import ArrayLike

#: How many features a message names before it ends with "…".
MAX_LISTED = 10


def listing(indices: ArrayLike, limit: int = MAX_LISTED) -> str:
    """``"3, 7, 12, …"``: the first ``limit`` of ``indices`` (any array-like of integers)."""
    shown = [int(i) for i in np.asarray(indices).ravel()[:limit + 1]]
    text = ", ".join(str(i) for i in shown[:limit])
    return text + (", …" if len(shown) > limit else "")


class FeatureNames:
    """Names of the features of each role (``"source"``, ``"target"``, ``"weight"``) in messages.

    Parameters
    ----------
    labels : mapping of role to one label per feature, optional
        E.g. ``{"source": area codes, "target": area codes, "weight": row numbers}``; a role
        left out (or given as None) is named by 0-based index: ``"indices 3, 7"``,
        ``"weight indices 0"``. Weight labels read ``"population layer rows 4, 9"``.
    """

    def __init__(self, labels: Mapping[str, Sequence | None] | None = None) -> None:
        self.labels = {role: np.asarray(values, dtype=object) for role, values in (labels or {}).items()
                       if values is not None}

    def __call__(self, role: str, indices: ArrayLike) -> str:
        """Several features of ``role`` (the first :data:`MAX_LISTED`)."""
        labels = self.labels.get(role)
        if labels is None:
            return ("weight indices " if role == "weight" else "indices ") + listing(indices)
        indices = np.asarray(indices, dtype=np.int64).ravel()
        text = ", ".join(str(v) for v in labels[indices[:MAX_LISTED]])
        text += ", …" if indices.size > MAX_LISTED else ""
        return ("population layer rows " if role == "weight" else "") + text

    def one(self, role: str, index: int) -> str:
        """One feature of ``role``: its label, or its index."""
        labels = self.labels.get(role)
        return str(int(index)) if labels is None else str(labels[int(index)])
