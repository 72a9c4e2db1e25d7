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
from .groups import group_name
from .ogr_columns import ogr_layer_uri


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
        return group_name(self.GROUP_ID)

    def icon(self) -> QIcon:
        return QIcon(str(icon_path()))

    def parameterAsSource(self, parameters, name, context):  # noqa: N802 (QGIS API name)
        """The feature source, tagged with ``phso_ogr_uri`` when it is a whole file layer (no
        selection, filter or unsaved edits), so :func:`layers.read_source` can read it by columns."""
        source = super().parameterAsSource(parameters, name, context)
        if source is not None:
            whole = not isinstance(parameters.get(name), QgsProcessingFeatureSourceDefinition)
            source.phso_ogr_uri = ogr_layer_uri(self.parameterAsVectorLayer(parameters, name, context)) \
                if whole else None
        return source

    def required_source(self, parameters, name, context):
        """``parameterAsSource`` for a mandatory input: a clear error instead of None."""
        source = self.parameterAsSource(parameters, name, context)
        if source is None:
            raise InputError(self.invalidSourceError(parameters, name))
        return source

    def processAlgorithm(self, parameters, context, feedback) -> dict[str, Any]:  # noqa: N802
        """Run :meth:`execute`; bad input becomes a QgsProcessingException carrying the core's message.

        QGIS never releases a QgsProcessingException raised here, nor its traceback (the handler in
        its core.sip fetches the error without a decref), and frames kept alive with their layers
        crashed the process after QGIS exited. So the error is raised outside the ``except`` block
        (no cause or context: :meth:`execute`'s frames and the layers they opened are freed), after
        this frame has dropped the parameters, context and feedback.
        """
        try:
            return self.execute(parameters, context, feedback)
        except (InputError, QgsProcessingException) as err:
            error = QgsProcessingException(str(err))
        except Cancelled:
            feedback.reportError(self.tr("Cancelled by the user; no output was written."), False)
            return {}
        del parameters, context, feedback
        raise error

    def execute(self, parameters, context, feedback) -> dict[str, Any]:
        """The algorithm's work; raise InputError for bad input."""
        raise NotImplementedError
