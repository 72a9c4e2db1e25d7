"""The algorithms the provider loads, in toolbox order (one line per algorithm).

Modules are imported here, not at plugin load, so the core stays importable; an algorithm whose
module cannot be imported for want of an optional package (see :mod:`..dependencies`) is
replaced by an :class:`UnavailableAlgorithm` that says what to install.
"""
from __future__ import annotations

import importlib
from pathlib import Path

from qgis.core import QgsProcessingAlgorithm

from ..dependencies import packages_behind
from .unavailable_algorithm import UnavailableAlgorithm, declared_identity

ALGORITHMS_DIR = Path(__file__).with_name("algorithms")

#: (module in :mod:`.algorithms`, algorithm class)
ALGORITHMS = [
    ("assign_cases", "AssignCasesAlgorithm"),
    ("join_case_counts", "JoinCaseCountsAlgorithm"),
    ("prepare_population", "PreparePopulationAlgorithm"),
    ("prepare_deprivation", "PrepareDeprivationAlgorithm"),
    ("representation", "RepresentationAlgorithm"),
    ("group_representation", "GroupRepresentationAlgorithm"),
    ("representation_change", "RepresentationChangeAlgorithm"),
    ("apportion", "ApportionAlgorithm"),
    ("tier_style", "TierStyleAlgorithm"),
    ("export_map", "ExportMapAlgorithm"),
    ("export_styled", "ExportStyledAlgorithm"),
    ("insight_report", "InsightReportAlgorithm"),
    ("area_briefings", "AreaBriefingsAlgorithm"),
]


def load_algorithm(module_name: str, class_name: str) -> QgsProcessingAlgorithm:
    """An instance of ``class_name``, or its UnavailableAlgorithm when an optional package is missing."""
    try:
        module = importlib.import_module(f".algorithms.{module_name}", __package__)
    except ImportError as error:
        packages = packages_behind(error)
        if not packages:
            raise
        return UnavailableAlgorithm(declared_identity(ALGORITHMS_DIR / f"{module_name}.py", class_name),
                                    packages)
    return getattr(module, class_name)()


def algorithms() -> list[QgsProcessingAlgorithm]:
    """One instance of every algorithm, in toolbox order."""
    return [load_algorithm(module_name, class_name) for module_name, class_name in ALGORITHMS]
