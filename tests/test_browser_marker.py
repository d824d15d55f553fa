"""Every test that drives a browser carries the `browser` marker, so `-m "not browser"` (the
Python 3.13 run in CI) leaves out all of them and only them."""
import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
USES_BROWSER = re.compile(r"^from \.+chromium import|^from (playwright|axe_playwright_python)\b|^import playwright", re.M)


def test_every_module_that_uses_a_browser_is_marked_browser():
    unmarked = [str(path.relative_to(TESTS)) for path in sorted(TESTS.rglob("test_*.py"))
                if (USES_BROWSER.search(path.read_text()) or path.parent.name == "browser")
                and "pytest.mark.browser" not in path.read_text()]
    assert not unmarked, f"mark these with pytestmark = pytest.mark.browser: {unmarked}"
