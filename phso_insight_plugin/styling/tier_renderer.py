"""The tier map style built in code: categorised renderer, labels, and applying both to a layer.

The same functions feed the dock (live palette, labels and tier filter), the Processing
algorithms and the shipped QML files, so the look cannot drift between them.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from qgis.core import (
    Qgis,
    QgsCategorizedSymbolRenderer,
    QgsExpression,
    QgsPalLayerSettings,
    QgsRendererCategory,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtCore import QVariant
from qgis.PyQt.QtGui import QColor

from ..errors import InputError
from ..results.change_tiers import tier_labels_of_field
from ..results.tiers import TIER_LABELS, TIER_ORDER
from .palettes import DEFAULT_PALETTE, palette_for
from .symbols import tier_symbol

#: Labels are drawn only when zoomed in further than 1:50,000 (scale denominator ≤ 50,000).
LABEL_MIN_SCALE = 50_000
#: The ratio a label shows: a representation layer's, else a change layer's ratio of ratios.
RATIO_FIELDS = ("ratio", "ratio_of_ratios")
LABEL_SIZE_PT = 8.0
LABEL_BUFFER_MM = 0.8


def category_label(tier: int | None, count: int | None = None, labels: Mapping[int | None, str] = TIER_LABELS) -> str:
    """Plain-English legend text of ``tier`` (from ``labels``), with "(n areas)" when ``count`` is given."""
    label = labels[tier]
    if count is None:
        return label
    return f"{label} ({count} area{'' if count == 1 else 's'})"


def category_value(tier: int | None) -> QVariant | int:
    """Category value of ``tier``: NULL for "Too few to say".

    A categorised renderer matches NULL attributes to the category whose value is NULL/""
    (that category also catches any value without a category of its own).
    """
    return QVariant() if tier is None else tier


def tier_renderer(palette_name: str = DEFAULT_PALETTE, tier_field: str = "tier",
                  counts: Mapping[int | None, int] | None = None) -> QgsCategorizedSymbolRenderer:
    """Categorised renderer on ``tier_field``: six categories in ``TIER_ORDER``.

    Legend labels are the tier labels of the field (``TIER_LABELS``; change or trend labels for ``change_tier`` and
    ``trend_tier``, drawn in the change palette: :func:`.palettes.palette_for`); with ``counts`` (tier → number of
    areas) each gets "(n areas)", tiers absent from ``counts`` showing 0.
    """
    fills = palette_for(palette_name, tier_field).fills
    labels = tier_labels_of_field(tier_field)
    categories = [
        QgsRendererCategory(category_value(tier), tier_symbol(fills[tier]),
                            category_label(tier, None if counts is None else counts.get(tier, 0), labels))
        for tier in TIER_ORDER
    ]
    return QgsCategorizedSymbolRenderer(tier_field, categories)


def show_only(renderer: QgsCategorizedSymbolRenderer, tiers: Iterable[int | None]) -> None:
    """Render only the categories of ``tiers`` (None = "Too few to say"); the others are switched off."""
    shown = list(tiers)
    unknown = [t for t in shown if t not in TIER_LABELS]
    if unknown:
        raise InputError(f"Unknown tier(s) {unknown} in the tier filter; tiers are 2, 1, 0, -1, -2 and None.")
    for index, tier in enumerate(TIER_ORDER):
        renderer.updateCategoryRenderState(index, tier in shown)


def label_expression(label_field: str, ratio_field: str | None = "ratio") -> str:
    r"""Expression: the area name, then on a new line the ratio to 2 dp with "×" ("Sampleton 001A\n1.83×").

    No ratio line where the ratio is NULL or ``ratio_field`` is None.
    """
    name = QgsExpression.quotedColumnRef(label_field)
    if ratio_field is None:
        return name
    ratio = QgsExpression.quotedColumnRef(ratio_field)
    return f"concat({name}, if({ratio} IS NULL, '', '\\n' || format_number({ratio}, 2) || '×'))"


def label_format() -> QgsTextFormat:
    """8 pt dark text (default font) with a white 0.8 mm buffer, readable over every tier colour."""
    text = QgsTextFormat()
    text.setSize(LABEL_SIZE_PT)
    text.setSizeUnit(Qgis.RenderUnit.Points)
    text.setColor(QColor("#1a1a1a"))
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setSize(LABEL_BUFFER_MM)
    buffer.setSizeUnit(Qgis.RenderUnit.Millimeters)
    buffer.setColor(QColor("white"))
    text.setBuffer(buffer)
    return text


def tier_labeling(label_field: str, ratio_field: str | None = "ratio") -> QgsVectorLayerSimpleLabeling:
    """Area name + ratio labels, centred over each area, visible at scales larger than 1:50,000."""
    settings = QgsPalLayerSettings()
    settings.fieldName = label_expression(label_field, ratio_field)
    settings.isExpression = True
    settings.placement = Qgis.LabelPlacement.OverPoint
    settings.multilineAlign = Qgis.LabelMultiLineAlignment.Center
    settings.scaleVisibility = True
    settings.minimumScale = LABEL_MIN_SCALE
    settings.maximumScale = 0
    settings.setFormat(label_format())
    return QgsVectorLayerSimpleLabeling(settings)


def sld_labeling(label_field: str) -> QgsVectorLayerSimpleLabeling:
    """The tier labels as SLD can carry them: the plain ``label_field`` (area name), no ratio line.

    SLD names a field but cannot compute text: QGIS 3.44 refuses to export an expression label and
    3.40 writes a placeholder instead. Placement, text format and scale limits are the tier labels'.
    """
    settings = tier_labeling(label_field, None).settings()
    settings.fieldName = label_field
    settings.isExpression = False
    return QgsVectorLayerSimpleLabeling(settings)


def require_field(layer: QgsVectorLayer, field: str, role: str) -> None:
    """InputError if ``layer`` has no field ``field`` (``role`` says what it was for)."""
    names = layer.fields().names()
    if field not in names:
        raise InputError(f"The {role} field {field!r} is not in layer {layer.name()!r}; "
                         f"its fields are: {', '.join(names)}.")


def apply_tier_style(layer: QgsVectorLayer, palette_name: str = DEFAULT_PALETTE, tier_field: str = "tier",
                     label_field: str | None = None, show_labels: bool = True,
                     tier_filter: Iterable[int | None] | None = None,
                     counts: Mapping[int | None, int] | None = None) -> None:
    """Give ``layer`` the tier renderer (and labels when ``label_field`` and ``show_labels``), then repaint.

    ``tier_filter``: the tiers to draw (others are switched off in the legend); None draws all.
    ``counts`` adds "(n areas)" to the legend. Labels use the ``ratio`` field when present (a change layer's
    ``ratio_of_ratios``).
    Call from the main thread for a layer in a project.
    """
    require_field(layer, tier_field, "tier")
    renderer = tier_renderer(palette_name, tier_field, counts)
    if tier_filter is not None:
        show_only(renderer, tier_filter)
    if label_field:
        require_field(layer, label_field, "label")
        ratio_field = next((f for f in RATIO_FIELDS if f in layer.fields().names()), None)
        layer.setLabeling(tier_labeling(label_field, ratio_field))
    layer.setLabelsEnabled(bool(label_field) and show_labels)
    layer.setRenderer(renderer)
    layer.triggerRepaint()
