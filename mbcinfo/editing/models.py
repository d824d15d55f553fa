import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from mbcinfo.topics import frontmatter
from mbcinfo.topics.models import Topic, TopicQuerySet

from .lint import DUE_SOON_DAYS


class ReviewQuerySet(TopicQuerySet):
    def due(self, today=None, within_days=DUE_SOON_DAYS):
        """Pages whose review is overdue, due within `within_days`, or has no date at all."""
        today = today or timezone.localdate()
        horizon = today + datetime.timedelta(days=within_days)
        return (self.filter(withdrawn=False)
                .filter(models.Q(next_review__lte=horizon) | models.Q(next_review__isnull=True))
                .order_by(models.F("next_review").asc(nulls_first=True), "title"))


class ReviewDue(Topic):
    """The admin's list of pages to review soon: a view of Topic, no table of its own."""

    objects = ReviewQuerySet.as_manager()

    class Meta:
        proxy = True
        verbose_name = "page due for review"
        verbose_name_plural = "pages due for review"


class TranslationStatus(Topic):
    """The admin's translation status list (every English page: up to date, English newer or
    missing): a view of Topic, no table of its own. The list itself comes from
    topics.translations.translation_statuses()."""

    class Meta:
        proxy = True
        verbose_name = "translation status"
        verbose_name_plural = "translation status"


class StoredFile(models.Model):
    """A file kept in the database (storage.DatabaseStorage): every server reads the same files,
    and the database backup holds them. Only the editor's images are stored here, each at most
    a few megabytes."""

    name = models.CharField(max_length=255, unique=True)
    content = models.BinaryField()
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "stored file"

    def __str__(self):
        return self.name


class Revision(models.Model):
    """The front matter and body of a page at one moment, and where that version came from.

    Every change from any path stores one: a file load, an admin save, a publish, a revert. A
    file's version that met unsaved-to-file admin edits (a conflict) is stored too, with
    `applied=False`, so both sides can be compared and neither is lost.
    """

    class Origin(models.TextChoices):
        FILE = "file", "File"
        ADMIN = "admin", "Admin"

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="revisions")
    front_matter = models.JSONField()
    body = models.TextField()
    origin = models.CharField(max_length=10, choices=Origin.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    content_hash = models.CharField(max_length=64, db_index=True)
    note = models.CharField(max_length=300, blank=True)
    applied = models.BooleanField(default=True)

    class Meta:
        # The table was made when this model lived in topics; it keeps its name and its rows.
        db_table = "topics_revision"
        ordering = ["-id"]
        get_latest_by = "id"

    def __str__(self):
        return f"Revision {self.pk} of {self.front_matter.get('slug', '?')}"

    @property
    def text(self):
        """This version as a content file."""
        return frontmatter.dump(self.front_matter, self.body)

    @classmethod
    def record(cls, topic, origin, user=None, note="", content=None, applied=True):
        """Store `content` (a Topic, saved or not; default `topic` itself) as a revision of `topic`."""
        revision = cls.of(topic, origin, user, note, content, applied)
        revision.save(force_insert=True)
        return revision

    @classmethod
    def of(cls, topic, origin, user=None, note="", content=None, applied=True):
        """The revision record() stores, not yet saved (the loader stores new pages' in bulk)."""
        content = content if content is not None else topic
        return cls(
            topic=topic,
            front_matter=frontmatter.json_safe(content.front_matter()),
            body=content.body,
            origin=origin,
            user=user if user is not None and user.is_authenticated else None,
            content_hash=content.compute_content_hash(),
            note=note[:300],
            applied=applied,
        )
