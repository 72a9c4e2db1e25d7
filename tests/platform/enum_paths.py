"""Is an enum reached through its own enum class? Checked with the modules of the running QGIS.

QGIS 3 keeps PyQt5-era shortcuts alive for old code: ``QgsPalLayerSettings.OverPoint`` (a member
read through the class that holds the enum), ``QgsUnitTypes.LayoutMillimeters`` and
``QgsProcessing.TypeVectorPolygon`` (members of enums that moved to ``Qgis``), ``QgsUnitTypes.LayoutUnit``
(an alias of ``Qgis.LayoutUnit``). QGIS 4 (PyQt6) has none of them. The only form that works on both
is ``Owner.Enum.Member`` with ``Owner.Enum`` the enum's own name (``Qgis.LayoutUnit.Millimeters``),
where Owner may be a subclass of the class defining the enum.
"""
from __future__ import annotations

import enum
import importlib
from types import ModuleType


def is_enum_class(value: object) -> bool:
    """A Python enum (QGIS scoped enums) or a sip enum type (PyQt5's unscoped enums)."""
    kind = type(value)
    return isinstance(value, enum.EnumMeta) or (kind.__name__ == "enumtype" and kind.__module__ == "sip")


def is_enum_member(value: object) -> bool:
    return not isinstance(value, type) and is_enum_class(type(value))


def _import_longest(parts: list[str]) -> tuple[ModuleType, int]:
    """The deepest importable module among the leading parts, and how many parts it used."""
    for depth in range(len(parts), 0, -1):
        try:
            return importlib.import_module(".".join(parts[:depth])), depth
        except ImportError:
            continue
    raise ImportError(parts[0])


def _named_by_owner(owner: object, name: str, enum_class: type) -> bool:
    """``owner.name`` is ``enum_class`` under its own name, owner being its defining class or a subclass."""
    if isinstance(owner, ModuleType):
        return enum_class.__qualname__ == name
    return any(f"{klass.__name__}.{name}" == enum_class.__qualname__ for klass in getattr(owner, "__mro__", ()))


def _member_name_matches(enum_class: type, name: str, member: object) -> bool:
    own_name = getattr(member, "name", None)
    return own_name == name if own_name is not None else getattr(enum_class, name, None) == member


def unscoped_reason(dotted: str) -> str | None:
    """None when every enum class and member in ``dotted`` is reached canonically; else why not."""
    parts = dotted.split(".")
    try:
        module, depth = _import_longest(parts)
    except ImportError:
        return f"module {parts[0]} cannot be imported"
    chain: list[object] = [module]
    for index in range(depth, len(parts)):
        name, owner = parts[index], chain[-1]
        try:
            value = getattr(owner, name)
        except AttributeError:
            return f"{'.'.join(parts[: index + 1])} does not exist here"
        if is_enum_class(value) and not _named_by_owner(owner, name, value):
            return f"{'.'.join(parts[: index + 1])} is an alias of {value.__qualname__}"
        if is_enum_member(value) and not (owner is type(value) and _member_name_matches(owner, name, value)):
            return f"{name} is {type(value).__qualname__}.{getattr(value, 'name', name)}"
        chain.append(value)
    return None
