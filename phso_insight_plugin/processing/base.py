"""Base class shared by every PHSO Insight algorithm.

Subclasses set ``ALG_ID``, ``GROUP_ID``, ``DISPLAY_NAME`` and ``HELP`` (English; shown through
``tr``), implement ``initAlgorithm`` and ``execute`` (not ``run``: that name is
QgsProcessingAlgorithm's own entry point, which processing.run calls); the base turns core :class:`InputError` into
``QgsProcessingException`` so users see the core's message, with the parameter it concerns named.

Parameter values are checked before the run (:meth:`PhsoAlgorithm.checkParameterValues`, see
:mod:`.parameter_checks` and :mod:`.crs_checks`). An unexpected error (a bug) reaches the user as
one sentence asking to report it; its traceback goes to the QGIS message log.
"""
from __future__ import annotations

import traceback
from typing import Any

from qgis.core import (
    Qgis,
    QgsMessageLog,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
)
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from ..errors import Cancelled, InputError
from ..resources import icon_path
from .crs_checks import geometry_problem
from .groups import group_name
from .parameter_checks import name_parameters, parameter_problem
from .source_origin import origin_of

LOG_TAG = "PHSO Insight"


class PhsoAlgorithm(QgsProcessingAlgorithm):
    """Common identity, help, icon and error handling of the plugin's algorithms."""

    ALG_ID = ""
    GROUP_ID = "analyse"
    DISPLAY_NAME = ""
    HELP = ""
    #: Feature source parameters whose geometry the algorithm computes with (checked for geometry and CRS).
    GEOMETRY_INPUTS: tuple[str, ...] = ()

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
        """Run :meth:`execute`; bad input becomes a QgsProcessingException carrying the core's message.

        QGIS never releases a QgsProcessingException raised here, nor its traceback (the handler in
        its core.sip fetches the error without a decref), and frames kept alive with their layers
        crashed the process after QGIS exited. So the error is raised outside the ``except`` block
        (no cause or context: :meth:`execute`'s frames and the layers they opened are freed), after
        this frame has dropped the parameters, context and feedback.
        """
        try:
            return self.execute_reporting_errors(parameters, context, feedback)
        except (InputError, QgsProcessingException) as err:
            error = QgsProcessingException(str(err))
        except Cancelled:
            feedback.reportError(self.tr("Cancelled by the user; no output was written."), False)
            return {}
        del parameters, context, feedback
        raise error

    def checkParameterValues(self, parameters, context):  # noqa: N802 (QGIS API name)
        """The plugin's checks, then QGIS's own: a refusal is a sentence naming the parameter."""
        problem = self.parameter_problem(parameters, context)
        if problem:
            return False, problem
        return super().checkParameterValues(parameters, context)

    def geometry_inputs(self, parameters, context) -> tuple[str, ...]:
        """The feature source parameters whose geometry this run uses (default: ``GEOMETRY_INPUTS``)."""
        return self.GEOMETRY_INPUTS

    def parameter_problem(self, parameters, context) -> str | None:
        """The first problem with the parameter values (see :mod:`.parameter_checks`), None if none.

        A failure of the checks themselves is logged and does not stop the run."""
        try:
            return parameter_problem(self, parameters, context) or geometry_problem(
                self, parameters, context, self.geometry_inputs(parameters, context))
        except Exception:  # noqa: BLE001 (the run itself reports what goes wrong)
            QgsMessageLog.logMessage(traceback.format_exc(), LOG_TAG, Qgis.MessageLevel.Warning)
            return None

    def execute_reporting_errors(self, parameters, context, feedback) -> dict[str, Any]:
        """``execute``, its errors made readable: an InputError names the parameter it concerns; an
        unexpected error becomes a sentence asking to report it, with the traceback in the message log."""
        try:
            return self.execute(parameters, context, feedback)
        except InputError as err:
            raise InputError(name_parameters(str(err), self, parameters, context)) from err
        except (Cancelled, QgsProcessingException):
            raise
        except Exception as err:
            QgsMessageLog.logMessage(traceback.format_exc(), LOG_TAG, Qgis.MessageLevel.Critical)
            raise QgsProcessingException(self.tr(
                "{0} stopped because of an unexpected error in PHSO Insight. Please report this, with the details "
                "from the QGIS message log (View ▸ Panels ▸ Log Messages, tab \"{1}\").").format(
                self.displayName(), LOG_TAG)) from err

    def execute(self, parameters, context, feedback) -> dict[str, Any]:
        """The algorithm's work; raise InputError for bad input."""
        raise NotImplementedError
