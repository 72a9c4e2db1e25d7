"""Columns of a DataFrame as an Arrow record batch for GDAL's ``WriteArrow`` (no pyarrow needed).

GDAL ≥ 3.8 writes a whole record batch into a layer in C++ (``OGRLayer::WriteArrowBatch``), far
faster than one ``QgsFeature`` per row. It takes the batch through the Arrow C data interface: two C
structs (``ArrowSchema``, ``ArrowArray``) whose buffers point at the values. This module builds them
with :mod:`ctypes` over numpy buffers it keeps alive in :class:`RecordBatch`, and hands them over as
the PyCapsules GDAL's Python bindings accept (``Layer.WriteArrowSchemaAndArrowArrayCapsule``).

Column kinds: ``"int"`` (int64, NULL where missing), ``"float"`` (float64, NaN as NULL), ``"bool"``
and ``"str"`` (UTF-8, None as NULL). :func:`column_kind` says which a column is, or None for anything
else (dates, bytes, mixed objects), which the caller then writes feature by feature.
"""
from __future__ import annotations

import ctypes

import numpy as np
import pandas as pd

#: Arrow format strings of the column kinds.
FORMATS = {"int": b"l", "float": b"g", "bool": b"b", "str": b"U"}
ARROW_FLAG_NULLABLE = 2
SCHEMA_CAPSULE, ARRAY_CAPSULE = b"arrow_schema", b"arrow_array"


class ArrowSchema(ctypes.Structure):
    pass


class ArrowArray(ctypes.Structure):
    pass


SchemaRelease = ctypes.CFUNCTYPE(None, ctypes.POINTER(ArrowSchema))
ArrayRelease = ctypes.CFUNCTYPE(None, ctypes.POINTER(ArrowArray))
ArrowSchema._fields_ = [
    ("format", ctypes.c_char_p), ("name", ctypes.c_char_p), ("metadata", ctypes.c_char_p),
    ("flags", ctypes.c_int64), ("n_children", ctypes.c_int64),
    ("children", ctypes.POINTER(ctypes.POINTER(ArrowSchema))), ("dictionary", ctypes.POINTER(ArrowSchema)),
    ("release", SchemaRelease), ("private_data", ctypes.c_void_p)]
ArrowArray._fields_ = [
    ("length", ctypes.c_int64), ("null_count", ctypes.c_int64), ("offset", ctypes.c_int64),
    ("n_buffers", ctypes.c_int64), ("n_children", ctypes.c_int64), ("buffers", ctypes.POINTER(ctypes.c_void_p)),
    ("children", ctypes.POINTER(ctypes.POINTER(ArrowArray))), ("dictionary", ctypes.POINTER(ArrowArray)),
    ("release", ArrayRelease), ("private_data", ctypes.c_void_p)]


@SchemaRelease
def _release_schema(schema) -> None:
    """The memory belongs to the :class:`RecordBatch`: releasing only marks the struct released."""
    schema.contents.release = SchemaRelease()


@ArrayRelease
def _release_array(array) -> None:
    array.contents.release = ArrayRelease()


_capsule_new = ctypes.pythonapi.PyCapsule_New
_capsule_new.restype = ctypes.py_object
_capsule_new.argtypes = (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p)


def column_kind(values: pd.Series) -> str | None:
    """``"int"``, ``"float"``, ``"bool"`` or ``"str"`` for a column :class:`RecordBatch` can carry, else None."""
    dtype = values.dtype
    if pd.api.types.is_bool_dtype(dtype) and not isinstance(dtype, pd.api.extensions.ExtensionDtype):
        return "bool"
    if pd.api.types.is_integer_dtype(dtype):
        return "int"
    if pd.api.types.is_float_dtype(dtype):
        return "float"
    if pd.api.types.is_object_dtype(dtype) and pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
        return "str"
    return None


class RecordBatch:
    """One Arrow record batch (a struct array of the columns) over buffers this object keeps alive.

    ``columns``: (name, kind, values) in the layer's field order. The schema and array are exported
    with :meth:`capsules`; they stay valid as long as this object lives.
    """

    def __init__(self, columns: list[tuple[str, str, pd.Series]]) -> None:
        self._keep: list = []
        self.length = len(columns[0][2]) if columns else 0
        children = [self._column(name, kind, values) for name, kind, values in columns]
        self.schema = self._schema(b"+s", b"", [schema for schema, _ in children])
        self.array = self._array(self.length, 0, [None], [array for _, array in children])

    def capsules(self) -> tuple:
        """``(schema capsule, array capsule)``, as ``__arrow_c_array__`` returns them."""
        return (_capsule_new(ctypes.addressof(self.schema), SCHEMA_CAPSULE, None),
                _capsule_new(ctypes.addressof(self.array), ARRAY_CAPSULE, None))

    def _column(self, name: str, kind: str, values: pd.Series) -> tuple[ArrowSchema, ArrowArray]:
        valid, buffers = column_buffers(kind, values)
        null_count = int(len(valid) - np.count_nonzero(valid))
        validity = np.packbits(valid, bitorder="little") if null_count else None
        schema = self._schema(FORMATS[kind], name.encode("utf-8"), [])
        return schema, self._array(len(valid), null_count, [validity, *buffers], [])

    def _schema(self, fmt: bytes, name: bytes, children: list) -> ArrowSchema:
        self._keep += [fmt, name, *children]
        pointers = (ctypes.POINTER(ArrowSchema) * max(len(children), 1))(*[ctypes.pointer(c) for c in children])
        self._keep.append(pointers)
        return ArrowSchema(fmt, name, None, ARROW_FLAG_NULLABLE, len(children), pointers, None, _release_schema, None)

    def _array(self, length: int, null_count: int, buffers: list, children: list) -> ArrowArray:
        self._keep += [b for b in buffers if b is not None] + children
        addresses = (ctypes.c_void_p * len(buffers))(*[None if b is None else b.ctypes.data for b in buffers])
        pointers = (ctypes.POINTER(ArrowArray) * max(len(children), 1))(*[ctypes.pointer(c) for c in children])
        self._keep += [addresses, pointers]
        return ArrowArray(length, null_count, 0, len(buffers), len(children), addresses, pointers, None,
                          _release_array, None)


def column_buffers(kind: str, values: pd.Series) -> tuple[np.ndarray, list[np.ndarray]]:
    """(valid per row, the Arrow buffers after the validity bitmap) of one column."""
    if kind == "str":
        return text_buffers(values.to_numpy(dtype=object))
    valid = values.notna().to_numpy(dtype=bool)
    if kind == "bool":
        return valid, [np.packbits(values.to_numpy(dtype=bool, na_value=False), bitorder="little")]
    if kind == "int":
        return valid, [values.to_numpy(dtype=np.int64, na_value=0)]
    return valid, [np.ascontiguousarray(values.to_numpy(dtype=np.float64, na_value=np.nan))]


def text_buffers(values: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """(valid, [int64 offsets, UTF-8 bytes]) of str objects (None: NULL). ASCII text is packed with numpy
    (fixed-width bytes, then the used bytes of each row); other text is encoded value by value."""
    valid = np.not_equal(values, None)
    text = np.where(valid, values, "")
    try:
        fixed = text.astype("S")
    except UnicodeEncodeError:
        encoded = [item.encode("utf-8") for item in text.tolist()]
        lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
        data = np.frombuffer(b"".join(encoded), dtype=np.uint8)
    else:
        lengths = np.char.str_len(fixed).astype(np.int64)
        width = fixed.dtype.itemsize
        grid = fixed.view(np.uint8).reshape(len(fixed), width) if width else np.zeros((len(fixed), 0), np.uint8)
        data = grid[np.arange(width) < lengths[:, None]]
    offsets = np.zeros(len(values) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    return valid, [offsets, np.ascontiguousarray(data, dtype=np.uint8) if len(data) else np.zeros(1, np.uint8)]
