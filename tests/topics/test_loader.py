"""Phase two of loading: all or nothing, idempotent, never deletes."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mbcinfo.topics.loader import load_directory, read_directory
from mbcinfo.topics.models import TRANSLATIONS, ContentGeneration, Topic
from mbcinfo.topics.signals import content_changed

from tests.pages import page_text

pytestmark = pytest.mark.django_db


def messages(report):
    return [str(problem) for problem in report.problems]


def test_loads_every_page_and_renders_it(content_dir):
    report = load_directory(content_dir)
    assert report.ok, messages(report)
    assert sorted(report.created) == ["first", "second"]
    second = Topic.objects.get(slug="second")
    assert '<a href="/topics/first/"' in second.body_html
    assert second.toc == [{"id": "part", "text": "Part"}]


def test_second_load_with_no_change_writes_nothing(content_dir):
    load_directory(content_dir)
    generation = ContentGeneration.current()
    with CaptureQueriesContext(connection) as queries:
        report = load_directory(content_dir)
    assert report.summary() == "0 created, 0 updated, 2 unchanged"
    writes = [q["sql"] for q in queries if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}]
    assert writes == []
    assert ContentGeneration.current() == generation


def test_a_changed_file_updates_its_page_and_announces_it_after_commit(content_dir, django_capture_on_commit_callbacks):
    load_directory(content_dir)
    heard = []
    content_changed.connect(lambda **kw: heard.append(kw["slugs"]), weak=False, dispatch_uid="t")
    try:
        (content_dir / "first.md").write_text(page_text("first", related="[second]", body="## New\n\nChanged.\n"))
        with django_capture_on_commit_callbacks(execute=True):
            report = load_directory(content_dir)
    finally:
        content_changed.disconnect(dispatch_uid="t")
    assert report.updated == ["first"] and report.unchanged == ["second"]
    assert "Changed." in Topic.objects.get(slug="first").body_html
    assert heard == [["first"]]


@pytest.mark.parametrize("name, text, expected", [
    ("bad-yaml.md", "---\ntitle: x\nslug: [\n---\nBody\n", "not valid YAML"),
    ("typo.md", page_text("typo").replace("summary:", "sumary:"), "Did you mean 'summary'?"),
    ("dup.md", page_text("first"), "slug 'first' is also used by"),
    ("rel.md", page_text("rel", related="[no-such-page]"), "'related' names 'no-such-page'"),
    ("link.md", page_text("link", body="## A\n\nSee [this page](/topics/missing/).\n"), "goes to /topics/missing/"),
])
def test_one_bad_file_means_nothing_is_written_and_old_content_is_kept(content_dir, name, text, expected):
    load_directory(content_dir)
    (content_dir / "first.md").write_text(page_text("first", related="[second]", body="## Edited\n\nNew words.\n"))
    (content_dir / name).write_text(text)
    report = load_directory(content_dir)
    assert not report.ok
    assert any(expected in message for message in messages(report)), messages(report)
    assert "New words." not in Topic.objects.get(slug="first").body_html
    assert Topic.objects.count() == 2


def test_broken_link_problem_points_at_the_line_of_the_link(content_dir):
    (content_dir / "link.md").write_text(page_text("link", body="## A\n\nText.\n\nSee [gone](/topics/gone/).\n"))
    report = load_directory(content_dir)
    text = page_text("link", body="## A\n\nText.\n\nSee [gone](/topics/gone/).\n")
    line = text.splitlines().index("See [gone](/topics/gone/).") + 1
    assert [str(p) for p in report.problems] == [
        f"{content_dir / 'link.md'}:{line}: link 'gone' goes to /topics/gone/, but no page has that slug. Fix the link."]


def test_every_problem_is_listed_not_just_the_first(content_dir):
    (content_dir / "a.md").write_bytes(b"---\ntitle: \xff\n---\nx\n")
    (content_dir / "b.md").write_text("---\ntitle: B\nslug: b\nsummary: s\nlast_reviewed: soon\n---\nText\n")
    report = load_directory(content_dir)
    assert len(report.problems) == 2


def test_dry_run_checks_but_writes_nothing(content_dir):
    report = load_directory(content_dir, dry_run=True)
    assert report.ok and len(report.created) == 2
    assert Topic.objects.count() == 0


def test_page_whose_file_disappeared_is_unpublished_not_deleted_and_returns_with_its_file(content_dir, client):
    load_directory(content_dir)
    saved = (content_dir / "second.md").read_text()
    (content_dir / "second.md").unlink()
    (content_dir / "first.md").write_text(page_text("first"))  # drop the related link to it
    report = load_directory(content_dir)
    assert report.unpublished == ["second"]
    assert Topic.objects.filter(slug="second", withdrawn=True).exists()
    assert client.get("/topics/second/").status_code == 404
    (content_dir / "second.md").write_text(saved)
    report = load_directory(content_dir)
    assert report.updated == ["second"]
    assert client.get("/topics/second/").status_code == 200


def test_loading_another_directory_never_unpublishes_the_first(content_dir, tmp_path):
    load_directory(content_dir)
    other = tmp_path / "other"
    other.mkdir()
    (other / "third.md").write_text(page_text("third", related="[first]"))
    report = load_directory(other)
    assert report.ok, messages(report)
    assert Topic.objects.live().count() == 3


def test_a_slug_owned_by_another_directory_is_refused(content_dir, tmp_path):
    load_directory(content_dir)
    other = tmp_path / "other"
    other.mkdir()
    (other / "first.md").write_text(page_text("first"))
    report = load_directory(other)
    assert any("already belongs to a page loaded from" in m for m in messages(report))
    assert Topic.objects.get(slug="first").collection != str(other)


def test_readme_without_front_matter_is_skipped_with_a_notice(content_dir):
    (content_dir / "README.md").write_text("# About this folder\n")
    report = load_directory(content_dir)
    assert report.ok
    assert any("README.md: skipped" in notice for notice in report.notices)


def test_loadcontent_command_exits_non_zero_listing_problems(content_dir, capsys):
    from django.core.management import CommandError, call_command

    (content_dir / "bad.md").write_text("---\ntitle: x\n---\nBody\n")
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("loadcontent", path=str(content_dir))
    assert "bad.md:1: missing required field 'slug'" in capsys.readouterr().err


def test_shipped_content_loads_cleanly():
    report = load_directory()
    assert report.ok, messages(report)
    # English pages and their translations (content/<language code>/) are loaded together.
    directories = [settings.CONTENT_DIR] + [settings.CONTENT_DIR / code for code in TRANSLATIONS]
    assert sorted(report.created) == sorted(source.slug for directory in directories
                                            for source in read_directory(directory)[0] if source.slug)


@pytest.mark.slow
def test_the_nih_corpus_loads_in_one_run_with_extra_fields_kept(corpus_dir):
    report = load_directory(corpus_dir, allow_extra_fields=True)
    assert report.ok, messages(report)[:5]
    # Every Markdown file is a page, but for the corpus's licence.
    assert len(report.created) == len(list(corpus_dir.glob("*.md"))) - 1
    assert any("LICENSE-SOURCE.md: skipped" in n for n in report.notices)
    page = Topic.objects.get(slug="15q13-3-microdeletion")
    assert page.extra["source_url"].startswith("https://")
    assert "<h1" not in page.body_html
