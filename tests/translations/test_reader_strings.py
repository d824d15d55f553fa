"""Every interface string a Spanish reader can meet has its Spanish in the catalog.

The strings are read from the code itself, the way `makemessages` finds them but in pure
Python (Django's `templatize` turns a template into code Babel's extractor reads), so a string
marked for translation and never added to the .po fails here instead of showing English on a
Spanish page. The admin stays in English, and the accessibility statement and editorial policy
are English-only pages (Spanish pages link to them marked "(en inglés)"): their strings are the
only ones left out.
"""
import io
from pathlib import Path

import pytest
from babel.messages.extract import extract
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils.translation.template import templatize

BASE = Path(settings.BASE_DIR)
SPANISH_PO = BASE / "locale/es/LC_MESSAGES/django.po"
KEYWORDS = {
    "gettext": None, "gettext_lazy": None, "_": None, "ngettext": (1, 2), "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2), "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3), "npgettext_lazy": ((1, "c"), 2, 3),
}
# English only: the admin (and the editors' forms and models' names it shows) and the trust pages.
ENGLISH_ONLY = ("mbcinfo/trust/", "mbcinfo/editing/", "/admin/", "admin.py", "models.py", "apps.py")


def reader_facing_files():
    roots = [BASE / "templates", BASE / "mbcinfo"]
    for root in roots:
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(BASE).as_posix()
            if path.suffix not in (".py", ".html", ".txt", ".xml") or "/migrations/" in relative:
                continue
            if any(part in relative for part in ENGLISH_ONLY):
                continue
            yield relative


def marked_strings(relative):
    """{(context, msgid)} of every string `relative` marks for translation."""
    text = (BASE / relative).read_text(encoding="utf-8")
    if relative.endswith(".py"):
        code = text
    else:  # templatize keeps the template's indentation, which Python's tokenizer refuses
        code = "\n".join(line.lstrip() for line in templatize(text, origin=relative).splitlines())
    found = set()
    for _line, message, _comments, context in extract("python", io.BytesIO(code.encode("utf-8")), KEYWORDS):
        msgid = message if isinstance(message, str) else message[0]
        if msgid:
            found.add((context, msgid))
    return found


def translations():
    with SPANISH_PO.open("rb") as stream:
        catalog = read_po(stream)
    done = set()
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.id and not message.fuzzy and all(strings):
            msgid = message.id if isinstance(message.id, str) else message.id[0]
            done.add((message.context, msgid))
    return done


def test_the_reader_facing_files_include_the_readers_features():
    files = set(reader_facing_files())
    assert {"templates/base.html", "templates/includes/routes.html", "mbcinfo/topics/routes.py",
            "mbcinfo/feedback/templates/feedback/thanks.html",
            "mbcinfo/topics/templates/topics/appointment_sheet.html"} <= files
    assert not any(path.startswith("mbcinfo/trust/") for path in files)


def test_extraction_finds_the_strings_of_a_template():
    assert (None, "Did this page help?") in marked_strings("mbcinfo/feedback/templates/feedback/topic_end.html")
    assert ("address", "updates/") in marked_strings("mbcinfo/topics/urls.py")


@pytest.mark.parametrize("relative", list(reader_facing_files()))
def test_every_reader_facing_string_has_spanish(relative):
    missing = sorted(marked_strings(relative) - translations(), key=str)
    assert missing == [], f"no Spanish in {SPANISH_PO.relative_to(BASE)} for: {missing}"
