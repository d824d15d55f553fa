"""Templates name the site's own addresses with {% url %}, so a changed URL pattern changes every
link to it (a hand-written "/search/" would go on pointing at the old address)."""
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
TEMPLATES = sorted([*ROOT.glob("templates/**/*.html"), *ROOT.glob("templates/**/*.txt"),
                    *ROOT.glob("mbcinfo/*/templates/**/*.html")])
WRITTEN_OUT = re.compile(r"""(?:href|action|src)=["']/(?!/)|absolute_url\s+["']/|^(?:Dis)?allow:\s*/\S""", re.M)


def test_the_templates_are_found():
    names = {path.name for path in TEMPLATES}
    assert {"base.html", "robots.txt", "topic.html", "results.html"} <= names


def test_no_template_writes_out_an_address_of_this_site():
    written = [f"{path.relative_to(ROOT)}:{text[:match.start()].count(chr(10)) + 1}: {match.group(0)}"
               for path in TEMPLATES for text in [path.read_text(encoding="utf-8")]
               for match in WRITTEN_OUT.finditer(text)]
    assert not written
