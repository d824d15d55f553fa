from django.db import models


class MissedQuery(models.Model):
    """A search that found nothing, so editors can see what people look for and do not find.

    Only the normalised words and when they were searched: no IP address, cookie, user agent or
    user is stored, so a row cannot be traced to a person (see misses.py for what is not kept).
    """

    query = models.CharField(max_length=100, unique=True)
    count = models.PositiveIntegerField(default=1)
    first_seen = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField()

    class Meta:
        ordering = ["-count", "-last_seen"]
        verbose_name = "search that found nothing"
        verbose_name_plural = "searches that found nothing"

    def __str__(self):
        return self.query
