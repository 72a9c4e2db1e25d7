"""phso_insight:exportmap through processing.run (offscreen) and through qgis_process.bin."""
from pathlib import Path

import pytest
from qgis.core import QgsProcessingException
from qgis.PyQt.QtGui import QImage

from phso_insight_plugin.styling.palettes import palette
from tests.styling.helpers import ALL_TIERS, colour_share, geopackage_copy, map_area, tier_layer


def test_png_and_pdf_are_written_at_the_requested_dpi(run_alg, tmp_path):
    result = run_alg("exportmap", {"INPUT": tier_layer(), "DPI": 100, "DATA_DATE": "March 2024",
                                   "OUTPUT_PNG": str(tmp_path / "map.png"), "OUTPUT_PDF": str(tmp_path / "map.pdf")})
    image = QImage(result["OUTPUT_PNG"])
    assert (image.width(), image.height()) == (1169, 826)
    assert Path(result["OUTPUT_PDF"]).read_bytes().startswith(b"%PDF")


def test_the_map_shows_every_tier_in_the_chosen_palette(run_alg, tmp_path):
    result = run_alg("exportmap", {"INPUT": tier_layer(), "PALETTE": "RdBu", "DPI": 72,
                                   "OUTPUT_PNG": str(tmp_path / "map.png")})
    image = QImage(result["OUTPUT_PNG"])
    for tier in ALL_TIERS:
        assert colour_share(image, palette("RdBu").fills[tier].colour, map_area(72)) > 0.005, tier
    assert result["OUTPUT_PDF"] is None


def test_a_chosen_extent_leaves_areas_outside_it_off_the_map(run_alg, tmp_path):
    result = run_alg("exportmap", {"INPUT": tier_layer(), "EXTENT": "0,2000,0,1000 [EPSG:27700]", "DPI": 72,
                                   "OUTPUT_PNG": str(tmp_path / "map.png")})
    image = QImage(result["OUTPUT_PNG"])
    fills = palette("PuOr").fills
    assert colour_share(image, fills[2].colour, map_area(72)) > 0.1
    assert colour_share(image, fills[-2].colour, map_area(72)) == 0.0


def test_at_least_one_output_file_is_required(run_alg):
    with pytest.raises(QgsProcessingException, match="Choose where to save the map"):
        run_alg("exportmap", {"INPUT": tier_layer()})


@pytest.mark.cli
def test_qgis_process_renders_the_map_headless(qgis_process, tmp_path):
    areas = geopackage_copy(tier_layer(), tmp_path / "areas.gpkg")
    result = qgis_process("run", "phso_insight:exportmap", INPUT=areas.source(), DPI=72,
                          TITLE="Complaints about GP services", OUTPUT_PNG=str(tmp_path / "map.png"),
                          OUTPUT_PDF=str(tmp_path / "map.pdf"))
    image = QImage(result["results"]["OUTPUT_PNG"])
    assert (image.width(), image.height()) == (841, 595)
    assert colour_share(image, palette("PuOr").fills[2].colour, map_area(72)) > 0.005
    assert Path(result["results"]["OUTPUT_PDF"]).stat().st_size > 10_000
