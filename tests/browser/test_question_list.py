"""The appointment sheet's question list in Chromium, in each language of the site: the reader
ticks suggested questions, puts them in order and adds their own; the list stays in this browser
(localStorage) and nowhere else, survives a reload and a lost connection, prints, works from the
keyboard, and "Clear my list" leaves nothing behind."""
import io
import json
from dataclasses import dataclass

import pytest
from pypdf import PdfReader

from mbcinfo.topics.views import QUESTION_LIST_LIMITS

from .test_accessibility import violations
from .test_offline import SAVED_JS

pytestmark = pytest.mark.browser

HELPLINE = "1-877 GO KOMEN (1-877-465-6636)"


@dataclass(frozen=True)
class Edition:
    """One language's palliative care sheet: its questions and the words the list uses."""
    lang: str
    topic: str  # the page's address; its sheet is `sheet`
    sheet: str
    suggested: list
    own: str
    printed: tuple  # headings the printed sheet keeps: key points, one of them, questions, notes
    controls: tuple  # on screen only: Clear my list, Move up, Add your own question, "never sent"
    move_down: str
    remove: str
    now_number: str  # "number 3 of 5" as the announcement says it
    privacy: str
    too_long: str  # with {limit}
    too_many: str  # with {limit}
    empty: str

    @property
    def key(self):
        return f"mbcinfo-questions:{self.topic}"


EDITIONS = [
    Edition(
        "en", "/topics/palliative-care/", "/topics/palliative-care/print/",
        ["Can palliative care start now?",
         "Which of my symptoms could palliative care ease?",
         "Who gives palliative care here, and how do I reach them?",
         "Can my family talk with you about palliative care too?",
         "When should we talk about end-of-life care and hospice?"],
        "Can I bring my sister to the next visit?",
        ("Key points on the page", "When palliative care should start", "My questions", "My notes"),
        ("Clear my list", "Move up", "Add your own question", "never sent"),
        "Move down", "Remove", "number 3 of 5",
        "Your list is kept only in this browser on this device: it is never sent to us or to anyone else.",
        "A question can have at most {limit} characters. Please make it shorter.",
        "Your list can hold {limit} questions. Remove one to add another.",
        "Type a question first, then choose Add."),
    Edition(
        "es", "/es/temas/cuidados-paliativos/", "/es/temas/cuidados-paliativos/imprimir/",
        ["¿Pueden empezar ahora los cuidados paliativos?",
         "¿Cuáles de mis síntomas podrían aliviar los cuidados paliativos?",
         "¿Quién da los cuidados paliativos aquí y cómo me comunico con esas personas?",
         "¿Mi familia también puede hablar con ustedes sobre los cuidados paliativos?",
         "¿Cuándo deberíamos hablar de los cuidados al final de la vida y del hospicio?"],
        "¿Puedo traer a mi hermana a la próxima cita?",
        ("Puntos clave de la página", "Cuándo deben empezar los cuidados paliativos", "Mis preguntas", "Mis notas"),
        ("Vaciar mi lista", "Subir", "Agregue su propia pregunta", "nunca se nos envía"),
        "Bajar", "Quitar", "número 3 de 5",
        "Su lista se guarda solo en este navegador, en este dispositivo: nunca se nos envía a nosotros ni "
        "a nadie más.",
        "Una pregunta puede tener como máximo {limit} caracteres. Por favor, hágala más corta.",
        "Su lista puede tener {limit} preguntas. Quite una para agregar otra.",
        "Primero escriba una pregunta y luego elija Agregar."),
]


@pytest.fixture(params=EDITIONS, ids=[edition.lang for edition in EDITIONS])
def edition(request):
    return request.param


def question(page, text):
    return page.locator(".question", has_text=text)


def shown_list(page):
    """[(text, ticked)] as the page shows the list now."""
    return [tuple(row) for row in page.evaluate("""() => [...document.querySelectorAll('.question')].map(
      (row) => [row.querySelector('.question-text').textContent, row.querySelector('input').checked])""")]


def stored(page, edition):
    text = page.evaluate(f"localStorage.getItem({json.dumps(edition.key)})")
    return None if text is None else [(item["text"], item["ticked"]) for item in json.loads(text)["items"]]


def make_a_list(page, edition):
    """Tick two suggestions, add one of the reader's own, and move it to the top."""
    suggested = edition.suggested
    question(page, suggested[1]).locator("input").check()
    question(page, suggested[3]).locator("input").check()
    page.fill("#own-question", edition.own)
    page.click(".add-question button[type=submit]")
    for _ in range(len(suggested)):
        question(page, edition.own).locator("[data-move='-1']").click()


def expected(edition):
    """The list make_a_list leaves."""
    suggested = edition.suggested
    return [(edition.own, True), (suggested[0], False), (suggested[1], True), (suggested[2], False),
            (suggested[3], True), (suggested[4], False)]


@pytest.fixture
def sheet(site, new_page, edition):
    page = new_page("desktop")
    page.goto(site + edition.sheet)
    page.locator(".list-controls").wait_for()
    return page


def test_the_page_offers_its_suggested_questions_unticked_and_stores_nothing_until_the_reader_acts(sheet, edition):
    assert sheet.evaluate("document.documentElement.lang") == edition.lang
    assert shown_list(sheet) == [(text, False) for text in edition.suggested]
    assert stored(sheet, edition) is None


def test_editing_the_list_sends_no_request_and_sets_no_cookie(sheet, edition):
    sheet.wait_for_load_state("networkidle")
    requests = []
    sheet.context.on("request", lambda request: requests.append(request.url))
    make_a_list(sheet, edition)
    question(sheet, edition.own).locator("[data-remove]").click()
    sheet.click("[data-clear]")
    make_a_list(sheet, edition)
    assert requests == []
    assert sheet.context.cookies() == [] and sheet.evaluate("document.cookie") == ""
    assert stored(sheet, edition) == expected(edition)


def test_the_list_survives_a_reload(sheet, edition):
    make_a_list(sheet, edition)
    assert shown_list(sheet) == expected(edition)
    sheet.reload()
    sheet.locator(".list-controls").wait_for()
    assert shown_list(sheet) == expected(edition)


def test_the_list_survives_going_offline_and_can_still_be_edited(site, new_page, edition):
    """The sheet is the first page the reader opens: the service worker keeps it and its script."""
    page = new_page("phone", service_workers="allow")
    page.goto(site + edition.sheet)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function(SAVED_JS, arg=edition.sheet)
    script = page.evaluate("document.querySelector('script[src*=\"question-list\"]').getAttribute('src')")
    page.wait_for_function(SAVED_JS, arg=script)
    make_a_list(page, edition)
    page.context.set_offline(True)
    page.reload()
    page.locator(".list-controls").wait_for()
    assert shown_list(page) == expected(edition)
    question(page, edition.suggested[4]).locator("input").check()
    assert stored(page, edition)[-1] == (edition.suggested[4], True)


def pdf_text(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_printed_sheet_holds_the_ticked_questions_in_order_with_key_points_helpline_and_lines(sheet, edition):
    suggested = edition.suggested
    make_a_list(sheet, edition)
    pages, text = pdf_text(sheet.pdf(format="A4"))
    assert pages == 1
    positions = [text.find(item) for item in (edition.own, suggested[1], suggested[3])]
    assert -1 not in positions and positions == sorted(positions), text
    for unticked in (suggested[0], suggested[2], suggested[4]):
        assert unticked not in text
    for part in (*edition.printed, HELPLINE):
        assert part in text
    for control in edition.controls:
        assert control not in text
    sheet.emulate_media(media="print")
    assert sheet.locator(".my-questions .lines span:visible").count() >= 3
    assert sheet.locator(".write-in > section:last-child .lines span:visible").count() == 6


def test_an_empty_list_prints_todays_sheet_with_its_blank_lines(sheet, edition):
    pages, text = pdf_text(sheet.pdf(format="Letter"))
    assert pages == 1
    assert not any(item in text for item in edition.suggested)
    sheet.emulate_media(media="print")
    assert sheet.locator(".lines span:visible").count() == 12


def test_the_list_works_with_the_keyboard_alone(sheet, edition):
    suggested = edition.suggested
    sheet.locator("#questions-heading").evaluate("(heading) => heading.scrollIntoView()")
    sheet.locator("[data-clear]").focus()
    sheet.keyboard.press("Tab")  # the first suggestion's box
    assert sheet.evaluate("document.activeElement.value") == suggested[0]
    sheet.keyboard.press("Space")
    sheet.keyboard.press("Tab")  # its Move up button
    sheet.keyboard.press("Tab")  # its Move down button
    assert sheet.evaluate("document.activeElement.textContent") == edition.move_down
    sheet.keyboard.press("Enter")
    sheet.keyboard.press("Enter")  # the focus stayed on the moved question's button
    assert shown_list(sheet)[2] == (suggested[0], True)
    assert suggested[0] in sheet.locator("[data-announce]").inner_text()
    assert edition.now_number in sheet.locator("[data-announce]").inner_text()
    sheet.locator("#own-question").focus()
    sheet.keyboard.type(edition.own)
    sheet.keyboard.press("Enter")
    assert shown_list(sheet)[-1] == (edition.own, True)
    assert sheet.evaluate("document.activeElement.id") == "own-question"
    sheet.keyboard.press("Shift+Tab")  # back through the list: the last row's Remove button
    assert sheet.evaluate("document.activeElement.textContent") == edition.remove
    sheet.keyboard.press("Enter")
    assert [text for text, _ in shown_list(sheet)] == [suggested[1], suggested[2], suggested[0], *suggested[3:]]
    assert stored(sheet, edition)[2] == (suggested[0], True)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_sheet_with_a_list_has_no_wcag_a_or_aa_violations(site, new_page, viewport, edition):
    page = new_page(viewport)
    page.goto(site + edition.sheet)
    make_a_list(page, edition)
    page.fill("#own-question", "")
    page.click(".add-question button[type=submit]")  # the error message shows too
    assert page.locator(".field-error").is_visible()
    assert violations(page) == []


def test_clear_my_list_is_always_shown_and_empties_the_storage(sheet, edition):
    unticked = [(text, False) for text in edition.suggested]
    assert sheet.locator("[data-clear]").is_visible()  # before there is a list
    assert sheet.locator(".list-privacy").inner_text() == edition.privacy
    make_a_list(sheet, edition)
    assert sheet.evaluate("localStorage.length") == 1
    sheet.click("[data-clear]")
    assert sheet.evaluate("localStorage.length") == 0
    assert shown_list(sheet) == unticked
    sheet.reload()
    sheet.locator(".list-controls").wait_for()
    assert shown_list(sheet) == unticked
    assert sheet.evaluate("localStorage.length") == 0


def add(page, text):
    page.locator("#own-question").evaluate("(box, text) => { box.value = text; }", text)
    page.click(".add-question button[type=submit]")
    return page.locator(".field-error").inner_text()


def test_a_question_of_the_longest_length_is_added_and_one_longer_is_refused(sheet, edition):
    limit = QUESTION_LIST_LIMITS["max_question_chars"]
    assert sheet.locator("#own-question").get_attribute("maxlength") == str(limit)
    assert add(sheet, "a" * (limit + 1)) == edition.too_long.format(limit=limit)
    assert len(shown_list(sheet)) == len(edition.suggested)
    assert sheet.locator("#own-question").get_attribute("aria-invalid") == "true"
    assert add(sheet, "b" * limit) == ""
    assert shown_list(sheet)[-1] == ("b" * limit, True)


def test_the_list_holds_up_to_its_limit_and_refuses_one_more_kindly(sheet, edition):
    limit = QUESTION_LIST_LIMITS["max_list_items"]
    for number in range(limit - len(edition.suggested)):
        assert add(sheet, f"My question number {number}?") == ""
    assert len(shown_list(sheet)) == limit
    assert add(sheet, "One question too many?") == edition.too_many.format(limit=limit)
    assert len(shown_list(sheet)) == limit
    assert len(stored(sheet, edition)) == limit


def test_an_empty_question_is_refused_with_a_message(sheet, edition):
    assert add(sheet, "   ") == edition.empty
    assert stored(sheet, edition) is None


def test_without_javascript_the_sheet_keeps_its_suggestions_and_lines_and_shows_no_dead_controls(site, new_page, edition):
    suggested = edition.suggested
    page = new_page("desktop", java_script_enabled=False)
    page.goto(site + edition.sheet)
    assert page.locator(".question-text").all_inner_texts() == suggested
    assert page.locator(".lines span").count() == 12
    for control in (".list-controls", ".add-question", ".question-tools", "[data-print]"):
        assert page.locator(control).first.is_hidden(), control
    # Ticking still chooses what prints, by the stylesheet alone.
    question(page, suggested[2]).locator("input").check()
    _, text = pdf_text(page.pdf(format="A4"))
    assert suggested[2] in text and suggested[0] not in text
