from django.urls import path

from . import views

app_name = "trust"

urlpatterns = [
    path("accessibility/", views.accessibility, name="accessibility"),
    path("editorial-policy/", views.editorial_policy, name="editorial_policy"),
]
