"""``phso_insight:exportstyled`` — a GeoPackage that opens already styled, with QML and SLD beside it."""
from __future__ import annotations

from pathlib import Path

from qgis.core import QgsProcessingOutputFile, QgsVectorFileWriter, QgsVectorLayer

from ...cancel import start_phase
from ...errors import InputError
from ...layer_run_metadata import run_metadata_of
from ...results.tiers import parse_tiers
from ...styling.style_files import save_default_style_in_geopackage
from ...styling.tier_renderer import apply_tier_style
from ...validation import require_columns
from ..base import PhsoAlgorithm
from ..io.layers import column_values, write_rows
from ..io.publication_safe import (
    UNROUNDED_STATEMENT,
    default_count_fields,
    exported_metadata,
    publication_safe_frame,
    publication_statement,
)
from ..io.run_records import input_layer
from ..io.style_outputs import write_style_files
from ..parameters import POLYGONS


def geopackage_writer(path: str, layer_name: str, source, context) -> QgsVectorFileWriter:
    """A writer creating (or overwriting) the GeoPackage ``path`` with one layer shaped like ``source``."""
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = layer_name
    options.fileEncoding = "UTF-8"
    options.actionOnExistingFile = QgsVectorFileWriter.ActionOnExistingFile.CreateOrOverwriteFile
    writer = QgsVectorFileWriter.create(path, source.fields(), source.wkbType(), source.sourceCrs(),
                                        context.transformContext(), options)
    if writer.hasError() != QgsVectorFileWriter.WriterError.NoError:
        raise InputError(f"Could not create the GeoPackage {path}: {writer.errorMessage()}")
    return writer


class ExportStyledAlgorithm(PhsoAlgorithm):
    """Copies the features (counts made publication-safe on request), then embeds style and metadata."""

    ALG_ID = "exportstyled"
    GROUP_ID = "map"
    DISPLAY_NAME = "Export styled layer"

    INPUT = "INPUT"
    TIER_FIELD = "TIER_FIELD"
    PALETTE = "PALETTE"
    LABEL_FIELD = "LABEL_FIELD"
    PUBLICATION_SAFE = "PUBLICATION_SAFE"
    COUNT_FIELDS = "COUNT_FIELDS"
    OUTPUT = "OUTPUT"
    OUTPUT_QML = "OUTPUT_QML"
    OUTPUT_SLD = "OUTPUT_SLD"

    def initAlgorithm(self, config=None):
        self.add_source(self.INPUT, "Representation layer", POLYGONS)
        self.add_tier_style(self.INPUT)
        self.add_flag(self.PUBLICATION_SAFE, "Publication-safe counts (suppress 1–7, round others to 5)", False)
        self.add_field(self.COUNT_FIELDS, "Other count fields to make publication-safe", self.INPUT, numeric=True,
                       multiple=True, optional=True)
        self.add_file_output(self.OUTPUT, "Styled GeoPackage", "GeoPackage (*.gpkg)")
        self.addOutput(QgsProcessingOutputFile(self.OUTPUT_QML, self.tr("QGIS style file (QML)")))
        self.addOutput(QgsProcessingOutputFile(self.OUTPUT_SLD, self.tr("SLD style file")))

    def execute(self, parameters, context, feedback):
        path = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        if Path(path).suffix.lower() != ".gpkg":
            raise InputError(self.tr("The output (OUTPUT) must be a GeoPackage file ending in .gpkg, not {0}.").format(
                path))
        source = self.required_source(parameters, self.INPUT, context)
        style = self.tier_style(parameters, context)
        table = self.read_input(parameters, self.INPUT, context, feedback, source)
        require_columns(table.frame, [f for f in (style["tier_field"], style["label_field"]) if f], "input layer")
        parse_tiers(table.frame[style["tier_field"]], style["tier_field"])
        run = run_metadata_of(input_layer(self, parameters, self.INPUT, context))
        frame, statement = self._publishable(parameters, context, source, table.frame, feedback)

        layer_name = Path(path).stem
        start_phase(feedback, self.tr("Writing the styled GeoPackage…"))
        writer = geopackage_writer(path, layer_name, source, context)
        write_rows(writer, source.fields(), column_values(frame[source.fields().names()]), table.wkb, feedback)
        del writer  # closes the file
        layer = QgsVectorLayer(f"{path}|layername={layer_name}", layer_name, "ogr")
        if not layer.isValid():
            raise InputError(self.tr("The GeoPackage {0} was written but cannot be read back.").format(path))
        self._embed_style_and_metadata(layer, style, statement, run)
        qml, sld = str(Path(path).with_suffix(".qml")), str(Path(path).with_suffix(".sld"))
        write_style_files(layer, qml, sld, style["label_field"])
        feedback.pushInfo(self.tr("Wrote {0} (styled), {1} and {2}.").format(path, qml, sld))
        return {self.OUTPUT: path, self.OUTPUT_QML: qml, self.OUTPUT_SLD: sld}

    def _publishable(self, parameters, context, source, frame, feedback):
        """The frame to write and the statement for the metadata (counts protected if asked)."""
        if not self.parameterAsBoolean(parameters, self.PUBLICATION_SAFE, context):
            return frame, UNROUNDED_STATEMENT
        fields = default_count_fields(source.fields())
        fields += [f for f in self.parameterAsStrings(parameters, self.COUNT_FIELDS, context) if f not in fields]
        if not fields:
            raise InputError(self.tr("Publication-safe mode found no count field: the layer has no 'observed' "
                                     "or 'cases…' field; list the count fields under 'Other count fields' "
                                     "(COUNT_FIELDS)."))
        statement = publication_statement(fields)
        feedback.pushInfo(statement)
        return publication_safe_frame(frame, fields), statement

    def _embed_style_and_metadata(self, layer, style, statement, run) -> None:
        """Tier style as the GeoPackage's default style; the run metadata of the input, abstract and rights in
        its metadata tables."""
        apply_tier_style(layer, **style)
        layer.setMetadata(exported_metadata(layer.metadata(), statement, run))
        message, ok = layer.saveDefaultMetadata()
        if not ok:
            raise InputError(self.tr("Could not save the metadata in {0}: {1}").format(layer.source(), message))
        save_default_style_in_geopackage(layer, self.tr("PHSO Insight tiers ({0})").format(style["palette_name"]),
                                         self.tr("Representation tiers styled by PHSO Insight"))
