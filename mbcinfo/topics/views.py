from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from .models import ENGLISH, GlossaryTerm, Topic
from .translations import outdated_notice

# The About page's English slug; a translation's About page is the one that translates it.
ABOUT = "about"


def home(request):
    return render(request, "topics/home.html", {"sections": Topic.objects.live(get_language()).by_section()})


def visible_topic(request, slug):
    """The topic at `slug` in the address's language; drafts only for staff (a preview at the
    real address)."""
    topic = get_object_or_404(Topic, slug=slug, withdrawn=False, language=get_language())
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
        "language_paths": topic.version_paths("topics:topic"),
        "outdated": outdated_notice(topic) if topic.language != ENGLISH else None,
    })


def appointment_sheet(request, slug):
    """One printable page to take to an appointment: key points, space for questions and notes."""
    topic = visible_topic(request, slug)
    return render(request, "topics/appointment_sheet.html", {
        "topic": topic, "language_paths": topic.version_paths("topics:appointment_sheet")})


def glossary(request):
    return render(request, "topics/glossary.html",
                  {"terms": GlossaryTerm.objects.language(get_language()).with_see_also()})


def about(request):
    """/about/ (and /es/acerca-de/): a short address for the About page, in the same language."""
    language = get_language()
    about_pages = Topic.objects.live(language)
    about_pages = about_pages.filter(slug=ABOUT) if language == ENGLISH else about_pages.filter(translation_of=ABOUT)
    page = about_pages.only("slug", "language").first()
    if page is None:
        raise Http404("No About page in this language")
    return HttpResponsePermanentRedirect(page.get_absolute_url())
