from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import pgettext_lazy
from django.views.generic import TemplateView

from mbcinfo.topics.sitemaps import SITEMAPS

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("mbcinfo.editing.urls")),  # the editor's preview and image uploads
    # One sitemap for both languages: each page lists its translations as alternates.
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # The accessibility statement and editorial policy: English only for now; Spanish pages link
    # to them marked "(en inglés)".
    path("", include("mbcinfo.trust.urls")),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain")),
    path("", include("mbcinfo.serving.urls")),  # /healthz
]

# The reader's pages, in every language: English at the root (/topics/…), a translation under
# its prefix with its own words (/es/temas/…). The prefix is the only thing that picks the
# language (mbcinfo/languages.py); Django's set_language view is not routed.
urlpatterns += i18n_patterns(
    path(pgettext_lazy("address", "search/"), include("mbcinfo.search.urls")),
    path("", include("mbcinfo.topics.urls")),
    path("", include("mbcinfo.feedback.urls")),  # "Did this page help?" and problem reports
    path("", include("mbcinfo.offline.urls")),  # the offline page (/sw.js is a WhiteNoise root file)
    prefix_default_language=False,
)

# The error pages draw on several apps, so the project package holds them (mbcinfo/errorpages.py).
handler404 = "mbcinfo.errorpages.page_not_found"
# A database outage gets a 503 page with the helpline; anything else the 500 page.
handler500 = "mbcinfo.errorpages.server_error"
