"""Screenshots of the home page and a topic, in English and in Spanish, at 320 and 1280 px
wide, for the README.

Run with the site served (`make run` in another terminal):
    .venv/bin/python docs/screenshots/take.py [BASE_URL]
"""
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
PAGES = {"home": "/", "topic": "/topics/palliative-care/",
         "es-home": "/es/", "es-topic": "/es/temas/cuidados-paliativos/"}
WIDTHS = {320: 640, 1280: 800}
HERE = Path(__file__).resolve().parent


def main(base_url="http://127.0.0.1:8000"):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for width, height in WIDTHS.items():
            context = browser.new_context(viewport={"width": width, "height": height},
                                          service_workers="block")
            page = context.new_page()
            for name, path in PAGES.items():
                page.goto(base_url.rstrip("/") + path)
                target = HERE / f"{name}-{width}.png"
                page.screenshot(path=target, full_page=False)
                print(target.relative_to(HERE.parent.parent))
            context.close()
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
