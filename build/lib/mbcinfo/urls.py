from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("mbcinfo.editing.urls")),  # Editing (issue 4): preview, uploads
    path("search/", include("mbcinfo.search.urls")),
    path("", include("mbcinfo.topics.urls")),
    # --- patients (issue 5) ---
    path("", include("mbcinfo.offline.urls")),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain")),
    # --- end patients ---
    path("", include("mbcinfo.serving.urls")),  # /healthz
]

handler404 = "mbcinfo.topics.views.page_not_found"
# A database outage gets a 503 page with the helpline; anything else the topics 500 page.
handler500 = "mbcinfo.serving.views.server_error"
