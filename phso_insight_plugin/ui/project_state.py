"""Storing the dock's :class:`DockState` in the project (entries ``phso_insight/<field>``)."""
from __future__ import annotations

from qgis.core import QgsProject

from .dock_state import DockState, state_keys

SCOPE = "phso_insight"


def save_state(project: QgsProject, state: DockState) -> None:
    """Write every field that differs from what the project holds (unchanged state leaves it clean)."""
    for key, text in state.to_entries().items():
        stored, found = project.readEntry(SCOPE, key, "")
        if not found or stored != text:
            project.writeEntry(SCOPE, key, text)


def load_state(project: QgsProject) -> DockState | None:
    """The state stored in ``project``; None when it holds none."""
    entries = {}
    for key in state_keys():
        text, found = project.readEntry(SCOPE, key, "")
        if found:
            entries[key] = text
    return DockState.from_entries(entries) if entries else None
