"""content/synonyms.yaml is editor-typed YAML: anchors and aliases are refused at their line,
and a message quotes an entry only as a short excerpt."""
import pytest

from mbcinfo.search.synonyms import SynonymsError, parse_synonyms


@pytest.mark.parametrize("text, line", [
    ("- [hospice, palliative]\n- &care [comfort care, end of life]\n", 2),
    ("- [hospice, palliative]\n- [money, cost]\n- *care\n", 3),
])
def test_anchors_and_aliases_are_refused_at_their_line(text, line):
    with pytest.raises(SynonymsError, match=rf"^synonyms\.yaml:{line}: has an anchor or alias .* not allowed"):
        parse_synonyms(text, "synonyms.yaml")


def test_a_long_entry_is_quoted_only_as_a_short_excerpt():
    with pytest.raises(SynonymsError) as error:
        parse_synonyms("- [" + "word " * 5000 + ", other]\n", "synonyms.yaml")
    assert "longer than" in str(error.value) and len(str(error.value)) < 200
