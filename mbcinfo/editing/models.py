import datetime

from django.db import models
from django.utils import timezone

from mbcinfo.topics.models import Topic, TopicQuerySet

from .checks import DUE_SOON_DAYS


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
