"""The Python packages the plugin needs beyond QGIS, and the sentence that says how to install a missing one.

Every QGIS ships numpy; pandas, scipy, matplotlib and shapely 2 are not everywhere: the official
macOS builds lack pandas, scipy and shapely, and older installs have shapely 1.8. The plugin loads
without them; an algorithm or panel that needs a missing package says which one and how to
install it (the OSGeo4W Shell on Windows, the QGIS Python console on macOS), never a traceback.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass

from qgis.PyQt.QtCore import QCoreApplication


@dataclass(frozen=True)
class Package:
    """An optional package: its import name, what pip installs, and the oldest usable major version."""

    module: str
    requirement: str
    minimum_major: int = 0


OPTIONAL_PACKAGES = {package.module: package for package in (
    Package("pandas", "pandas"),
    Package("scipy", "scipy"),
    Package("shapely", "shapely>=2", minimum_major=2),
    Package("matplotlib", "matplotlib"),
)}


def tr(text: str) -> str:
    return QCoreApplication.translate("dependencies", text)


def problem(module: str) -> str | None:
    """None when the optional package ``module`` imports at a usable version, else what is wrong with it.

    E.g. "scipy (not installed)" or "shapely 2 or later (this QGIS has 1.8.5)".
    """
    package = OPTIONAL_PACKAGES[module]
    try:
        version = getattr(importlib.import_module(module), "__version__", "")
    except ImportError:
        return tr("{0} (not installed)").format(module)
    major = version.split(".")[0]
    if package.minimum_major and (not major.isdigit() or int(major) < package.minimum_major):
        return tr("{0} {1} or later (this QGIS has {2})").format(module, package.minimum_major, version or "?")
    return None


def unusable_packages(modules) -> list[str]:
    """The optional packages among ``modules`` that are missing or too old, in the order given."""
    return [module for module in modules if problem(module) is not None]


def packages_behind(error: ImportError) -> list[str]:
    """The optional packages that caused ``error``: the one it names, or those too old to import from.

    An empty list means the error is not about an optional package (a bug, to be raised as is).
    """
    named = (error.name or "").split(".")[0]
    if named in OPTIONAL_PACKAGES:
        return [named]
    return [] if error.name else unusable_packages(OPTIONAL_PACKAGES)


def install_advice(what: str, modules: list[str]) -> str:
    """One sentence: ``what`` needs ``modules`` (missing or too old) and the commands that install them.

    E.g. "Representation ratios and tiers needs the Python package scipy (not installed): on Windows
    run python -m pip install --user scipy in the OSGeo4W Shell, on macOS run import pip;
    pip.main(['install', '--user', 'scipy']) in the QGIS Python console, then restart QGIS."
    """
    requirements = [OPTIONAL_PACKAGES[module].requirement for module in modules]
    shell = " ".join(f'"{r}"' if ">" in r else r for r in requirements)  # cmd.exe would read > as a redirect
    console = ", ".join(f"'{r}'" for r in requirements)
    return tr("{what} needs the Python package{s} {problems}: on Windows run python -m pip install --user {shell} "
              "in the OSGeo4W Shell, on macOS run import pip; pip.main(['install', '--user', {console}]) in the "
              "QGIS Python console, then restart QGIS.").format(
        what=what, s="s" if len(modules) > 1 else "", problems=" and ".join(problem(m) or m for m in modules),
        shell=shell, console=console)
