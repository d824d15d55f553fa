"""The claims register (content/claims.yaml, mbcinfo/topics/claims.py): every factual sentence on
the site is registered with the source's words it rests on, the words are the source's word for
word, and no qualifier of the source is lost on the way."""
import io
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from mbcinfo.exitcodes import ExitCode
from mbcinfo.topics import claims
from mbcinfo.topics.claims import (Entry, Register, check, check_site, is_factual, lost_qualifiers, read_register,
                                   site_sentences)
from mbcinfo.topics.loader import load_directory
from mbcinfo.topics.models import Claim, Topic
from mbcinfo.topics.sitetext import Sentence

from ..shared_files import SEED_DOCUMENT

REGISTER = Path(settings.CONTENT_DIR) / "claims.yaml"


def shipped_register():
    register = read_register(REGISTER, REGISTER.read_bytes())
    assert register.entries and not register.problems, register.problems
    return register


def entry(text, quote, page="outlook", dropped=()):
    return Entry(page=page, text=text, quotes=(quote,) if isinstance(quote, str) else tuple(quote), dropped=dropped)


# --- the shipped site ---

def test_every_factual_sentence_on_the_site_is_registered():
    unregistered = [str(f) for f in check(site_sentences(), shipped_register()) if "not in the claims register" in f.message]
    assert not unregistered, "\n".join(unregistered)


def test_every_quote_in_the_register_is_in_the_source_word_for_word(seed_text):
    source = claims.normalised(seed_text)
    for item in shipped_register().entries:
        for quote in item.quotes:
            assert quote in source, f"claims.yaml:{item.line}: {quote}"


def test_every_registered_sentence_keeps_its_quotes_qualifiers(seed_text):
    for item in shipped_register().entries:
        assert not lost_qualifiers(item, seed_text), f"claims.yaml:{item.line}: {item.text}"


def test_every_registered_sentence_is_still_on_the_site():
    stale = [str(f) for f in check(site_sentences(), shipped_register()) if f.level == "warning"]
    assert not stale, "\n".join(stale)


def test_the_whole_check_passes_on_the_shipped_content(seed_text):
    assert SEED_DOCUMENT.exists()
    findings = check_site()
    assert not [str(f) for f in findings if f.level != "note"]
    # The one qualifier left out on purpose is "only" (see how-common and financial-help).
    assert {f.message.split("”")[0] for f in findings} <= {"qualifier “only"}


# --- qualifiers ---

def test_dropping_may_from_some_women_may_live_is_caught(seed_text):
    claim = entry("some women live 10 years or more.", "Some women may live 10 years or more beyond diagnosis")
    assert lost_qualifiers(claim, seed_text) == ["may"]
    kept = entry("Some women may live 10 years or more.", "Some women may live 10 years or more beyond diagnosis")
    assert lost_qualifiers(kept, seed_text) == []


def test_a_quote_cut_just_after_its_qualifier_cannot_shed_it(seed_text):
    claim = entry("Women live 10 years or more.", "women may live 10 years or more beyond diagnosis")
    assert set(lost_qualifiers(claim, seed_text)) == {"some", "may"}


@pytest.mark.parametrize("quote, kept, lost", [
    ("about 37 percent of women", "around 37 percent of women", "37 percent of women"),
    ("more than $920 million", "over $920 million", "$920 million"),
    ("over 400 research grants", "more than 400 research grants", "400 research grants"),
    ("it can be treated", "it may be treated", "it is treated"),
    ("at least 3 years", "at least 3 years", "3 years"),
    ("One study found", "A study found", "Studies found"),
    ("most hospitals", "most hospitals", "hospitals"),
    ("A person’s oncologist should know", "Your oncologist should know", "Your oncologist knows"),
    ("Recently, Susan G. Komen announced", "Komen recently announced", "Komen announced"),
    ("only 7 percent", "only 7 percent", "7 percent"),
])
def test_each_qualifier_keeps_an_accepted_equivalent_and_nothing_else(quote, kept, lost):
    assert lost_qualifiers(entry(kept, quote)) == []
    assert lost_qualifiers(entry(lost, quote)) != []


def test_about_and_over_are_qualifiers_only_before_a_figure():
    assert lost_qualifiers(entry("It can give information on local groups.",
                                 "can provide information about local organizations")) == []


def test_a_qualifier_dropped_on_purpose_is_a_note_with_its_reason_not_an_error():
    why = "the share is named instead"
    claim = entry("About 5 percent of women diagnosed", "Only about 5 percent of women", page="p", dropped=(("only", why),))
    findings = check([Sentence("p.md", 3, "p", "body", "About 5 percent of women diagnosed")], Register([claim]))
    assert [(f.level, f.where) for f in findings] == [("note", "p.md:3")] and why in findings[0].message


# --- finding factual sentences ---

@pytest.mark.parametrize("text, why", [
    ("The Alliance has now grown to 40 members.", "a figure"),
    ("Call 1-877 GO KOMEN.", "a figure"),
    ("It began on October 13, 2013.", "a figure"),
    ("Dr. Wendy Chen works at the Dana-Farber Cancer Institute.", "a name"),
    ("Palliative care eases symptoms.", "a medical claim"),
    ("Most hospitals have financial counselors.", "a medical claim"),
    ("Go at your own pace.", ""),
    ("You can ask them where to start.", ""),
])
def test_a_sentence_is_factual_when_it_has_a_figure_a_name_or_a_medical_claim(text, why):
    assert is_factual(text) == why


def test_an_unregistered_sentence_and_a_lost_qualifier_are_reported_with_file_and_line():
    sentences = [Sentence("content/outlook.md", 33, "outlook", "body", "Some women live 10 years or more after diagnosis."),
                 Sentence("content/outlook.md", 40, "outlook", "body", "Most women live 99 years.")]
    register = Register([entry("Some women live 10 years or more after diagnosis.",
                               "Some women may live 10 years or more beyond diagnosis")])
    messages = {f.where: f.message for f in check(sentences, register) if f.error}
    assert "“may”" in messages["content/outlook.md:33"]
    assert "not in the claims register" in messages["content/outlook.md:40"]


def test_a_quote_that_is_not_in_the_source_is_an_error(seed_text):
    register = Register([entry("Some women may live 10 years or more.", "Some women may live 12 years or more")], [])
    findings = check([], register, seed_text, "content/claims.yaml")
    assert any(f.error and "not in the source document" in f.message for f in findings)


# --- reading the register ---

@pytest.mark.parametrize("yaml_text, message", [
    ("- page: a\n  quote: q\n", "missing 'text'"),
    ("- page: a\n  text: T.\n", "either 'quote'"),
    ("- page: a\n  text: T.\n  quote: q\n  note: n\n", "either 'quote'"),
    ("- page: a\n  text: It has 40 members.\n  note: about the site\n", "must quote the source"),
    ("- page: a\n  text: It has 40 members.\n  note: n\n  about_site: true\n", "site-wide text about this site"),
    ("- page: ''\n  text: Tested on 2 December.\n  quote: q\n  about_site: true\n", "site-wide text about this site"),
    ("- page: a\n  text: T.\n  qoute: q\n", "Did you mean 'quote'"),
    ("- page: a\n  text: T.\n  quote: q\n  dropped: {may: ''}\n", "'dropped'"),
    ("- page: a\n  text: T.\n  quote: q\n- page: a\n  text: T.\n  quote: r\n", "already registered on line 1"),
    ("- page: a\n  text: [T\n", "not valid YAML"),
])
def test_a_broken_register_is_refused_with_the_line_and_what_to_fix(yaml_text, message):
    register = read_register("claims.yaml", yaml_text.encode())
    assert not register.entries
    assert any(message in p.message for p in register.problems), register.problems


def test_a_site_wide_sentence_about_the_site_itself_may_hold_a_figure_on_a_note():
    register = read_register("claims.yaml", b"- page: ''\n  text: Last checked on 2 December 2026.\n"
                                             b"  note: when this site was tested\n  about_site: true\n")
    assert not register.problems and register.entries[0].text == "Last checked on 2 December 2026."


# --- stored with the content ---

@pytest.mark.django_db
def test_loadcontent_stores_the_register_and_a_page_finds_its_claims_by_its_english_slug(site_content):
    assert Claim.objects.count() == len(shipped_register().entries) > 100
    outlook = Claim.objects.for_page("outlook")
    assert outlook.filter(text="Some women may live 10 years or more after diagnosis.",
                          quote="Some women may live 10 years or more beyond diagnosis").exists()
    assert Claim.objects.site_wide().filter(text__startswith="The helpline can give information").exists()
    assert set(Claim.objects.exclude(page_slug="").values_list("page_slug", flat=True)) <= set(
        Topic.objects.values_list("slug", flat=True))


@pytest.mark.django_db
def test_a_broken_register_stores_nothing_and_names_its_line(tmp_path):
    directory = tmp_path / "content"
    shutil.copytree(settings.CONTENT_DIR, directory)
    assert load_directory(directory).ok
    before = Claim.objects.count()
    (directory / "claims.yaml").write_text("- page: outlook\n  text: Some text.\n")
    report = load_directory(directory)
    assert not report.ok and any("claims.yaml" in p.path and p.line == 1 for p in report.problems)
    assert Claim.objects.count() == before


# --- checkcontent and the admin ---

def break_outlook_qualifier(directory):
    """The outlook page (and its entry) lose the source's "may", as the site's summary once did."""
    for name in ("outlook.md", "claims.yaml"):
        path = directory / name
        path.write_text(path.read_text().replace("Some women may live 10 years or more after diagnosis.",
                                                 "Some women live 10 years or more after diagnosis."))


@pytest.mark.django_db
def test_checkcontent_fails_on_a_lost_qualifier_and_an_unregistered_claim_naming_file_and_line(tmp_path):
    directory = tmp_path / "content"
    shutil.copytree(settings.CONTENT_DIR, directory)
    break_outlook_qualifier(directory)
    with (directory / "how-common.md").open("a") as page:
        page.write("\nAbout 5 percent of women in the U.S. are told so.\n")
    out = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("checkcontent", path=str(directory), quiet=True, stdout=out, stderr=io.StringIO())
    assert failure.value.returncode == ExitCode.REFUSED
    text = out.getvalue()
    line = next(n for n, row in enumerate((directory / "outlook.md").read_text().split("\n"), 1)
                if row.startswith("- Some women live"))
    assert f"error: line {line}: the source says “may”" in text
    assert "not in the claims register: “About 5 percent of women in the U.S. are told so.”" in text


def test_checkcontent_passes_on_the_shipped_content_with_the_register_complete(db, site_content):
    out = io.StringIO()
    call_command("checkcontent", stdout=out)
    assert "0 error(s)" in out.getvalue()


def test_an_edited_sentence_that_loses_a_qualifier_is_told_so_not_only_that_it_is_unregistered(seed_text):
    register = Register([entry("Some women may live 10 years or more after diagnosis.",
                               "Some women may live 10 years or more beyond diagnosis")])
    edited = Sentence("content/outlook.md", 33, "outlook", "body", "Some women live 10 years or more after diagnosis.")
    messages = [f.message for f in check([edited], register, seed_text) if f.error]
    assert any(m.startswith("the source says “may”") for m in messages)
    assert any("looks like an edit of the sentence registered" in m for m in messages)


@pytest.mark.django_db
def test_the_admin_page_of_a_topic_shows_its_unregistered_claims_and_lost_qualifiers(admin_client, site_content):
    topic = Topic.objects.get(slug="outlook")
    topic.body = topic.body.replace("Some women may live", "Some women live") + "\nMost women live 99 years.\n"
    topic.save()
    page = admin_client.get(f"/admin/topics/topic/{topic.pk}/change/").content.decode()
    assert "the source says “may”" in page
    assert "not in the claims register: “Most women live 99 years.”" in page


def test_a_templates_translated_strings_are_read_as_its_words_and_its_tag_attributes_are_not(tmp_path):
    from mbcinfo.topics.sitetext import template_sentences

    template = tmp_path / "page.html"
    template.write_text('{% load i18n %}<p>{% translate "Komen funds 40 trials." %}</p>\n'
                        '<form data-text-one="{% translate \'1 suggestion.\' %}"\n  data-two="x">\n'
                        "<p>{% blocktranslate %}Some women may live 10 years or more.{% endblocktranslate %}</p>\n",
                        encoding="utf-8")
    sentences = [(s.line, s.text) for s in template_sentences(template, tmp_path)]
    assert sentences == [(1, "Komen funds 40 trials."), (4, "Some women may live 10 years or more.")]
