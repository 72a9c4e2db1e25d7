"""Seeded random streams: every component draws from its own generator, so changing one leaves the others alone."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def named_streams(seed: int, names: Sequence[str]) -> dict[str, np.random.Generator]:
    """One independent generator per name, spawned from ``seed`` in the order of ``names``.

    Appending a name leaves the streams of the earlier names unchanged; reordering changes them.
    """
    children = np.random.SeedSequence(seed).spawn(len(names))
    return {name: np.random.default_rng(child) for name, child in zip(names, children)}


def keyed_stream(seed: int, key: int) -> np.random.Generator:
    """The generator for component ``key`` of data set ``seed`` (``default_rng([seed, key])``)."""
    return np.random.default_rng([seed, key])
