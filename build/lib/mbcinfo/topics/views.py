from django.db import DatabaseError
from django.http import Http404, HttpResponseServerError
from django.shortcuts import get_object_or_404, render
from django.template import loader

from .models import GlossaryTerm, Topic


def topics_by_section():
    """[(section, [topics])] in reading order; a section sits where its first topic does."""
    topics = Topic.objects.live().in_reading_order().only("slug", "title", "summary", "section", "order")
    grouped = {}
    for topic in topics:
        grouped.setdefault(topic.section, []).append(topic)
    return list(grouped.items())


def home(request):
    return render(request, "topics/home.html", {"sections": topics_by_section()})


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


def page_not_found(request, exception=None):
    try:
        sections = topics_by_section()
    except DatabaseError:
        sections = []
    return render(request, "404.html", {"sections": sections}, status=404)


def server_error(request):
    # No database and no request context: whatever broke may be the database itself.
    from .site import site_facts

    try:
        site = site_facts()
    except Exception:  # the error page must render whatever else is broken
        site = None
    return HttpResponseServerError(loader.get_template("500.html").render({"site": site}))
