from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.generic import RedirectView

from . import views
from .feeds import UpdatesFeed
from .sitemaps import SITEMAPS

app_name = "topics"

urlpatterns = [
    path("", views.home, name="home"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("topics/<slug:slug>/print/", views.appointment_sheet, name="appointment_sheet"),
    path("glossary/", views.glossary, name="glossary"),
    path("updates/", views.updates, name="updates"),
    path("updates/feed/", UpdatesFeed(), name="updates_feed"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("about/", RedirectView.as_view(url="/topics/about/", permanent=True), name="about"),
]
