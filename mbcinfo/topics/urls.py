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
from .feeds import UpdatesFeed
]
