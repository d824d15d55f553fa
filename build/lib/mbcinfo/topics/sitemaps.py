"""sitemap.xml: every live topic and the site's own pages, each with when it last changed."""
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .models import GlossaryTerm, Topic


class TopicSitemap(Sitemap):
    def items(self):
        return Topic.objects.live().in_reading_order().only("slug", "updated")

    def lastmod(self, topic):
        return topic.updated


class PageSitemap(Sitemap):
    """The home page changes when any topic does; the glossary when any of its terms does."""

    def items(self):
        return ["topics:home", "topics:glossary"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        model = Topic.objects.live() if name == "topics:home" else GlossaryTerm.objects.all()
        return model.aggregate(latest=Max("updated"))["latest"]


SITEMAPS = {"pages": PageSitemap, "topics": TopicSitemap}
