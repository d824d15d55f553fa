from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("topics/<slug:slug>/feedback/helpful/", views.vote, name="vote"),
    path("topics/<slug:slug>/feedback/report/", views.report, name="report"),
    path("topics/<slug:slug>/feedback/thanks/", views.thanks, name="thanks"),
]
