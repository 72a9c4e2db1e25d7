"""A throw-away QGIS desktop under Xvfb: own display, own profile with the plugin installed, own processes.

Everything started here is stopped by :meth:`Desktop.stop` (Xvfb and QGIS, by the process ids
this module got when it started them), and every wait has a timeout.
"""
from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STARTUP_SCRIPT = Path(__file__).with_name("desktop_startup.py")
SCREEN = (1600, 1000)


@contextmanager
def running_desktop(workdir: Path, what: str, marker_timeout_s: float = 90.0,
                    **start: object) -> Iterator[tuple[Desktop, dict, Path]]:
    """A desktop started in ``workdir`` (Xvfb, the plugin installed, QGIS started with ``start`` as
    :meth:`Desktop.start_qgis` takes it) once its startup script has written the marker: (desktop, marker,
    screenshot). Stopped on exit however the block ends; its timings printed under ``what``."""
    session = Desktop(workdir)
    started = time.monotonic()
    try:
        session.start_xvfb()
        session.install_plugin()
        session.start_qgis(**start)
        marker = session.wait_for_marker(timeout_s=marker_timeout_s)
        yield session, marker, session.screenshot(workdir / "desktop.png")
    finally:
        session.stop()
        session.timings["total_s"] = time.monotonic() - started
        print(f"{what} timings:", {k: round(v, 1) for k, v in session.timings.items()})


class DesktopError(RuntimeError):
    """The desktop could not be started or did not answer in time."""


def _stop(process: subprocess.Popen | None, grace_s: float = 10.0) -> None:
    """SIGTERM the session ``process`` leads, SIGKILL it after ``grace_s``."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(grace_s)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(grace_s)
    except ProcessLookupError:
        pass


def _read_line(fd: int, timeout_s: float) -> str:
    r"""Read from ``fd`` up to a newline (Xvfb writes the number, then "\n": closing early would kill it)."""
    deadline = time.monotonic() + timeout_s
    data = b""
    while b"\n" not in data:
        remaining = deadline - time.monotonic()
        ready, _, _ = select.select([fd], [], [], max(remaining, 0))
        chunk = os.read(fd, 64) if ready else b""
        if not chunk:
            break
        data += chunk
    return data.decode().strip()


class Desktop:
    """``start()`` → Xvfb on a free display, profile, QGIS with :data:`STARTUP_SCRIPT`; ``stop()`` ends both."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.config = workdir / "config"
        self.profile = self.config / "profiles" / "default"
        self.marker = workdir / "marker.json"
        self.display = ""
        self.xvfb: subprocess.Popen | None = None
        self.qgis: subprocess.Popen | None = None
        self.timings: dict[str, float] = {}

    def env(self) -> dict[str, str]:
        """Environment of the desktop: its display, its profile and private XDG folders."""
        env = dict(os.environ, DISPLAY=self.display, QT_QPA_PLATFORM="xcb", QGIS_CUSTOM_CONFIG_PATH=str(self.config),
                   PHSO_SMOKE_MARKER=str(self.marker))
        for name in ("XDG_RUNTIME_DIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
            folder = self.workdir / name.lower()
            folder.mkdir(mode=0o700, exist_ok=True)
            env[name] = str(folder)
        return env

    def start_xvfb(self, timeout_s: float = 15.0) -> None:
        """Start Xvfb, letting it choose a free display (``-displayfd``)."""
        read_end, write_end = os.pipe()
        started = time.monotonic()
        with open(self.workdir / "xvfb.log", "wb") as log:
            self.xvfb = subprocess.Popen(
                ["Xvfb", "-displayfd", str(write_end), "-screen", "0", f"{SCREEN[0]}x{SCREEN[1]}x24",
                 "-nolisten", "tcp"],
                pass_fds=(write_end,), stdout=log, stderr=log, start_new_session=True)
        os.close(write_end)
        try:
            number = _read_line(read_end, timeout_s)
        finally:
            os.close(read_end)
        if not number.isdigit():
            raise DesktopError(f"Xvfb did not report a display within {timeout_s} s")
        self.display = f":{number}"
        self.timings["xvfb_s"] = time.monotonic() - started

    def install_plugin(self, timeout_s: float = 120.0) -> None:
        started = time.monotonic()
        subprocess.run([sys.executable, "-m", "scripts.install_plugin", "--profile", str(self.profile)],
                       check=True, timeout=timeout_s, capture_output=True, cwd=ROOT,
                       env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
        self.timings["install_s"] = time.monotonic() - started

    def start_qgis(self, layer_source: str = "", analysis: dict | None = None, script: Path = STARTUP_SCRIPT,
                   environment: dict[str, str] | None = None) -> None:
        """Start the QGIS desktop running ``script`` (by default the startup script, which loads ``layer_source``
        if given and runs the analysis from the dock with the ``analysis`` fields (``code``, ``name``,
        ``observed``, ``population``) if given); ``environment`` adds variables for the script."""
        env = {**self.env(), **(environment or {})}
        env["PHSO_SMOKE_LAYER"] = layer_source
        env["PHSO_SMOKE_ANALYSIS"] = json.dumps(analysis or {})
        self._qgis_started = time.monotonic()
        with open(self.workdir / "qgis.log", "wb") as log:
            self.qgis = subprocess.Popen(
                ["qgis.bin", "--nologo", "--noversioncheck", "--code", str(script)],
                env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, cwd=self.workdir)

    def wait_for_marker(self, timeout_s: float = 90.0) -> dict:
        """The JSON the startup script writes once the dock is open; DesktopError on timeout or exit."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.marker.exists():
                self.timings["qgis_to_dock_s"] = time.monotonic() - self._qgis_started
                return json.loads(self.marker.read_text(encoding="utf-8"))
            if self.qgis.poll() is not None:
                raise DesktopError(f"QGIS exited with {self.qgis.returncode} (Xvfb {self.display} "
                                   f"{self._xvfb_status()}): {self.log_tail()}")
            time.sleep(0.5)
        raise DesktopError(f"no marker from QGIS within {timeout_s} s: {self.log_tail()}")

    def screenshot(self, path: Path, timeout_s: float = 30.0) -> Path:
        """Capture the whole screen with ImageMagick ``import``."""
        started = time.monotonic()
        subprocess.run(["import", "-window", "root", str(path)], env=self.env(), check=True, timeout=timeout_s,
                       capture_output=True)
        self.timings["screenshot_s"] = time.monotonic() - started
        return path

    def _xvfb_status(self) -> str:
        socket = Path("/tmp/.X11-unix") / f"X{self.display.lstrip(':')}"
        alive = self.xvfb is not None and self.xvfb.poll() is None
        return f"{'running' if alive else 'exited'}, socket {'present' if socket.exists() else 'missing'}"

    def log_tail(self, n: int = 2000) -> str:
        log = self.workdir / "qgis.log"
        return log.read_text(errors="replace")[-n:] if log.exists() else ""

    def stop(self) -> None:
        """Stop QGIS, then Xvfb (only the processes this object started)."""
        started = time.monotonic()
        _stop(self.qgis)
        _stop(self.xvfb)
        self.timings["stop_s"] = time.monotonic() - started
