"""Build ``dist/phso_insight_plugin-<version>.zip`` for plugins.qgis.org and "Install from ZIP" (``make package``).

The zip holds one top-level folder ``phso_insight_plugin/`` (what QGIS expects) with the plugin's
source, data and ``LICENSE``, and nothing the plugin repository rejects: no caches or compiled
files, no bundled libraries or wheels, never the user's data. Where git can read
the checkout, only the files it tracks are taken.
"""
from __future__ import annotations

import argparse
import configparser
import subprocess
import sys
import zipfile
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parents[1]
PLUGIN = "phso_insight_plugin"
#: plugins.qgis.org refuses larger uploads (25,000,000 bytes).
MAX_BYTES = 25_000_000
#: Folders and file endings that never go into the zip: caches, compiled code, binaries, GeoPackage journals.
EXCLUDED_DIRS = {"__pycache__", ".git", "__MACOSX"}
EXCLUDED_SUFFIXES = {".pyc", ".pyo", ".so", ".pyd", ".dll", ".dylib", ".exe", ".whl", ".gpkg-wal", ".gpkg-shm"}


def version() -> str:
    parser = configparser.ConfigParser()
    parser.read(ROOT / PLUGIN / "metadata.txt", encoding="utf-8")
    return parser["general"]["version"]


def is_packaged(relative: PurePosixPath) -> bool:
    """True for a plugin file that belongs in the zip (see EXCLUDED_DIRS and EXCLUDED_SUFFIXES; no hidden files)."""
    hidden = any(part.startswith(".") for part in relative.parts)
    return not hidden and not EXCLUDED_DIRS.intersection(relative.parts[:-1]) \
        and relative.suffix.lower() not in EXCLUDED_SUFFIXES


def git_tracked() -> set[str] | None:
    """Paths git tracks under the plugin folder, or None where git cannot read the checkout."""
    try:
        listed = subprocess.run(["git", "ls-files", PLUGIN], cwd=ROOT, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return set(listed.stdout.splitlines())


def plugin_files() -> list[str]:
    """Repository-relative paths of the files to zip, sorted."""
    tracked = git_tracked()
    names = []
    for path in sorted((ROOT / PLUGIN).rglob("*")):
        name = path.relative_to(ROOT).as_posix()
        if path.is_file() and is_packaged(PurePosixPath(name)) and (tracked is None or name in tracked):
            names.append(name)
    return names


def build(out_dir: Path) -> Path:
    """Write the zip (files stored under ``phso_insight_plugin/``; a symlinked LICENSE as its content)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{PLUGIN}-{version()}.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in plugin_files():
            archive.write(ROOT / name, name)
    size = target.stat().st_size
    if size > MAX_BYTES:
        target.unlink()
        raise SystemExit(f"The plugin zip would be {size / 1e6:.1f} MB; "
                         f"plugins.qgis.org accepts at most {MAX_BYTES / 1e6:.0f} MB.")
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    target = build(parser.parse_args().out)
    print(f"Wrote {target} ({target.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
