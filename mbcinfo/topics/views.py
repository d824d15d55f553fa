from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from .models import GlossaryTerm, Topic


def home(request):
    live = Topic.objects.live()
    return render(request, "topics/home.html", {"routes": live.by_route(), "sections": live.by_section()})


def visible_topic(request, slug):
    """The topic at `slug`; drafts only for staff (a preview at the real address)."""
    topic = get_object_or_404(Topic, slug=slug, withdrawn=False)
    if topic.status != Topic.Status.PUBLISHED and not request.user.is_staff:
        raise Http404("No such topic")
    return topic


def topic_detail(request, slug):
    topic = visible_topic(request, slug)
    previous, following = topic.neighbours()
    return render(request, "topics/topic.html", {
        "topic": topic,
        "related": topic.related_topics(),
        "previous": previous,
        "next": following,
        # What other apps add at the end of every topic page (settings.TOPIC_PAGE_END_TEMPLATES).
        "page_end_templates": getattr(settings, "TOPIC_PAGE_END_TEMPLATES", []),
    })


def appointment_sheet(request, slug):
    """One printable page to take to an appointment: key points, space for questions and notes."""
    return render(request, "topics/appointment_sheet.html", {"topic": visible_topic(request, slug)})


def glossary(request):
    return render(request, "topics/glossary.html", {"terms": GlossaryTerm.objects.with_see_also()})
