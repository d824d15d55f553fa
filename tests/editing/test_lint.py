"""Plain-language and content checks: each finding, the command's exit code, the admin's view of
them, the list of reviews due, and the shipped content passing."""
import datetime

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils.html import escape

from mbcinfo.editing.lint import (ERROR, GRADE_LIMIT, NOTE, WARNING, check_directory,
                                    check_topic, KnownPages)
from mbcinfo.exitcodes import ExitCode
from mbcinfo.topics.loader import load_directory
from mbcinfo.topics.models import Topic

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2027, 1, 1)
PLAIN = "## About\n\nThis page is short. It uses plain words.\n"


def page(body=PLAIN, **fields):
    values = dict(slug="sample", title="Sample", summary="A short page.", status="published",
                  last_reviewed=datetime.date(2026, 11, 26), next_review=datetime.date(2027, 5, 26),
                  related=[], body=body)
    values.update(fields)
    topic = Topic(**values)
    topic.render()
    return topic


def findings(topic, level=None, pages=None):
    report = check_topic(topic, pages if pages is not None else KnownPages([topic]), today=TODAY)
    return [f for f in report.findings if level is None or f.level == level]


def messages(topic, level):
    return " | ".join(f.message for f in findings(topic, level))


def test_a_plain_page_has_no_errors_or_warnings_and_its_grade_is_noted():
    topic = page()
    assert findings(topic, ERROR) == [] and findings(topic, WARNING) == []
    assert "reading score (Flesch–Kincaid grade): body" in messages(topic, NOTE)


def test_hard_reading_is_a_warning_with_the_grade():
    hard = ("## Terms\n\nMetastatic adenocarcinoma necessitates multidisciplinary individualized "
            "therapeutic considerations. Pharmacological interventions demonstrate considerable heterogeneity.\n")
    topic = page(hard, summary="Comprehensive multidisciplinary pharmacological interventions necessitate individualization.")
    text = messages(topic, WARNING)
    assert f"the body reads at US grade" in text and f"aim for {GRADE_LIMIT} or below" in text
    assert "the summary reads at US grade" in text


def test_a_sentence_over_25_words_is_a_warning_on_its_line():
    long = "## A\n\nShort one.\n\n" + " ".join(["word"] * 26) + ". Then short.\n"
    [finding] = [f for f in findings(page(long), WARNING) if "sentence of" in f.message]
    assert "sentence of 26 words" in finding.message and finding.line == 5


def test_a_list_item_without_a_full_stop_does_not_run_into_the_next():
    listed = "## A\n\n" + "".join(f"- item number {n} with four more words\n" for n in range(8))
    assert not any("sentence of" in f.message for f in findings(page(listed), WARNING))


def test_headings_that_skip_a_level_or_use_level_one_are_warnings():
    body = "Intro text here.\n\n## Part\n\nText.\n\n#### Too deep\n\nText.\n\n# Another title\n\nText.\n"
    text = messages(page(body), WARNING)
    assert "“Too deep” jumps from level 2 to 4; use ### instead" in text
    assert "“Another title” is a level-1 heading" in text


def test_the_title_line_at_the_top_of_the_body_is_not_a_level_one_heading():
    assert "level-1" not in messages(page("# Sample\n\n" + PLAIN), WARNING)


@pytest.mark.parametrize("text", ["click here", "Here", "read more", "this page", "Learn more."])
def test_vague_link_text_is_a_warning(text):
    topic = page(f"## A\n\nFor costs, [{text}](/topics/sample/).\n")
    assert f"link text “{text}” does not say where the link goes" in messages(topic, WARNING)


def test_images_without_alt_text_or_with_the_upload_placeholder_are_errors():
    body = "## A\n\n![](/media/uploads/a.png)\n\n![Describe the image here](/media/uploads/b.png)\n\n![A nurse](/media/uploads/c.png)\n"
    errors = [f for f in findings(page(body), ERROR) if "no alt text" in f.message]
    assert [f.line for f in errors] == [3, 5]


@pytest.mark.parametrize("href, expected", [
    ("/topics/missing/", "no page has that slug"),
    ("/topics/sample/#no-such-part", "has no section “#no-such-part”"),
    ("#nowhere", "has no section “#nowhere”"),
    ("/no/such/place/", "the site has no such page"),
    ("topics/sample/", "a relative address"),
])
def test_broken_internal_links_are_errors(href, expected):
    assert expected in messages(page(f"## About\n\nSee [the sample page]({href}).\n"), ERROR)


def test_good_internal_links_anchors_and_outside_links_pass():
    body = ("## About\n\nSee [about](#about), [the sample page](/topics/sample/#about), "
            "[the home page](/) and [call us](tel:+18774656636).\n")
    assert findings(page(body), ERROR) == []


def test_a_published_page_linking_to_a_draft_gets_a_warning():
    draft = page(slug="draft-page", status="draft")
    topic = page("## A\n\nSee [the draft page](/topics/draft-page/).\n")
    assert "a draft: the public cannot see it yet" in " ".join(
        f.message for f in findings(topic, WARNING, pages=KnownPages([topic, draft])))


def test_related_slugs_that_do_not_exist_are_errors():
    assert "'related' names 'nowhere'" in messages(page(related=["nowhere"]), ERROR)


def test_missing_review_dates_are_errors():
    text = messages(page(last_reviewed=None, next_review=None), ERROR)
    assert "no 'last_reviewed' date" in text and "no 'next_review' date" in text


def test_an_overdue_review_is_a_warning_and_one_due_soon_a_note():
    assert "review overdue" in messages(page(next_review=datetime.date(2026, 12, 1)), WARNING)
    assert "review due on 2027-01-20, in 19 days" in messages(page(next_review=datetime.date(2027, 1, 20)), NOTE)


def test_checkcontent_exits_non_zero_on_errors_and_names_the_file_line(content_dir, capsys):
    (content_dir / "third.md").write_text(
        "---\ntitle: Third\nslug: third\nsummary: S.\nlast_reviewed: 2026-11-26\nnext_review: 2027-05-26\n---\n\n"
        "## A\n\n![](/media/uploads/x.png)\n")
    with pytest.raises(CommandError, match="1 error") as failure:
        call_command("checkcontent", path=str(content_dir), today=TODAY)
    assert failure.value.returncode == ExitCode.REFUSED == 3
    out = capsys.readouterr().out
    assert f"{content_dir / 'third.md'} — Third" in out
    assert "error: line 11: image /media/uploads/x.png has no alt text" in out


def test_checkcontent_with_v0_prints_only_the_errors(content_dir, capsys):
    call_command("checkcontent", path=str(content_dir), today=datetime.date(2030, 1, 1), verbosity=0)
    assert capsys.readouterr() == ("", "")  # warnings only (reviews overdue): silent
    (content_dir / "third.md").write_text(
        "---\ntitle: Third\nslug: third\nsummary: S.\nlast_reviewed: 2026-11-26\nnext_review: 2027-05-26\n---\n\n"
        "## A\n\n![](/media/uploads/x.png)\n")
    with pytest.raises(CommandError):
        call_command("checkcontent", path=str(content_dir), today=datetime.date(2030, 1, 1), verbosity=0)
    out = capsys.readouterr().out
    assert "has no alt text" in out and "overdue" not in out


def test_checkcontent_exits_zero_when_there_are_only_warnings(content_dir, capsys):
    (content_dir / "first.md").write_text((content_dir / "first.md").read_text() + "\n[click here](/topics/second/)\n")
    call_command("checkcontent", path=str(content_dir), today=datetime.date(2030, 1, 1))
    out = capsys.readouterr().out
    assert "0 error(s), 3 warning(s)" in out  # vague link text; two reviews overdue


def test_checkcontent_checks_the_pages_the_site_holds_by_default(loaded, capsys):
    Topic.objects.filter(slug="second").update(next_review=None)
    with pytest.raises(CommandError):
        call_command("checkcontent", today=TODAY)
    assert "second — Second" in capsys.readouterr().out


def test_checkcontent_reports_a_broken_file_as_an_error(content_dir, capsys):
    (content_dir / "bad.md").write_text("---\ntitle: x\n---\nBody\n")
    with pytest.raises(CommandError):
        call_command("checkcontent", path=str(content_dir), today=TODAY)
    assert "bad.md:1: error: missing required field 'slug'" in capsys.readouterr().err


def test_the_shipped_content_has_no_errors_and_every_body_reads_at_grade_8_or_below():
    reports, problems = check_directory(settings.CONTENT_DIR, today=datetime.date(2026, 11, 26))
    assert problems == [] and len(reports) == len(list(settings.CONTENT_DIR.glob("*.md")))
    for source, report in reports:
        assert report.errors == [], (source.path, [str(f) for f in report.errors])
        assert report.grade_body is not None and report.grade_body <= GRADE_LIMIT, (source.path, report.grade_body)


def test_the_admin_page_shows_the_same_findings_as_checkcontent(loaded, editor_client, capsys):
    Topic.objects.filter(slug="second").update(next_review=None)
    topic = Topic.objects.get(slug="second")
    html = editor_client.get(f"/admin/topics/topic/{topic.pk}/change/").content.decode()
    expected = check_topic(topic, KnownPages()).findings
    assert any(f.level == ERROR for f in expected)
    assert "Content checks for the saved page: 1 error" in html
    for finding in expected:
        assert escape(finding.message) in html


def test_the_review_list_shows_overdue_due_soon_and_undated_pages_only(editor_client):
    assert load_directory().ok
    today = datetime.date.today()
    Topic.objects.update(next_review=today + datetime.timedelta(days=365))
    Topic.objects.filter(slug="outlook").update(next_review=today - datetime.timedelta(days=3))
    Topic.objects.filter(slug="treatment").update(next_review=today + datetime.timedelta(days=10))
    Topic.objects.filter(slug="about").update(next_review=None)
    Topic.objects.filter(slug="how-common").update(next_review=today + datetime.timedelta(days=31))
    html = editor_client.get("/admin/editing/reviewdue/").content.decode()
    for slug, text in [("outlook", "overdue by 3 days"), ("treatment", "due in 10 days"), ("about", "no review date set")]:
        topic = Topic.objects.get(slug=slug)
        assert f'href="/admin/topics/topic/{topic.pk}/change/"' in html and text in html
    assert Topic.objects.get(slug="how-common").title not in html
    assert Topic.objects.get(slug="palliative-care").title not in html
