"""Topics on its own: with the default store policy a file's version is taken, and nothing of
the admin's workflow (kept edits, conflicts, --prefer-files) takes part in a load."""
import pytest
from django.core.management import call_command
from django.test import override_settings

from mbcinfo.topics.loader import load_directory
from mbcinfo.topics.models import Topic
from mbcinfo.topics.store import DEFAULT_POLICY, FilesWin, store_policy

from tests.pages import page_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("files_win")]


@pytest.fixture
def files_win():
    with override_settings(CONTENT_STORE_POLICY=DEFAULT_POLICY):
        yield


def test_the_default_policy_is_files_win():
    assert type(store_policy()) is FilesWin


def test_the_default_policy_loads_content(content_dir):
    report = load_directory(content_dir)
    assert (report.created, report.problems) == (["first", "second"], [])
    assert Topic.objects.get(slug="second").body_html.count('href="/topics/first/"') == 1


def test_with_the_default_policy_a_changed_file_wins_over_a_changed_page(content_dir):
    load_directory(content_dir)
    Topic.objects.filter(slug="first").update(summary="Changed elsewhere.", content_hash="changed")
    (content_dir / "first.md").write_text(page_text("first", related="[second]", body="## Part\n\nNew words.\n"))
    report = load_directory(content_dir)
    assert (report.updated, report.kept, report.conflicts) == (["first"], [], [])
    topic = Topic.objects.get(slug="first")
    assert "New words." in topic.body_html and topic.summary == "A short summary."


def test_with_the_default_policy_a_removed_file_withdraws_its_page(content_dir):
    load_directory(content_dir)
    (content_dir / "first.md").unlink()
    (content_dir / "second.md").write_text(page_text("second", order=20))
    report = load_directory(content_dir)
    assert report.unpublished == ["first"] and Topic.objects.get(slug="first").withdrawn


def test_a_dry_run_plans_without_writing(content_dir):
    report = load_directory(content_dir, dry_run=True)
    assert report.created == ["first", "second"] and not Topic.objects.exists()


def test_loadcontent_has_no_prefer_files_option_without_a_policy_that_declares_it(content_dir):
    with pytest.raises(TypeError, match="Unknown option.*prefer_files"):
        call_command("loadcontent", path=str(content_dir), prefer_files=True, verbosity=0)
