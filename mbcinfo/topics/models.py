import datetime
import hashlib
import json
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import connections, models, router, transaction
from django.db.models import F, Q, Window
from django.db.models.functions import Lag, Lead
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from . import anchors, clock, frontmatter, signals
from .rendering import render_body
from .routes import routes_with_pages


# What every page on this site is about, in schema.org terms (names from the source document),
# in the page's language.
def condition():
    return {
        "@type": "MedicalCondition",
        "name": gettext("Metastatic breast cancer"),
        "alternateName": [gettext("Advanced breast cancer"), gettext("Stage IV breast cancer"), "MBC"],
    }


# The site's languages (settings.LANGUAGES): English is the original, every other one a
# translation of it, loaded from content/<code>/.
ENGLISH = settings.LANGUAGE_CODE
LANGUAGES = tuple(settings.LANGUAGES)
TRANSLATIONS = tuple(code for code, _ in LANGUAGES if code != ENGLISH)


def text_hash(title, summary, body):
    """The hash of what a translator translates: title, summary and body, and nothing else.

    Front-matter-only changes (review dates, order, sources) leave it as it is, so they never
    mark a translation out of date. Surrounding blank space is ignored; JSON keeps the three
    parts apart, so no text moved from one to another can give the same hash."""
    text = json.dumps([title.strip(), summary.strip(), body.strip()], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class TopicQuerySet(models.QuerySet):
    def language(self, code):
        return self.filter(language=code)

    def live(self, language=ENGLISH):
        """What the public may see in `language`: published, and its file has not disappeared.

        English unless asked: every list of pages is in one language, the one of its address.
        None: every language."""
        live = self.filter(status=Topic.Status.PUBLISHED, withdrawn=False)
        return live if language is None else live.filter(language=language)

    def in_reading_order(self):
        return self.order_by("order", "title")

    # --- What pages list: sections for the home and error pages, previous/next for a topic ---
    def by_section(self):
        """[(section, [topics])] in reading order; a section sits where its first topic does."""
        grouped = {}
        for topic in self.in_reading_order().only("slug", "title", "summary", "section", "order", "language"):
            grouped.setdefault(topic.section, []).append(topic)
        return list(grouped.items())

    def by_route(self):
        """[(route, [topics])] for every reader route, each in reading order."""
        return routes_with_pages(self.in_reading_order().only("slug", "title", "summary", "order", "audiences", "language"))

    def neighbours_of(self, slug):
        """(previous, next) of the topic `slug` among these in reading order; None where there is none.

        One query that returns at most the two neighbours, however many topics there are: the
        database puts every row's neighbours beside it (LAG and LEAD over the reading order)
        and keeps only the rows whose neighbour is `slug`.
        """
        reading_order = [F("order").asc(), F("title").asc(), F("slug").asc()]
        rows = self.annotate(
            slug_before=Window(Lag("slug"), order_by=reading_order),
            slug_after=Window(Lead("slug"), order_by=reading_order),
        ).filter(Q(slug_after=slug) | Q(slug_before=slug)).only("slug", "title", "language")
        previous = following = None
        for row in rows:
            if row.slug_after == slug:
                previous = row
            else:
                following = row
        return previous, following
    # --- end what pages list

    def change_notes(self):
        """Every change note of these pages, newest first: [ChangeNote]."""
        notes = [ChangeNote(datetime.date.fromisoformat(item["date"]), item["note"], topic)
                 for topic in self.only("slug", "title", "changes", "language") for item in topic.changes or []]
        return sorted(notes, key=lambda note: (note.date, note.topic.title), reverse=True)


@dataclass(frozen=True)
class ChangeNote:
    """One major change to one page: its day and its one-line note."""

    date: datetime.date
    note: str
    topic: "Topic"

    def get_absolute_url(self):
        return self.topic.get_absolute_url() + "#what-changed"


class Topic(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField(max_length=300)
    summary = models.TextField()
    section = models.CharField(max_length=200, default="More information")
    order = models.IntegerField(default=1000)
    # Route keys (mbcinfo/topics/routes.py): who the page is for, for the home page's routes.
    audiences = models.JSONField(default=list, blank=True)
    last_reviewed = models.DateField(null=True, blank=True)
    next_review = models.DateField(null=True, blank=True)
    sources = models.JSONField(default=list, blank=True)
    related = models.JSONField(default=list, blank=True)
    # Change notes of major revisions, as written: [{"date": "YYYY-MM-DD", "note": "…"}].
    changes = models.JSONField(default=list, blank=True)
    # Prompts for the care team that the appointment sheet offers the reader to tick.
    questions = models.JSONField(default=list, blank=True)
    # Front-matter fields the site does not know, kept when loading with --allow-extra-fields.
    extra = models.JSONField(default=dict, blank=True)
    body = models.TextField(help_text="Markdown. The title is the page heading; start sections with ##.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    # A translation names the English page it translates and that page's text_hash() when it
    # was translated; both stay blank on English pages. The language comes from the content
    # directory a page is loaded from (content/ or content/<code>/), not from its front matter.
    language = models.CharField(max_length=5, choices=LANGUAGES, default=ENGLISH, db_index=True, editable=False)
    translation_of = models.SlugField(max_length=200, blank=True, db_index=True,
                                      help_text="The English page's slug (translations only).")
    translated_from = models.CharField(max_length=64, blank=True,
                                       help_text="The English page's text hash the translation was made from.")

    # Rendered once when the content changes, never per request.
    body_html = models.TextField(editable=False, default="")
    toc = models.JSONField(editable=False, default=list)
    sections = models.JSONField(editable=False, default=list)
    # Heading ids the page published once and no longer has: {old id: the heading id its
    # content sits under now}; save() keeps it (anchors.py).
    kept_anchors = models.JSONField(editable=False, default=dict)

    # Where the page came from: a collection (the content directory, relative to the project
    # when inside it) and a file name. `file_hash` is the hash of the file text last taken
    # (store.file_hash), which is how a later load tells whether the file changed.
    collection = models.CharField(max_length=500, blank=True, editable=False)
    source_path = models.CharField(max_length=500, blank=True, editable=False)
    file_hash = models.CharField(max_length=64, blank=True, editable=False)
    # True when the page's file disappeared: hidden from the site, kept in the database.
    withdrawn = models.BooleanField(default=False, editable=False)
    # `content_hash` is the hash of the front matter and body as stored now (save() keeps it);
    # `synced_hash` is what it was when the page last matched its file. They differ exactly when
    # the page was changed other than from its file since (the editing app's admin does that).
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    synced_hash = models.CharField(max_length=64, blank=True, editable=False)

    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or set(update_fields) & CONTENT_FIELDS:
            self.content_hash = self.compute_content_hash()
        # Addresses that never break: a new slug keeps the old one as a redirect, and headings
        # that went keep their anchors. A full save is how every path changes a page.
        before = None
        if self.pk and update_fields is None:
            before = Topic.objects.filter(pk=self.pk).values("slug", "body_html", "kept_anchors").first()
        if before and before["body_html"] != self.body_html:
            self.kept_anchors = anchors.kept_anchors(before["body_html"], before["kept_anchors"], self.body_html)
        with transaction.atomic():
            super().save(*args, **kwargs)
            if self.language == ENGLISH and (update_fields is None or set(update_fields) & TEXT_FIELDS):
                EnglishText.remember([self])
            if before and before["slug"] != self.slug:
                SlugRedirect.keep(before["slug"], self)

    def body_with_kept_anchors(self):
        """The stored HTML with an empty target for each anchor it once had (anchors.py)."""
        return anchors.with_kept_anchors(self.body_html, self.kept_anchors)

    def recent_changes(self, limit=3):
        """The last `limit` change notes, newest first: [(date, note)]."""
        notes = sorted(((datetime.date.fromisoformat(item["date"]), item["note"]) for item in self.changes or []),
                       key=lambda pair: pair[0], reverse=True)
        return notes[:limit]

    def review_overdue(self, today=None):
        """True once the page's next review date has passed."""
        return self.next_review is not None and self.next_review < (today or clock.today())

    # Front matter and body: the page as a content file holds it.

    @staticmethod
    def fields_from(meta, extra, body):
        """Model fields from parsed front matter, with the defaults a file may leave out."""
        return {
            "title": meta["title"],
            "summary": meta["summary"],
            "section": meta.get("section", "More information"),
            "order": meta.get("order", 1000),
            "audiences": meta.get("audiences", []),
            "last_reviewed": meta.get("last_reviewed"),
            "next_review": meta.get("next_review"),
            "sources": meta.get("sources", []),
            "related": meta.get("related", []),
            "changes": frontmatter.json_safe(meta.get("changes", [])),
            "questions": meta.get("questions", []),
            "status": meta.get("status", Topic.Status.PUBLISHED),
            "translation_of": meta.get("translation_of", ""),
            "translated_from": meta.get("translated_from", ""),
            "extra": frontmatter.json_safe(extra),
            "body": body,
        }

    def front_matter(self):
        """Known fields in FIELD_ORDER (empty ones and the default status left out), then extras."""
        meta = {}
        for key in frontmatter.FIELD_ORDER:
            value = getattr(self, key)
            if value is None or value == "" or value == []:
                continue
            if key == "status" and value == self.Status.PUBLISHED:
                continue
            meta[key] = value
        for key, value in (self.extra or {}).items():
            meta.setdefault(key, value)
        return meta

    def to_markdown(self):
        return frontmatter.dump(self.front_matter(), self.body)

    def compute_content_hash(self):
        # Remembered per instance for the content it was computed from: one load or save asks
        # several times (sync state, save(), the revision), and writing YAML is the dear part.
        key = repr((self.front_matter(), self.body))
        cached = self.__dict__.get("_content_hash_memo")
        if cached is None or cached[0] != key:
            cached = (key, hashlib.sha256(self.to_markdown().encode("utf-8")).hexdigest())
            self._content_hash_memo = cached
        return cached[1]

    def text_hash(self):
        """See text_hash(): what a translation of this page is pinned to."""
        return text_hash(self.title, self.summary, self.body)

    def english(self):
        """The English page this one translates (None for English pages, or when it has gone)."""
        if not self.translation_of:
            return None
        return Topic.objects.filter(slug=self.translation_of, language=ENGLISH).first()

    def translation(self, language):
        """This English page's live translation into `language`, or None."""
        return Topic.objects.live(language).filter(translation_of=self.slug).first()

    def version_paths(self, url_name="topics:topic"):
        """{language: path} of this page's live versions (itself, its English page or its
        translations) at `url_name`: what the page links to as its counterparts. Slugs only,
        one query: a topic page builds no other Topic for it."""
        english_slug = self.translation_of or self.slug
        versions = (Topic.objects.live(None).filter(Q(slug=english_slug, language=ENGLISH) | Q(translation_of=english_slug))
                    .values_list("language", "slug"))
        paths = {}
        for language, slug in list(versions) + [(self.language, self.slug)]:
            with translation.override(language):
                paths[language] = reverse(url_name, args=[slug])
        return paths

    def is_outdated(self, english=None):
        """True when this translation's English page changed since it was translated."""
        english = english if english is not None else self.english()
        return english is not None and english.text_hash() != self.translated_from

    def render(self):
        """Render the body into the stored HTML, contents and sections; return the Rendered."""
        rendered = render_body(self.body)
        for name, value in rendered.stored().items():
            setattr(self, name, value)
        return rendered

    def get_absolute_url(self):
        with translation.override(self.language):
            return reverse("topics:topic", args=[self.slug])

    @property
    def is_live(self):
        return self.status == self.Status.PUBLISHED and not self.withdrawn

    def neighbours(self):
        """(previous, next) live topics in reading order."""
        return Topic.objects.live(self.language).neighbours_of(self.slug)

    def structured_data(self, url, site_url, site_name):
        """schema.org MedicalWebPage for this page (JSON-LD), from its own fields only, in its language."""
        with translation.override(self.language):
            return self._structured_data(url, site_url, site_name)

    def _structured_data(self, url, site_url, site_name):
        data = {
            "@context": "https://schema.org",
            "@type": "MedicalWebPage",
            "name": self.title,
            "headline": self.title,
            "description": self.summary,
            "url": url,
            "inLanguage": self.language,
            "about": condition(),
            "audience": {"@type": "PeopleAudience", "audienceType": gettext("Patients and caregivers")},
            "isPartOf": {"@type": "WebSite", "name": site_name, "url": site_url},
        }
        if self.last_reviewed:
            data["lastReviewed"] = self.last_reviewed.isoformat()
        if self.sources:
            data["citation"] = [f"{source['publisher']}: {source['title']}" for source in self.sources]
        return data

    def related_topics(self):
        by_slug = Topic.objects.live(self.language).in_bulk(self.related, field_name="slug")
        return [by_slug[slug] for slug in self.related if slug in by_slug]


# The fields a content file holds; saving any of them changes the content hash.
CONTENT_FIELDS = set(frontmatter.FIELD_ORDER) | {"extra", "body"}
# The fields text_hash() reads.
TEXT_FIELDS = {"title", "summary", "body"}


class ContentGeneration(models.Model):
    """One row: a number that goes up whenever published content changes.

    Caches and the search index record the generation they were built from, so "is this
    stale?" is one comparison, not a timer.
    """

    number = models.PositiveBigIntegerField(default=0)
    changed = models.DateTimeField(auto_now=True)
    # Which database this is. Two databases can reach the same number with different content
    # (one restored or recreated under a server that kept its search index), so whatever is
    # built from the content records this too.
    database = models.UUIDField(default=uuid.uuid4, editable=False)

    @classmethod
    def current(cls):
        row = cls.objects.filter(pk=1).values_list("number", flat=True).first()
        return row or 0

    @classmethod
    def version(cls):
        """(number, database as text): the content exactly, across databases."""
        row = cls.objects.filter(pk=1).values_list("number", "database").first()
        return (row[0], str(row[1])) if row else (0, "")

    @classmethod
    def stamp(cls):
        """(number, changed): what a cached page and its ETag are built from.

        Read on every cached page view, so it is one plain SQL query: the ORM's own work
        here cost more than the database round trip.
        """
        connection = connections[router.db_for_read(cls)]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT number, changed FROM {connection.ops.quote_name(cls._meta.db_table)} WHERE id = 1")
            row = cursor.fetchone()
        if row is None:
            return 0, None
        number, changed = row
        # SQLite hands back text; the converters make it an aware datetime as the ORM would.
        field = cls._meta.get_field("changed")
        for converter in connection.ops.get_db_converters(field.get_col(cls._meta.db_table)):
            changed = converter(changed, field.get_col(cls._meta.db_table), connection)
        return number, changed

    @classmethod
    def bump(cls):
        """Increase the generation inside the caller's transaction and return the new number."""
        assert transaction.get_connection().in_atomic_block, "bump() belongs in a transaction"
        # update() skips auto_now, so `changed` is set here; pages send it as Last-Modified.
        updated = cls.objects.filter(pk=1).update(number=F("number") + 1, changed=timezone.now())
        if not updated:
            cls.objects.create(pk=1, number=1)
        return cls.objects.get(pk=1).number

    @classmethod
    def announce(cls, slugs):
        """Bump the generation now; send `content_changed` only once the transaction commits."""
        generation = cls.bump()
        slugs = list(slugs)
        transaction.on_commit(lambda: signals.content_changed.send(
            sender=Topic, slugs=slugs, generation=generation))
        return generation


class GlossaryTermQuerySet(models.QuerySet):
    def language(self, code):
        return self.filter(language=code)

    def link_terms(self):
        """What `glossary.link_terms` needs, as a hashable tuple: ((slug, (phrase, ...)), ...)."""
        return tuple((slug, tuple(matches)) for slug, matches in self.values_list("slug", "matches"))

    def with_see_also(self):
        """All terms in glossary order, each with `see_also_terms`: the entries it points to."""
        terms = list(self)
        by_slug = {term.slug: term for term in terms}
        for term in terms:
            term.see_also_terms = [by_slug[slug] for slug in term.see_also if slug in by_slug]
        return terms


class GlossaryTerm(models.Model):
    """A word the source document explains, loaded from `glossary.yaml` with the pages."""

    slug = models.SlugField(max_length=200, unique=True)
    term = models.CharField(max_length=200)
    definition = models.TextField()
    # The source sentences the definition comes from, kept for the reviewer.
    from_source = models.JSONField(default=list)
    # Phrases whose first use on a topic page links here.
    matches = models.JSONField(default=list)
    see_also = models.JSONField(default=list, blank=True)
    # Anchors this entry had before its slug changed: /glossary/#old still lands on it.
    former_slugs = models.JSONField(default=list, blank=True, editable=False)
    language = models.CharField(max_length=5, choices=LANGUAGES, default=ENGLISH, db_index=True, editable=False)
    # The English entry's slug, for a translated entry; blank for English ones.
    translation_of = models.SlugField(max_length=200, blank=True)
    updated = models.DateTimeField(auto_now=True)

    objects = GlossaryTermQuerySet.as_manager()

    class Meta:
        ordering = ["term"]

    def __str__(self):
        return self.term

    def get_absolute_url(self):
        with translation.override(self.language):
            return reverse("topics:glossary") + f"#{self.slug}"


class ClaimQuerySet(models.QuerySet):
    def for_page(self, slug):
        """The claims of the English page `slug`. A translated page passes the slug of the page it
        is a translation of: the register is kept once, in English, and keyed by that slug."""
        return self.filter(page_slug=slug)

    def site_wide(self):
        return self.filter(page_slug="")


class Claim(models.Model):
    """One factual sentence the site shows and the source's words it rests on, loaded from the
    claims register (`claims.yaml`, see claims.py) with the pages."""

    # The English page's slug; empty for site-wide text (site.yaml, the glossary, templates).
    page_slug = models.CharField(max_length=200, blank=True, db_index=True)
    text = models.TextField()
    # The source's words, passages joined by " … "; empty when `note` says why there are none.
    quote = models.TextField(blank=True)
    note = models.TextField(blank=True)
    # Qualifiers of the quote left out on purpose: {qualifier: why}.
    dropped = models.JSONField(default=dict, blank=True)
    # Its place in the register, so the register's order is kept.
    position = models.PositiveIntegerField(default=0)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.text


class SlugRedirect(models.Model):
    """An address a page had before its slug changed: it answers 301 to the page as it is now."""

    old_slug = models.SlugField(max_length=200, unique=True)
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="old_slugs")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_slug"]

    def __str__(self):
        return f"{self.old_slug} → {self.topic.slug}"

    @classmethod
    def keep(cls, old_slug, topic):
        """`topic` moved from `old_slug`: keep that address; the page's own slug is no longer old."""
        cls.objects.filter(old_slug=topic.slug, topic=topic).delete()
        cls.objects.update_or_create(old_slug=old_slug, defaults={"topic": topic})


def slug_clash(slug, topic=None):
    """Why `slug` cannot be `topic`'s (None for a new page), or "" when it is free.

    A slug belongs to one page: as its address now, or as an address it had, which must keep
    leading to it."""
    pk = topic.pk if topic is not None else None
    current = Topic.objects.filter(slug=slug).exclude(pk=pk).only("title").first()
    if current is not None:
        return f"the slug '{slug}' is the address of the page “{current.title}”. Choose another slug."
    kept = SlugRedirect.objects.filter(old_slug=slug).exclude(topic_id=pk).select_related("topic").first()
    if kept is not None:
        return (f"the slug '{slug}' was the address of the page “{kept.topic.title}” and still leads "
                "there (old addresses keep working). Choose another slug.")
    return ""


class EnglishText(models.Model):
    """Every version of an English page's translatable text that the site has stored, by its
    text_hash(). A translation pins one of these hashes; when the English page has changed
    since, the translation status list shows the difference from this pinned text: exactly
    what to translate again. Kept here rather than in the editing app's revisions because most
    English changes come from files, which the revisions do not all record."""

    text_hash = models.CharField(max_length=64, unique=True)
    slug = models.SlugField(max_length=200, db_index=True)
    title = models.CharField(max_length=300)
    summary = models.TextField()
    body = models.TextField()
    first_seen = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["first_seen"]

    def __str__(self):
        return f"{self.slug} @ {self.text_hash[:12]}"

    @classmethod
    def remember(cls, topics):
        """Record the text of these English pages, once per version (a known hash is kept)."""
        rows = {}
        for topic in topics:
            if topic.language == ENGLISH:
                digest = topic.text_hash()
                rows[digest] = cls(text_hash=digest, slug=topic.slug, title=topic.title,
                                   summary=topic.summary, body=topic.body)
        known = set(cls.objects.filter(text_hash__in=list(rows)).values_list("text_hash", flat=True))
        cls.objects.bulk_create([row for digest, row in rows.items() if digest not in known])
