"""The toolbox groups of the plugin's algorithms: group id → English name (shown through ``tr``)."""
from __future__ import annotations

from qgis.PyQt.QtCore import QCoreApplication

GROUP_NAMES = {"prepare": "Prepare", "analyse": "Analyse", "map": "Map and report"}


def group_name(group_id: str) -> str:
    """The translated name of the toolbox group ``group_id``."""
    return QCoreApplication.translate("PhsoAlgorithm", GROUP_NAMES[group_id])
