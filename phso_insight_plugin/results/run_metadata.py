"""What a run did, recorded with its result layer so the report, the dock and the exports can say so.

:class:`RunMetadata` is plain data with a JSON form (:meth:`RunMetadata.to_json`); the QGIS side
(:mod:`phso_insight_plugin.layer_run_metadata`) stores that JSON in the layer's metadata, which
QGIS keeps in the GeoPackage (``gpkg_metadata``), in a ``.qmd`` file beside other file formats, in
memory layers and in project files. Unknown keys are ignored when reading, so later versions can
add fields (issue 15's ``benchmark = "parent"`` with its ``benchmark_field``, issue 14's periods)
and older readers still read the rest.
"""
from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field, fields

from ..errors import InputError
from .geography import Geography, geography_by_key

SCHEMA = 1
GROUP_REPRESENTATION = "phso_insight:grouprepresentation"
#: Benchmarks: expected counts from the rates of the whole input (today's only one) or, per area, of its parent.
WHOLE_INPUT, PARENT = "whole input", "parent"


def _number(value: float | None) -> float | None:
    """A float for JSON: None for missing or NaN."""
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


@dataclass(frozen=True)
class RunMetadata:
    """One run of an analysis algorithm.

    ``algorithm``: its id ("phso_insight:representation"); ``method``: the method sentence;
    ``published_method``: the same without exact case counts ("" when it has none);
    ``multiple_testing``: "none" or "bh"; ``overdispersion``: "none", "multiplicative" or "additive",
    with the estimates ``phi`` and ``tau2`` (None when not estimated); ``min_expected``: below it a
    non-significant area is "too few to say"; ``benchmark``: whose rates give the expected counts
    (``benchmark_field`` names the parent field for "parent"); ``geography``: the key of the areas'
    :class:`~.geography.Geography` ("PCON"; "" when unknown) and ``code_field`` the field with their
    codes; ``subject``: for group tables, what the groups are ("disability"); ``periods``: for change over
    time, the period labels in time order, ``compared`` the two periods compared; ``inputs``: parameter →
    input layer name; ``fields``: parameter → the fields used; ``software``: plugin, QGIS and library
    versions; ``created``: when, ISO 8601 in UTC.
    """

    algorithm: str
    method: str
    published_method: str = ""
    multiple_testing: str = "none"
    overdispersion: str = "none"
    phi: float | None = None
    tau2: float | None = None
    min_expected: float = 5.0
    benchmark: str = WHOLE_INPUT
    benchmark_field: str = ""
    geography: str = ""
    code_field: str = ""
    subject: str = ""
    periods: list[str] = field(default_factory=list)
    compared: list[str] = field(default_factory=list)
    inputs: dict[str, str] = field(default_factory=dict)
    fields: dict[str, list[str]] = field(default_factory=dict)
    software: dict[str, str | None] = field(default_factory=dict)
    created: str = ""

    def method_for(self, publication_safe: bool) -> str:
        """The method sentence to print: without exact case counts in publication-safe outputs."""
        return (self.published_method or self.method) if publication_safe else self.method

    @property
    def uses_false_discovery_rate(self) -> bool:
        return self.multiple_testing == "bh"

    @property
    def areas(self) -> Geography:
        """The geography of the areas (:data:`~.geography.AREAS` when unknown)."""
        return geography_by_key(self.geography)

    def funnel_overdispersion(self) -> dict[str, float]:
        """The over-dispersion the tiers allowed for, as keyword arguments of
        :func:`~phso_insight_plugin.stats.funnel.ratio_funnel_limits`: ``{"phi": φ}``, ``{"tau2": τ²}`` or {}."""
        if self.overdispersion == "multiplicative" and self.phi is not None:
            return {"phi": self.phi}
        if self.overdispersion == "additive" and self.tau2 is not None:
            return {"tau2": self.tau2}
        return {}

    def to_json(self) -> str:
        """The metadata as one JSON object (``schema`` first; NaN estimates as null)."""
        data = {"schema": SCHEMA, **asdict(self), "phi": _number(self.phi), "tau2": _number(self.tau2)}
        return json.dumps(data, ensure_ascii=False, sort_keys=False)

    @classmethod
    def from_json(cls, text: str) -> RunMetadata:
        """Read :meth:`to_json` output; keys this version does not know are ignored.

        InputError when ``text`` is not a JSON object with at least ``algorithm`` and ``method``.
        """
        try:
            data = json.loads(text)
        except ValueError as err:
            raise InputError(f"The run metadata is not valid JSON: {err}") from err
        if not isinstance(data, dict) or not {"algorithm", "method"} <= data.keys():
            raise InputError("The run metadata does not name its algorithm and method.")
        known = {spec.name for spec in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in known})

    def provenance(self) -> str:
        """One line: "PHSO Insight 0.2.0 (phso_insight:representation) on QGIS 3.44.16, 2026-05-04T10:00:00+00:00"."""
        plugin, qgis = self.software.get("plugin") or "?", self.software.get("qgis") or "?"
        inputs = "; ".join(f"{key} = {name}" for key, name in self.inputs.items())
        line = f"PHSO Insight {plugin} ({self.algorithm}) on QGIS {qgis}, {self.created or 'date not recorded'}"
        return f"{line}; inputs: {inputs}" if inputs else line



def result_title(run: RunMetadata) -> str:
    """How the report and the maps title a result: "Constituencies"; "Groups by disability"; "Groups by
    ethnicity within integrated care boards (ICBs)" — never a layer or file name."""
    if run.algorithm != GROUP_REPRESENTATION:
        return run.areas.title
    title = f"Groups by {run.subject}" if run.subject else "Groups"
    return f"{title} within {run.areas.plural}" if run.geography else title
