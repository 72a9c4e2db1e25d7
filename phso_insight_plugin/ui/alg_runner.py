"""Running a Processing algorithm from the dock: in the background with progress and cancel, or blocking.

Both paths end in the same :attr:`AlgorithmRun.finished` signal, so the dock has one completion
handler; tests use the blocking path.
"""
from __future__ import annotations

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsMapLayer,
    QgsProcessingAlgorithm,
    QgsProcessingAlgRunnerTask,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingUtils,
    QgsProject,
)
from qgis.PyQt.QtCore import QObject, pyqtSignal


class _RecordingFeedback(QgsProcessingFeedback):
    """Feedback that keeps the errors the algorithm reports, for the dock to show."""

    def __init__(self):
        super().__init__()
        self.errors: list[str] = []

    def reportError(self, error: str, fatalError: bool = False) -> None:
        self.errors.append(error)
        super().reportError(error, fatalError)


class AlgorithmRun(QObject):
    """One run of ``alg_id`` with ``parameters`` against ``project``.

    Signals: ``progressChanged(float)`` (0–100) and ``finished(bool, dict)`` (success, results).
    After a failure :attr:`error` holds the message.
    """

    progressChanged = pyqtSignal(float)
    finished = pyqtSignal(bool, dict)

    def __init__(self, alg_id: str, parameters: dict, project: QgsProject | None = None, parent=None):
        super().__init__(parent)
        self.alg_id = alg_id
        self.parameters = parameters
        self.context = QgsProcessingContext()
        self.context.setProject(project or QgsProject.instance())
        self.feedback = _RecordingFeedback()
        self.feedback.progressChanged.connect(self.progressChanged)
        self.error = ""
        self._task: QgsProcessingAlgRunnerTask | None = None

    def _algorithm(self) -> QgsProcessingAlgorithm:
        algorithm = QgsApplication.processingRegistry().createAlgorithmById(self.alg_id)
        if algorithm is None:
            raise QgsProcessingException(self.tr("Algorithm {0} is not available.").format(self.alg_id))
        return algorithm

    def start(self) -> None:
        """Run in a QGIS background task (in the calling thread if the algorithm forbids threading)."""
        algorithm = self._algorithm()
        if algorithm.flags() & Qgis.ProcessingAlgorithmFlag.NoThreading:
            self.run_blocking()
            return
        self._task = QgsProcessingAlgRunnerTask(algorithm, self.parameters, self.context, self.feedback)
        self._task.executed.connect(self._on_executed)
        QgsApplication.taskManager().addTask(self._task)

    def launch(self, blocking: bool) -> None:
        """:meth:`run_blocking` when ``blocking`` (tests, scripts), else :meth:`start`."""
        if blocking:
            self.run_blocking()
        else:
            self.start()

    def run_blocking(self) -> None:
        """Run in the calling thread (processing.run) and emit :attr:`finished` before returning."""
        from qgis import processing

        try:
            results = processing.run(self.alg_id, self.parameters, context=self.context, feedback=self.feedback)
        except QgsProcessingException as err:
            self.error = str(err)
            self.finished.emit(False, {})
            return
        self.finished.emit(True, dict(results))

    def cancel(self) -> None:
        """Ask the algorithm to stop (it checks feedback between steps)."""
        self.feedback.cancel()

    def _on_executed(self, successful: bool, results: dict) -> None:
        self._task = None
        if not successful:
            self.error = "\n".join(self.feedback.errors) or self.tr("The algorithm failed or was cancelled.")
        self.finished.emit(bool(successful), dict(results or {}))

    def take_layer(self, results: dict, key: str = "OUTPUT") -> QgsMapLayer | None:
        """The layer of output ``key``, taken from the run's temporary store (the caller adds it to a project)."""
        value = results.get(key)
        if isinstance(value, QgsMapLayer):
            layer = value
        else:
            layer = QgsProcessingUtils.mapLayerFromString(str(value), self.context) if value else None
        if layer is not None and self.context.temporaryLayerStore().mapLayer(layer.id()) is not None:
            return self.context.takeResultLayer(layer.id())
        return layer
