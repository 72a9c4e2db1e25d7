"""Stand-in for an algorithm whose Python packages are missing, so the plugin still loads.

Listed under the algorithm's own id, name and group, it cannot run: the toolbox, ``processing.run``,
models and ``qgis_process`` get one sentence naming the missing package and how to install it.
Its identity is read from the algorithm's source file (the module itself cannot be imported).
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from qgis.core import QgsProcessingAlgorithm, QgsProcessingException
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from ..dependencies import install_advice
from ..resources import icon_path
from .groups import group_name


@dataclass(frozen=True)
class AlgorithmIdentity:
    """What the toolbox shows of an algorithm: ``ALG_ID``, ``DISPLAY_NAME`` and ``GROUP_ID`` of its class."""

    class_name: str
    alg_id: str
    display_name: str
    group_id: str


def declared_identity(module_file: Path, class_name: str) -> AlgorithmIdentity:
    """The ``ALG_ID``, ``DISPLAY_NAME`` and ``GROUP_ID`` string constants of ``class_name`` in ``module_file``."""
    tree = ast.parse(module_file.read_text(encoding="utf-8"))
    body = next(node.body for node in tree.body if isinstance(node, ast.ClassDef) and node.name == class_name)
    constants = {target.id: statement.value.value for statement in body if isinstance(statement, ast.Assign)
                 for target in statement.targets if isinstance(target, ast.Name)
                 and isinstance(statement.value, ast.Constant)}
    return AlgorithmIdentity(class_name, constants["ALG_ID"], constants["DISPLAY_NAME"], constants["GROUP_ID"])


class UnavailableAlgorithm(QgsProcessingAlgorithm):
    """An algorithm that cannot run here because ``packages`` are missing or too old."""

    def __init__(self, identity: AlgorithmIdentity, packages: list[str]):
        super().__init__()
        self.identity = identity
        self.packages = packages

    def advice(self) -> str:
        return install_advice(self.displayName(), self.packages)

    def createInstance(self):
        return UnavailableAlgorithm(self.identity, self.packages)

    def name(self) -> str:
        return self.identity.alg_id

    def displayName(self) -> str:
        return QCoreApplication.translate(self.identity.class_name, self.identity.display_name)  # as PhsoAlgorithm.tr

    def groupId(self) -> str:
        return self.identity.group_id

    def group(self) -> str:
        return group_name(self.identity.group_id)

    def icon(self) -> QIcon:
        return QIcon(str(icon_path()))

    def shortHelpString(self) -> str:
        return self.advice()

    def canExecute(self) -> tuple[bool, str]:
        return False, self.advice()

    def initAlgorithm(self, config=None):
        """No parameters: nothing can be run."""

    def processAlgorithm(self, parameters, context, feedback):
        raise QgsProcessingException(self.advice())
