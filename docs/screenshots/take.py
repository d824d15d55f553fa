"""Screenshots of the home page, a topic, the caregiver page, the appointment sheet's question
list and the feedback form, and the Spanish home and topic pages, at 320 and 1280 px wide,
for the README.

Run with the site served (`make run` in another terminal):
    .venv/bin/python docs/screenshots/take.py [BASE_URL]
"""
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
PAGES = {"home": "/", "topic": "/topics/palliative-care/", "caregiver": "/topics/caring-for-someone/",
         "questions": "/topics/palliative-care/print/",
         "es-home": "/es/", "es-topic": "/es/temas/cuidados-paliativos/"}
# Parts of a page shown on their own: (page, what to click first, the part to show).
PARTS = {"feedback": ("/topics/palliative-care/", ".feedback-problem summary", ".feedback")}
WIDTHS = {320: 640, 1280: 800}
HERE = Path(__file__).resolve().parent


def make_a_question_list(page):
    """Two suggestions ticked and one question of the reader's own, the list in view."""
    for row in page.locator(".question").all()[1:4:2]:
        row.locator("input").check()
    page.fill("#own-question", "Can I bring my sister to the next visit?")
    page.press("#own-question", "Enter")
    page.locator("#questions-heading").evaluate("(heading) => heading.scrollIntoView({behavior: 'instant'})")


# What to do on a page before its screenshot.
PREPARE = {"questions": make_a_question_list}


def main(base_url="http://127.0.0.1:8000"):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for width, height in WIDTHS.items():
            context = browser.new_context(viewport={"width": width, "height": height},
                                          service_workers="block")
            page = context.new_page()
            for name, path in PAGES.items():
                page.goto(base_url.rstrip("/") + path)
                PREPARE.get(name, lambda page: None)(page)
                target = HERE / f"{name}-{width}.png"
                page.screenshot(path=target, full_page=False)
                print(target.relative_to(HERE.parent.parent))
            for name, (path, click, part) in PARTS.items():
                page.goto(base_url.rstrip("/") + path)
                page.click(click)
                target = HERE / f"{name}-{width}.png"
                page.locator(part).screenshot(path=target)
                print(target.relative_to(HERE.parent.parent))
            context.close()
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
