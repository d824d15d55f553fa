"""The glossary: its file is checked like the pages, its definitions come from the source, and
a topic page links the first use of each term to its definition."""
import re
import textwrap

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from mbcinfo.topics.glossary import link_terms, read_glossary
from mbcinfo.topics.loader import load_directory
from mbcinfo.topics.models import ENGLISH, ContentGeneration, GlossaryTerm

GLOSSARY = settings.CONTENT_DIR / "glossary.yaml"
TERMS = (("palliative-care", ("palliative care",)),
         ("metastatic-breast-cancer", ("metastatic breast cancer", "metastatic")))


def entry(slug="hospice", term="Hospice", definition="Care near the end of life.", matches="[hospice]", extra=""):
    return textwrap.dedent(f"""\
    - term: {term}
      slug: {slug}
      definition: {definition}
      from_source: end-of-life care and hospice play an important role
      matches: {matches}
    """) + extra


def problems_of(text):
    return [str(problem) for problem in read_glossary("glossary.yaml", text.encode()).problems]


def normalised(text):
    return " ".join(text.replace("’", "'").split())


# --- the shipped glossary -------------------------------------------------------------------

def shipped_entries():
    glossary = read_glossary(GLOSSARY, GLOSSARY.read_bytes())
    assert glossary.problems == []
    return glossary.entries


def test_shipped_glossary_explains_the_terms_the_source_explains():
    slugs = {entry.slug for entry in shipped_entries()}
    assert {"metastatic-breast-cancer", "advanced-breast-cancer", "stage-iv-breast-cancer",
            "axillary-lymph-nodes", "palliative-care", "end-of-life-care-and-hospice"} <= slugs


@pytest.mark.parametrize("entry", shipped_entries(), ids=lambda entry: entry.slug)
def test_every_definition_quotes_its_source_word_for_word(entry, seed_text):
    source = normalised(seed_text)
    for quote in entry.from_source:
        assert normalised(quote) in source, f"{entry.slug}: not in the source: {quote}"


@pytest.mark.parametrize("entry", shipped_entries(), ids=lambda entry: entry.slug)
def test_every_definition_has_only_numbers_and_key_words_from_its_quotes(entry):
    quotes = normalised(" ".join(entry.from_source)).lower()
    assert all(number in quotes for number in re.findall(r"\d+", entry.definition)), entry.slug
    # The defined term itself is named in what the source says about it.
    words = set(re.findall(r"[\w-]+", entry.term.lower())) - {"breast", "cancer", "care", "and"}
    assert all(re.search(rf"\b{re.escape(word)}\b", quotes) for word in words), (entry.slug, words)


def test_terms_the_source_does_not_explain_get_no_definition():
    slugs = {entry.slug for entry in shipped_entries()}
    assert not slugs & {"prognosis", "oncologist", "clinical-trial", "clinical-trials"}


# --- checking the file ----------------------------------------------------------------------

def test_a_good_file_has_no_problems():
    assert problems_of(entry()) == []


@pytest.mark.parametrize("text, expected", [
    ("- term: [unclosed", "glossary.yaml:1: is not valid YAML"),
    ("term: Hospice\n", "glossary.yaml:1: must be a list of entries"),
    ("- just text\n", "glossary.yaml:1: each entry must be 'field: value' lines"),
    (entry(slug="Bad Slug"), "glossary.yaml:2: slug 'Bad Slug' must be lowercase"),
    (entry(slug="main"), "glossary.yaml:2: slug 'main' must be lowercase"),
    (entry(extra="  definiton: x\n"), "glossary.yaml:6: unknown field 'definiton'. Did you mean 'definition'?"),
    ("- term: Hospice\n  slug: hospice\n", "glossary.yaml:1: entry is missing 'definition'."),
    (entry(definition="''"), "glossary.yaml:3: 'definition' must be text and not empty."),
    (entry(matches="[]"), "glossary.yaml:5: 'matches' must list the phrases"),
    (entry() + entry(term="Other", matches="[other]"), "glossary.yaml:6: slug 'hospice' is also used by the entry on line 1"),
    (entry() + entry(slug="other"), "glossary.yaml:6: 'hospice' already links to 'hospice'"),
    (entry(extra="  see_also: [nowhere]\n"), "glossary.yaml:1: 'see_also' names 'nowhere', but no entry has that slug."),
])
def test_a_broken_file_is_reported_with_its_line_and_what_to_fix(text, expected):
    problems = problems_of(text)
    assert any(problem.startswith(expected) for problem in problems), problems


def test_a_file_that_is_not_utf8_is_reported():
    assert read_glossary("glossary.yaml", b"- term: caf\xe9\n").problems[0].message.startswith("is not UTF-8")


# --- loading ----------------------------------------------------------------------------------

@pytest.mark.django_db
def test_loadcontent_stores_the_glossary_with_the_pages():
    report = load_directory()
    assert report.ok and report.glossary_changed
    assert GlossaryTerm.objects.language(ENGLISH).count() == len(shipped_entries())
    assert load_directory().glossary_changed is False


@pytest.mark.django_db
def test_a_broken_glossary_stops_the_load_and_keeps_what_was_stored(content_dir):
    (content_dir / "glossary.yaml").write_text(entry())
    assert load_directory(content_dir).ok
    generation = ContentGeneration.current()
    (content_dir / "glossary.yaml").write_text(entry(slug="Bad Slug"))
    (content_dir / "first.md").write_text((content_dir / "first.md").read_text().replace("Some text.", "Changed."))
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("loadcontent", path=str(content_dir))
    assert list(GlossaryTerm.objects.values_list("slug", flat=True)) == ["hospice"]
    assert ContentGeneration.current() == generation


@pytest.mark.django_db
def test_changing_or_removing_entries_updates_the_glossary_and_the_generation(content_dir, django_capture_on_commit_callbacks):
    (content_dir / "glossary.yaml").write_text(entry() + entry(slug="other", term="Other", matches="[other]"))
    assert load_directory(content_dir).ok
    generation = ContentGeneration.current()
    (content_dir / "glossary.yaml").write_text(entry(definition="A new meaning."))
    with django_capture_on_commit_callbacks(execute=True):
        report = load_directory(content_dir)
    assert report.glossary_changed and report.changed_slugs == []
    assert list(GlossaryTerm.objects.values_list("slug", "definition")) == [("hospice", "A new meaning.")]
    assert ContentGeneration.current() == generation + 1


@pytest.mark.django_db
def test_a_directory_without_a_glossary_leaves_the_glossary_alone(content_dir):
    assert load_directory().ok
    count = GlossaryTerm.objects.count()
    assert load_directory(content_dir).ok
    assert GlossaryTerm.objects.count() == count


# --- linking ----------------------------------------------------------------------------------

def test_first_use_of_each_term_links_to_its_definition_and_later_uses_do_not():
    html = "<p>Palliative care helps. Ask about palliative care.</p><p>It is metastatic.</p>"
    linked = link_terms(html, TERMS)
    assert linked.count('href="/glossary/#palliative-care"') == 1
    assert linked.startswith('<p><a class="glossary-term" href="/glossary/#palliative-care">Palliative care'
                             '<span class="visually-hidden"> (what this means)</span></a> helps.')
    assert 'Ask about palliative care.' in linked
    assert linked.count('href="/glossary/#metastatic-breast-cancer"') == 1


def test_the_longest_phrase_wins_and_whole_words_only():
    linked = link_terms("<p>Metastatic breast cancer and premetastatic and non-metastatic.</p>", TERMS)
    assert '>Metastatic breast cancer<span' in linked
    assert "premetastatic and non-metastatic." in linked


def test_names_with_capitals_are_not_taken_for_the_common_term():
    linked = link_terms("<p>The Metastatic Breast Cancer Alliance met. Metastatic Breast cancer.</p>", TERMS)
    assert "glossary-term" not in linked
    linked = link_terms("<p>The Metastatic Breast Cancer Alliance met. Metastatic cancer is rare.</p>", TERMS)
    assert '>Metastatic<span class="visually-hidden"> (what this means)</span></a> cancer is rare.' in linked


def test_no_link_inside_links_headings_code_or_quotations():
    html = ('<h2 id="palliative-care">Palliative care</h2><p><a href="/topics/x/">palliative care</a></p>'
            '<blockquote><p>metastatic</p></blockquote><p><code>metastatic</code></p><p>Then palliative care.</p>')
    linked = link_terms(html, TERMS)
    assert linked.count("glossary-term") == 1
    assert linked.endswith('<p>Then <a class="glossary-term" href="/glossary/#palliative-care">palliative care'
                           '<span class="visually-hidden"> (what this means)</span></a>.</p>')


def test_linking_keeps_escaped_text_escaped():
    html = "<p>&lt;script&gt; &amp; palliative care</p>"
    assert link_terms(html, TERMS).startswith("<p>&lt;script&gt; &amp; <a ")


def test_a_term_split_over_two_lines_still_matches():
    assert "glossary-term" in link_terms("<p>palliative\ncare</p>", TERMS)


def test_no_terms_means_the_html_is_unchanged():
    assert link_terms("<p>palliative care</p>", ()) == "<p>palliative care</p>"


# --- pages ----------------------------------------------------------------------------------

@pytest.mark.django_db
def test_glossary_page_has_an_anchor_per_term_and_topic_pages_link_to_them(client):
    assert load_directory().ok
    html = client.get("/glossary/").content.decode()
    for term in GlossaryTerm.objects.language(ENGLISH):
        assert f'id="{term.slug}"' in html
        assert f'href="#{term.slug}"' in html
        assert term.definition in html.replace("&#x27;", "'")
    topic = client.get("/topics/what-is-metastatic-breast-cancer/").content.decode()
    assert 'href="/glossary/#axillary-lymph-nodes">axillary lymph nodes<span' in topic
    assert topic.count('href="/glossary/#axillary-lymph-nodes"') == 1
