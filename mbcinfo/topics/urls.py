from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "topics"

urlpatterns = [
    path("", views.home, name="home"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("about/", RedirectView.as_view(url="/topics/about/", permanent=True), name="about"),
]
