from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.utils.translation import get_language

from .models import ENGLISH, GlossaryTerm, Topic
from .translations import outdated_notice

# The About page's English slug; a translation's About page is the one that translates it.
ABOUT = "about"


def home(request):
    live = Topic.objects.live(get_language())
    return render(request, "topics/home.html", {"routes": live.by_route(), "sections": live.by_section()})


def visible_topic(request, slug):
    """The topic at `slug` in the address's language, or the one that had it before its slug
    changed (the caller then redirects); drafts only for staff (a preview at the real address)."""
    pages = Topic.objects.filter(withdrawn=False, language=get_language())
    topic = pages.filter(slug=slug).first() or pages.filter(old_slugs__old_slug=slug).first()
    if topic is None or (topic.status != Topic.Status.PUBLISHED and not request.user.is_staff):
        raise Http404("No such topic")
    return topic


def topic_detail(request, slug):
    topic = visible_topic(request, slug)
    if topic.slug != slug:
        return redirect(topic, permanent=True)
    previous, following = topic.neighbours()
    return render(request, "topics/topic.html", {
        "topic": topic,
        "related": topic.related_topics(),
        "previous": previous,
        "next": following,
        # What other apps add at the end of every topic page (settings.TOPIC_PAGE_END_TEMPLATES).
        "page_end_templates": getattr(settings, "TOPIC_PAGE_END_TEMPLATES", []),
        "language_paths": topic.version_paths("topics:topic"),
        "outdated": outdated_notice(topic) if topic.language != ENGLISH else None,
    })


# The reader's own question list (static/js/question-list.js keeps it in the browser): enough
# for any appointment, and each question short enough to print on a line or two.
QUESTION_LIST_LIMITS = {"max_list_items": 30, "max_question_chars": 200}


def appointment_sheet(request, slug):
    """One printable page to take to an appointment: key points, the page's suggested questions
    for the reader to tick, space for questions and notes."""
    topic = visible_topic(request, slug)
    if topic.slug != slug:
        return redirect("topics:appointment_sheet", topic.slug, permanent=True)
    return render(request, "topics/appointment_sheet.html", {
        "topic": topic, "language_paths": topic.version_paths("topics:appointment_sheet"), **QUESTION_LIST_LIMITS})


def updates(request):
    """Major changes across the site in the address's language, newest first (the feed has the same)."""
    return render(request, "topics/updates.html", {"notes": Topic.objects.live(get_language()).change_notes()})


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
