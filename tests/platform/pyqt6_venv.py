"""Run the PyQt6 helper scripts with the separate PyQt6 venv's Python (never the QGIS one).

Called from inside the tests (not a fixture), so that a missing venv makes the check FAIL, with the fix.
"""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def pyqt6_python() -> str:
    """``$PHSO_PYQT6_PYTHON``: the python of the PyQt6 venv that ``make test`` creates and points this at."""
    python = os.environ.get("PHSO_PYQT6_PYTHON", "")
    if not python:
        pytest.fail("PHSO_PYQT6_PYTHON is not set, so the Qt6 checks have no PyQt6 to check against: run the "
                    "suite with `make test` (or `make test-qt6`), which creates the PyQt6 virtual environment "
                    "(requirements-qt6.txt) and sets this variable.", pytrace=False)
    if not os.access(python, os.X_OK):
        pytest.fail(f"PHSO_PYQT6_PYTHON={python} is not an executable Python: run `make test`, which creates "
                    "the PyQt6 virtual environment (requirements-qt6.txt) there.", pytrace=False)
    return python


def run_in_pyqt6(script: str, stdin_json=None, args: list[str] = ()) -> dict:
    """The JSON answer of ``tests/platform/<script>`` run by the PyQt6 venv's Python.

    Isolated (``-I``: no PYTHONPATH, no user site): the script sees PyQt6 and nothing of QGIS.
    """
    python = pyqt6_python()
    done = subprocess.run([python, "-I", str(HERE / script), *args], capture_output=True, text=True,
                          input=None if stdin_json is None else json.dumps(stdin_json), timeout=300,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, f"{script} failed under {python}:\n{done.stderr}"
    return json.loads(done.stdout)
