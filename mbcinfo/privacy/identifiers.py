"""Does text a reader typed hold something that could identify a person?

Checked before anything a reader typed is kept (a search that found nothing, for example). It
errs towards dropping: losing one odd search from the editors' list costs little, keeping a
phone number, a date of birth or an address costs a person their privacy. Names cannot be told
apart from words and are not tried; they rarely travel without one of the shapes below.

The shapes: an email address, however written (`@`, `(at)`, `[at]`, `&#64;`, `%40`, "at …
dot …"); a web address or `www.`; a date with digits (12/05/1962, 1962-05-12) or with a month's
name (12 May, May 12, May 1962) or after "born"/"DOB"; a UK postcode; and a run of digits that
could be a phone, account, record or ZIP number: five or more digits in one run, even split by
spaces, dots, dashes, slashes, brackets or an "x", or four digits written together (a year, a
PIN). A number followed by a unit (1000 mg) is a dose, not an identifier. What stays: stage 4,
HER2, BRCA1, CDK4/6, CA 15-3, CA 27.29, Ki-67 20%, T-DM1, ER 8/8.
"""
import html
import re
import unicodedata
from urllib.parse import unquote

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_ORDINAL = r"(?:st|nd|rd|th)?"
_OPEN, _CLOSE = r"[\(\[\{<]", r"[\)\]\}>]"

_SHAPES = [
    # Email addresses, and the ways people write them to dodge spam filters.
    re.compile(rf"@|{_OPEN}\s*at\s*{_CLOSE}|{_OPEN}\s*dot\s*{_CLOSE}"),
    re.compile(r"\w\s+at\s+[\w-]+(?:\.[a-z]{2,}|\s+dot\s+[a-z]{2,})"),
    # Web addresses.
    re.compile(r"\b[a-z][a-z0-9+.-]*://|\bwww\d*\.|\bmailto:"
               r"|\b[a-z0-9-]+\.(?:com|org|net|edu|gov|nhs|uk|io|info|co|us|me|app|health)\b"),
    # Dates: with digits only, with a month's name, or a birth date however written.
    re.compile(r"\b\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}\b|\b\d{4}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{1,2}\b"),
    re.compile(rf"\b\d{{1,2}}{_ORDINAL}\s+(?:of\s+)?{_MONTH}\b|\b{_MONTH}\.?\s+\d{{1,2}}{_ORDINAL}\b"
               rf"|\b{_MONTH}\.?\s+(?:19|20)\d\d\b"),
    re.compile(r"\b(?:born|dob|d\.o\.b\.?|date of birth|birthday)\b.*\d"),
    # UK postcodes: outward code (SW1A, M1, B33) and inward code (1AA), space or not.
    re.compile(r"\b[a-z]{1,2}\d[a-z\d]?\s*\d[abd-hjlnp-uw-z]{2}\b"),
]
# Digits that belong together: split by up to three spacing or punctuation characters, or an x.
_DIGIT_RUN = re.compile(r"\d+(?:(?:[\s().\-/+_,*#:]{1,3}|x)\d+)*")
_UNIT = re.compile(r"\s?(?:mg|mcg|µg|ug|ml|g|kg|iu|units?|mm|cm|gy|cgy|%|percent|kcal|calories|steps)\b")
MIN_DIGITS_IN_A_RUN = 5
MIN_DIGITS_TOGETHER = 4


def _readings(text):
    """The text as typed, and as a browser or mail program would show it (&#64; and %40 are @)."""
    folded = unicodedata.normalize("NFKC", text).lower()
    unescaped = unicodedata.normalize("NFKC", html.unescape(unquote(folded))).lower()
    return {folded, unescaped}


def _identifying_digits(text):
    for run in _DIGIT_RUN.finditer(text):
        if _UNIT.match(text, run.end()):
            continue  # a dose or a measurement
        digits = sum(char.isdigit() for char in run.group())
        if digits >= MIN_DIGITS_IN_A_RUN or re.search(rf"\d{{{MIN_DIGITS_TOGETHER}}}", run.group()):
            return True
    return False


def holds_identifier(text):
    """True when `text` holds a shape that could identify a person (see the module's list)."""
    return any(shape.search(reading) for reading in _readings(text) for shape in _SHAPES) \
        or any(_identifying_digits(reading) for reading in _readings(text))
