"""Areas per tier in a layer, for legends that say "(12 areas)" (tiers read by the result vocabulary)."""
from __future__ import annotations

from qgis.core import Qgis, QgsFeatureRequest, QgsVectorLayer

from ..results.tiers import TierCode, count_tiers, parse_tiers


def layer_tier_counts(layer: QgsVectorLayer, tier_field: str = "tier") -> dict[TierCode, int]:
    """Areas per tier over every feature of ``layer`` (attributes only, no geometry), every tier in display
    order; InputError naming the layer and the rows whose value is not a tier."""
    request = QgsFeatureRequest().setFlags(Qgis.FeatureRequestFlag.NoGeometry)
    request.setSubsetOfAttributes([tier_field], layer.fields())
    values = (feature[tier_field] for feature in layer.getFeatures(request))
    return count_tiers(parse_tiers(values, tier_field, f"Layer {layer.name()!r}"))
