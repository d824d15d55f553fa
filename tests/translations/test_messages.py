"""The committed .mo files are what their .po files compile to, so the site never shows an
interface string the translator has since changed (the .mo is what Django reads)."""
import gettext
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

CATALOGS = sorted(Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/django.po"))


def po_messages(path):
    with path.open("rb") as stream:
        catalog = read_po(stream)
    messages = {}
    for message in catalog:
        if not message.id or message.fuzzy or not message.string:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        key = f"{message.context}\x04{key}" if message.context else key
        messages[key] = message.string if isinstance(message.string, str) else tuple(message.string)
    return messages


def mo_messages(path):
    with path.open("rb") as stream:
        compiled = gettext.GNUTranslations(stream)
    messages = {}
    for key, value in compiled._catalog.items():
        if key == "":
            continue  # the header
        if isinstance(key, tuple):  # a plural form: (msgid, n)
            singular, index = key
            forms = list(messages.get(singular, ()))
            forms[index:index + 1] = [value]
            messages[singular] = tuple(forms)
        else:
            messages[key] = value
    return messages


def test_there_is_a_spanish_catalog():
    assert Path(settings.BASE_DIR, "locale/es/LC_MESSAGES/django.po") in CATALOGS


@pytest.mark.parametrize("po", CATALOGS, ids=lambda path: path.parent.parent.name)
def test_each_committed_mo_matches_its_po(po):
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run make messages"
    assert mo_messages(mo) == po_messages(po), f"{mo} is out of date: run make messages and commit it"


@pytest.mark.parametrize("po", CATALOGS, ids=lambda path: path.parent.parent.name)
def test_every_message_is_translated_and_none_is_fuzzy(po):
    with po.open("rb") as stream:
        catalog = read_po(stream)
    untranslated = [message.id for message in catalog if message.id and
                    (message.fuzzy or not all(message.string if isinstance(message.string, tuple) else [message.string]))]
    assert untranslated == []
