"""The benchmark's synthetic inputs (:mod:`synthetic.england`), cached under ``bench/cache/<key>/``.

``python -m bench.generate [--sizes england|smoke]`` writes them unless already cached: ``lsoa.gpkg``,
``pcon.gpkg``, ``icb.gpkg``, ``postcodes.csv``, ``cases.csv`` (see :mod:`synthetic.england.dataset`) and
``manifest.json`` (sizes, file names, counts and timings), written last, so its presence marks a complete cache.
"""
from __future__ import annotations

import argparse
import json
import time
from dataclasses import dataclass
from pathlib import Path

from bench.config import CACHE_DIR, PRESETS
from synthetic.england.dataset import write_dataset
from synthetic.england.sizes import Sizes

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Inputs:
    """Paths of one generated data set and its manifest (sizes, counts)."""

    folder: Path
    manifest: dict

    def path(self, name: str) -> Path:
        return self.folder / self.manifest["files"][name]


def generate(sizes: Sizes, root: Path = CACHE_DIR, log=print) -> Inputs:
    """The cached data set for ``sizes``, generating it first when absent or incomplete."""
    folder = root / sizes.key()
    manifest_path = folder / MANIFEST
    if manifest_path.exists():
        return Inputs(folder, json.loads(manifest_path.read_text()))
    folder.mkdir(parents=True, exist_ok=True)
    log(f"Generating synthetic inputs {sizes.key()} in {folder} …")
    manifest = write_dataset(sizes, folder, log)
    manifest_path.write_text(json.dumps(manifest, indent=2))
    return Inputs(folder, manifest)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", choices=sorted(PRESETS), default="england")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    inputs = generate(PRESETS[args.sizes])
    print(f"Inputs ready in {inputs.folder} ({time.perf_counter() - started:.1f} s).")


if __name__ == "__main__":
    main()
