from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "offline"

urlpatterns = [
    path(pgettext_lazy("address", "offline/"), views.offline_page, name="offline_page"),
]
