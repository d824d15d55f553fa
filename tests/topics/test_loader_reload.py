"""A reload renders only what changed, and still refuses a page whose link target has gone."""
import pytest

from mbcinfo.topics import loader
from mbcinfo.topics.loader import load_directory

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
