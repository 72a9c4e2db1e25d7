"""`make package` builds a zip that plugins.qgis.org accepts and QGIS's "Install from ZIP" installs.

The checks are the plugin repository's own upload rules (its validator: size, paths, forbidden
folders, one top-level folder named like a Python package with ``__init__.py``, required
metadata, a LICENSE file) plus its review rules: no compiled files or bundled binary libraries.
"""
import configparser
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PLUGIN = "phso_insight_plugin"
#: What the plugin repository's validator requires, and what this project promises on top.
REPOSITORY_REQUIRED = ["name", "description", "about", "version", "qgisMinimumVersion", "author", "email",
                       "tracker", "repository"]
MAX_ZIP_BYTES = 25_000_000
BINARY_SUFFIXES = (".pyc", ".pyo", ".so", ".pyd", ".dll", ".dylib", ".exe", ".whl")


def metadata() -> configparser.SectionProxy:
    parser = configparser.ConfigParser()
    parser.optionxform = str  # keys are case-sensitive for the repository (qgisMinimumVersion)
    parser.read(ROOT / PLUGIN / "metadata.txt", encoding="utf-8")
    return parser["general"]


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    """The zip ``python -m scripts.package_plugin`` (make package) writes."""
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, "-m", "scripts.package_plugin", "--out", str(out)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return out / f"{PLUGIN}-{metadata()['version']}.zip"


@pytest.fixture(scope="module")
def names(package) -> list[str]:
    return zipfile.ZipFile(package).namelist()


def test_metadata_has_every_field_the_plugin_repository_requires():
    general = metadata()
    assert [key for key in REPOSITORY_REQUIRED if not general.get(key, "").strip()] == []
    assert re.fullmatch(r"\d+\.\d+\.\d+", general["version"])
    assert "/" not in general["author"]
    for key in ("tracker", "repository", "homepage"):
        assert re.fullmatch(r"https://[^/\s]+/\S*", general[key]), key


def test_metadata_offers_the_plugin_to_qgis_3_40_up_to_qgis_4():
    general = metadata()
    assert (general["qgisMinimumVersion"], general["qgisMaximumVersion"]) == ("3.40", "4.99")
    assert general["supportsQt6"] == "True"
    assert general["hasProcessingProvider"] == "yes"
    assert (ROOT / PLUGIN / general["icon"]).is_file()


def test_the_license_is_the_gpl_version_2_or_later_at_the_root_and_in_the_plugin_folder():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "either version 2 of the License, or (at your option) any later\nversion" in text
    assert "GNU GENERAL PUBLIC LICENSE\n                       Version 2, June 1991" in text
    assert (ROOT / PLUGIN / "LICENSE").read_text(encoding="utf-8") == text


def test_package_is_one_folder_named_like_a_python_package(names):
    assert {name.split("/")[0] for name in names} == {PLUGIN}
    assert re.fullmatch(r"[A-Za-z][A-Za-z0-9-_]+", PLUGIN)
    assert not [name for name in names if ".." in name or name.startswith("/")]


def test_package_holds_the_code_metadata_license_and_data(package, names):
    for required in ("__init__.py", "metadata.txt", "LICENSE", "resources/sample/sample.gpkg",
                     "resources/models/phso_insight_pipeline.model3", "ui/insight_dock.ui"):
        assert f"{PLUGIN}/{required}" in names
    archive = zipfile.ZipFile(package)
    assert archive.read(f"{PLUGIN}/LICENSE") == (ROOT / "LICENSE").read_bytes()
    assert archive.read(f"{PLUGIN}/metadata.txt") == (ROOT / PLUGIN / "metadata.txt").read_bytes()
    assert archive.testzip() is None


def test_package_has_no_caches_compiled_files_or_bundled_libraries(names):
    folders = {part for name in names for part in name.split("/")[:-1]}
    assert folders.isdisjoint({"__pycache__", ".git", "__MACOSX", "ext-libs"})
    assert [name for name in names if name.lower().endswith(BINARY_SUFFIXES) or ".pyc" in name] == []
    assert [name for name in names if "shapely" in name.lower()] == []


def test_package_is_under_the_upload_limit(package):
    assert package.stat().st_size < MAX_ZIP_BYTES
