"""Changes readers can see: change notes in front matter and the admin, review dates and "What
changed" on each page, /updates/ and its Atom feed, and the notice on a page past its review."""
import datetime
import xml.etree.ElementTree as ElementTree

import pytest
from django.core.management import call_command

from mbcinfo.editing.exporter import export_topics
from mbcinfo.topics import clock, frontmatter
from mbcinfo.topics.loader import load_directory
from mbcinfo.topics.models import Topic

from ..admin_forms import admin_save
from ..pages import VALID_FRONT, page_text

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def front_with(changes, slug="first", order=10, related="[]"):
    return VALID_FRONT.format(title=slug.title(), slug=slug, order=order, related=related) + changes


FOUR_NOTES = """changes:
- date: 2026-01-10
  note: First note, the oldest.
- date: 2026-03-02
  note: Second note.
- date: 2026-06-15
  note: Third note.
- date: 2026-11-26
  note: Fourth note, the newest.
"""


@pytest.fixture
def noted(content_dir):
    (content_dir / "first.md").write_text(page_text("first", front=front_with(FOUR_NOTES)))
    (content_dir / "second.md").write_text(page_text("second", order=20, front=front_with(
        "changes:\n- date: 2026-09-01\n  note: Rewrote the part on support.\n", slug="second", order=20)))
    report = load_directory(content_dir)
    assert report.ok, [str(p) for p in report.problems]
    return content_dir


def parse_changes(changes):
    return frontmatter.parse("page.md", page_text("first", front=front_with(changes)).encode())


def test_change_notes_are_read_with_their_dates():
    source = parse_changes("changes:\n- date: 2026-11-26\n  note: Added the helpline.\n")
    assert source.problems == []
    assert source.meta["changes"] == [{"date": datetime.date(2026, 11, 26), "note": "Added the helpline."}]


@pytest.mark.parametrize("changes, message", [
    ("changes: Added the helpline.\n", "must be a list of change notes"),
    ("changes:\n- note: Added the helpline.\n", "needs a 'date' and a 'note'"),
    ("changes:\n- date: 2026-02-30\n  note: Added.\n", "not a real date"),
    ("changes:\n- date: 2026-11-26\n  note: ''\n", "is empty"),
    ("changes:\n- date: 2026-11-26\n  note: \"One line.\\nAnother line.\"\n", "must be one line"),
    ("changes:\n- date: 2026-11-26\n  note: Added.\n  who: me\n", "nothing else"),
])
def test_bad_change_notes_are_refused_on_their_line_with_what_to_do(changes, message):
    source = parse_changes(changes)
    assert [problem.line for problem in source.problems] == [VALID_FRONT.count("\n") + 2]
    assert message in source.problems[0].message


def test_a_change_note_may_have_200_characters_but_not_201():
    assert parse_changes(f"changes:\n- date: 2026-11-26\n  note: {'a' * 200}\n").problems == []
    problems = parse_changes(f"changes:\n- date: 2026-11-26\n  note: {'a' * 201}\n").problems
    assert len(problems) == 1 and "201 characters; the limit is 200" in problems[0].message


def test_a_page_with_change_notes_exports_them_as_written(noted, tmp_path):
    export_topics(tmp_path, slugs=["first"])
    text = (tmp_path / "first.md").read_text()
    assert FOUR_NOTES in text  # dates unquoted, each note on its line, in the order written
    again = frontmatter.parse("first.md", text.encode())
    assert again.problems == [] and again.meta["changes"] == parse_changes(FOUR_NOTES).meta["changes"]


def test_topic_page_shows_review_dates_and_the_last_three_change_notes_newest_first(client, noted):
    html = client.get("/topics/first/").content.decode()
    assert "Page last reviewed:" in html and "26 November 2026" in html
    assert "Next review due:" in html and "26 May 2027" in html
    assert 'id="what-changed"' in html and "What changed" in html
    shown = [note for note in ("Fourth note", "Third note", "Second note") if note in html]
    assert shown == ["Fourth note", "Third note", "Second note"]
    assert html.index("Fourth note") < html.index("Third note") < html.index("Second note")
    assert "First note, the oldest." not in html


def test_a_page_without_change_notes_has_no_what_changed(client, content_dir):
    load_directory(content_dir)
    assert "What changed</h2>" not in client.get("/topics/first/").content.decode()


def test_updates_lists_every_note_of_every_live_page_newest_first(client, noted):
    html = client.get("/updates/").content.decode()
    notes = ["Fourth note", "Rewrote the part on support.", "Third note", "Second note", "First note"]
    positions = [html.index(note) for note in notes]
    assert positions == sorted(positions)
    assert 'href="/topics/second/#what-changed"' in html


def test_updates_leaves_out_drafts_and_withdrawn_pages(client, noted):
    (noted / "second.md").unlink()
    load_directory(noted)
    assert "Rewrote the part on support." not in client.get("/updates/").content.decode()
    assert b"Rewrote the part on support." not in client.get("/updates/feed/").content


def test_the_atom_feed_has_the_same_items_with_every_required_element(client, noted):
    response = client.get("/updates/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    # RFC 4287 4.1.1: a feed has exactly one id, title and updated, and an author (here the
    # feed's, which every entry inherits); each entry exactly one id, title and updated, and a link.
    for name in ("id", "title", "updated", "author"):
        assert len(feed.findall(f"{ATOM}{name}")) == 1, name
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    assert any(link.get("rel") == "alternate" and link.get("href").endswith("/updates/")
               for link in feed.findall(f"{ATOM}link"))
    assert any(link.get("rel") == "self" and link.get("href").endswith("/updates/feed/")
               for link in feed.findall(f"{ATOM}link"))
    entries = feed.findall(f"{ATOM}entry")
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert entry.find(f"{ATOM}link").get("href").startswith("http")
        datetime.datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
    ids = [entry.find(f"{ATOM}id").text for entry in entries]
    assert len(set(ids)) == len(ids) == 5
    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert titles[:2] == ["First: Fourth note, the newest.", "Second: Rewrote the part on support."]
    assert feed.find(f"{ATOM}updated").text.startswith("2026-11-26")


def test_a_change_notes_feed_id_stays_when_an_older_note_is_added(client, noted):
    def ids():
        feed = ElementTree.fromstring(client.get("/updates/feed/").content)
        return {entry.find(f"{ATOM}title").text: entry.find(f"{ATOM}id").text for entry in feed.findall(f"{ATOM}entry")}

    before = ids()
    text = (noted / "first.md").read_text().replace("changes:\n", "changes:\n- date: 2025-12-01\n  note: Earlier.\n")
    (noted / "first.md").write_text(text)
    assert load_directory(noted).ok
    after = ids()
    assert all(after[title] == before[title] for title in before)


def test_every_page_links_the_feed_in_its_head(client, noted):
    for path in ("/", "/topics/first/", "/glossary/", "/updates/", "/accessibility/", "/editorial-policy/",
                 "/no-such-page/"):
        html = client.get(path).content.decode()
        head = html[:html.index("</head>")]
        assert '<link rel="alternate" type="application/atom+xml" href="/updates/feed/"' in head, path


def test_a_page_past_its_next_review_says_it_is_due_from_that_day(client, noted, monkeypatch):
    # The page's next review is 2027-05-26 (tests/pages.py). The page cache is on, as in production.
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2027, 5, 26))
    assert "due for review" not in client.get("/topics/first/").content.decode()
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2027, 5, 27))
    html = client.get("/topics/first/").content.decode()
    assert "This page is due for review" in html and "26 May 2027" in html


def test_an_admin_change_note_is_dated_today_and_shown(client, admin_client, noted, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2026, 12, 2))
    response = admin_save(admin_client, "second", change_note="Added a part on travel.")
    assert response.status_code == 302
    assert Topic.objects.get(slug="second").changes[-1] == {"date": "2026-12-02", "note": "Added a part on travel."}
    assert "Added a part on travel." in client.get("/topics/second/").content.decode()
    call_command("exportcontent", path=str(noted), slugs=["second"], verbosity=0)
    assert "- date: 2026-12-02\n  note: Added a part on travel.\n" in (noted / "second.md").read_text()


def test_an_admin_change_note_may_have_200_characters_but_not_201(admin_client, noted):
    assert admin_save(admin_client, "second", change_note="a" * 201).status_code == 200
    assert len(Topic.objects.get(slug="second").changes) == 1
    assert admin_save(admin_client, "second", change_note="a" * 200).status_code == 302
    assert Topic.objects.get(slug="second").changes[-1]["note"] == "a" * 200
