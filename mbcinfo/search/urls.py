from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "search"

urlpatterns = [
    path("", views.results, name="results"),
    path(pgettext_lazy("address", "suggest/"), views.suggest, name="suggest"),
]
