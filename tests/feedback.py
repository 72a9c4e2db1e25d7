"""A Processing feedback that keeps what the log would show, to check what users are told."""
from __future__ import annotations

from qgis.core import QgsProcessingFeedback


class RecordingFeedback(QgsProcessingFeedback):
    """Keeps warnings and errors (``errors``) apart from information (``infos``)."""

    def __init__(self):
        super().__init__()
        self.errors: list[str] = []
        self.infos: list[str] = []

    def reportError(self, error, fatalError=False):  # noqa: N802, N803 (QGIS API)
        self.errors.append(error)

    def pushWarning(self, warning):  # noqa: N802 (QGIS API)
        self.errors.append(warning)

    def pushInfo(self, info):  # noqa: N802 (QGIS API)
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
