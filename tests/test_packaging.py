"""`make package` builds a zip that QGIS's "Install from ZIP" accepts; metadata.txt is repository-valid."""
import configparser
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REQUIRED_METADATA = ["name", "qgisMinimumVersion", "description", "about", "version", "author", "email",
                     "repository", "tracker", "homepage", "hasProcessingProvider", "tags", "icon"]


def metadata() -> configparser.SectionProxy:
    parser = configparser.ConfigParser()
    parser.read(ROOT / "phso_insight_plugin" / "metadata.txt", encoding="utf-8")
    return parser["general"]


def test_metadata_has_every_field_the_plugin_repository_requires():
    general = metadata()
    assert [key for key in REQUIRED_METADATA if not general.get(key, "").strip()] == []
    assert general["qgisMinimumVersion"] == "3.22"
    assert general["hasProcessingProvider"] == "yes"
    assert (ROOT / "phso_insight_plugin" / general["icon"]).is_file()


def test_package_is_one_plugin_folder_with_code_data_and_no_caches(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "package_plugin.py"), "--out", str(tmp_path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    archive = tmp_path / f"phso_insight_plugin-{metadata()['version']}.zip"
    names = zipfile.ZipFile(archive).namelist()
    assert {name.split("/")[0] for name in names} == {"phso_insight_plugin"}
    for required in ("phso_insight_plugin/__init__.py", "phso_insight_plugin/metadata.txt",
                     "phso_insight_plugin/resources/sample/sample.gpkg",
                     "phso_insight_plugin/resources/models/phso_insight_pipeline.model3"):
        assert required in names
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
