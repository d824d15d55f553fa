from django.http import Http404
from django.shortcuts import get_object_or_404, render

from .models import GlossaryTerm, Topic


def home(request):
    return render(request, "topics/home.html", {"sections": Topic.objects.live().by_section()})


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


# The reader's own question list (static/js/question-list.js keeps it in the browser): enough
# for any appointment, and each question short enough to print on a line or two.
QUESTION_LIST_LIMITS = {"max_list_items": 30, "max_question_chars": 200}


def appointment_sheet(request, slug):
    """One printable page to take to an appointment: key points, the page's suggested questions
    for the reader to tick, space for questions and notes."""
    return render(request, "topics/appointment_sheet.html",
                  {"topic": visible_topic(request, slug), **QUESTION_LIST_LIMITS})


def glossary(request):
    return render(request, "topics/glossary.html", {"terms": GlossaryTerm.objects.with_see_also()})
