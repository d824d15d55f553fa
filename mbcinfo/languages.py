"""The language of a request comes from its address alone: /es/… is Spanish, the rest English.

Django's LocaleMiddleware would also read a language cookie and the browser's Accept-Language
(and add `Vary: Accept-Language`); here nothing about the visitor chooses the language, so
the same address always gives the same page, to every reader and to the page cache, and no
cookie is ever needed. The URL patterns under i18n_patterns (mbcinfo/urls.py) then resolve
the active language's addresses (/es/temas/… for Spanish, /topics/… for English).
"""
from django.conf import settings
from django.utils import translation


def translated_languages():
    """The codes of the languages other than the default one (the ones with an address prefix)."""
    return [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def language_of_path(path):
    """'es' for '/es' and '/es/…'; the default language for every other path."""
    first = path.lstrip("/").split("/", 1)[0]
    return first if first in translated_languages() else settings.LANGUAGE_CODE


class LanguageFromAddressMiddleware:
    """Activate the language of the request's path, before anything resolves or renders it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = language_of_path(request.path_info)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        return self.get_response(request)
