"""An installed copy of the plugin in a throw-away QGIS profile, driven through qgis_process.bin."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
QGIS_PROCESS = "/usr/bin/qgis_process.bin"


@pytest.fixture(scope="session")
def cli_profile(tmp_path_factory) -> Path:
    """QGIS_CUSTOM_CONFIG_PATH with the plugin installed by ``scripts/install_plugin.py`` (as ``make install``)."""
    config = tmp_path_factory.mktemp("qgis-config")
    subprocess.run([sys.executable, str(ROOT / "scripts" / "install_plugin.py"),
                    "--profile", str(config / "profiles" / "default")], check=True, capture_output=True)
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
