"""Template helpers for topic pages: glossary links, absolute addresses, structured data."""
import json

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext

from ..glossary import link_terms
from ..models import ENGLISH, GlossaryTerm
from ..site import public_origin

register = template.Library()

# As Django's json_script: inside <script>, "<", ">" and "&" must not appear literally.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def with_glossary_links(body_html, language=ENGLISH):
    """The topic's stored (sanitised) HTML with the first use of each glossary term (of the
    page's own language) linked to that language's glossary."""
    with translation.override(language):
        glossary_url = reverse("topics:glossary")
    return mark_safe(link_terms(body_html, GlossaryTerm.objects.language(language).link_terms(), glossary_url))


@register.filter
def long_date(value):
    """A date as readers of the page's language write it: "26 November 2026", "26 de noviembre de 2026"."""
    # Translators: a Django date format (https://docs.djangoproject.com/en/stable/ref/templates/builtins/#date).
    return date_format(value, pgettext("date format", "j F Y"))


# The link to a page's counterpart is written in the language it leads to, whatever the page's.
LANGUAGE_LINK_TEXT = {"en": "English", "es": "En español"}


@register.simple_tag(takes_context=True)
def language_links(context):
    """What a page needs to point at its versions in the other languages.

    Returns {"alternates": [(code, absolute address)] for <link rel="alternate" hreflang> (only
    when the page exists in every language, x-default being the English one), "switch":
    [(code, address, text)] for the visible links}. A view that knows the page's versions puts
    {code: path} in `language_paths` (a topic page: its translation has another slug); an error
    page puts {}; otherwise the address is translated (/glossary/ ↔ /es/glosario/). A language
    with no version of the page is linked at its home page, and gets no alternate.
    """
    current = translation.get_language()
    request = context.get("request")
    paths = context.get("language_paths")
    if paths is None:
        paths = {}
        if request is not None:
            for code, _ in settings.LANGUAGES:
                translated = translate_url(request.path, code)
                if code == current or translated != request.path:
                    paths[code] = translated
    origin = public_origin(request) if request is not None else ""
    codes = [code for code, _ in settings.LANGUAGES]
    alternates = []
    if len(paths) == len(codes) and all(code in paths for code in codes):
        alternates = [(code, origin + paths[code]) for code in codes]
        alternates.append(("x-default", origin + paths[ENGLISH]))
    switch = []
    for code in codes:
        if code == current:
            continue
        if code in paths:
            path = paths[code]
        else:
            with translation.override(code):
                path = reverse("topics:home")
        switch.append((code, path, LANGUAGE_LINK_TEXT.get(code, code)))
    return {"alternates": alternates, "switch": switch}


@register.filter
def unbroken_groups(text):
    """'1-877 GO KOMEN (1-877-465-6636)' → two groups that each stay on one line.

    A narrow screen may wrap between the groups, never inside a number.
    """
    groups = text.replace(" (", "\0(").split("\0")
    return format_html_join(" ", '<span class="nowrap">{}</span>', ((group,) for group in groups))


def _absolute(context, path):
    """The full address of `path`; just the path when rendered without a request (e.g. an email)."""
    request = context.get("request")
    return public_origin(request) + path if request is not None else path


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    return _absolute(context, path)


@register.simple_tag(takes_context=True)
def structured_data(context, topic):
    """JSON-LD for a topic: a MedicalWebPage about metastatic breast cancer.

    A `<script type="application/ld+json">` is data, not script: browsers do not run it, and a
    strict Content-Security-Policy does not block it.
    """
    data = topic.structured_data(_absolute(context, topic.get_absolute_url()),
                                 site_url=_absolute(context, reverse("topics:home")),
                                 site_name=context["site"]["site_name"])
    return mark_safe(json.dumps(data, ensure_ascii=False, indent=1).translate(JSON_SCRIPT_ESCAPES))
