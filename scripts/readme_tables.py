"""Write the generated part of each algorithm's section of README.md: its summary, parameter table and
result table, made from ``resources/help/<id>.yaml`` and the algorithm's own parameter definitions
(:func:`phso_insight_plugin.processing.help.readme_tables`), the same source as the dialog's help.

Run ``python -m scripts.readme_tables`` from the repository root, in the QGIS environment, after editing a
help file or a parameter; ``tests/processing/test_help.py`` checks that README.md equals what it writes.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
BEGIN = "<!-- generated from resources/help/{0}.yaml by python -m scripts.readme_tables: edit that file -->"
END = "<!-- end of generated help -->"


def spliced(readme: str, sections: Mapping[str, str]) -> str:
    """``readme`` with the text between each algorithm's markers replaced by its section.

    Every algorithm needs its pair of markers (a ValueError names the one missing), so that an algorithm
    added to the plugin cannot be left out of the README.
    """
    for algorithm_id, section in sections.items():
        begin = BEGIN.format(algorithm_id)
        block = re.search(re.escape(begin) + r"\n.*?" + re.escape(END), readme, re.S)
        if block is None:
            raise ValueError(f"README.md has no '{begin}' … '{END}' block for {algorithm_id}")
        readme = f"{readme[:block.start()]}{begin}\n\n{section}\n\n{END}{readme[block.end():]}"
    return readme


def sections() -> dict[str, str]:
    """Algorithm id → its generated README text, for every algorithm of the registered provider."""
    from qgis.core import QgsApplication

    from phso_insight_plugin.processing.help import readme_tables
    from phso_insight_plugin.processing.registry import ALGORITHMS, ALGORITHMS_DIR
    from phso_insight_plugin.processing.unavailable_algorithm import declared_identity

    registry = QgsApplication.processingRegistry()
    ids = [declared_identity(ALGORITHMS_DIR / f"{module}.py", name).alg_id for module, name in ALGORITHMS]
    return {alg_id: readme_tables(registry.algorithmById(f"phso_insight:{alg_id}")) for alg_id in ids}


def main() -> None:
    from scripts.qgis_headless import start_qgis

    app = start_qgis()  # noqa: F841 (the algorithms live as long as QGIS does)
    README.write_text(spliced(README.read_text(encoding="utf-8"), sections()), encoding="utf-8")
    print(f"wrote the generated help into {README.name}")


if __name__ == "__main__":
    main()
