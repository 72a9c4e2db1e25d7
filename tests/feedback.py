"""Processing feedbacks for tests: one that records the phases an algorithm reports, one that cancels
when a given phase starts and counts what the algorithm still did afterwards."""
from __future__ import annotations

from qgis.core import QgsProcessingFeedback


class PhaseRecorder(QgsProcessingFeedback):
    """Keeps every progress text (the phase QGIS shows above the progress bar), in order."""

    def __init__(self) -> None:
        super().__init__()
        self.phases: list[str] = []

    def setProgressText(self, text: str) -> None:  # noqa: N802 (QGIS API name)
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

    def setProgressText(self, text: str) -> None:  # noqa: N802 (QGIS API name)
        if self.isCanceled():
            self.phases_after_cancel.append(text)
        super().setProgressText(text)
        if len(self.phases) == self.index + 1:
            self.cancel()

    def setProgress(self, progress: float) -> None:  # noqa: N802 (QGIS API name)
        if self.isCanceled():
            self.progress_after_cancel += 1
        super().setProgress(progress)
