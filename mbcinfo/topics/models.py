from django.db import connections, models, router, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone


class TopicQuerySet(models.QuerySet):
    def live(self):
        """What the public may see: published, and its file has not disappeared."""
        return self.filter(status=Topic.Status.PUBLISHED, withdrawn=False)

    def in_reading_order(self):
        return self.order_by("order", "title")


class Topic(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField(max_length=300)
    summary = models.TextField()
    section = models.CharField(max_length=200, default="More information")
    order = models.IntegerField(default=1000)
    last_reviewed = models.DateField(null=True, blank=True)
    next_review = models.DateField(null=True, blank=True)
    sources = models.JSONField(default=list, blank=True)
    related = models.JSONField(default=list, blank=True)
    # Front-matter fields the site does not know, kept when loading with --allow-extra-fields.
    extra = models.JSONField(default=dict, blank=True)
    body = models.TextField(help_text="Markdown. The title is the page heading; start sections with ##.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)

    # Rendered once when the content changes, never per request.
    body_html = models.TextField(editable=False, default="")
    toc = models.JSONField(editable=False, default=list)
    sections = models.JSONField(editable=False, default=list)

    # Where the page came from: a collection (the content directory, relative to the project
    # when inside it) and a file name. `file_hash` is the hash of the file text last loaded or
    # exported, which is how a later load tells whether the file changed.
    collection = models.CharField(max_length=500, blank=True, editable=False)
    source_path = models.CharField(max_length=500, blank=True, editable=False)
    file_hash = models.CharField(max_length=64, blank=True, editable=False)
    # True when the page's file disappeared: hidden from the site, kept in the database.
    withdrawn = models.BooleanField(default=False, editable=False)

    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("topics:topic", args=[self.slug])

    @property
    def is_live(self):
        return self.status == self.Status.PUBLISHED and not self.withdrawn

    def neighbours(self):
        """(previous, next) live topics in reading order."""
        ordered = list(Topic.objects.live().in_reading_order().only("slug", "title"))
        slugs = [topic.slug for topic in ordered]
        if self.slug not in slugs:
            return None, None
        index = slugs.index(self.slug)
        previous = ordered[index - 1] if index > 0 else None
        following = ordered[index + 1] if index + 1 < len(ordered) else None
        return previous, following

    def related_topics(self):
        by_slug = Topic.objects.live().in_bulk(self.related, field_name="slug")
        return [by_slug[slug] for slug in self.related if slug in by_slug]


class ContentGeneration(models.Model):
    """One row: a number that goes up whenever published content changes.

    Caches and the search index record the generation they were built from, so "is this
    stale?" is one comparison, not a timer.
    """

    number = models.PositiveBigIntegerField(default=0)
    changed = models.DateTimeField(auto_now=True)

    @classmethod
    def current(cls):
        row = cls.objects.filter(pk=1).values_list("number", flat=True).first()
        return row or 0

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
