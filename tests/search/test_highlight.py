"""Snippets: escaped text, the query's words marked in any of their forms, a useful window."""
from mbcinfo.search.analysis import stems
from mbcinfo.search.highlight import snippet


def terms(text):
    return frozenset(stems(text))


def test_words_are_marked_exactly_when_the_index_matches_them():
    html = snippet("Counselling helps. A counselor counsels; careers and careful care.", terms("counseling care"))
    # Porter stems: counselling, counsels → counsel; careful → care; counselor, careers stay apart.
    assert html == ("<mark>Counselling</mark> helps. A counselor <mark>counsels</mark>; careers and "
                    "<mark>careful</mark> <mark>care</mark>.")


def test_text_is_escaped_and_only_marks_are_html():
    html = snippet('<b>care</b> & "care" <script>x</script>', terms("care"))
    assert html == '&lt;b&gt;<mark>care</mark>&lt;/b&gt; &amp; &quot;<mark>care</mark>&quot; &lt;script&gt;x&lt;/script&gt;'


def test_a_short_text_is_shown_whole_with_list_items_kept_apart():
    html = snippet("These are about living.\nQuality of Life\nManaging Pain\nSymptom care", terms("care"))
    assert html == "These are about living. Quality of Life; Managing Pain; Symptom <mark>care</mark>"


def test_a_long_text_is_cut_around_the_best_cluster_of_matches():
    text = "Filler words here. " * 20 + "Hospice and palliative care help. " + "More filler text. " * 20
    html = snippet(text, terms("hospice palliative"))
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>Hospice</mark> and <mark>palliative</mark>" in html
    assert len(html) < 400


def test_no_match_shows_the_start():
    assert snippet("Plain text. " * 40, terms("zebra")).startswith("Plain text.")
