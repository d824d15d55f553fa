"""Translation checks: figures that drift between languages, English titles left unmarked, a
helpline said to answer in Spanish, glossary quotes changed, missing and outdated translations —
each one shown to catch its fault."""
import textwrap

import pytest

from mbcinfo.editing import translations
from mbcinfo.editing.translations import (Edition, check_translation, figure_drift, figures,
                                          helpline_language_claims, site_facts_drift,
                                          unmarked_english_titles)
from mbcinfo.topics.frontmatter import SourceFile

ENGLISH_BODY = "## Numbers\n\nAbout 37 percent of women live at least 3 years. Call 1-877-465-6636.\n"
SPANISH_BODY = ("## Cifras\n\nAlrededor del 37 por ciento de las mujeres viven al menos 3 años. "
                "Llame al 1-877-465-6636.\n")


def page(slug, body, summary="Some women may live 10 years or more.", **extra):
    meta = dict(title=slug.title(), slug=slug, summary=summary, related=extra.pop("related", []))
    return SourceFile(f"{slug}.md", "", meta, extra, body, 10)


def english(body=ENGLISH_BODY):
    return Edition({"outlook": page("outlook", body)},
                   [{"slug": "hospice", "term": "Hospice", "definition": "Care for 2 kinds of need.",
                     "from_source": ["end-of-life care and hospice play an important role"]}],
                   {"helpline": {"display": "1-877 GO KOMEN (1-877-465-6636)"}}, [])


def spanish(body=SPANISH_BODY, summary="Algunas mujeres pueden vivir 10 años o más.", glossary=None,
            site=None, **extra):
    extra = {"translation_of": "outlook", **extra}
    glossary = glossary if glossary is not None else [
        {"slug": "hospicio", "translation_of": "hospice", "term": "Hospicio",
         "definition": "Cuidados para 2 tipos de necesidad.",
         "from_source": ["end-of-life care and hospice play an important role"]}]
    site = site if site is not None else {"helpline": {"display": "1-877 GO KOMEN (1-877-465-6636)"}}
    return Edition({"pronostico": page("pronostico", body, summary, **extra)}, glossary, site, [])


def messages(found):
    return [str(finding) for finding in found]


# --- figures -----------------------------------------------------------------------------------

def test_figures_ignore_thousands_separators_and_phone_dashes_but_not_spaces_between_figures():
    assert figures("40,000 deaths; call 1-877-465-6636 or 1-877 GO KOMEN") == {"40000", "18774656636", "1877"}
    assert figures("40.000 muertes") == {"40000"}
    assert figures("October 13, 2013") == figures("13 de octubre de 2013") == {"13", "2013"}
    assert figures("no figures here") == frozenset()


def test_a_lost_figure_is_caught():
    drift = figure_drift("page", "about 37 percent live at least 3 years",
                         "alrededor del 37 por ciento viven al menos tres años")
    assert drift.lost == {"3"} and drift.added == frozenset()
    assert "lost 3" in str(drift)


def test_an_added_figure_is_caught():
    drift = figure_drift("page", "about 37 percent", "alrededor del 37 por ciento (1 de cada 3)")
    assert drift.added == {"1", "3"} and drift.lost == frozenset()
    assert "added 1, 3" in str(drift)


def test_the_same_figures_in_another_order_and_form_are_no_drift():
    assert figure_drift("page", "$920 million since 2013, 40,000 deaths",
                        "40,000 muertes, más de $920 millones desde 2013") is None


def test_a_matching_translation_has_no_findings():
    assert check_translation(english(), spanish()) == []


@pytest.mark.parametrize("translation, where", [
    (spanish(body=SPANISH_BODY.replace("37", "38")), "pronostico.md"),
    (spanish(summary="Algunas mujeres pueden vivir años."), "pronostico.md"),
    (spanish(glossary=[{"slug": "hospicio", "translation_of": "hospice", "term": "Hospicio",
                        "definition": "Cuidados para dos tipos de necesidad.",
                        "from_source": ["end-of-life care and hospice play an important role"]}]),
     "glossary.yaml hospicio"),
    (spanish(site={"helpline": {"display": "1-877 GO KOMEN (1-877-465-663)"}}), "site.yaml helpline.display"),
], ids=["body", "summary", "glossary", "site-facts"])
def test_figure_drift_is_an_error_in_bodies_summaries_glossary_and_site_facts(translation, where):
    [finding] = check_translation(english(), translation)
    assert finding.level == "error" and finding.where == where and "figures differ" in finding.message


def test_site_facts_are_compared_key_by_key():
    first, second = site_facts_drift({"a": "5 of them", "b": "none"}, {"a": "ninguno", "b": "5 de ellos"})
    assert (first.where, first.lost, first.added) == ("site.yaml a", {"5"}, frozenset())
    assert (second.where, second.lost, second.added) == ("site.yaml b", frozenset(), {"5"})


# --- links between the editions ----------------------------------------------------------------

def test_a_translation_of_no_english_page_is_an_error():
    found = messages(check_translation(english(), spanish(translation_of="prognosis")))
    assert any("'translation_of' names 'prognosis', but no English page has that slug" in m for m in found)


def test_an_english_page_without_translation_is_a_warning():
    edition = english()
    edition.pages["about"] = page("about", "## Us\n\nWe write this.\n", summary="Who we are.")
    [finding] = check_translation(edition, spanish())
    assert finding.level == "warning" and finding.where == "about.md" and "no translation yet" in finding.message


def test_a_related_slug_that_is_not_a_translation_is_an_error():
    [finding] = check_translation(english(), spanish(related=["treatment"]))
    assert finding.level == "error" and "'related' names 'treatment'" in finding.message


def test_a_translation_may_not_take_an_english_slug():
    edition = spanish()
    edition.pages["outlook"] = edition.pages.pop("pronostico")
    assert any("is an English page's" in m for m in messages(check_translation(english(), edition)))


def test_a_glossary_entry_must_keep_the_english_quotes():
    changed = [{"slug": "hospicio", "translation_of": "hospice", "term": "Hospicio",
                "definition": "Cuidados para 2 tipos de necesidad.",
                "from_source": ["los cuidados de hospicio tienen un papel importante"]}]
    [finding] = check_translation(english(), spanish(glossary=changed))
    assert "'from_source' must keep the English entry's source quotes" in finding.message


def test_an_outdated_translation_is_a_warning_and_a_current_one_is_not():
    text_hash = lambda source: f"hash of {translations.source_text(source)}"  # noqa: E731
    current = text_hash(english().pages["outlook"])
    assert check_translation(english(), spanish(translated_from=current), text_hash) == []
    [finding] = check_translation(english(), spanish(translated_from="an older hash"), text_hash)
    assert finding.level == "warning" and "outdated" in finding.message


# --- what a translation must not say -----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "La línea de ayuda atiende en español.",
    "Llame al 1-877-465-6636; hablan español.",
    "The Komen Breast Care Helpline has Spanish-speaking staff.",
])
def test_saying_the_helpline_answers_in_spanish_is_caught(text):
    assert helpline_language_claims(text)
    [finding] = check_translation(english(), spanish(body=SPANISH_BODY + "\n" + text + "\n"))
    assert finding.level == "error" and "helpline works in Spanish" in finding.message


def test_giving_the_helpline_number_is_no_claim():
    assert helpline_language_claims("Puede llamar a la línea de ayuda al 1-877 GO KOMEN. "
                                    "Las páginas en español son traducciones.") == []


def test_an_english_title_must_be_marked_as_english():
    titles = ["Managing Pain", "Metastatic Breast Cancer", "Quality of Life"]
    assert unmarked_english_titles("- Managing Pain (en inglés)", titles) == []
    assert unmarked_english_titles("- Managing Pain", titles) == ["Managing Pain"]
    # A title inside a longer marked title, or inside an organisation's name, is not a use of it.
    assert unmarked_english_titles("- Quality of Life-Metastatic Breast Cancer (en inglés)",
                                   titles + ["Quality of Life-Metastatic Breast Cancer"]) == []
    assert unmarked_english_titles("la Metastatic Breast Cancer Alliance", titles) == []
    assert unmarked_english_titles(textwrap.dedent("""\
        Lea Metastatic Breast Cancer. Luego Quality of Life (en inglés)."""), titles) == ["Metastatic Breast Cancer"]


# --- checkcontent ---------------------------------------------------------------------------------

@pytest.mark.django_db
def test_checkcontent_reports_lost_figures_and_missing_translations_in_the_translation_folder(content_dir, capsys):
    from django.core.management import CommandError, call_command

    from tests.pages import page_text

    (content_dir / "first.md").write_text(page_text("first", body="## Part\n\nAbout 37 percent live 3 years.\n"))
    spanish = content_dir / "es"
    spanish.mkdir()
    (spanish / "primera.md").write_text(page_text("primera", body="## Parte\n\nAlrededor del 37 por ciento vive años.\n")
                                        .replace("---\n\n", "translation_of: first\n---\n\n", 1))
    with pytest.raises(CommandError):
        call_command("checkcontent", path=str(content_dir))
    out = capsys.readouterr().out
    assert "es/primera.md: error: figures differ: lost 3 (in the English, not in the translation)" in out
    assert "second.md: warning: no translation yet." in out
    assert "reading score (Szigriszt-Pazos (INFLESZ))" in out


@pytest.mark.django_db
def test_pintranslations_pins_the_english_text_hash_and_changes_only_that_line(content_dir, capsys):
    from django.core.management import call_command

    from mbcinfo.topics.models import text_hash
    from tests.pages import page_text

    spanish = content_dir / "es"
    spanish.mkdir()
    original = page_text("primera").replace("---\n\n", "translation_of: first\ntranslated_from: old\n---\n\n", 1)
    (spanish / "primera.md").write_text(original)
    english = translations.read_edition(content_dir).pages["first"]
    expected = text_hash(english.meta["title"], english.meta["summary"], english.body)

    call_command("pintranslations", path=str(content_dir))
    pinned = (spanish / "primera.md").read_text()
    assert pinned == original.replace("translated_from: old", f"translated_from: {expected}")
    assert "1 translation(s) pinned." in capsys.readouterr().out
    edition = translations.read_edition(spanish)
    found = check_translation(translations.read_edition(content_dir), edition, translations.english_text_hash)
    assert not any("outdated" in finding.message for finding in found)

    # Pinning again changes nothing; an English change makes the translation outdated again.
    call_command("pintranslations", path=str(content_dir))
    assert "0 translation(s) pinned." in capsys.readouterr().out
    (content_dir / "first.md").write_text(page_text("first", body="## Part one\n\nNew text.\n"))
    found = check_translation(translations.read_edition(content_dir), edition, translations.english_text_hash)
    assert any(finding.level == "warning" and "outdated" in finding.message for finding in found)
