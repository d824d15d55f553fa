from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("mbcinfo.topics.urls")),
    path("", include("mbcinfo.serving.urls")),  # /healthz
]

handler404 = "mbcinfo.topics.views.page_not_found"
# A database outage gets a 503 page with the helpline; anything else the topics 500 page.
handler500 = "mbcinfo.serving.views.server_error"
