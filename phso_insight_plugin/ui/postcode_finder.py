"""Postcode → area in the result layer, through a postcode lookup table layer (QGIS)."""
from __future__ import annotations

from dataclasses import dataclass

from qgis.core import NULL, Qgis, QgsExpression, QgsFeatureRequest, QgsVectorLayer
from qgis.PyQt.QtCore import QCoreApplication

from .postcode_query import read_postcode


def tr(text: str) -> str:
    return QCoreApplication.translate("PostcodeFinder", text)


@dataclass(frozen=True)
class PostcodeLookup:
    """A postcode table (``postcode_field`` → ``area_field``) and the result layer's area-code field."""

    table: QgsVectorLayer
    postcode_field: str
    area_field: str
    result_area_field: str


@dataclass(frozen=True)
class PostcodeMatch:
    """Outcome of a search: the result feature found (``fid``) or None, and what to tell the user."""

    fid: int | None
    message: str
    pcds: str = ""


def _first_value(layer: QgsVectorLayer, expression: str, field: str):
    request = QgsFeatureRequest().setFilterExpression(expression).setLimit(1)
    request.setFlags(Qgis.FeatureRequestFlag.NoGeometry).setSubsetOfAttributes([field], layer.fields())
    for feature in layer.getFeatures(request):
        value = feature[field]
        return None if value == NULL else value
    return None


def _first_fid(layer: QgsVectorLayer, expression: str) -> int | None:
    request = QgsFeatureRequest().setFilterExpression(expression).setLimit(1)
    request.setFlags(Qgis.FeatureRequestFlag.NoGeometry).setNoAttributes()
    for feature in layer.getFeatures(request):
        return feature.id()
    return None


def find_postcode(text: str, lookup: PostcodeLookup, result_layer: QgsVectorLayer) -> PostcodeMatch:
    """Find the feature of ``result_layer`` whose area contains the postcode typed as ``text``."""
    query = read_postcode(text)
    if query.status == "blank":
        return PostcodeMatch(None, tr("Type a postcode, e.g. SW1A 1AA."))
    if query.status != "ok":
        return PostcodeMatch(None, tr("“{0}” is not a valid UK postcode (e.g. SW1A 1AA).").format(text.strip()))
    spellings = ", ".join(QgsExpression.quotedValue(s) for s in query.spellings)
    in_table = f"{QgsExpression.quotedColumnRef(lookup.postcode_field)} IN ({spellings})"
    code = _first_value(lookup.table, in_table, lookup.area_field)
    if code is None:
        return PostcodeMatch(None, tr("{0} is not in the postcode table.").format(query.pcds), query.pcds)
    fid = _first_fid(result_layer, QgsExpression.createFieldEqualityExpression(lookup.result_area_field, code))
    if fid is None:
        return PostcodeMatch(None, tr("{0} is in area {1}, which is not in the results.").format(query.pcds, code),
                             query.pcds)
    return PostcodeMatch(fid, "", query.pcds)
