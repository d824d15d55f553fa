"""Addresses that never break: a page whose slug changes (front matter, file name or admin)
answers at its old address with a 301; renamed headings and glossary entries keep their old
anchors; the sitemap lists only current addresses; a slug another page holds is refused."""
import re
import textwrap

import pytest

from mbcinfo.topics.loader import load_directory
from mbcinfo.topics.models import GlossaryTerm, SlugRedirect, Topic

from ..admin_forms import admin_data, admin_save
from ..pages import page_text

pytestmark = pytest.mark.django_db


def load(directory):
    report = load_directory(directory)
    assert report.ok, [str(problem) for problem in report.problems]
    return report


def rename_slug(directory, file_name, old, new):
    path = directory / file_name
    path.write_text(path.read_text().replace(f"slug: {old}\n", f"slug: {new}\n"))


@pytest.fixture
def loaded(content_dir):
    load(content_dir)
    return content_dir


def test_slug_changed_in_front_matter_keeps_the_page_and_the_old_address_answers_301(client, loaded):
    pk = Topic.objects.get(slug="second").pk
    rename_slug(loaded, "second.md", "second", "second-page")
    report = load(loaded)
    assert any("/topics/second/ will redirect" in notice for notice in report.notices)
    assert Topic.objects.get(slug="second-page").pk == pk
    response = client.get("/topics/second/")
    assert response.status_code == 301 and response["Location"] == "/topics/second-page/"
    sheet = client.get("/topics/second/print/")
    assert sheet.status_code == 301 and sheet["Location"] == "/topics/second-page/print/"
    assert client.get("/topics/second-page/").status_code == 200


def test_file_renamed_with_its_slug_keeps_the_old_address(client, loaded):
    text = (loaded / "second.md").read_text().replace("slug: second\n", "slug: part-two\n")
    (loaded / "second.md").unlink()
    (loaded / "part-two.md").write_text(text)
    load(loaded)
    response = client.get("/topics/second/")
    assert response.status_code == 301 and response["Location"] == "/topics/part-two/"


def test_file_renamed_keeping_its_slug_keeps_its_address(client, loaded):
    (loaded / "second.md").rename(loaded / "part-two.md")
    load(loaded)
    assert client.get("/topics/second/").status_code == 200


def test_every_old_address_leads_straight_to_the_current_one_and_a_page_may_take_its_old_slug_back(client, loaded):
    rename_slug(loaded, "second.md", "second", "b")
    load(loaded)
    rename_slug(loaded, "second.md", "b", "c")
    load(loaded)
    for old in ("second", "b"):
        response = client.get(f"/topics/{old}/")
        assert response.status_code == 301 and response["Location"] == "/topics/c/", old
    rename_slug(loaded, "second.md", "c", "second")
    load(loaded)
    assert client.get("/topics/second/").status_code == 200
    assert client.get("/topics/c/")["Location"] == "/topics/second/"
    assert set(SlugRedirect.objects.values_list("old_slug", flat=True)) == {"b", "c"}


def test_the_admin_refuses_a_slug_another_page_has_or_had(admin_client, loaded):
    rename_slug(loaded, "second.md", "second", "second-page")
    load(loaded)
    first = Topic.objects.get(slug="first")
    url = f"/admin/topics/topic/{first.pk}/change/"
    response = admin_client.post(url, admin_data(first, slug="second-page"))
    assert response.status_code == 200
    assert "is the address of the page “Second”" in response.content.decode()
    response = admin_client.post(url, admin_data(first, slug="second"))
    assert response.status_code == 200
    assert "was the address of the page “Second” and still leads there" in response.content.decode()
    assert Topic.objects.filter(slug="first").exists()


def test_the_loader_refuses_a_slug_another_page_had_and_stores_nothing(client, loaded):
    rename_slug(loaded, "second.md", "second", "second-page")
    load(loaded)
    (loaded / "third.md").write_text(page_text("second", title="Third", order=30))
    report = load_directory(loaded)
    assert [str(problem) for problem in report.problems] == [
        f"{loaded / 'third.md'}:1: slug 'second' was the address of the page “Second” (second-page) and still "
        "leads there, so that old links keep working. Choose another slug."]
    assert not Topic.objects.filter(title="Third").exists()
    assert client.get("/topics/second/")["Location"] == "/topics/second-page/"


def test_a_withdrawn_or_draft_page_is_not_found_at_its_old_address(client, loaded):
    rename_slug(loaded, "second.md", "second", "second-page")
    load(loaded)
    (loaded / "first.md").write_text(page_text("first"))  # no longer links to second
    (loaded / "second.md").unlink()
    load(loaded)
    assert client.get("/topics/second/").status_code == 404


def test_sitemap_lists_current_addresses_only(client, loaded):
    rename_slug(loaded, "second.md", "second", "second-page")
    load(loaded)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/topics/second-page/" in sitemap
    assert "/topics/second/" not in sitemap


# --- anchors ---

def anchor_targets(html):
    """{id: the id of the heading it lands on}: a heading's own id, or a kept anchor's heading."""
    prose = html[html.index('<div class="prose">'):]
    found = {}
    pending = []
    for match in re.finditer(r'<span id="([^"]+)" class="kept-anchor"></span>|<h[23] id="([^"]+)"', prose):
        if match.group(1):
            pending.append(match.group(1))
        else:
            for alias in pending + [match.group(2)]:
                found[alias] = match.group(2)
            pending = []
    return found


def section_of(html, heading_id):
    """The text under a heading, to the next heading."""
    start = html.index(f'id="{heading_id}"')
    rest = html[start:]
    end = re.search(r"<h[23] ", rest[1:])
    return rest[: end.start() + 1 if end else len(rest)]


VERSIONS = [
    """
    ## What it is
    Cancer that has spread.
    ## Living with it
    Support helps many people.
    ### Money
    Ask about costs.
    """,
    """
    ## What metastatic breast cancer is
    Cancer that has spread.
    ## Living with it
    Support helps many people.
    ### Money and work
    Ask about costs.
    """,
    """
    ## What MBC is
    Cancer that has spread.
    ## Day to day
    Support helps many people.
    ### Money and work
    Ask about costs.
    ## A new part
    Something new.
    """,
]
CONTENT_OF = {"what-it-is": "Cancer that has spread.", "living-with-it": "Support helps many people.",
              "money": "Ask about costs."}


def test_every_section_anchor_ever_published_still_lands_on_its_content(client, content_dir):
    published = {}
    for body in VERSIONS:
        (content_dir / "first.md").write_text(page_text("first", related="[second]", body=textwrap.dedent(body)))
        load(content_dir)
        html = client.get("/topics/first/").content.decode()
        for anchor, heading in anchor_targets(html).items():
            published.setdefault(anchor, section_of(html, heading))
    html = client.get("/topics/first/").content.decode()
    targets = anchor_targets(html)
    assert set(published) <= set(targets)
    for anchor, text in CONTENT_OF.items():
        assert text in section_of(html, targets[anchor]), anchor
    assert targets["what-metastatic-breast-cancer-is"] == "what-mbc-is"
    assert targets["living-with-it"] == "day-to-day"
    assert targets["money"] == "money-and-work"
    # Each id once on the page: a kept anchor never takes an id the page uses.
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_a_heading_that_comes_back_answers_its_anchor_itself(client, content_dir):
    for body in (VERSIONS[0], VERSIONS[1], VERSIONS[0]):
        (content_dir / "first.md").write_text(page_text("first", related="[second]", body=textwrap.dedent(body)))
        load(content_dir)
    topic = Topic.objects.get(slug="first")
    assert set(topic.kept_anchors) == {"what-metastatic-breast-cancer-is", "money-and-work"}
    assert 'span id="what-it-is"' not in client.get("/topics/first/").content.decode()


def test_a_heading_renamed_in_the_admin_keeps_its_anchor(client, admin_client, loaded):
    admin_save(admin_client, "first", body="## Part one, renamed\n\nSome text.\n")
    html = client.get("/topics/first/").content.decode()
    assert anchor_targets(html)["part-one"] == "part-one-renamed"


GLOSSARY = """\
- term: {term}
  slug: {slug}
  definition: Cancer that has spread from the breast to other parts of the body.
  from_source:
  - Metastatic breast cancer is breast cancer that has spread beyond the breast
  matches: [metastatic]
"""


def test_a_renamed_glossary_entry_keeps_its_old_anchor(client, content_dir):
    for slug in ("metastatic", "metastatic-cancer", "mbc"):
        (content_dir / "glossary.yaml").write_text(GLOSSARY.format(term="Metastatic", slug=slug))
        report = load_directory(content_dir)
        assert report.ok, [str(problem) for problem in report.problems]
    html = client.get("/glossary/").content.decode()
    entry = html[html.index('id="mbc"'):]
    entry = entry[: entry.index("</dt>")]
    assert 'id="metastatic"' in entry and 'id="metastatic-cancer"' in entry
    assert GlossaryTerm.objects.get().former_slugs == ["metastatic", "metastatic-cancer"]


def test_the_loader_refuses_a_slug_a_page_is_leaving_in_the_same_load(client, loaded):
    rename_slug(loaded, "second.md", "second", "second-page")
    (loaded / "third.md").write_text(page_text("second", title="Third", order=30))
    report = load_directory(loaded)
    assert [str(problem) for problem in report.problems] == [
        f"{loaded / 'third.md'}:1: slug 'second' is the address of the page in second.md, which now gives it "
        "the slug 'second-page'; its old address keeps leading to it. Choose another slug."]
    assert Topic.objects.get(slug="second").title == "Second"
