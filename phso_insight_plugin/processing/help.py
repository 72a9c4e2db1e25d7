"""Algorithm help, kept out of the code in ``resources/help/<algorithm id>.yaml`` (as QGIS keeps its own in
``processing/algs/help/qgis.yaml``; PyYAML ships with every QGIS, whose Processing framework needs it).

One file per algorithm gives a ``summary``, one entry per parameter (``parameters``: the ``keys`` it
describes and a ``text``), one per result (``results``), and ``details``: HTML shown only in the dialog.
Texts use three inline marks, ```code```, ``**bold**`` and ``*italic*``. The same entries make the
dialog's help (:func:`help_html`) and the README's tables (:func:`readme_tables`), each parameter's
choices and default added from the algorithm's own definition, so the dialog, the README and the code
cannot disagree.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from qgis.core import QgsProcessingParameterBoolean, QgsProcessingParameterEnum, QgsProcessingParameterNumber

from ..resources import RESOURCES_DIR

HELP_DIR = RESOURCES_DIR / "help"
INLINE_MARKS = ((re.compile(r"`([^`]+)`"), r"<code>\1</code>"), (re.compile(r"\*\*([^*]+)\*\*"), r"<b>\1</b>"),
                (re.compile(r"\*([^*]+)\*"), r"<i>\1</i>"))


@dataclass(frozen=True)
class Entry:
    """What the parameters or results named by ``keys`` are (one table row)."""

    keys: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class AlgorithmHelp:
    """The help of one algorithm, as written in its YAML file."""

    summary: str
    parameters: tuple[Entry, ...]
    results: tuple[Entry, ...]
    details: str


def help_path(algorithm_id: str) -> Path:
    return HELP_DIR / f"{algorithm_id}.yaml"


@cache
def algorithm_help(algorithm_id: str) -> AlgorithmHelp:
    """The help file of ``algorithm_id``, read once."""
    import yaml

    data = yaml.safe_load(help_path(algorithm_id).read_text(encoding="utf-8"))

    def entries(key: str) -> tuple[Entry, ...]:
        return tuple(Entry(tuple(item["keys"]), " ".join(item["text"].split())) for item in data.get(key) or ())

    return AlgorithmHelp(" ".join(data["summary"].split()), entries("parameters"), entries("results"),
                         data.get("details", "").strip())


def inline_html(text: str) -> str:
    """``text`` with its inline marks as HTML (and ``&``, ``<``, ``>`` escaped)."""
    text = html.escape(text, quote=False)
    for pattern, replacement in INLINE_MARKS:
        text = pattern.sub(replacement, text)
    return text


def shown_value(definition, value) -> str:
    """A parameter value as the help shows it: yes/no, a number, or text in backticks."""
    if isinstance(definition, QgsProcessingParameterBoolean):
        return "yes" if value else "no"
    if isinstance(definition, QgsProcessingParameterNumber):
        return f"{value:g}"
    return "`" + " / ".join(str(value).splitlines()) + "`"


def choices(definition) -> str:
    """The options of an enum, as scripts pass them, the default marked: ``0 None [default] · 1 …``."""
    default = definition.defaultValue()
    shown = [f"`{option}`" if definition.usesStaticStrings() else f"{i} {option}"
             for i, option in enumerate(definition.options())]
    return " · ".join(text + (" [default]" if default in (i, option) else "")
                      for i, (option, text) in enumerate(zip(definition.options(), shown)))


def described(algorithm, entry: Entry) -> str:
    """The entry's text (translated), then the choices of an enum and the defaults, from the definitions."""
    text = algorithm.tr(entry.text)
    defaults = []
    for key in entry.keys:
        definition = algorithm.parameterDefinition(key)
        if isinstance(definition, QgsProcessingParameterEnum):
            text += ": " + choices(definition)
        elif definition is not None and definition.defaultValue() not in (None, ""):
            value = shown_value(definition, definition.defaultValue())
            defaults.append(value if len(entry.keys) == 1 else f"{value} for `{key}`")
    if defaults:
        text += " (" + algorithm.tr("default") + ": " + ", ".join(defaults) + ")"
    return text


def help_html(algorithm) -> str:
    """The dialog help: summary, parameters by their dialog label and key, results, then the details."""
    written = algorithm_help(algorithm.name())
    parts = [f"<p>{inline_html(algorithm.tr(written.summary))}</p>"]
    for title, entries, label in ((algorithm.tr("Parameters"), written.parameters, parameter_label),
                                  (algorithm.tr("Results"), written.results, output_label)):
        if entries:
            items = "".join(f"<li>{', '.join(label(algorithm, key) for key in entry.keys)}: "
                            f"{inline_html(described(algorithm, entry))}</li>" for entry in entries)
            parts.append(f"<h3>{title}</h3><ul>{items}</ul>")
    if written.details:
        parts.append(algorithm.tr(written.details))
    return "\n".join(parts)


def parameter_label(algorithm, key: str) -> str:
    definition = algorithm.parameterDefinition(key)
    return f"<b>{html.escape(definition.description(), quote=False)}</b> (<code>{key}</code>)"


def output_label(algorithm, key: str) -> str:
    return f"<code>{key}</code>"


def readme_tables(algorithm) -> str:
    """The README's part of the help (Markdown): the summary, a parameter table and a result table."""
    written = algorithm_help(algorithm.name())
    parts = [written.summary]
    for heading, entries in (("parameter", written.parameters), ("result", written.results)):
        if entries:
            rows = [f"| {', '.join(f'`{key}`' for key in entry.keys)} | "
                    f"{described(algorithm, entry).replace('|', '&#124;')} |" for entry in entries]
            parts.append("\n".join([f"| {heading} | meaning |", "|---|---|", *rows]))
    return "\n\n".join(parts)
