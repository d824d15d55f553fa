"""What the accessibility statement says about testing, in one place, with where each comes from.

Update these when the checks run again: the browser tests (tests/browser/: axe-core in
Chromium, the Nu HTML Checker, keyboard, layout) and Lighthouse (bench/lighthouse.sh, its
results in bench/RESULTS.md)."""
import datetime

# The last day the browser tests, axe and the Nu HTML Checker among them, passed on every page type.
BROWSER_TESTS_PASSED = datetime.date(2026, 12, 2)
# bench/RESULTS.md, "Lighthouse": accessibility 100 on the home, search and topic pages.
LIGHTHOUSE_RUN = datetime.date(2026, 11, 26)
LIGHTHOUSE_VERSION = "12.2.3"
AXE_VERSION = "4.12.1"  # tests/browser/test_accessibility.py pins it
