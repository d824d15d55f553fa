"""The appointment sheet's question list in Chromium: the reader ticks suggested questions, puts
them in order and adds their own; the list stays in this browser (localStorage) and nowhere else,
survives a reload and a lost connection, prints, works from the keyboard, and "Clear my list"
leaves nothing behind."""
import io
import json

import pytest
from pypdf import PdfReader

from mbcinfo.topics.views import QUESTION_LIST_LIMITS

from .test_accessibility import violations
from .test_offline import SAVED_JS

pytestmark = pytest.mark.browser

SHEET = "/topics/palliative-care/print/"
KEY = "mbcinfo-questions:/topics/palliative-care/"
SUGGESTED = ["Can palliative care start now?",
             "Which of my symptoms could palliative care ease?",
             "Who gives palliative care here, and how do I reach them?",
             "Can my family talk with you about palliative care too?",
             "When should we talk about end-of-life care and hospice?"]
OWN = "Can I bring my sister to the next visit?"
STORED_JS = f"localStorage.getItem({json.dumps(KEY)})"


def question(page, text):
    return page.locator(".question", has_text=text)


def shown_list(page):
    """[(text, ticked)] as the page shows the list now."""
    return [tuple(row) for row in page.evaluate("""() => [...document.querySelectorAll('.question')].map(
      (row) => [row.querySelector('.question-text').textContent, row.querySelector('input').checked])""")]


def stored(page):
    text = page.evaluate(STORED_JS)
    return None if text is None else [(item["text"], item["ticked"]) for item in json.loads(text)["items"]]


def make_a_list(page):
    """Tick two suggestions, add one of the reader's own, and move it to the top."""
    question(page, SUGGESTED[1]).locator("input").check()
    question(page, SUGGESTED[3]).locator("input").check()
    page.fill("#own-question", OWN)
    page.click(".add-question button[type=submit]")
    for _ in range(len(SUGGESTED)):
        question(page, OWN).locator("[data-move='-1']").click()


EXPECTED = [(OWN, True), (SUGGESTED[0], False), (SUGGESTED[1], True), (SUGGESTED[2], False),
            (SUGGESTED[3], True), (SUGGESTED[4], False)]


@pytest.fixture
def sheet(site, new_page):
    page = new_page("desktop")
    page.goto(site + SHEET)
    page.locator(".list-controls").wait_for()
    return page


def test_the_page_offers_its_suggested_questions_unticked_and_stores_nothing_until_the_reader_acts(sheet):
    assert shown_list(sheet) == [(text, False) for text in SUGGESTED]
    assert stored(sheet) is None


def test_editing_the_list_sends_no_request_and_sets_no_cookie(sheet):
    sheet.wait_for_load_state("networkidle")
    requests = []
    sheet.context.on("request", lambda request: requests.append(request.url))
    make_a_list(sheet)
    question(sheet, OWN).locator("[data-remove]").click()
    sheet.click("[data-clear]")
    make_a_list(sheet)
    assert requests == []
    assert sheet.context.cookies() == [] and sheet.evaluate("document.cookie") == ""
    assert stored(sheet) == EXPECTED


def test_the_list_survives_a_reload(sheet):
    make_a_list(sheet)
    assert shown_list(sheet) == EXPECTED
    sheet.reload()
    sheet.locator(".list-controls").wait_for()
    assert shown_list(sheet) == EXPECTED


def test_the_list_survives_going_offline_and_can_still_be_edited(site, new_page):
    """The sheet is the first page the reader opens: the service worker keeps it and its script."""
    page = new_page("phone", service_workers="allow")
    page.goto(site + SHEET)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function(SAVED_JS, arg=SHEET)
    script = page.evaluate("document.querySelector('script[src*=\"question-list\"]').getAttribute('src')")
    page.wait_for_function(SAVED_JS, arg=script)
    make_a_list(page)
    page.context.set_offline(True)
    page.reload()
    page.locator(".list-controls").wait_for()
    assert shown_list(page) == EXPECTED
    question(page, SUGGESTED[4]).locator("input").check()
    assert stored(page)[-1] == (SUGGESTED[4], True)


def pdf_text(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_printed_sheet_holds_the_ticked_questions_in_order_with_key_points_helpline_and_lines(sheet):
    make_a_list(sheet)
    pages, text = pdf_text(sheet.pdf(format="A4"))
    assert pages == 1
    positions = [text.find(item) for item in (OWN, SUGGESTED[1], SUGGESTED[3])]
    assert -1 not in positions and positions == sorted(positions), text
    for unticked in (SUGGESTED[0], SUGGESTED[2], SUGGESTED[4]):
        assert unticked not in text
    for part in ("Key points on the page", "When palliative care should start", "My questions", "My notes",
                 "1-877 GO KOMEN (1-877-465-6636)"):
        assert part in text
    for control in ("Clear my list", "Move up", "Add your own question", "never sent"):
        assert control not in text
    sheet.emulate_media(media="print")
    assert sheet.locator(".my-questions .lines span:visible").count() >= 3
    assert sheet.locator(".write-in > section:last-child .lines span:visible").count() == 6


def test_an_empty_list_prints_todays_sheet_with_its_blank_lines(sheet):
    pages, text = pdf_text(sheet.pdf(format="Letter"))
    assert pages == 1
    assert not any(item in text for item in SUGGESTED)
    sheet.emulate_media(media="print")
    assert sheet.locator(".lines span:visible").count() == 12


def test_the_list_works_with_the_keyboard_alone(sheet):
    sheet.locator("#questions-heading").evaluate("(heading) => heading.scrollIntoView()")
    sheet.locator("[data-clear]").focus()
    sheet.keyboard.press("Tab")  # the first suggestion's box
    assert sheet.evaluate("document.activeElement.value") == SUGGESTED[0]
    sheet.keyboard.press("Space")
    sheet.keyboard.press("Tab")  # its Move up button
    sheet.keyboard.press("Tab")  # its Move down button
    assert sheet.evaluate("document.activeElement.textContent") == "Move down"
    sheet.keyboard.press("Enter")
    sheet.keyboard.press("Enter")  # the focus stayed on the moved question's button
    assert shown_list(sheet)[2] == (SUGGESTED[0], True)
    assert SUGGESTED[0] in sheet.locator("[data-announce]").inner_text()
    assert "number 3 of 5" in sheet.locator("[data-announce]").inner_text()
    sheet.locator("#own-question").focus()
    sheet.keyboard.type(OWN)
    sheet.keyboard.press("Enter")
    assert shown_list(sheet)[-1] == (OWN, True)
    assert sheet.evaluate("document.activeElement.id") == "own-question"
    sheet.keyboard.press("Shift+Tab")  # back through the list: the last row's Remove button
    assert sheet.evaluate("document.activeElement.textContent") == "Remove"
    sheet.keyboard.press("Enter")
    assert [text for text, _ in shown_list(sheet)] == [SUGGESTED[1], SUGGESTED[2], SUGGESTED[0], *SUGGESTED[3:]]
    assert stored(sheet)[2] == (SUGGESTED[0], True)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_sheet_with_a_list_has_no_wcag_a_or_aa_violations(site, new_page, viewport):
    page = new_page(viewport)
    page.goto(site + SHEET)
    make_a_list(page)
    page.fill("#own-question", "")
    page.click(".add-question button[type=submit]")  # the error message shows too
    assert page.locator(".field-error").is_visible()
    assert violations(page) == []


def test_clear_my_list_is_always_shown_and_empties_the_storage(sheet):
    assert sheet.locator("[data-clear]").is_visible()  # before there is a list
    assert sheet.locator(".list-privacy").inner_text() == (
        "Your list is kept only in this browser on this device: it is never sent to us or to anyone else.")
    make_a_list(sheet)
    assert sheet.evaluate("localStorage.length") == 1
    sheet.click("[data-clear]")
    assert sheet.evaluate("localStorage.length") == 0
    assert shown_list(sheet) == [(text, False) for text in SUGGESTED]
    sheet.reload()
    sheet.locator(".list-controls").wait_for()
    assert shown_list(sheet) == [(text, False) for text in SUGGESTED]
    assert sheet.evaluate("localStorage.length") == 0


def add(page, text):
    page.locator("#own-question").evaluate("(box, text) => { box.value = text; }", text)
    page.click(".add-question button[type=submit]")
    return page.locator(".field-error").inner_text()


def test_a_question_of_the_longest_length_is_added_and_one_longer_is_refused(sheet):
    limit = QUESTION_LIST_LIMITS["max_question_chars"]
    assert sheet.locator("#own-question").get_attribute("maxlength") == str(limit)
    assert add(sheet, "a" * (limit + 1)) == f"A question can have at most {limit} characters. Please make it shorter."
    assert len(shown_list(sheet)) == len(SUGGESTED)
    assert sheet.locator("#own-question").get_attribute("aria-invalid") == "true"
    assert add(sheet, "b" * limit) == ""
    assert shown_list(sheet)[-1] == ("b" * limit, True)


def test_the_list_holds_up_to_its_limit_and_refuses_one_more_kindly(sheet):
    limit = QUESTION_LIST_LIMITS["max_list_items"]
    for number in range(limit - len(SUGGESTED)):
        assert add(sheet, f"My question number {number}?") == ""
    assert len(shown_list(sheet)) == limit
    assert add(sheet, "One question too many?") == f"Your list can hold {limit} questions. Remove one to add another."
    assert len(shown_list(sheet)) == limit
    assert len(stored(sheet)) == limit


def test_an_empty_question_is_refused_with_a_message(sheet):
    assert add(sheet, "   ") == "Type a question first, then choose Add."
    assert stored(sheet) is None


def test_without_javascript_the_sheet_keeps_its_suggestions_and_lines_and_shows_no_dead_controls(site, new_page):
    page = new_page("desktop", java_script_enabled=False)
    page.goto(site + SHEET)
    assert page.locator(".question-text").all_inner_texts() == SUGGESTED
    assert page.locator(".lines span").count() == 12
    for control in (".list-controls", ".add-question", ".question-tools", "[data-print]"):
        assert page.locator(control).first.is_hidden(), control
    # Ticking still chooses what prints, by the stylesheet alone.
    question(page, SUGGESTED[2]).locator("input").check()
    _, text = pdf_text(page.pdf(format="A4"))
    assert SUGGESTED[2] in text and SUGGESTED[0] not in text
