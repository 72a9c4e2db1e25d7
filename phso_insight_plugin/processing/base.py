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
from .clashes import check_destinations
from .destinations import FileTarget, sink_target
from .ogr_columns import ogr_layer_uri
from .outputs import OutputStaging, rekey_layer_to_load

GROUP_NAMES = {"prepare": "Prepare", "analyse": "Analyse", "map": "Map and report"}


class PhsoAlgorithm(QgsProcessingAlgorithm):
    """Common identity, help, icon and error handling of the plugin's algorithms."""

    ALG_ID = ""
    GROUP_ID = "analyse"
    DISPLAY_NAME = ""
    HELP = ""
    #: The outputs of the run in progress (see :meth:`_run_staged`); None outside a run.
    _staging: OutputStaging | None = None

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
        try:
            return self._run_staged(parameters, context, feedback)
        except InputError as err:
            raise QgsProcessingException(str(err)) from err

    def _run_staged(self, parameters, context, feedback) -> dict[str, Any]:
        """``execute`` after the clash checks, its file outputs staged and moved into place only when it
        succeeded (:mod:`.outputs`); a cancel raises, naming no staging path in any message."""
        check_destinations(self, parameters, context)
        self._staging = staging = OutputStaging(feedback)
        try:
            results = self.execute(parameters, context, feedback)
            if feedback is not None and feedback.isCanceled():
                raise Cancelled()
            return staging.commit(results)
        except Cancelled as err:
            raise QgsProcessingException(self.tr("Cancelled by the user; no output was written.")) from err
        except (InputError, QgsProcessingException) as err:
            if staging.outputs:
                err.args = (staging.public(str(err)),)
                if feedback is not None:
                    feedback.pushInfo(self.tr("No output was written."))
            raise
        finally:
            staging.discard()
            self._staging = None

    def parameterAsSink(self, parameters, name, context, *args, **kwargs):  # noqa: N802 (QGIS API name)
        """The sink, writing a file destination into its staging folder; returns the final destination id."""
        destination = self.parameterAsOutputLayer(parameters, name, context)
        if self._staging is None:
            return super().parameterAsSink(parameters, name, context, *args, **kwargs)
        if destination:
            self._staging.announce(self.parameterDefinition(name).description())
        target = sink_target(destination)
        value = parameters.get(name)
        if target is None or getattr(value, "useRemapping", lambda: False)():
            return super().parameterAsSink(parameters, name, context, *args, **kwargs)
        staged, staged_value = self._staging.sink_value(name, value, destination, target)
        sink, staged_id = super().parameterAsSink({**parameters, name: staged_value}, name, context, *args, **kwargs)
        if sink is not None:
            staged.sinks.append(sink)
        final_id = staged.public(staged_id)
        rekey_layer_to_load(context, staged_id, final_id)
        return sink, final_id

    def parameterAsFileOutput(self, parameters, name, context) -> str:  # noqa: N802 (QGIS API name)
        """The path to write the file output to: in its staging folder during a run."""
        path = super().parameterAsFileOutput(parameters, name, context)
        if not path or self._staging is None:
            return path
        return self._staging.file_path(name, FileTarget(path))

    def execute(self, parameters, context, feedback) -> dict[str, Any]:
        """The algorithm's work; raise InputError for bad input."""
        raise NotImplementedError
