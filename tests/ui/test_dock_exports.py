"""Export buttons: a save dialog (replaced here), then the export algorithm on the result layer."""
import pytest
from qgis.PyQt.QtCore import Qt

from phso_insight_plugin.results.tiers import TIER_ORDER


@pytest.fixture()
def save_as(analysed):
    """Answer the dock's save dialogs with the given path; records the dialog titles asked."""
    asked = []

    def answer(path):
        analysed.ask_save_path = lambda parent, kind: (asked.append(kind.title), str(path))[1]
        return asked

    return answer


def test_export_map_writes_a_png(analysed, save_as, tmp_path):
    asked = save_as(tmp_path / "map.png")
    analysed.ui.exportMapButton.click()
    assert asked == ["Export map"]
    assert (tmp_path / "map.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert analysed.ui.statusLabel.text() == f"Export map: saved {tmp_path / 'map.png'}"


def test_export_map_writes_a_pdf_when_a_pdf_name_is_chosen(analysed, save_as, tmp_path):
    save_as(tmp_path / "map.pdf")
    analysed.ui.exportMapButton.click()
    assert (tmp_path / "map.pdf").read_bytes()[:5] == b"%PDF-"
    assert not (tmp_path / "map.png").exists()


def test_export_styled_layer_writes_geopackage_with_qml_and_sld_beside_it(analysed, save_as, tmp_path):
    save_as(tmp_path / "tiers.gpkg")
    analysed.ui.exportLayerButton.click()
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in {".gpkg", ".qml", ".sld"}) == [
        "tiers.gpkg", "tiers.qml", "tiers.sld"]


def test_save_style_writes_qml_and_sld_and_keeps_the_dock_display(analysed, save_as, tmp_path):
    analysed.ui.paletteCombo.setCurrentIndex(analysed.ui.paletteCombo.findData("RdBu"))
    analysed.ui.tierFilterList.item(TIER_ORDER.index(0)).setCheckState(Qt.CheckState.Unchecked)
    save_as(tmp_path / "tiers.qml")
    analysed.ui.saveStyleButton.click()
    assert "202,0,32,255" in (tmp_path / "tiers.qml").read_text()  # RdBu #ca0020, significantly higher
    assert (tmp_path / "tiers.sld").read_text().lstrip().startswith("<")
    categories = analysed.result_layer.renderer().categories()
    assert [c.renderState() for c in categories] == [tier != 0 for tier in TIER_ORDER]


def test_cancelling_the_dialog_writes_nothing(analysed, save_as, tmp_path):
    save_as("")
    analysed.ui.exportMapButton.click()
    assert list(tmp_path.iterdir()) == []
