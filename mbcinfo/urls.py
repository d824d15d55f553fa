from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("search/", include("mbcinfo.search.urls")),
    path("", include("mbcinfo.topics.urls")),
]

handler404 = "mbcinfo.topics.views.page_not_found"
handler500 = "mbcinfo.topics.views.server_error"
