"""Help lives in resources/help/<algorithm id>.yaml: the dialog shows it, the README's tables are made from it,
and every parameter and result of every algorithm is described there exactly once."""
import pytest
from qgis.core import QgsApplication

from phso_insight_plugin.processing.help import algorithm_help, help_html, inline_html, readme_tables
from phso_insight_plugin.processing.registry import ALGORITHMS
from scripts.readme_tables import README, sections, spliced

ALGORITHM_IDS = ["assigncases", "joincasecounts", "preparepopulation", "preparedeprivation",
                 "representation", "grouprepresentation",
                 "representationchange", "apportion", "tierstyle", "exportmap", "exportstyled", "insightreport",
                 "areabriefings"]


def algorithm(plugin, alg_id: str):
    return QgsApplication.processingRegistry().algorithmById(f"phso_insight:{alg_id}")


def described_keys(entries) -> list[str]:
    return [key for entry in entries for key in entry.keys]


def test_every_registered_algorithm_has_a_help_file():
    assert len(ALGORITHMS) == len(ALGORITHM_IDS)
    for alg_id in ALGORITHM_IDS:
        assert algorithm_help(alg_id).summary


@pytest.mark.parametrize("alg_id", ALGORITHM_IDS)
def test_the_help_file_describes_every_parameter_once_and_nothing_else(plugin, alg_id):
    parameters = [d.name() for d in algorithm(plugin, alg_id).parameterDefinitions()]
    assert sorted(described_keys(algorithm_help(alg_id).parameters)) == sorted(parameters)


@pytest.mark.parametrize("alg_id", ALGORITHM_IDS)
def test_the_help_file_describes_every_result_once_and_nothing_else(plugin, alg_id):
    alg = algorithm(plugin, alg_id)
    destinations = {d.name() for d in alg.destinationParameterDefinitions()}
    results = [o.name() for o in alg.outputDefinitions() if o.name() not in destinations]
    assert sorted(described_keys(algorithm_help(alg_id).results)) == sorted(results)


def test_the_readme_shows_the_help_files_as_the_generator_writes_them(plugin):
    readme = README.read_text(encoding="utf-8")
    assert readme == spliced(readme, sections()), "run: python -m scripts.readme_tables"


def test_a_readme_without_an_algorithm_s_block_is_refused():
    with pytest.raises(ValueError, match="apportion"):
        spliced("# README without generated blocks\n", {"apportion": "text"})


def test_the_dialog_names_each_parameter_by_its_label_and_key(plugin):
    shown = help_html(algorithm(plugin, "apportion"))
    assert "<b>Source areas</b> (<code>INPUT</code>), <b>Source id field</b> (<code>SOURCE_ID_FIELD</code>)" in shown
    assert "<h3>Conservation</h3>" in shown


def test_choices_and_defaults_come_from_the_parameter_definitions(plugin):
    table = readme_tables(algorithm(plugin, "grouprepresentation"))
    assert ": 0 None (PHE funnel limits) · 1 Benjamini–Hochberg false discovery rate [default] |" in table
    assert "(default: `Prefer not to say;Not known;Unknown;`)" in table
    assert "(default: `EPSG:27700` for `COORDINATE_CRS`)" in readme_tables(algorithm(plugin, "assigncases"))
    assert "`PuOr` [default] · `RdBu` · `Greyscale`" in readme_tables(algorithm(plugin, "tierstyle"))
    assert "(default: no)" in readme_tables(algorithm(plugin, "tierstyle"))


def test_inline_marks_become_html_and_angle_brackets_are_escaped():
    assert inline_html("`<prefix>_x` is **bold**, *italic* & q < 0.05") == (
        "<code>&lt;prefix&gt;_x</code> is <b>bold</b>, <i>italic</i> &amp; q &lt; 0.05")
