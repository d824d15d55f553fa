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
    })


def appointment_sheet(request, slug):
    """One printable page to take to an appointment: key points, space for questions and notes."""
    return render(request, "topics/appointment_sheet.html", {"topic": visible_topic(request, slug)})


def glossary(request):
    return render(request, "topics/glossary.html", {"terms": GlossaryTerm.objects.with_see_also()})
