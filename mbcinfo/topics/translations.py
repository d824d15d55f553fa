"""Which English pages have an up-to-date translation, which have one that is out of date, and
which have none: the admin's status list, `checkcontent` and `translationstatus` all ask here.

A translation is pinned to the English page's text_hash() it was made from (`translated_from`).
It is out of date exactly when the English page's text hash is no longer that one.
"""
from dataclasses import dataclass

from .models import ENGLISH, EnglishText, Topic

UP_TO_DATE = "up to date"
ENGLISH_NEWER = "English newer"
MISSING = "missing"
# Most out of date first: no translation at all, then translations whose English changed.
STATE_ORDER = {MISSING: 0, ENGLISH_NEWER: 1, UP_TO_DATE: 2}


@dataclass
class TranslationStatus:
    english: Topic
    translation: Topic | None
    state: str
    # When the English text left the pinned version (the first version recorded after it), or
    # for lack of that record the English page's last change. None unless English newer.
    english_changed: object = None
    pinned: EnglishText | None = None  # the pinned English text, when the site recorded it
    position: int = 0  # the English page in reading order

    @property
    def outdated(self):
        return self.state == ENGLISH_NEWER


def translation_statuses(language):
    """A TranslationStatus for every live English page, most out of date first (missing, then
    English newer with the longest-outdated first, then up to date), then in reading order."""
    english_pages = list(Topic.objects.live(ENGLISH).in_reading_order())
    translations = {page.translation_of: page for page in
                    Topic.objects.language(language).filter(withdrawn=False)}
    pinned = {row.text_hash: row for row in EnglishText.objects.filter(
        text_hash__in=[page.translated_from for page in translations.values()])}
    statuses = []
    for position, english in enumerate(english_pages):
        translation = translations.get(english.slug)
        if translation is None:
            status = TranslationStatus(english, None, MISSING, position=position)
        elif translation.translated_from == english.text_hash():
            status = TranslationStatus(english, translation, UP_TO_DATE, position=position)
        else:
            old = pinned.get(translation.translated_from)
            status = TranslationStatus(english, translation, ENGLISH_NEWER, position=position,
                                       english_changed=_left_pinned_version(english, old), pinned=old)
        statuses.append(status)
    return sorted(statuses, key=lambda s: (STATE_ORDER[s.state], _timestamp(s.english_changed), s.position))


def _left_pinned_version(english, pinned):
    if pinned is not None:
        later = (EnglishText.objects.filter(slug=english.slug, first_seen__gt=pinned.first_seen)
                 .order_by("first_seen").values_list("first_seen", flat=True).first())
        if later is not None:
            return later
    return english.updated


def _timestamp(moment):
    return moment.timestamp() if moment is not None else 0


def outdated_notice(translation):
    """(English page, date it changed) when `translation` is out of date, else None: what the
    translated page's notice says."""
    english = translation.english()
    if english is None or not translation.is_outdated(english):
        return None
    pinned = EnglishText.objects.filter(text_hash=translation.translated_from).first()
    return english, _left_pinned_version(english, pinned)
