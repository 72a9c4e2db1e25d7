"""Session fixtures: headless QGIS (pytest-qgis) with the plugin loaded once, DataPlotly-style,
and an installed copy of the plugin in a throw-away profile for qgis_process.bin tests."""
from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
QGIS_PROCESS = "/usr/bin/qgis_process.bin"

#: QGIS switches a GeoPackage it opens for update to WAL journal mode unless this GDAL option is set, and back
#: when its last connection closes; a layer still open at exit (or a subprocess that is killed) leaves the file in
#: WAL mode, rewriting the shipped sample and test GeoPackages (QGIS's own tests turn WAL off for the same reason,
#: qgis/QGIS#25830). Set before QGIS starts, and inherited by the demo and qgis_process subprocesses.
os.environ["OGR_SQLITE_JOURNAL"] = "DELETE"


@pytest.fixture(scope="session", autouse=True)
def no_qgis_object_outlives_qgis(qgis_app):
    """Drop the last failure's traceback and collect garbage before pytest-qgis calls ``exitQgis()``.

    pytest keeps the last failing test's traceback (``sys.last_traceback``, for post-mortem debugging)
    and with it the test's layers; destroyed at interpreter exit, after QGIS had exited, an OGR layer
    crashed the process (a segfault after the summary instead of the failure's exit status).
    """
    yield
    for name in ("last_exc", "last_type", "last_value", "last_traceback"):
        if hasattr(sys, name):
            delattr(sys, name)
    gc.collect()


@pytest.fixture(scope="session")
def plugin(qgis_app, qgis_iface, qgis_processing):
    """The plugin instance as QGIS creates it, with its Processing provider registered."""
    import phso_insight_plugin

    instance = phso_insight_plugin.classFactory(qgis_iface)
    instance.initProcessing()
    yield instance
    instance.unload()


@pytest.fixture()
def run_alg(plugin):
    """``run_alg("representation", {...})`` → processing.run result with an in-memory context."""
    from qgis import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject

    def run(alg_id: str, parameters: dict, feedback=None):
        context = QgsProcessingContext()
        context.setProject(QgsProject.instance())
        return processing.run(f"phso_insight:{alg_id}", parameters, context=context,
                              feedback=feedback or QgsProcessingFeedback())

    return run

@pytest.fixture(scope="session")
def cli_profile(tmp_path_factory) -> Path:
    """QGIS_CUSTOM_CONFIG_PATH with the plugin installed by ``python -m scripts.install_plugin``
    (as ``make install``)."""
    config = tmp_path_factory.mktemp("qgis-config")
    subprocess.run([sys.executable, "-m", "scripts.install_plugin", "--profile", str(config / "profiles" / "default")],
                   check=True, capture_output=True, cwd=ROOT)
    return config


@pytest.fixture(scope="session")
def qgis_process(cli_profile):
    """``qgis_process("run", alg, **params)`` → parsed JSON output (raises with stderr on failure)."""

    def call(command: str, *args: str, **params) -> dict:
        env = {**os.environ, "QGIS_CUSTOM_CONFIG_PATH": str(cli_profile), "QT_QPA_PLATFORM": "offscreen"}
        cmd = [QGIS_PROCESS, "--json", command, *args]
        if params:
            cmd.append("--")
            for key, value in params.items():
                for item in value if isinstance(value, list) else [value]:
                    cmd.append(f"{key}={item}")
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
        start = done.stdout.find("{")
        if done.returncode != 0 or start < 0:
            raise AssertionError(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        return json.loads(done.stdout[start:])

    return call
