from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "feedback"

# Under each language's prefix with that language's words, as the topic pages they belong to
# (translated in locale/<code>/LC_MESSAGES/django.po).
urlpatterns = [
    path(pgettext_lazy("address", "topics/<slug:slug>/feedback/helpful/"), views.vote, name="vote"),
    path(pgettext_lazy("address", "topics/<slug:slug>/feedback/report/"), views.report, name="report"),
    path(pgettext_lazy("address", "topics/<slug:slug>/feedback/thanks/"), views.thanks, name="thanks"),
]
