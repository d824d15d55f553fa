"""The one check that a page's links lead to pages that exist: the loader, the admin's form and
the content lint all ask it, each wording the answer for its reader."""
import re
from dataclasses import dataclass

# An English topic page (/topics/<slug>/) or a Spanish one (/es/temas/<slug>/).
INTERNAL_TOPIC_LINK = re.compile(r"^/(?:topics|es/temas)/([^/?#]+)/?(?:[?#].*)?$")


def linked_slug(href):
    """The slug of the topic page `href` goes to, or None when it goes elsewhere.

    Slugs are unique across languages, so the slug alone names the page."""
    match = INTERNAL_TOPIC_LINK.match(href)
    return match.group(1) if match else None


@dataclass(frozen=True)
class MissingPage:
    """A page named in `related` (link None) or linked from the body that no page has."""

    slug: str
    link: object = None  # rendering.Link when the body links to the page


def missing_pages(related, links, exists):
    """What `related` (slugs) and `links` (rendered body links) name that `exists(slug)` denies."""
    missing = [MissingPage(slug) for slug in related or [] if not exists(slug)]
    for link in links:
        slug = linked_slug(link.href)
        if slug is not None and not exists(slug):
            missing.append(MissingPage(slug, link))
    return missing
