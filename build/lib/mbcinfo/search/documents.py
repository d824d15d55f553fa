"""Topics → the documents the index holds: one for each topic and one for each of its h2 sections.

Plain data only (no Whoosh), so the index, the database fallback and the benchmark's SQLite
baseline all search exactly the same documents.
"""
import re
from dataclasses import dataclass

from mbcinfo.topics.models import Topic

# Only what search needs from a topic: the rendered HTML and the Markdown stay in the database.
TOPIC_FIELDS = ("slug", "title", "summary", "section", "sections")


@dataclass(frozen=True)
class Document:
    id: str          # "slug" for the topic, "slug#anchor" for a section
    kind: str        # "topic" or "section"
    slug: str
    anchor: str      # "" for the topic itself
    title: str       # the topic's title, on every document of the topic
    heading: str     # the section's heading ("" for the topic)
    summary: str     # the topic's summary (topic document only)
    body: str        # plain text: the introduction for the topic, the section's text otherwise
    section: str     # the topic's group on the home page, shown in the breadcrumb

    @property
    def url(self):
        base = f"/topics/{self.slug}/"
        return f"{base}#{self.anchor}" if self.anchor else base


def title_keys(topic_title, slug):
    """Ways of typing a topic's exact title: "Outlook (prognosis)" → "outlook prognosis",
    "outlook", and the address "outlook". A query equal to one of them puts the topic first."""
    variants = {topic_title, re.sub(r"\([^)]*\)", " ", topic_title), slug.replace("-", " ")}
    return sorted({key for key in map(exact_key, variants) if key})


def exact_key(text):
    """Lowercase words joined by single spaces: punctuation, case and spacing do not count."""
    return " ".join(re.findall(r"\w+", text.lower()))


def documents_for(topic, link_titles=frozenset()):
    """The documents for one topic: itself (title, summary, introduction) and each h2 section.

    A line that is nothing but another page's title (`link_titles` holds their exact keys) is a
    link in a "Learn more" list: it is left out, or this page would answer searches for that
    page's words. A section left with no text is not a document."""
    sections = [dict(part, text=_without_links(part.get("text", ""), link_titles))
                for part in topic.sections or []]
    intro = next((s["text"] for s in sections if not s.get("anchor")), "")
    yield Document(id=topic.slug, kind="topic", slug=topic.slug, anchor="", title=topic.title,
                   heading="", summary=topic.summary, body=intro, section=topic.section)
    seen = set()
    for part in sections:
        anchor = part.get("anchor") or ""
        if not anchor or anchor in seen or not part["text"]:
            continue
        seen.add(anchor)
        yield Document(id=f"{topic.slug}#{anchor}", kind="section", slug=topic.slug, anchor=anchor,
                       title=topic.title, heading=part.get("heading", ""), summary="",
                       body=part["text"], section=topic.section)


def _without_links(text, link_titles):
    if not link_titles or not text:
        return text
    return "\n".join(line for line in text.split("\n") if exact_key(line) not in link_titles)


def live_title_keys():
    return frozenset(exact_key(title) for title in Topic.objects.live().values_list("title", flat=True))


def live_documents(slugs=None):
    """The documents of all live topics, or of those in `slugs`."""
    titles = live_title_keys()
    topics = Topic.objects.live().only(*TOPIC_FIELDS).order_by("pk")
    if slugs is not None:
        topics = topics.filter(slug__in=list(slugs))
    for topic in topics.iterator(chunk_size=200):
        yield from documents_for(topic, titles - {exact_key(topic.title)})
