"""Exceptions raised by the QGIS-free core (stats, geo, cases).

The Processing layer converts :class:`InputError` into ``QgsProcessingException``
so that users see the message unchanged. Messages say what was wrong, where
(field / area code / row numbers) and how many rows were affected.
"""


class InputError(ValueError):
    """Input data cannot be analysed as given; the message tells the user why.

    ``about`` may name the input concerned in the core's own terms (e.g. ``"target"`` for the
    apportionment's target zones), so a caller can name its parameter for that input.
    """

    def __init__(self, message: str = "", about: str | None = None):
        super().__init__(message)
        self.about = about


class Cancelled(Exception):
    """The user cancelled a long-running core operation (raised between chunks of work)."""
