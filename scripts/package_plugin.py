"""Build ``dist/phso_insight_plugin-<version>.zip`` for QGIS's "Install from ZIP" (``make package``).

The zip holds one top-level folder ``phso_insight_plugin/`` (what QGIS expects), without
caches, and never the user's data: only the files git tracks in the package.
"""
from __future__ import annotations

import argparse
import configparser
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLUGIN = "phso_insight_plugin"


def version() -> str:
    parser = configparser.ConfigParser()
    parser.read(ROOT / PLUGIN / "metadata.txt", encoding="utf-8")
    return parser["general"]["version"]


def tracked_files() -> list[str]:
    listed = subprocess.run(["git", "ls-files", PLUGIN], cwd=ROOT, capture_output=True, text=True, check=True)
    return [line for line in listed.stdout.splitlines() if line]


def build(out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{PLUGIN}-{version()}.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in tracked_files():
            archive.write(ROOT / name, name)
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    target = build(parser.parse_args().out)
    print(f"Wrote {target} ({target.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
