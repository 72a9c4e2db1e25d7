"""The tier map layout: A4 PNG/PDF of the expected size, tier colours in the map, legend with counts."""
import datetime as dt

import pytest
from qgis.core import QgsLayoutItemLabel, QgsLayoutItemPicture, QgsLayoutItemPolygon, QgsRectangle
from qgis.PyQt.QtGui import QImage

from phso_insight_plugin.errors import InputError
from phso_insight_plugin.styling.layout_export import export_pdf, export_png
from phso_insight_plugin.styling.palettes import palette
from phso_insight_plugin.styling.print_layout import (
    DEFAULT_ATTRIBUTION,
    MAP_RECT_MM,
    PAGE_SIZE_MM,
    MapTexts,
    add_north_arrow,
    tier_map_layout,
)
from tests.styling.helpers import ALL_TIERS, SIDE, colour_share, map_area, page_pixels, tier_layer


@pytest.fixture()
def all_tiers_map(qgis_app):
    """A map of six 1 km squares, one per tier (two 'in line')."""
    return tier_map_layout(tier_layer(ALL_TIERS + [0]), MapTexts(data_date="March 2024"), "PuOr")


def test_png_is_the_a4_page_at_the_requested_dpi(all_tiers_map, tmp_path):
    export_png(all_tiers_map.layout, tmp_path / "map.png", 150)
    image = QImage(str(tmp_path / "map.png"))
    assert (image.width(), image.height()) == (page_pixels(PAGE_SIZE_MM[0], 150), page_pixels(PAGE_SIZE_MM[1], 150))
    assert (image.width(), image.height()) == (1753, 1240)


def test_every_tier_colour_appears_inside_the_map_frame(all_tiers_map, tmp_path):
    export_png(all_tiers_map.layout, tmp_path / "map.png", 100)
    image = QImage(str(tmp_path / "map.png"))
    area = map_area(100)
    shown = all_tiers_map.map_item.extent()
    one_square = SIDE ** 2 / (shown.width() * shown.height())  # share of the map one area covers
    fills = palette("PuOr").fills
    for tier in ALL_TIERS[:5]:
        assert colour_share(image, fills[tier].colour, area) > 0.8 * one_square * (2 if tier == 0 else 1), tier
    assert colour_share(image, fills[None].colour, area) > 0.5 * one_square  # the rest is hatch


def test_pdf_is_a_nonempty_a4_landscape_document(all_tiers_map, tmp_path):
    export_pdf(all_tiers_map.layout, tmp_path / "map.pdf", 150)
    content = (tmp_path / "map.pdf").read_bytes()
    assert content.startswith(b"%PDF")
    assert len(content) > 10_000
    assert b"/MediaBox [0 0 842" in content


def test_legend_counts_the_areas_in_each_tier(all_tiers_map):
    labels = [c.label() for c in all_tiers_map.layer.renderer().categories()]
    assert labels[0] == "Significantly higher than expected (99.8%) (1 area)"
    assert labels[2] == "In line with population (2 areas)"
    assert all_tiers_map.counts == {2: 1, 1: 1, 0: 2, -1: 1, -2: 1, None: 1}


def test_layout_shows_title_subtitle_and_footer_texts(qgis_app):
    texts = MapTexts(title="Complaints about GP services", subtitle="Indirectly standardised by age",
                     data_date="March 2024", produced=dt.date(2024, 6, 5))
    tier_map = tier_map_layout(tier_layer(), texts)
    shown = [item.text() for item in tier_map.layout.items() if isinstance(item, QgsLayoutItemLabel)]
    assert "Complaints about GP services" in shown
    assert "Indirectly standardised by age" in shown
    assert f"Data: March 2024. Map produced 5 June 2024.\n{DEFAULT_ATTRIBUTION}" in shown


def test_footer_without_a_data_date_gives_the_production_date_only():
    assert MapTexts(attribution="Source: us.", produced=dt.date(2024, 1, 31)).footer() == \
        "Map produced 31 January 2024.\nSource: us."


def test_the_users_layer_keeps_its_own_style(qgis_app):
    layer = tier_layer()
    renderer_type = layer.renderer().type()
    tier_map_layout(layer)
    assert layer.renderer().type() == renderer_type == "singleSymbol"


def test_a_chosen_extent_is_shown_whole_with_the_frame_aspect_ratio(qgis_app):
    tier_map = tier_map_layout(tier_layer(), extent=QgsRectangle(0, 0, 2000, 1000))
    shown = tier_map.map_item.extent()
    assert shown.contains(QgsRectangle(0, 0, 2000, 1000))
    assert shown.width() / shown.height() == pytest.approx(MAP_RECT_MM[2] / MAP_RECT_MM[3])
    assert shown.width() < 2500


def test_north_arrow_is_the_qgis_svg_when_installed(all_tiers_map):
    items = add_north_arrow(all_tiers_map.layout, all_tiers_map.map_item)
    assert isinstance(items[0], QgsLayoutItemPicture)
    assert items[0].picturePath().endswith("arrows/NorthArrow_02.svg")


def test_north_arrow_is_drawn_when_no_svg_folder_has_it(all_tiers_map, tmp_path):
    items = add_north_arrow(all_tiers_map.layout, all_tiers_map.map_item, search_paths=[str(tmp_path)])
    assert isinstance(items[0], QgsLayoutItemPolygon)
    assert items[1].text() == "N"


def test_a_layer_without_geometry_extent_cannot_be_mapped(qgis_app):
    from tests.layers import memory_layer

    table = memory_layer({"tier": [1]}, [None], types={"tier": int})
    with pytest.raises(InputError, match="no extent to map"):
        tier_map_layout(table)


def test_export_to_an_unwritable_path_is_an_input_error(all_tiers_map, tmp_path):
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(InputError, match=r"Could not export the map as PNG to .*file/map.png"):
        export_png(all_tiers_map.layout, tmp_path / "file" / "map.png", 72)
