"""Template helpers for topic pages: glossary links, absolute addresses, structured data."""
import json

from django import template
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from ..glossary import link_terms
from ..models import GlossaryTerm
from ..site import public_origin

register = template.Library()

# As Django's json_script: inside <script>, "<", ">" and "&" must not appear literally.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def with_glossary_links(body_html):
    """The topic's stored (sanitised) HTML with the first use of each glossary term linked."""
    return mark_safe(link_terms(body_html, GlossaryTerm.objects.link_terms(), reverse("topics:glossary")))


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
