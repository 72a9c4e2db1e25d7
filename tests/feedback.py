"""Processing feedbacks for tests: one that keeps what the log would show, one that records the phases
an algorithm reports, one that cancels when a given phase starts and counts what it still did afterwards."""
from __future__ import annotations

from qgis.core import QgsProcessingFeedback


class RecordingFeedback(QgsProcessingFeedback):
    """Keeps warnings and errors (``errors``) apart from information (``infos``)."""

    def __init__(self):
        super().__init__()
        self.errors: list[str] = []
        self.infos: list[str] = []

    def reportError(self, error, fatalError=False):
        self.errors.append(error)

    def pushWarning(self, warning):
        self.errors.append(warning)

    def pushInfo(self, info):
        self.infos.append(info)

    def said(self, *words: str) -> list[str]:
        """The warnings and information lines containing every one of ``words``."""
        return [m for m in self.errors + self.infos if all(w in m for w in words)]


def error_of(run) -> str:
    """The message of the QgsProcessingException raised by ``run()``.

    Only the text is kept, so the layers of the run can be freed before QGIS exits."""
    from qgis.core import QgsProcessingException

    try:
        run()
    except QgsProcessingException as err:
        return str(err)
    raise AssertionError("the run succeeded; an error was expected")


class PhaseRecorder(QgsProcessingFeedback):
    """Keeps every progress text (the phase QGIS shows above the progress bar), in order."""

    def __init__(self) -> None:
        super().__init__()
        self.phases: list[str] = []

    def setProgressText(self, text: str) -> None:
        self.phases.append(text)
        super().setProgressText(text)


class CancelAtPhase(PhaseRecorder):
    """Cancels as the ``index``-th phase starts (as a user pressing Cancel then would), and counts the
    progress reports and phases that come after: a prompt stop has no later phase and at most one
    progress report (the one a loop may make before its check)."""

    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index
        self.progress_after_cancel = 0
        self.phases_after_cancel: list[str] = []

    def setProgressText(self, text: str) -> None:
        if self.isCanceled():
            self.phases_after_cancel.append(text)
        super().setProgressText(text)
        if len(self.phases) == self.index + 1:
            self.cancel()

    def setProgress(self, progress: float) -> None:
        if self.isCanceled():
            self.progress_after_cancel += 1
        super().setProgress(progress)
