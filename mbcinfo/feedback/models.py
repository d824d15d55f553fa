"""What readers tell us about a page, with nothing about who told us: no address, user agent,
time of day or other identifier is stored, only counts per month and the text of a report."""
from django.db import models
from django.db.models import F
from django.db.utils import IntegrityError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mbcinfo.topics.models import Topic


def this_month():
    return timezone.localdate().replace(day=1)


class Helpfulness(models.Model):
    """"Did this page help?" answers for one page in one month, as two counts."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+", verbose_name=_("page"))
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    yes = models.PositiveIntegerField(_("yes"), default=0)
    no = models.PositiveIntegerField(_("no"), default=0)

    class Meta:
        verbose_name = _("page helpfulness by month")
        verbose_name_plural = _("page helpfulness by month")
        ordering = ["-month", "topic__order", "topic__title"]
        constraints = [models.UniqueConstraint(fields=["topic", "month"], name="one_count_per_page_and_month")]

    def __str__(self):
        return f"{self.topic} {self.month:%Y-%m}"

    @classmethod
    def count(cls, topic, helpful):
        """Add one answer for `topic` this month."""
        answer = "yes" if helpful else "no"
        month = this_month()
        if cls.objects.filter(topic=topic, month=month).update(**{answer: F(answer) + 1}):
            return
        try:
            with transaction.atomic():
                cls.objects.create(topic=topic, month=month, **{answer: 1})
        except IntegrityError:  # another answer created the month's row first
            cls.objects.filter(topic=topic, month=month).update(**{answer: F(answer) + 1})


class ReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved=False)


class ProblemReport(models.Model):
    """"Report a problem with this page": what the reader wrote, the page, the day it came."""

    MAX_CHARS = 500

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+", verbose_name=_("page"))
    text = models.TextField(_("what the reader wrote"), max_length=MAX_CHARS)
    # The day only: a time to the second could be matched with a server's access log.
    received = models.DateField(_("received"), default=timezone.localdate)
    resolved = models.BooleanField(_("resolved"), default=False)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("problem report")
        verbose_name_plural = _("problem reports")
        ordering = ["resolved", "-received", "-pk"]

    def __str__(self):
        return f"{self.topic}: {self.text[:60]}"
