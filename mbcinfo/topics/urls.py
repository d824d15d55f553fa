from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views
from .feeds import UpdatesFeed

app_name = "topics"

# Each language's own words in its addresses (/es/temas/<slug>/, /es/glosario/): the routes are
# translated in locale/<code>/LC_MESSAGES/django.po, and mbcinfo/urls.py puts them under the
# language prefix. The context tells translators these are address parts, not prose.
urlpatterns = [
    path("", views.home, name="home"),
    path(pgettext_lazy("address", "topics/<slug:slug>/"), views.topic_detail, name="topic"),
    path(pgettext_lazy("address", "topics/<slug:slug>/print/"), views.appointment_sheet, name="appointment_sheet"),
    path(pgettext_lazy("address", "glossary/"), views.glossary, name="glossary"),
    path(pgettext_lazy("address", "about/"), views.about, name="about"),
    path(pgettext_lazy("address", "updates/"), views.updates, name="updates"),
    path(pgettext_lazy("address", "updates/feed/"), UpdatesFeed(), name="updates_feed"),
]
