from django.utils.translation import get_language

from .site import site_facts


def site(request):
    """The site facts in the address's language (content/site.yaml, or content/es/site.yaml)."""
    return {"site": site_facts(get_language())}
