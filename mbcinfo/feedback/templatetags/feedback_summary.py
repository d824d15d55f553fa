"""A page's feedback in brief, for the page's admin form (TOPIC_ADMIN_PANEL_TEMPLATES)."""
from django import template
from django.urls import reverse

from ..models import Helpfulness, ProblemReport

register = template.Library()
MONTHS_SHOWN = 3


@register.simple_tag
def feedback_summary(topic):
    months = list(Helpfulness.objects.filter(topic=topic).order_by("-month")[:MONTHS_SHOWN])
    return {
        "months": months,
        "open_reports": ProblemReport.objects.open().filter(topic=topic).count(),
        "reports_url": f"{reverse('admin:feedback_problemreport_changelist')}?topic__id__exact={topic.pk}",
        "answers_url": f"{reverse('admin:feedback_helpfulness_changelist')}?topic__id__exact={topic.pk}",
    }
