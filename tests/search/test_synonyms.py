"""content/synonyms.yaml: editors' word equivalences, checked, applied at query time."""
import logging

import pytest
import yaml
from django.conf import settings

from mbcinfo.search.analysis import stems
from mbcinfo.search.engine import search
from mbcinfo.search.synonyms import SynonymsError, current_synonyms, load_synonyms, parse_synonyms

REQUIRED_GROUPS = [
    ["stage 4", "stage IV", "advanced", "metastatic", "secondary", "mets", "MBC"],
    ["hospice", "palliative", "comfort care", "end of life"],
    ["money", "cost", "bills", "paying", "financial", "insurance"],
    ["support group", "counselling", "counseling", "depression", "anxiety"],
    ["trial", "study", "research"],
    ["spread", "metastasis"],
]


@pytest.mark.parametrize("group", REQUIRED_GROUPS, ids=lambda g: g[0])
def test_the_shipped_file_makes_each_required_group_equivalent(group):
    synonyms = load_synonyms(settings.BASE_DIR / "content" / "synonyms.yaml")
    first = tuple(stems(group[0]))
    reached = set(synonyms.alternatives(first))
    for entry in group[1:]:
        assert tuple(stems(entry)) in reached, entry


def test_the_shipped_file_is_only_lists_of_short_phrases():
    data = yaml.safe_load((settings.BASE_DIR / "content" / "synonyms.yaml").read_text())
    assert all(isinstance(g, list) and all(isinstance(e, str) and len(e.split()) <= 4 for e in g) for g in data)


@pytest.mark.parametrize("text, message", [
    ("- [a, b\n", ":2: not valid YAML"),
    ("hospice: palliative\n", ":1: must be a list of groups"),
    ("- [hospice]\n", ":1: each group must be a list of two or more"),
    ("- [ok, fine]\n- [hospice, [nested]]\n", ":2: entries must be words or short phrases"),
    ("- [the, of]\n", ":1: 'the' has only very common words"),
    ("- [one two three four five, six]\n", "longer than 4 words"),
    ("- [caregiver, caring for]\n", ":1: 'caring for' is searched as the one word 'care'"),
])
def test_a_broken_file_is_refused_with_its_line_and_what_to_fix(text, message):
    with pytest.raises(SynonymsError, match=message):
        parse_synonyms(text, "synonyms.yaml")


@pytest.mark.django_db
def test_a_broken_file_leaves_search_working_without_synonyms(site_index, settings, tmp_path, caplog):
    broken = tmp_path / "synonyms.yaml"
    broken.write_text("- [hospice\n")
    settings.SEARCH_SYNONYMS_FILE = broken
    with caplog.at_level(logging.ERROR):
        result = search("hospice")
    assert result.hits and result.hits[0].url.startswith("/topics/palliative-care/")
    assert "not valid YAML" in caplog.text
    assert current_synonyms().groups == {}


@pytest.mark.django_db
def test_an_edited_file_applies_on_the_next_search_without_a_rebuild(site_index, settings, tmp_path):
    own = tmp_path / "synonyms.yaml"
    own.write_text("- [money, cash]\n")
    settings.SEARCH_SYNONYMS_FILE = own
    assert not search("lolly").total
    own.write_text("- [money, cash, lolly]\n")
    result = search("lolly")
    assert result.total and result.hits[0].url.startswith("/topics/financial-help/")


def test_the_shipped_file_gives_care_no_synonyms():
    # "caring for" reduces to the one term "care", which nearly every page has: as a synonym
    # of "caregiver" it sent "palliative care" searches to the caregiver page and back.
    synonyms = load_synonyms(settings.BASE_DIR / "content" / "synonyms.yaml")
    assert synonyms.alternatives(("care",)) == [("care",)]
    assert ("care",) not in synonyms.alternatives(("caregiv",))
