"""Atomic outputs: every file a run writes is staged beside its destination and moved into place
only when the whole run succeeded.

:class:`OutputStaging` gives each file output (feature sink or file destination) its own hidden
folder ``.phso-staging-…`` in the destination's folder, holding a file of the destination's own
name (so the layer name GDAL derives from it, a shapefile's parts and files written beside it,
such as a style's ``.qml``, come out right). On success the sinks are closed and every staged file
is moved over its destination with ``os.replace`` (same file system, so each move is atomic); a
layer destined for an existing GeoPackage is copied into it under a temporary name and swapped in
within one SQLite transaction instead, keeping the file's other layers. After an error or a cancel the
staging folders are deleted: no partial file is left and an existing destination is untouched. Memory
outputs (TEMPORARY_OUTPUT) and database tables are not staged.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from contextlib import closing
from dataclasses import dataclass, field

from qgis.core import QgsDataSourceUri, QgsProcessingException, QgsProcessingOutputLayerDefinition, QgsProperty
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication

from ...cancel import start_phase
from ...errors import InputError
from .destinations import PROVIDER_PREFIX, FileTarget, ogr_destination

STAGING_PREFIX = ".phso-staging-"
#: Files SQLite keeps beside a database while it is open; a stale one would be replayed into the new file.
SQLITE_SIDECARS = ("-wal", "-shm", "-journal")
STAGING_LAYER_SUFFIX = "__phso_staging"
MOVE, SWAP, MERGED = "move", "swap", "merged"
#: Parts of a shapefile besides the .shp; stale ones of an older file are removed.
SHAPEFILE_PARTS = (".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx", ".qpj", ".shp.xml")


def tr(text: str) -> str:
    return QCoreApplication.translate("outputs", text)


@dataclass
class StagedOutput:
    """One output: its parameter, final target, staging folder and the sinks writing into it."""

    parameter: str
    target: FileTarget
    folder: str
    sinks: list = field(default_factory=list)
    #: How the second commit step puts it in place: MOVE, SWAP or MERGED (see :func:`prepare`).
    finish: str = ""

    @property
    def staged_path(self) -> str:
        return os.path.join(self.folder, os.path.basename(self.target.path))

    def public(self, text: str) -> str:
        """``text`` with the staged path replaced by the destination's."""
        return text.replace(self.staged_path, self.target.path).replace(self.folder, os.path.dirname(self.target.path))


class OutputStaging:
    """The staged outputs of one run of one algorithm (see the module docstring)."""

    def __init__(self, feedback=None) -> None:
        self.outputs: list[StagedOutput] = []
        self.feedback = feedback

    def announce(self, description: str) -> None:
        """Report the writing phase of an output (the progress text QGIS shows above its progress bar)."""
        if self.feedback is not None:
            start_phase(self.feedback, tr("Writing {0}…").format(description))

    def stage(self, parameter: str, target: FileTarget) -> StagedOutput:
        """A staging folder beside ``target``; InputError when it cannot be created there."""
        folder = os.path.dirname(os.path.abspath(target.path))
        try:
            staging = tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=folder)
        except OSError as err:
            raise InputError(tr("Cannot write in the folder {0} chosen for {1}: {2}.").format(
                folder, parameter, err.strerror)) from err
        staged = StagedOutput(parameter, FileTarget(os.path.abspath(target.path), target.layer), staging)
        self.outputs.append(staged)
        return staged

    def sink_value(self, parameter: str, value, destination: str, target: FileTarget):
        """The parameter value that makes QGIS write the sink ``destination`` into its staging folder."""
        staged = self.stage(parameter, target)
        staged_destination = staged_sink_destination(destination, FileTarget(staged.staged_path, target.layer))
        if isinstance(value, QgsProcessingOutputLayerDefinition):
            value = QgsProcessingOutputLayerDefinition(value)
            value.sink = QgsProperty.fromValue(staged_destination)
            return staged, value
        return staged, staged_destination

    def file_path(self, parameter: str, target: FileTarget) -> str:
        """Where to write the file output ``parameter`` (staged once per parameter)."""
        for staged in self.outputs:
            if staged.parameter == parameter:
                return staged.staged_path
        return self.stage(parameter, target).staged_path

    def folder_path(self, parameter: str, target: FileTarget) -> str:
        """Where to write the files of the folder output ``parameter``: a new folder in its staging folder, whose
        files are moved into the destination folder on commit (:func:`merge_folder`)."""
        staged = self.file_path(parameter, target)
        os.makedirs(staged, exist_ok=True)
        return staged

    def output_of(self, sink) -> StagedOutput | None:
        """The staged output ``sink`` writes, None for a sink that is not staged (memory, database)."""
        return next((staged for staged in self.outputs if any(s is sink for s in staged.sinks)), None)

    def public(self, text: str) -> str:
        """``text`` (a message or a destination id) naming destinations instead of staging paths."""
        for staged in self.outputs:
            text = staged.public(text)
        return text

    def commit(self, results: dict) -> dict:
        """Close the sinks, put every staged output in place and return ``results`` naming the final paths.

        Two steps, so that a failure leaves no output half-saved: first every layer bound for an existing
        file is copied into it under a temporary name (a failure removes those copies: nothing saved);
        then each destination is replaced (``os.replace``) or its layer swapped in (one transaction).
        """
        for staged in self.outputs:
            close_sinks(staged, finalize=True)
        self._prepare()
        saved = []
        for staged in self.outputs:
            try:
                moved = finish(staged)
            except (OSError, RuntimeError) as err:
                done = tr(" Saved before the failure: {0}.").format(", ".join(saved)) if saved else ""
                self.discard()
                raise QgsProcessingException(tr("Could not save {0} to {1}: {2}.{3}").format(
                    staged.parameter, staged.target.describe(), err, done)) from err
            saved.append(staged.target.describe())
            self._log_saved(staged, moved)
        results = {key: self.public(value) if isinstance(value, str) else value for key, value in results.items()}
        self.discard()
        return results

    def _log_saved(self, staged: StagedOutput, moved: list[str]) -> None:
        """``Saved OUTPUT to …`` (naming any files written beside it, e.g. a style's .qml)."""
        also = [name for name in moved if name != os.path.basename(staged.target.path)]
        if self.feedback is not None:
            self.feedback.pushInfo(tr("Saved {0} to {1}{2}.").format(
                staged.parameter, staged.target.describe(), tr(" (with {0})").format(", ".join(also)) if also else ""))

    def _prepare(self) -> None:
        """First commit step (see :meth:`commit`); QgsProcessingException, nothing saved, when it fails."""
        carriers: dict[str, StagedOutput] = {}
        for staged in self.outputs:
            try:
                prepare(staged, carriers)
            except (OSError, RuntimeError) as err:
                for other in self.outputs:
                    if other.finish == SWAP:
                        drop_layer(other.target.path, other.target.layer + STAGING_LAYER_SUFFIX)
                self.discard()
                raise QgsProcessingException(tr("Could not save {0} to {1}: {2}. No output was written.").format(
                    staged.parameter, staged.target.describe(), err)) from err

    def discard(self) -> None:
        """Close any open sink and delete every staging folder (and what is in it)."""
        for staged in self.outputs:
            close_sinks(staged, finalize=False)
            shutil.rmtree(staged.folder, ignore_errors=True)
        self.outputs = []


def rekey_layer_to_load(context, staged_id: str, final_id: str) -> None:
    """Make QGIS load the output from its destination when the run completes, not from the staging folder."""
    if staged_id == final_id or not context.willLoadLayerOnCompletion(staged_id):
        return
    layers = context.layersToLoadOnCompletion()
    layers[final_id] = layers.pop(staged_id)
    context.setLayersToLoadOnCompletion(layers)


def staged_sink_destination(destination: str, staged: FileTarget) -> str:
    """``destination`` rewritten to write ``staged`` instead (same format, options and layer name)."""
    prefixed = PROVIDER_PREFIX.match(destination)
    if prefixed and staged.layer is not None:
        uri = QgsDataSourceUri(prefixed.group(2))
        uri.setDatabase(staged.path)
        return "ogr:" + uri.uri(False)
    return ogr_destination(staged)


def close_sinks(staged: StagedOutput, finalize: bool) -> None:
    """Flush (when ``finalize``) and destroy the staged sinks, which closes their files."""
    sinks, staged.sinks = staged.sinks, []
    for sink in sinks:
        if sip.isdeleted(sink):
            continue
        try:
            if finalize:
                flush(sink, staged)
        finally:
            sip.delete(sink)


def flush(sink, staged: StagedOutput) -> None:
    """Write what the sink still buffers (``finalize`` since QGIS 3.42); QgsProcessingException on failure."""
    finalize = getattr(sink, "finalize", None)
    if finalize is not None:
        finalize()
    elif not sink.flushBuffer():
        raise QgsProcessingException(tr("Could not write {0}: {1}").format(
            staged.parameter, staged.public(sink.lastError())))


def prepare(staged: StagedOutput, carriers: dict[str, StagedOutput]) -> None:
    """First commit step for one output. A layer bound for an existing file is copied into it under a
    temporary name (SWAP); a layer bound for a new file that another output creates joins that output's
    staged file (MERGED); anything else is moved whole in the second step (MOVE) and may carry others."""
    target = staged.target
    if target.layer is not None and os.path.exists(target.path):
        staged.finish = SWAP
        copy_layer(staged.staged_path, target.path, target.layer + STAGING_LAYER_SUFFIX)
    elif target.layer is not None and target.key in carriers:
        staged.finish = MERGED
        copy_layer(staged.staged_path, carriers[target.key].staged_path, target.layer)
    else:
        staged.finish = MOVE
        carriers[target.key] = staged


def finish(staged: StagedOutput) -> list[str]:
    """Second commit step: replace the destination by the staged files, or swap the prepared layer in;
    returns the names of the files moved."""
    if staged.finish != MOVE:
        if staged.finish == SWAP:
            swap_layer(staged.target.path, staged.target.layer + STAGING_LAYER_SUFFIX, staged.target.layer)
        return [os.path.basename(staged.target.path)]
    if os.path.isdir(staged.staged_path):
        return merge_folder(staged.staged_path, staged.target.path)
    destination_folder = os.path.dirname(staged.target.path)
    remove_sidecars(staged.target.path)
    checkpoint_databases(staged.folder)
    produced = sorted(name for name in os.listdir(staged.folder) if not name.endswith(SQLITE_SIDECARS))
    for name in produced:
        os.replace(os.path.join(staged.folder, name), os.path.join(destination_folder, name))
    remove_stale_shapefile_parts(staged.target.path, produced)
    return produced


def merge_folder(staged: str, destination: str) -> list[str]:
    """Move every file of the staged folder into ``destination`` (created if need be; files of the same name
    replaced, others left alone), each with ``os.replace``; returns their names."""
    os.makedirs(destination, exist_ok=True)
    names = sorted(os.listdir(staged))
    for name in names:
        os.replace(os.path.join(staged, name), os.path.join(destination, name))
    return names


def checkpoint_databases(folder: str) -> None:
    """Write into each SQLite database (GeoPackage) of ``folder`` what a connection still open on it left
    in its write-ahead log, so that the database file alone is complete and its ``-wal``/``-shm`` can stay
    behind."""
    for name in os.listdir(folder):
        if name.endswith("-wal"):
            with closing(sqlite3.connect(os.path.join(folder, name[:-len("-wal")]))) as database:
                database.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def remove_sidecars(path: str) -> None:
    """Delete a stale SQLite journal beside ``path`` (it belongs to the file about to be replaced)."""
    for suffix in SQLITE_SIDECARS:
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def remove_stale_shapefile_parts(path: str, produced: list[str]) -> None:
    """Delete parts of an older shapefile at ``path`` that the new one does not have (e.g. its index)."""
    stem, extension = os.path.splitext(path)
    if extension.lower() != ".shp":
        return
    for part in SHAPEFILE_PARTS:
        old = stem + part
        if os.path.basename(old) not in produced and os.path.exists(old):
            os.remove(old)


def copy_layer(source_path: str, destination_path: str, name: str) -> None:
    """Copy the only layer of ``source_path`` into the existing file ``destination_path`` as ``name``."""
    from osgeo import gdal, ogr

    source = ogr.Open(source_path)
    destination = gdal.OpenEx(destination_path, gdal.OF_VECTOR | gdal.OF_UPDATE)
    if source is None or destination is None:
        raise RuntimeError(tr("cannot open {0} to add a layer").format(destination_path))
    if destination.CopyLayer(source.GetLayer(0), name) is None:
        raise RuntimeError(gdal.GetLastErrorMsg() or tr("the layer could not be copied"))


def swap_layer(path: str, temporary: str, name: str) -> None:
    """Drop the layer ``name`` (if any) of ``path`` and rename ``temporary`` to it, in one transaction
    where the format has them (GeoPackage); on failure the temporary layer is removed."""
    from osgeo import gdal

    dataset = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_UPDATE)
    if dataset is None:
        raise RuntimeError(tr("cannot open {0} for update").format(path))
    try:
        rename_layer(dataset, temporary, name)
    except BaseException:
        dataset = None
        drop_layer(path, temporary)
        raise


def rename_layer(dataset, temporary: str, name: str) -> None:
    """Drop the layer ``name`` (if any) and rename ``temporary`` to it, in one transaction where possible."""
    from osgeo import gdal, ogr

    transaction = dataset.TestCapability(ogr.ODsCTransactions) and dataset.StartTransaction() == 0
    try:
        layer_index = find_layer(dataset, name)
        if layer_index is not None and dataset.DeleteLayer(layer_index) != 0:
            raise RuntimeError(gdal.GetLastErrorMsg() or tr("the old layer could not be replaced"))
        rename = getattr(dataset.GetLayerByName(temporary), "Rename", None)
        if rename is None:
            raise RuntimeError(tr("adding a layer to an existing file needs GDAL 3.5 or later"))
        if rename(name) != 0:
            raise RuntimeError(gdal.GetLastErrorMsg() or tr("the layer could not be renamed"))
    except BaseException:
        if transaction:
            dataset.RollbackTransaction()
        raise
    if transaction and dataset.CommitTransaction() != 0:
        raise RuntimeError(gdal.GetLastErrorMsg() or tr("the transaction could not be committed"))


def find_layer(dataset, name: str) -> int | None:
    """Index of the layer called ``name`` (case-insensitively, as GeoPackage compares table names)."""
    for index in range(dataset.GetLayerCount()):
        if dataset.GetLayer(index).GetName().lower() == name.lower():
            return index
    return None


def drop_layer(path: str, name: str) -> None:
    """Remove the layer ``name`` from ``path`` if it is there (a copy left by a failed commit); best effort,
    as it runs while another error is being reported."""
    from osgeo import gdal

    try:
        dataset = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_UPDATE)
        index = find_layer(dataset, name) if dataset is not None else None
        if index is not None:
            dataset.DeleteLayer(index)
    except RuntimeError:
        pass
