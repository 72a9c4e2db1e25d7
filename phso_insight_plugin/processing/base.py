"""Base class shared by every PHSO Insight algorithm.

Subclasses set ``ALG_ID``, ``GROUP_ID``, ``DISPLAY_NAME`` and ``HELP`` (English; shown through
``tr``), implement ``initAlgorithm`` and ``execute`` (not ``run``: that name is
QgsProcessingAlgorithm's own entry point, which processing.run calls); the base turns core :class:`InputError` into
``QgsProcessingException`` so users see the core's message unchanged.
"""
from __future__ import annotations

from typing import Any

from qgis.core import QgsProcessingAlgorithm, QgsProcessingException, QgsProcessingFeatureSourceDefinition
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from ..errors import Cancelled, InputError
from ..resources import icon_path
from .source_origin import origin_of

GROUP_NAMES = {"prepare": "Prepare", "analyse": "Analyse", "map": "Map and report"}


class PhsoAlgorithm(QgsProcessingAlgorithm):
    """Common identity, help, icon and error handling of the plugin's algorithms."""

    ALG_ID = ""
    GROUP_ID = "analyse"
    DISPLAY_NAME = ""
    HELP = ""

    def tr(self, text: str) -> str:
        return QCoreApplication.translate(type(self).__name__, text)

    def createInstance(self):  # noqa: N802 (QGIS API name)
        return type(self)()

    def name(self) -> str:
        return self.ALG_ID

    def displayName(self) -> str:  # noqa: N802 (QGIS API name)
        return self.tr(self.DISPLAY_NAME)

    def shortHelpString(self) -> str:  # noqa: N802 (QGIS API name)
        return self.tr(self.HELP)

    def groupId(self) -> str:  # noqa: N802 (QGIS API name)
        return self.GROUP_ID

    def group(self) -> str:
        return QCoreApplication.translate("PhsoAlgorithm", GROUP_NAMES[self.GROUP_ID])

    def icon(self) -> QIcon:
        return QIcon(str(icon_path()))

    def parameterAsSource(self, parameters, name, context):  # noqa: N802 (QGIS API name)
        """The feature source, tagged with its ``phso_origin`` (:mod:`.source_origin`): the parameter,
        provider and file, so :func:`layers.read_source` reads a whole file layer (no selection,
        filter or unsaved edits) by columns and checks what the file's reader got wrong."""
        source = super().parameterAsSource(parameters, name, context)
        if source is not None:
            selected_only = isinstance(parameters.get(name), QgsProcessingFeatureSourceDefinition)
            source.phso_origin = origin_of(self.parameterAsVectorLayer(parameters, name, context), name,
                                           selected_only)
        return source

    def required_source(self, parameters, name, context):
        """``parameterAsSource`` for a mandatory input: a clear error instead of None."""
        source = self.parameterAsSource(parameters, name, context)
        if source is None:
            raise InputError(self.invalidSourceError(parameters, name))
        return source

    def processAlgorithm(self, parameters, context, feedback) -> dict[str, Any]:  # noqa: N802
        try:
            return self.execute(parameters, context, feedback)
        except InputError as err:
            raise QgsProcessingException(str(err)) from err
        except Cancelled:
            feedback.reportError(self.tr("Cancelled by the user; no output was written."), False)
            return {}

    def execute(self, parameters, context, feedback) -> dict[str, Any]:
        """The algorithm's work; raise InputError for bad input."""
        raise NotImplementedError
