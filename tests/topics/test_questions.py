"""Suggested questions for the appointment sheet: written in front matter as `questions:`, checked
by the loader as prompts for the care team (questions, short, said once), and offered on each
topic's sheet for the reader to tick (static/js/question-list.js keeps the list in the browser)."""
import re

import pytest

from mbcinfo.topics import frontmatter
from mbcinfo.topics.models import Topic

from tests.admin_forms import admin_save
from tests.pages import VALID_FRONT, page_text


def with_questions(*lines):
    front = VALID_FRONT.format(title="T", slug="t", order=1, related="[]") + "questions:\n"
    front += "".join(f"- {line}\n" for line in lines)
    return page_text("t", front=front).encode()


def problems(*lines):
    return [str(problem) for problem in frontmatter.parse("page.md", with_questions(*lines)).problems]


QUESTIONS_LINE = VALID_FRONT.format(title="T", slug="t", order=1, related="[]").count("\n") + 2


def test_questions_are_read_in_their_order():
    source = frontmatter.parse("page.md", with_questions("What treatment options do I have?", "Can palliative care start now?"))
    assert source.problems == []
    assert source.meta["questions"] == ["What treatment options do I have?", "Can palliative care start now?"]


def test_a_statement_is_refused_as_not_a_question_with_its_line():
    found = problems("Palliative care starts now.")
    assert found == [f"page.md:{QUESTIONS_LINE}: 'Palliative care starts now.' in 'questions' is not a question: "
                     "write it as one the reader can ask the care team, ending with '?'."]


def test_the_most_questions_are_accepted_and_one_more_is_refused():
    most = [f"Question {number}?" for number in range(frontmatter.MAX_QUESTIONS)]
    assert problems(*most) == []
    found = problems(*most, "One too many?")
    assert len(found) == 1 and f"at most {frontmatter.MAX_QUESTIONS} fit on the printed sheet" in found[0]


def test_the_longest_question_is_accepted_and_a_longer_one_is_refused():
    limit = frontmatter.MAX_QUESTION_CHARS
    assert problems("w" * (limit - 1) + "?") == []
    found = problems("w" * limit + "?")
    assert len(found) == 1 and f"has {limit + 1} characters; the limit is {limit}" in found[0]


def test_a_question_asked_twice_is_refused():
    found = problems("Who can help me with the cost?", "Who can help me  with the COST?")
    assert len(found) == 1 and "is in 'questions' twice" in found[0]


@pytest.mark.parametrize("value", ["[1, 2]", "'- just text'", "[{a: b}]", "['']"])
def test_questions_that_are_not_a_list_of_text_are_refused(value):
    front = VALID_FRONT.format(title="T", slug="t", order=1, related="[]") + f"questions: {value}\n"
    found = [str(p) for p in frontmatter.parse("page.md", page_text("t", front=front).encode()).problems]
    assert len(found) == 1 and "'questions' must" in found[0], found


@pytest.mark.django_db
def test_every_shipped_topic_but_the_about_page_suggests_questions_that_state_no_figure(site_content):
    for topic in Topic.objects.live():
        if topic.slug == "about":
            assert topic.questions == []
            continue
        assert topic.questions, topic.slug
        for question in topic.questions:
            assert question.endswith("?") and question[0].isupper(), question
            # Prompts, not facts: a figure belongs on the page, where it is sourced.
            assert not re.search(r"\d", question), question
            assert frontmatter.question_problems([question]) == []


@pytest.mark.django_db
def test_the_sheet_offers_each_question_unticked_and_names_its_own_storage_key(client, site_content):
    topic = Topic.objects.get(slug="financial-help")
    response = client.get("/topics/financial-help/print/")
    html = response.content.decode()
    assert not response.cookies
    boxes = re.findall(r'<li class="question"><label><input type="checkbox" value="([^"]+)">', html)
    assert [box.replace("&#x27;", "'") for box in boxes] == topic.questions
    assert 'data-key="mbcinfo-questions:/topics/financial-help/"' in html
    assert re.search(r'<script src="/static/js/question-list\.[0-9a-f]+\.js" defer></script>', html)
    assert "it is never sent to us or to anyone else." in html
    assert "Clear my list" in html
    # The script's messages come from the page, so they are translated with it.
    for name in ("empty", "too-long", "too-many", "added", "moved", "edge", "removed", "cleared", "no-storage"):
        assert re.search(rf'data-msg-{name}="[^"]+"', html), name


@pytest.mark.django_db
def test_a_sheet_without_suggestions_still_offers_the_reader_a_list(client, site_content):
    html = client.get("/topics/about/print/").content.decode()
    assert '<ol class="question-list" data-items>' in html
    assert 'id="own-question"' in html
    assert 'class="question"><label>' not in html.split("<template")[0]


@pytest.mark.django_db
def test_editors_write_questions_one_a_line_in_the_admin_and_a_statement_is_refused(admin_client, site_content):
    saved = admin_save(admin_client, "treatment", questions="What treatment options do I have?\n\n  Is it working?  \n")
    assert saved.status_code == 302
    assert Topic.objects.get(slug="treatment").questions == ["What treatment options do I have?", "Is it working?"]
    refused = admin_save(admin_client, "treatment", questions="Treatment always works.")
    assert refused.status_code == 200
    assert "is not a question" in refused.content.decode()
    assert Topic.objects.get(slug="treatment").questions == ["What treatment options do I have?", "Is it working?"]
