"""Base class shared by every PHSO Insight algorithm.

Subclasses set ``ALG_ID``, ``GROUP_ID`` and ``DISPLAY_NAME`` (string literals in the class body: the
stand-ins of :mod:`.unavailable_algorithm` read them from the source; English, shown through ``tr``),
declare their parameters in ``initAlgorithm`` with the factories of :class:`.parameters.DeclaresParameters`
and implement ``execute`` (not ``run``: that name is
QgsProcessingAlgorithm's own entry point, which processing.run calls); the base turns core :class:`InputError` into
``QgsProcessingException`` so users see the core's message, with the parameter it concerns named.
The help comes from ``resources/help/<ALG_ID>.yaml`` (:mod:`.help`).

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
from .groups import group_name
from .help import help_html
from .io.clashes import check_destinations
from .io.crs_checks import geometry_problem
from .io.destinations import FileTarget, sink_target
from .io.layers import SourceTable, read_source, write_frame
from .io.outputs import OutputStaging, rekey_layer_to_load
from .io.parameter_checks import name_parameters, parameter_problem
from .io.run_records import RunRecord, input_layer, store_runs
from .io.source_origin import SourceOrigin, origin_of
from .io.table_writer import append_frame
from .parameters import DeclaresParameters

LOG_TAG = "PHSO Insight"


class PhsoAlgorithm(DeclaresParameters, QgsProcessingAlgorithm):
    """Common identity, help, icon and error handling of the plugin's algorithms."""

    ALG_ID = ""
    GROUP_ID = "analyse"
    DISPLAY_NAME = ""
    #: Feature source parameters whose geometry the algorithm computes with (checked for geometry and CRS).
    GEOMETRY_INPUTS: tuple[str, ...] = ()

    #: The outputs of the run in progress (see :meth:`_run_staged`); None outside a run.
    _staging: OutputStaging | None = None
    #: Run metadata to store with output layers once they are in place (:meth:`record_run`).
    _run_records: dict[str, RunRecord] | None = None

    def tr(self, text: str) -> str:
        return QCoreApplication.translate(type(self).__name__, text)

    def createInstance(self):
        return type(self)()

    def name(self) -> str:
        return self.ALG_ID

    def displayName(self) -> str:
        return self.tr(self.DISPLAY_NAME)

    def shortHelpString(self) -> str:
        return help_html(self)

    def groupId(self) -> str:
        return self.GROUP_ID

    def group(self) -> str:
        return group_name(self.GROUP_ID)

    def icon(self) -> QIcon:
        return QIcon(str(icon_path()))

    def input_origin(self, parameters, name, context) -> SourceOrigin | None:
        """Where the feature source parameter ``name`` reads from (:mod:`.io.source_origin`): the parameter,
        provider and file, and whether it is the whole file (no selection, filter or unsaved edits)."""
        selected_only = isinstance(parameters.get(name), QgsProcessingFeatureSourceDefinition)
        return origin_of(input_layer(self, parameters, name, context), name, selected_only)

    def read_input(self, parameters, name, context, feedback=None, source=None, **options) -> SourceTable:
        """:func:`.io.layers.read_source` of the feature source parameter ``name`` (``source``, when the caller
        has it already), told where it comes from: a whole file is read by columns, and what the file's reader
        got wrong is checked."""
        if source is None:
            source = self.parameterAsSource(parameters, name, context)
        return read_source(source, feedback, context=context, origin=self.input_origin(parameters, name, context),
                           **options)

    def required_source(self, parameters, name, context):
        """``parameterAsSource`` for a mandatory input: a clear error instead of None."""
        source = self.parameterAsSource(parameters, name, context)
        if source is None:
            raise InputError(self.invalidSourceError(parameters, name))
        return source

    def processAlgorithm(self, parameters, context, feedback) -> dict[str, Any]:
        """Run :meth:`execute`; bad input becomes a QgsProcessingException carrying the core's message.

        QGIS never releases a QgsProcessingException raised here, nor its traceback (the handler in
        its core.sip fetches the error without a decref), and frames kept alive with their layers
        crashed the process after QGIS exited. So the error is raised outside the ``except`` block
        (no cause or context: :meth:`execute`'s frames and the layers they opened are freed), after
        this frame has dropped the parameters, context and feedback.
        """
        try:
            return self._run_staged(parameters, context, feedback)
        except (InputError, QgsProcessingException) as err:
            error = QgsProcessingException(str(err))
        del parameters, context, feedback
        raise error

    def checkParameterValues(self, parameters, context):
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
            parameters = self.with_inferred(parameters, context)
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

    def _run_staged(self, parameters, context, feedback) -> dict[str, Any]:
        """``execute`` after the clash checks, its file outputs staged and moved into place only when it
        succeeded (:mod:`.outputs`); a cancel raises, naming no staging path in any message."""
        check_destinations(self, parameters, context)
        self._staging = staging = OutputStaging(feedback)
        self._run_records = records = {}
        try:
            results = self.execute_reporting_errors(parameters, context, feedback)
            if feedback is not None and feedback.isCanceled():
                raise Cancelled()
            results = staging.commit(results)
            self._store_run_records(records, results, context, feedback)
            return results
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
            self._staging = self._run_records = None

    def record_run(self, output: str, record: RunRecord) -> None:
        """Store ``record`` (the run's metadata) with the layer written to ``output``, once the run succeeded."""
        self._run_records[output] = record

    def _store_run_records(self, records: dict[str, RunRecord], results: dict, context, feedback) -> None:
        """:func:`.io.run_records.store_runs`; the outputs are saved already, so a failure is a warning."""
        try:
            store_runs(records, results, context)
        except InputError as err:
            if feedback is not None:
                feedback.reportError(str(err), False)

    def parameterAsSink(self, parameters, name, context, *args, **kwargs):
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

    def write_frame(self, sink, frame, fields, feedback=None, progress: tuple[float, float] = (60.0, 40.0)) -> None:
        """:func:`.io.layers.write_frame`, by GDAL's Arrow writer when the sink is a staged GeoPackage table
        (:mod:`.io.table_writer`)."""
        staged = self._staging.output_of(sink) if self._staging is not None else None
        if not append_frame(staged, frame, fields, feedback, progress):
            write_frame(sink, frame, fields, feedback, progress)

    def parameterAsFileOutput(self, parameters, name, context) -> str:
        """The path to write the file output to: in its staging folder during a run."""
        path = super().parameterAsFileOutput(parameters, name, context)
        if not path or self._staging is None:
            return path
        return self._staging.file_path(name, FileTarget(path))

    def parameterAsFolderOutput(self, parameters, name, context) -> str:
        """The folder to write the folder output ``name`` into: during a run a staged folder, whose files are
        moved into the destination folder once the run succeeded (:meth:`.io.outputs.OutputStaging.folder_path`)."""
        path = super().parameterAsFileOutput(parameters, name, context)
        if not path or self._staging is None:
            return path
        return self._staging.folder_path(name, FileTarget(path))

    def execute(self, parameters, context, feedback) -> dict[str, Any]:
        """The algorithm's work; raise InputError for bad input."""
        raise NotImplementedError
