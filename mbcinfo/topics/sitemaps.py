"""sitemap.xml: every live topic and the site's own pages, each with when it last changed."""
from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .models import GlossaryTerm, Topic


class PublicSitemap(Sitemap):
    """Addresses on the configured public origin (settings.PUBLIC_ORIGIN) when there is one,
    as in the pages' canonical links; otherwise on the Host the request named, as Django does."""

    def get_protocol(self, protocol=None):
        return settings.PUBLIC_ORIGIN.split("://")[0] if settings.PUBLIC_ORIGIN else super().get_protocol(protocol)

    def get_domain(self, site=None):
        return settings.PUBLIC_ORIGIN.split("://")[1] if settings.PUBLIC_ORIGIN else super().get_domain(site)


class TopicSitemap(PublicSitemap):
    def items(self):
        return Topic.objects.live().in_reading_order().only("slug", "updated", "language")

    def lastmod(self, topic):
        return topic.updated


class PageSitemap(PublicSitemap):
    """The home page changes when any topic does; the glossary when any of its terms does."""

    def items(self):
        return ["topics:home", "topics:glossary"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        model = Topic.objects.live() if name == "topics:home" else GlossaryTerm.objects.all()
        return model.aggregate(latest=Max("updated"))["latest"]


SITEMAPS = {"pages": PageSitemap, "topics": TopicSitemap}
