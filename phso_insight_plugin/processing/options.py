"""The choices of an enum parameter, declared once as (core value, label) pairs.

A Processing enum passes the *position* of the chosen label; :class:`Options` keeps each label
beside the value the core takes, so the position, the label and the value cannot drift apart
(reordering labels in one list while the values stay in another silently changed the method).
Positions are public: scripts, ``qgis_process`` and saved models pass them, so options are only
ever added at the end. The default is a core value, usually the core function's own default
(:func:`core_default`), so the dialog and the core agree.
"""
from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Option:
    """``value`` is what the core takes ("bh"); ``label`` the English text the dialog shows (through ``tr``)."""

    value: str
    label: str


class Options:
    """The options of one enum parameter, in dialog order, and the default among them."""

    def __init__(self, *pairs: tuple[str, str], default: str):
        self.options = tuple(Option(value, label) for value, label in pairs)
        if len(set(self.values())) != len(self.options):
            raise ValueError(f"duplicate option values in {self.values()}")
        self.default = default
        self.default_index = self.index(default)

    def values(self) -> list[str]:
        return [option.value for option in self.options]

    def labels(self) -> list[str]:
        return [option.label for option in self.options]

    def index(self, value: str) -> int:
        """The position of ``value`` (what a script or model passes for it)."""
        try:
            return self.values().index(value)
        except ValueError:
            raise ValueError(f"{value!r} is not one of {self.values()}") from None

    def value_at(self, index: int) -> str:
        """The core value at position ``index`` (Processing has checked the range before the run)."""
        return self.options[index].value


def core_default(function: Callable, argument: str) -> str:
    """The default of ``argument`` in the signature of the core ``function``: the single source of a default."""
    default = inspect.signature(function).parameters[argument].default
    if default is inspect.Parameter.empty:
        raise ValueError(f"{function.__qualname__}() has no default for {argument!r}")
    return default
