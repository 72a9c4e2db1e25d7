"""Table, map and funnel plot select the same areas."""
from qgis.PyQt.QtCore import QItemSelectionModel, QPoint, Qt
from qgis.PyQt.QtTest import QTest

from phso_insight_plugin.ui.areas_model import NAME


def fid_of(layer, name):
    return next(f.id() for f in layer.getFeatures() if f["name"] == name)


def proxy_row_of(dock, name):
    return next(r for r in range(dock.proxy.rowCount()) if dock.proxy.index(r, NAME).data() == name)


def selected_names(dock):
    return sorted(index.data() for index in dock.ui.areasTable.selectionModel().selectedRows(NAME))


def test_clicking_a_row_selects_the_feature_and_zooms_to_it(analysed, qgis_iface):
    table = analysed.ui.areasTable
    index = analysed.proxy.index(proxy_row_of(analysed, "Carlton"), NAME)
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
    layer = analysed.result_layer
    assert layer.selectedFeatureIds() == [fid_of(layer, "Carlton")]
    extent = qgis_iface.mapCanvas().extent()
    carlton = layer.getFeature(fid_of(layer, "Carlton")).geometry().boundingBox()  # x 200–300
    assert extent.contains(carlton)
    assert extent.width() < 400  # zoomed to Carlton, not the six areas (600 m)


def test_selecting_several_rows_selects_those_features(analysed):
    selection = analysed.ui.areasTable.selectionModel()
    for name in ("Ashby", "Easton"):
        selection.select(analysed.proxy.index(proxy_row_of(analysed, name), NAME),
                         QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    layer = analysed.result_layer
    assert sorted(layer.selectedFeatureIds()) == sorted([fid_of(layer, "Ashby"), fid_of(layer, "Easton")])


def test_selecting_on_the_map_selects_the_rows(analysed):
    layer = analysed.result_layer
    layer.selectByIds([fid_of(layer, "Brompton"), fid_of(layer, "Fulford")])
    assert selected_names(analysed) == ["Brompton", "Fulford"]


def test_clearing_the_map_selection_clears_the_rows(analysed):
    layer = analysed.result_layer
    layer.selectByIds([fid_of(layer, "Brompton")])
    layer.removeSelection()
    assert selected_names(analysed) == []


def test_funnel_plot_has_a_point_per_area_and_two_pairs_of_limits(analysed):
    funnel = analysed.funnel
    assert len(funnel.points.get_offsets()) == 6
    assert sorted(funnel.limit_lines) == [0.95, 0.998]
    assert all(len(lines) == 2 for lines in funnel.limit_lines.values())


def test_funnel_points_take_the_tier_colours_of_the_palette(analysed):
    from matplotlib.colors import to_hex

    funnel = analysed.funnel
    layer = analysed.result_layer
    colours = dict(zip(funnel.fids, (to_hex(c) for c in funnel.points.get_facecolors())))
    assert colours[fid_of(layer, "Ashby")] == "#e66101"  # PuOr, significantly higher
    assert colours[fid_of(layer, "Easton")] == "#5e3c99"  # PuOr, significantly lower


def test_clicking_a_funnel_point_selects_that_area_in_layer_and_table(analysed):
    analysed.ui.tabs.setCurrentWidget(analysed.ui.funnelTab)
    analysed.resize(500, 700)
    funnel = analysed.funnel
    funnel.canvas.draw()
    layer = analysed.result_layer
    x, y = funnel.display_position(fid_of(layer, "Dunham"))
    ratio = funnel.canvas.device_pixel_ratio
    QTest.mouseClick(funnel.canvas, Qt.MouseButton.LeftButton, pos=QPoint(round(x / ratio),
                                                               round(funnel.canvas.height() - y / ratio)))
    assert layer.selectedFeatureIds() == [fid_of(layer, "Dunham")]
    assert selected_names(analysed) == ["Dunham"]
