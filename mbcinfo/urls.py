from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("mbcinfo.editing.urls")),  # the editor's preview and image uploads
    path("search/", include("mbcinfo.search.urls")),
    path("", include("mbcinfo.topics.urls")),
    path("", include("mbcinfo.trust.urls")),  # the accessibility statement and editorial policy
    path("", include("mbcinfo.feedback.urls")),  # "Did this page help?" and problem reports
    path("", include("mbcinfo.offline.urls")),  # the offline page (/sw.js is a WhiteNoise root file)
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain")),
    path("", include("mbcinfo.serving.urls")),  # /healthz
]

# The error pages draw on several apps, so the project package holds them (mbcinfo/errorpages.py).
handler404 = "mbcinfo.errorpages.page_not_found"
# A database outage gets a 503 page with the helpline; anything else the 500 page.
handler500 = "mbcinfo.errorpages.server_error"
