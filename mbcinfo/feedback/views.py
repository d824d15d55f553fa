"""The feedback forms' endpoints: plain form posts answered with a redirect to a thank-you
page, so they work without JavaScript (feedback.js only shows the answer in place). No view
sets a cookie: there is no CSRF cookie (guards.same_origin stands in for it) and no session."""
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_POST

from mbcinfo.topics.models import Topic

from . import guards
from .forms import ReportForm, VoteForm, room_for_reports
from .models import Helpfulness, ProblemReport


def _live_topic(slug):
    """The live page in the address's language: a Spanish page's forms post under /es/, and its
    thank-you page answers in Spanish."""
    return get_object_or_404(Topic.objects.live(get_language()), slug=slug)


def _thanks(topic, answer):
    return HttpResponseRedirect(f"{reverse('feedback:thanks', args=[topic.slug])}?sent={answer}", status=303)


def _guarded(view):
    """Refuse a post from another site (403) or a client over its allowance (429)."""
    def wrapper(request, slug):
        topic = _live_topic(slug)
        if not guards.same_origin(request):
            return render(request, "feedback/refused.html", {"topic": topic, "reason": "origin"}, status=403)
        if not guards.within_allowance(request):
            response = render(request, "feedback/refused.html", {"topic": topic, "reason": "rate"}, status=429)
            response["Retry-After"] = "3600"
            return response
        return view(request, topic)
    return csrf_exempt(require_POST(wrapper))


@_guarded
def vote(request, topic):
    form = VoteForm(request.POST)
    if form.is_bot():
        return _thanks(topic, "yes")
    if not form.is_valid():
        return render(request, "feedback/report.html", {"topic": topic, "form": ReportForm(), "vote_missing": True}, status=400)
    answer = form.cleaned_data["helpful"]
    Helpfulness.count(topic, helpful=answer == "yes")
    return _thanks(topic, answer)


@csrf_exempt
def report(request, slug):
    if request.method == "POST":
        return _post_report(request, slug)
    return render(request, "feedback/report.html", {"topic": _live_topic(slug), "form": ReportForm()})


@_guarded
def _post_report(request, topic):
    form = ReportForm(request.POST)
    if form.is_bot():
        return _thanks(topic, "report")
    if not form.is_valid():
        return render(request, "feedback/report.html", {"topic": topic, "form": form}, status=400)
    if not room_for_reports():
        return render(request, "feedback/report.html", {"topic": topic, "form": form, "full": True}, status=503)
    ProblemReport.objects.create(topic=topic, text=form.cleaned_data["text"])
    return _thanks(topic, "report")


@require_GET
def thanks(request, slug):
    topic = _live_topic(slug)
    sent = request.GET.get("sent")
    return render(request, "feedback/thanks.html", {
        "topic": topic, "sent": sent if sent in ("yes", "no", "report") else None,
        "form": ReportForm() if sent == "no" else None})
