"""Loading content/es/: Spanish pages, glossary and site facts beside the English ones."""
import pytest
from django.core.management import call_command

from mbcinfo.topics.loader import load_directory
from mbcinfo.topics.models import EnglishText, GlossaryTerm, Topic, text_hash

from tests.translations.spanish import add_spanish, english_hash, spanish_page

pytestmark = pytest.mark.django_db


def messages(report):
    return [str(problem) for problem in report.problems]


def test_a_spanish_page_loads_with_its_language_and_the_english_page_it_translates(content_dir):
    add_spanish(content_dir)
    report = load_directory(content_dir)
    assert report.ok, messages(report)
    assert sorted(report.created) == ["first", "primero", "second"]
    spanish = Topic.objects.get(slug="primero")
    assert (spanish.language, spanish.translation_of) == ("es", "first")
    assert spanish.translated_from == Topic.objects.get(slug="first").text_hash()
    assert spanish.collection.endswith("content/es")
    assert spanish.get_absolute_url() == "/es/temas/primero/"
    assert not spanish.is_outdated()


def test_english_querysets_and_pages_stay_english(content_dir):
    add_spanish(content_dir)
    load_directory(content_dir)
    assert sorted(Topic.objects.live().values_list("slug", flat=True)) == ["first", "second"]
    assert list(Topic.objects.live("es").values_list("slug", flat=True)) == ["primero"]
    assert list(Topic.objects.language("es").values_list("slug", flat=True)) == ["primero"]
    english = Topic.objects.get(slug="first")
    assert (english.language, english.translation_of, english.translated_from) == ("en", "", "")
    assert english.translation("es").slug == "primero"


def test_the_spanish_glossary_loads_beside_the_english_one(content_dir):
    add_spanish(content_dir)
    assert load_directory(content_dir).ok
    assert list(GlossaryTerm.objects.language("en").values_list("slug", flat=True)) == ["palliative-care"]
    spanish = GlossaryTerm.objects.get(language="es")
    assert (spanish.slug, spanish.translation_of) == ("cuidados-paliativos", "palliative-care")
    assert spanish.get_absolute_url() == "/es/glosario/#cuidados-paliativos"


def test_reloading_the_spanish_glossary_leaves_the_english_one_alone(content_dir):
    add_spanish(content_dir)
    load_directory(content_dir)
    (content_dir / "es" / "glossary.yaml").unlink()
    assert load_directory(content_dir).ok
    assert GlossaryTerm.objects.language("en").count() == 1


def test_text_hash_reads_title_summary_and_body_only():
    base = text_hash("Title", "Summary", "Body")
    assert text_hash("Title", "Summary", "\nBody\n\n") == base
    assert text_hash("Title", "Summary", "Body changed") != base
    assert text_hash("TitleSummary", "", "Body") != base


def test_a_review_date_change_leaves_the_translation_up_to_date(content_dir):
    add_spanish(content_dir)
    load_directory(content_dir)
    first = content_dir / "first.md"
    first.write_text(first.read_text().replace("next_review: 2027-05-26", "next_review: 2027-06-30"))
    load_directory(content_dir)
    assert not Topic.objects.get(slug="primero").is_outdated()


def test_an_english_text_change_makes_the_translation_outdated_and_keeps_the_pinned_text(content_dir):
    add_spanish(content_dir)
    load_directory(content_dir)
    pinned = Topic.objects.get(slug="primero").translated_from
    first = content_dir / "first.md"
    first.write_text(first.read_text().replace("Some text.", "Some new text."))
    load_directory(content_dir)
    assert Topic.objects.get(slug="primero").is_outdated()
    assert "Some text." in EnglishText.objects.get(text_hash=pinned).body


@pytest.mark.parametrize(("front", "expected"), [
    ("translated_from: {hash}\n", "missing 'translation_of'"),
    ("translation_of: first\n", "missing 'translated_from'"),
    ("translation_of: nowhere\ntranslated_from: {hash}\n", "'translation_of' names 'nowhere', but no English page"),
    ("translation_of: first\ntranslated_from: abc\n", "not a text hash"),
])
def test_a_spanish_page_without_a_good_pin_stores_nothing(content_dir, front, expected):
    add_spanish(content_dir, extra_front=front.format(hash=english_hash(content_dir, "first")))
    report = load_directory(content_dir)
    assert any(expected in message for message in messages(report)), messages(report)
    assert not Topic.objects.exists()


def test_an_english_page_may_not_carry_translation_fields(content_dir):
    first = content_dir / "first.md"
    first.write_text(first.read_text().replace("related: [second]", "related: [second]\ntranslation_of: second"))
    report = load_directory(content_dir)
    assert any("'translation_of' belongs on a translated page" in message for message in messages(report))


def test_a_spanish_slug_may_not_be_an_english_one(content_dir):
    add_spanish(content_dir, slug="second")
    report = load_directory(content_dir)
    assert any("is also an English page's slug" in message for message in messages(report)), messages(report)


def test_two_translations_of_one_english_page_are_refused(content_dir):
    spanish = add_spanish(content_dir)
    (spanish / "otro.md").write_text(spanish_page("otro", "first", english_hash(content_dir, "first"), title="Otro"))
    report = load_directory(content_dir)
    assert any("is already translated by" in message for message in messages(report)), messages(report)


def test_a_spanish_glossary_entry_must_name_an_english_entry(content_dir):
    spanish = add_spanish(content_dir)
    glossary = spanish / "glossary.yaml"
    glossary.write_text(glossary.read_text().replace("translation_of: palliative-care", "translation_of: hospice"))
    report = load_directory(content_dir)
    assert any("no English entry has that slug" in message for message in messages(report)), messages(report)


def test_the_english_glossary_may_not_carry_translation_of(content_dir):
    add_spanish(content_dir)
    (content_dir / "glossary.yaml").write_text((content_dir / "glossary.yaml").read_text() + "  translation_of: x\n")
    report = load_directory(content_dir)
    assert any("'translation_of' belongs in a translated glossary" in message for message in messages(report))


def test_export_writes_spanish_pages_back_to_their_folder(content_dir, settings, tmp_path):
    settings.CONTENT_DIR = content_dir
    add_spanish(content_dir)
    load_directory(content_dir)
    target = tmp_path / "copy"
    call_command("exportcontent", path=str(target), verbosity=0)
    written = (target / "es" / "primero.md").read_text()
    assert "translation_of: first" in written
    assert f"translated_from: {english_hash(content_dir, 'first')}" in written
    assert not (target / "primero.md").exists()


def test_export_to_the_content_directory_leaves_spanish_files_in_step(content_dir, settings):
    settings.CONTENT_DIR = content_dir
    add_spanish(content_dir)
    load_directory(content_dir)
    call_command("exportcontent", verbosity=0)
    report = load_directory(content_dir)
    assert report.ok and not report.changed_slugs, report.summary()
