"""A reload renders only what changed, and still refuses a page whose link target has gone."""
import pytest

from mbcinfo.topics import loader
from mbcinfo.topics.loader import load_directory
from mbcinfo.topics.models import Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """The slugs render_page is called for, while it still does its real work."""
    seen = []
    real = loader.render_page

    def counting(source):
        seen.append(source.slug)
        return real(source)

    monkeypatch.setattr(loader, "render_page", counting)
    return seen


def test_a_reload_with_nothing_changed_renders_nothing(content_dir, renders):
    assert load_directory(content_dir).ok
    assert sorted(renders) == ["first", "second"]
    renders.clear()
    report = load_directory(content_dir)
    assert report.unchanged == ["first", "second"] and renders == []


def test_a_reload_renders_only_the_changed_page(content_dir, renders):
    load_directory(content_dir)
    renders.clear()
    page = content_dir / "first.md"
    page.write_text(page.read_text().replace("Some text.", "Some new text."))
    report = load_directory(content_dir)
    assert report.updated == ["first"] and renders == ["first"]


def test_an_unchanged_page_whose_link_target_has_gone_is_refused_on_its_line(content_dir):
    load_directory(content_dir)
    (content_dir / "first.md").unlink()
    report = load_directory(content_dir)
    assert not report.ok
    link_line = next(number for number, line in enumerate((content_dir / "second.md").read_text().split("\n"), 1)
                     if "/topics/first/" in line)
    assert [str(problem) for problem in report.problems] == [
        f"{content_dir / 'second.md'}:{link_line}: link 'the first page' goes to /topics/first/, "
        "but no page has that slug. Fix the link."]


@pytest.fixture
def parses(monkeypatch):
    """The files frontmatter.parse is called for, while it still does its real work."""
    seen = []
    real = loader.frontmatter.parse

    def counting(path, data, **kwargs):
        seen.append(path.rsplit("/", 1)[-1])
        return real(path, data, **kwargs)

    monkeypatch.setattr(loader.frontmatter, "parse", counting)
    return seen


def test_a_reload_with_nothing_changed_parses_no_front_matter(content_dir, parses):
    load_directory(content_dir)
    parses.clear()
    report = load_directory(content_dir)
    assert report.unchanged == ["first", "second"] and parses == []


def test_a_changed_file_and_a_page_edited_in_the_admin_are_parsed(content_dir, parses):
    load_directory(content_dir)
    page = content_dir / "first.md"
    page.write_text(page.read_text().replace("Some text.", "Some new text."))
    edited = Topic.objects.get(slug="second")
    edited.summary = "Changed by an editor."
    edited.save()
    parses.clear()
    report = load_directory(content_dir)
    assert report.updated == ["first"] and report.kept == ["second"]
    assert sorted(parses) == ["first.md", "second.md"]


def test_a_page_loaded_with_extra_fields_is_still_refused_without_the_flag(content_dir):
    page = content_dir / "first.md"
    page.write_text(page.read_text().replace("title:", "audience: caregivers\ntitle:", 1))
    assert load_directory(content_dir, allow_extra_fields=True).ok
    report = load_directory(content_dir)
    assert [problem.message.split(".")[0] for problem in report.problems] == ["unknown field 'audience'"]
