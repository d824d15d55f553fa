from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    """"Did this page help?" and "Report a problem with this page": built on topics, which
    knows nothing of it (its form reaches topic pages through TOPIC_PAGE_END_TEMPLATES)."""

    name = "mbcinfo.feedback"
    verbose_name = _("Readers' feedback")
    default_auto_field = "django.db.models.BigAutoField"
