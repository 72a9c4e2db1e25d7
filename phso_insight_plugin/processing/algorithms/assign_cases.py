"""``phso_insight:assigncases`` — give every case an area code, or a reason why not."""
from __future__ import annotations

import pandas as pd
from qgis.core import Qgis, QgsCoordinateReferenceSystem

from ...cancel import start_phase
from ...errors import InputError
from ...validation import listing
from ..base import PhsoAlgorithm
from ..io.case_outputs import report_counts, write_unmatched
from ..io.crs_checks import better_reading, extent_hint, placement_hint
from ..io.geometry_support import DEFAULT_PROJECTED_CRS, require_shapely2, transform_xy, working_crs
from ..io.layers import fields_for_frame
from ..options import Options
from ..parameters import POLYGONS

LOCATION_TYPES = Options(("postcode", "Postcode"), ("area_code", "Area code"), ("point_geometry", "Point geometry"),
                         ("coordinate_fields", "Coordinate fields (X/Y)"), default="postcode")



class AssignCasesAlgorithm(PhsoAlgorithm):
    """Thin wrapper around :mod:`cases.assign`."""

    ALG_ID = "assigncases"
    GROUP_ID = "prepare"
    DISPLAY_NAME = "Assign cases to areas"

    INPUT = "INPUT"
    LOCATION_TYPE = "LOCATION_TYPE"
    LOCATION_FIELD = "LOCATION_FIELD"
    X_FIELD = "X_FIELD"
    Y_FIELD = "Y_FIELD"
    COORDINATE_CRS = "COORDINATE_CRS"
    POSTCODE_LOOKUP = "POSTCODE_LOOKUP"
    LOOKUP_POSTCODE_FIELD = "LOOKUP_POSTCODE_FIELD"
    LOOKUP_AREA_FIELDS = "LOOKUP_AREA_FIELDS"
    LOOKUP_TERMINATED_FIELD = "LOOKUP_TERMINATED_FIELD"
    AREAS = "AREAS"
    AREA_FIELD = "AREA_FIELD"
    DROP_POSTCODE = "DROP_POSTCODE"
    OUTPUT = "OUTPUT"
    UNMATCHED = "UNMATCHED"

    def initAlgorithm(self, config=None):
        self.add_source(self.INPUT, "Cases (table or point layer)")
        self.add_choice(self.LOCATION_TYPE, "Cases are located by", LOCATION_TYPES)
        self.add_field(self.LOCATION_FIELD, "Postcode or area code field", self.INPUT, optional=True)
        self.add_field(self.X_FIELD, "X (easting/longitude) field", self.INPUT, optional=True)
        self.add_field(self.Y_FIELD, "Y (northing/latitude) field", self.INPUT, optional=True)
        self.add_projected_crs(self.COORDINATE_CRS, "CRS of the coordinate fields")
        self.add_source(self.POSTCODE_LOOKUP, "Postcode lookup (e.g. ONSPD/NSPL extract)", optional=True)
        self.add_field(self.LOOKUP_POSTCODE_FIELD, "Lookup: postcode field (pcd7 or pcds)", self.POSTCODE_LOOKUP,
                       optional=True)
        self.add_field(self.LOOKUP_AREA_FIELDS, "Lookup: area code fields to copy", self.POSTCODE_LOOKUP,
                       multiple=True, optional=True)
        self.add_field(self.LOOKUP_TERMINATED_FIELD, "Lookup: termination date field (e.g. doterm)",
                       self.POSTCODE_LOOKUP, optional=True)
        self.add_layer_with_code(self.AREAS, self.AREA_FIELD, "Areas (for points, or to check area codes)",
                                 "Areas: code field", POLYGONS, optional=True)
        self.add_flag(self.DROP_POSTCODE, "Drop the postcode column from the output", True)
        self.add_sink(self.OUTPUT, "Assigned cases", Qgis.ProcessingSourceType.Vector)
        self.add_sink(self.UNMATCHED, "Unmatched cases", Qgis.ProcessingSourceType.Vector, optional=True)
        self.add_row_count_results()

    def geometry_inputs(self, parameters, context) -> tuple[str, ...]:
        """Areas when locating points; the cases too when their own geometry is the location."""
        location = self.choice(parameters, self.LOCATION_TYPE, context)
        return {"point_geometry": (self.INPUT, self.AREAS), "coordinate_fields": (self.AREAS,)}.get(location, ())

    def execute(self, parameters, context, feedback):
        from ...cases import assign

        source = self.required_source(parameters, self.INPUT, context)
        location = self.choice(parameters, self.LOCATION_TYPE, context)
        field = self.parameterAsString(parameters, self.LOCATION_FIELD, context)
        if location in ("postcode", "area_code") and not field:
            raise InputError(self.tr("Choose the field holding the {0} (LOCATION_FIELD).").format(
                self.tr("postcode") if location == "postcode" else self.tr("area code")))

        areas_source = self.parameterAsSource(parameters, self.AREAS, context)
        area_field = self.parameterAsString(parameters, self.AREA_FIELD, context)
        needs_points = location in ("point_geometry", "coordinate_fields")
        if needs_points and (areas_source is None or not area_field):
            raise InputError(self.tr("Locating cases by points needs an area layer (AREAS) and its code field."))
        if needs_points:
            require_shapely2()
        crs = working_crs(areas_source.sourceCrs()) if areas_source is not None else None
        cases = self.read_input(parameters, self.INPUT, context, feedback, source, keep_features=False,
                                progress=(0, 30), what="case table",
                                geometries_in=source.sourceCrs() if location == "point_geometry" else None)
        geometry_type = Qgis.WkbType.NoGeometry
        if location == "postcode":
            result = self._by_postcode(parameters, context, feedback, cases.frame, field)
        elif location == "area_code":
            codes = self._areas(parameters, areas_source, area_field, context, feedback, False).frame[area_field] \
                if areas_source is not None else None
            start_phase(feedback, self.tr("Checking area codes…"))
            result = assign.assign_by_area_code(cases.frame, field, codes, is_cancelled=feedback.isCanceled)
        else:
            areas = self._areas(parameters, areas_source, area_field, context, feedback, True, crs)
            result = self._by_points(parameters, context, feedback, location, cases, source.sourceCrs(), areas,
                                     area_field, crs)
        feedback.setProgress(70)

        assigned = result.assigned
        fields = fields_for_frame(assigned, source.fields())
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, geometry_type)
        if sink is None:
            raise InputError(self.invalidSinkError(parameters, self.OUTPUT))
        self.write_frame(sink, assigned, fields, feedback=feedback, progress=(70, 25))
        outputs = {self.OUTPUT: dest_id}
        unmatched_id = write_unmatched(self, parameters, self.UNMATCHED, context, result.unmatched, source.fields(),
                                       feedback)
        if unmatched_id is not None:
            outputs[self.UNMATCHED] = unmatched_id
        outputs.update(report_counts(result.counts, feedback, result.hint))
        return outputs

    def _by_postcode(self, parameters, context, feedback, frame, field):
        from ...cases import assign

        lookup_source = self.parameterAsSource(parameters, self.POSTCODE_LOOKUP, context)
        lookup_field, area_fields, terminated = self._lookup_fields(parameters, context, lookup_source, feedback)
        if lookup_source is None or not lookup_field or not area_fields:
            raise InputError(self.tr(
                "Locating cases by postcode needs a postcode lookup (POSTCODE_LOOKUP), its postcode field and at "
                "least one area code field to copy (LOOKUP_AREA_FIELDS)."))
        wanted = [lookup_field] + area_fields + ([terminated] if terminated else [])
        lookup = self.read_input(parameters, self.POSTCODE_LOOKUP, context, feedback, lookup_source, fields=wanted,
                                 keep_features=False, progress=(30, 30), what="postcode lookup").frame
        start_phase(feedback, self.tr("Looking up {0} cases in {1} postcodes…").format(len(frame), len(lookup)))
        return assign.assign_by_postcode(frame, field, lookup, lookup_field, area_fields, terminated,
                                         drop_postcode=self.parameterAsBoolean(parameters, self.DROP_POSTCODE,
                                                                               context),
                                         is_cancelled=feedback.isCanceled)

    def _lookup_fields(self, parameters, context, lookup_source, feedback) -> tuple[str, list[str], str | None]:
        """(postcode field, area fields, termination field) of the lookup: as chosen; when the postcode or the area
        fields are left empty, the empty ones recognised by name in a postcode directory of any vintage
        (:func:`cases.directory_columns.directory_fields`; the area of the geography and vintage of AREA_FIELD,
        else the LSOA), each guess reported. (Postcode and area fields given, no termination field: terminated
        postcodes are assigned, as asked.)"""
        from ...cases.directory_columns import DEFAULT_GEOGRAPHY, directory_fields
        from ...geo.code_vintages import GSS_FIELD

        chosen = (self.parameterAsString(parameters, self.LOOKUP_POSTCODE_FIELD, context),
                  self.parameterAsStrings(parameters, self.LOOKUP_AREA_FIELDS, context),
                  self.chosen(parameters, self.LOOKUP_TERMINATED_FIELD, context))
        if lookup_source is None or all(chosen[:2]):
            return chosen
        layer_field = GSS_FIELD.match(self.parameterAsString(parameters, self.AREA_FIELD, context) or "")
        geography, vintage = (layer_field.group(1).upper(), layer_field.group(2)) if layer_field \
            else (DEFAULT_GEOGRAPHY, "")
        guessed = directory_fields(lookup_source.fields().names(), geography, vintage)
        keys = (self.LOOKUP_POSTCODE_FIELD, self.LOOKUP_AREA_FIELDS, self.LOOKUP_TERMINATED_FIELD)
        picked = (chosen[0] or guessed.postcode, chosen[1] or guessed.areas, chosen[2] or guessed.terminated or None)
        for key, given, value in zip(keys, chosen, picked):
            if not given and value:
                feedback.pushInfo(self.tr("{0} not given: using the postcode directory's {1}.").format(
                    key, ", ".join(value) if isinstance(value, list) else value))
        return picked

    def _areas(self, parameters, areas_source, area_field, context, feedback, with_geometry, crs=None):
        if not area_field:
            raise InputError(self.tr("Choose the code field of the area layer (AREA_FIELD)."))
        return self.read_input(parameters, self.AREAS, context, feedback, areas_source, fields=[area_field],
                               keep_features=False, progress=(30, 20), geometries_in=crs if with_geometry else None,
                               what="area layer")

    def _by_points(self, parameters, context, feedback, location, cases, cases_crs, areas, area_field, crs):
        """Point in polygon, with the areas checked first and a hint when most points land nowhere."""
        from ...cases import assign

        polygons = self._checked_polygons(areas, area_field, feedback)
        x, y, given = self._coordinates(parameters, context, location, cases, cases_crs)
        px, py = transform_xy(x, y, given, crs)
        start_phase(feedback, self.tr("Locating points in areas…"))
        result = assign.assign_by_points(cases.frame, px, py, polygons, areas.frame[area_field], area_field,
                                         is_cancelled=feedback.isCanceled)
        if result.counts["rows_matched"] < result.counts["rows_in"] / 2:
            current, reading = better_reading(x, y, given, polygons, crs)
            if reading is not None:
                result.hint = placement_hint(reading, current, given, location == "coordinate_fields")
                if result.counts["rows_matched"] == 0:
                    raise InputError(result.hint)
            else:
                result.hint = extent_hint(px, py, polygons, crs)
        return result

    def _checked_polygons(self, areas, area_field, feedback):
        """The areas' polygons, invalid ones repaired and counted, empty ones named by code (all empty is
        an error), overlapping ones named as pairs of codes (a point there goes to the first listed)."""
        from ...geo.geometry_checks import check_polygons, pair_labels

        check = check_polygons(areas.geometries, is_cancelled=feedback.isCanceled)
        codes = areas.frame[area_field].to_numpy(dtype=object)
        if len(check.empty) == len(codes):
            raise InputError(self.tr("None of the {0} areas (AREAS) has a geometry: all are NULL or empty, so no "
                                     "case can be placed.").format(len(codes)))
        if len(check.empty):
            feedback.reportError(self.tr("{0} area(s) have no geometry (NULL or empty), so no case can be placed "
                                         "in them: {1}.").format(len(check.empty), listing(codes[check.empty])),
                                 False)
        if len(check.repaired):
            feedback.pushInfo(self.tr("{0} invalid area polygon(s) were repaired before locating the cases: {1}.")
                              .format(len(check.repaired), listing(codes[check.repaired])))
        if len(check.overlaps):
            feedback.reportError(self.tr("{0} pair(s) of areas overlap; a case in an overlap goes to the area listed "
                                         "first in the layer: {1}.").format(
                len(check.overlaps), listing(pair_labels(check.overlaps, codes))), False)
        return check.geometries

    def _coordinates(self, parameters, context, location, cases, cases_crs):
        """(x, y, their CRS): the cases' point geometry (centroids) in the case layer's CRS, or the X/Y fields
        in COORDINATE_CRS; text or NULL give NaN (reported as invalid coordinates)."""
        import shapely

        if location == "point_geometry":
            centres = shapely.centroid(cases.geometries)  # NULL/empty geometry → NaN → "invalid coordinates"
            return shapely.get_x(centres), shapely.get_y(centres), cases_crs
        x_field = self.parameterAsString(parameters, self.X_FIELD, context)
        y_field = self.parameterAsString(parameters, self.Y_FIELD, context)
        if not x_field or not y_field:
            raise InputError(self.tr("Choose the X and Y coordinate fields (X_FIELD, Y_FIELD)."))
        x = pd.to_numeric(cases.frame[x_field], errors="coerce").to_numpy(dtype="float64")
        y = pd.to_numeric(cases.frame[y_field], errors="coerce").to_numpy(dtype="float64")
        coordinate_crs = self.parameterAsCrs(parameters, self.COORDINATE_CRS, context)
        if not coordinate_crs.isValid():
            coordinate_crs = QgsCoordinateReferenceSystem(DEFAULT_PROJECTED_CRS)
        return x, y, coordinate_crs
