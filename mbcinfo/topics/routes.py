"""Routes by reader: the ways into the site for the people who come to it, declared once.

A page says who it is for with `audiences:` in its front matter (route keys from ROUTES); the
home page lists each route's pages in reading order. Pages, not this module, decide what a
route holds, so a new page joins a route by its own front matter.
"""
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Route:
    key: str  # what `audiences:` names
    title: str
    description: str


ROUTES = (
    Route("just-found-out", _("Just found out"),
          _("What metastatic breast cancer is, how it is treated, and what care can do.")),
    Route("caring", _("Caring for someone"),
          _("For family and other loved ones of someone with metastatic breast cancer.")),
    Route("money-and-practical-help", _("Money and practical help"),
          _("Help with bills, support, and who to ask.")),
    Route("research-and-advocacy", _("Research and advocacy"),
          _("Clinical trials, research, and the groups working together on metastatic breast cancer.")),
)
KEYS = tuple(route.key for route in ROUTES)


def unknown_audiences(audiences):
    """The entries of a page's `audiences:` that name no route."""
    return [audience for audience in audiences if audience not in KEYS]


def routes_with_pages(topics):
    """[(route, [topics])] for every route, each list in the order `topics` come (give them in
    reading order); a route no page names has an empty list."""
    pages = {key: [] for key in KEYS}
    for topic in topics:
        for audience in topic.audiences:
            if audience in pages:
                pages[audience].append(topic)
    return [(route, pages[route.key]) for route in ROUTES]
