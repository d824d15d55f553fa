"""The strict Content-Security-Policy breaks nothing, admin included: checked in Chromium.

Served by a real gunicorn with the production middleware and WhiteNoise, so every page,
stylesheet, script and image is fetched under the policy as a visitor's browser would.
"""
import re

import pytest

from ..chromium import launched
from .servers import gunicorn, manage

pytestmark = [pytest.mark.browser, pytest.mark.slow]
# Collects CSP violations in the page; Playwright's init scripts are not subject to the policy.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
});
"""
PASSWORD = "a-long-test-password-for-the-editor-42"


@pytest.fixture(scope="module")
def server(served_site):
    env = {**served_site.env, "DJANGO_SUPERUSER_PASSWORD": PASSWORD}
    manage(env, "createsuperuser", "--noinput", "--username", "editor", "--email", "editor@example.org")
    with gunicorn(served_site.env, served_site.tmp / "logs-browser") as running:
        yield running


@pytest.fixture(scope="module")
def page(server):
    with launched() as browser:
        context = browser.new_context(base_url=server.url)
        context.add_init_script(RECORD_VIOLATIONS)
        page = context.new_page()
        page.problems = []
        # A failed fetch is recorded below with its address; the console line says only "404".
        page.on("console", lambda m: m.type in ("error", "warning")
                and not m.text.startswith("Failed to load resource") and page.problems.append(m.text))
        page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
        page.on("response", lambda r: r.status >= 400 and r.request.resource_type != "document"
                and page.problems.append(f"{r.status} {r.url}"))
        yield page
        browser.close()


def visit(page, path):
    page.problems.clear()
    response = page.goto(path, wait_until="load")
    page.wait_for_timeout(300)  # deferred scripts and late style work
    return response, page.evaluate("window.__violations"), list(page.problems)


def test_the_detector_sees_a_violation_when_there_is_one(page):
    visit(page, "/")
    page.evaluate("document.body.setAttribute('style', 'color: red')")
    page.wait_for_timeout(200)
    assert any("style-src" in v for v in page.evaluate("window.__violations"))


@pytest.mark.parametrize("path", ["/", "/topics/treatment/", "/topics/no-such-page/"])
def test_public_pages_load_everything_under_the_policy(page, path):
    response, violations, problems = visit(page, path)
    assert response.status in (200, 404)
    assert violations == [] and problems == []
    # The stylesheet really applied (it would be blocked or missing otherwise).
    assert page.evaluate("document.styleSheets.length") >= 1
    assert page.evaluate("getComputedStyle(document.querySelector('.skip-link')).position") == "absolute"


def test_the_admin_works_under_the_policy(page):
    response, violations, problems = visit(page, "/admin/login/")
    assert response.status == 200 and violations == [] and problems == []
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))

    for path in ["/admin/", "/admin/topics/topic/", "/admin/topics/topic/add/",
                 "/admin/auth/user/", "/admin/auth/user/1/change/"]:
        response, violations, problems = visit(page, path)
        assert response.status == 200, path
        assert violations == [] and problems == [], path

    # Scripts ran: the changelist's select-all checkbox and the date shortcuts are built by them.
    visit(page, "/admin/topics/topic/")
    page.check("#action-toggle")
    assert page.locator("input.action-select:checked").count() == page.locator("input.action-select").count() > 0
    visit(page, "/admin/auth/user/1/change/")
    assert page.locator(".datetimeshortcuts").count() > 0
    page.click(".datetimeshortcuts a:has-text('Today')")
    assert page.input_value("#id_last_login_0")

    # A change saved through the admin is accepted by form-action 'self' and CSRF.
    _, violations, problems = visit(page, "/admin/topics/topic/")
    page.click("text=Can metastatic breast cancer be treated?")
    page.fill("#id_summary", page.input_value("#id_summary") + " ")
    # The click returns once the form is submitted; the changelist may not have loaded yet.
    with page.expect_navigation(url=re.compile(r"/admin/topics/topic/$")):
        page.click("input[name=_save]")
    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    assert page.evaluate("window.__violations") == [] and page.problems == []
