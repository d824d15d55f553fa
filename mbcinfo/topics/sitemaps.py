"""sitemap.xml: every live topic and the site's own pages, each with when it last changed, in
every language it exists in, each address listing its versions in the other languages
(hreflang alternates, English as x-default): Django's sitemaps with `i18n` and `alternates`."""
from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language

from .models import ENGLISH, GlossaryTerm, Topic


class PublicSitemap(Sitemap):
    """Addresses on the configured public origin (settings.PUBLIC_ORIGIN) when there is one,
    as in the pages' canonical links; otherwise on the Host the request named, as Django does."""

    i18n = True
    alternates = True
    x_default = True

    def get_protocol(self, protocol=None):
        return settings.PUBLIC_ORIGIN.split("://")[0] if settings.PUBLIC_ORIGIN else super().get_protocol(protocol)

    def get_domain(self, site=None):
        return settings.PUBLIC_ORIGIN.split("://")[1] if settings.PUBLIC_ORIGIN else super().get_domain(site)

    def _get(self, name, item, default=None):
        # Django activates an item's language for its location only; lastmod is per language
        # too (a Spanish page changes apart from its English one), so it gets the same.
        # (Not for location: Django sets the language itself, another one for an alternate.)
        if self.i18n and isinstance(item, tuple) and name != "location":
            with translation.override(item[1]):
                return super()._get(name, item, default)
        return super()._get(name, item, default)


class TopicSitemap(PublicSitemap):
    """One item per English page; its versions are the page and its live translations."""

    def items(self):
        english = list(Topic.objects.live(ENGLISH).in_reading_order().only("slug", "updated", "language"))
        versions = {}
        for translation in (Topic.objects.live(None).exclude(language=ENGLISH)
                            .filter(translation_of__in=[page.slug for page in english])
                            .values("translation_of", "language", "slug", "updated")):
            versions.setdefault(translation["translation_of"], {})[translation["language"]] = translation
        for page in english:
            page.versions = {ENGLISH: {"slug": page.slug, "updated": page.updated},
                             **versions.get(page.slug, {})}
        return english

    def get_languages_for_item(self, page):
        return [code for code, _ in settings.LANGUAGES if code in page.versions]

    def location(self, page):
        return reverse("topics:topic", args=[page.versions[get_language()]["slug"]])

    def lastmod(self, page):
        return page.versions[get_language()]["updated"]


class PageSitemap(PublicSitemap):
    """The home page changes when any topic does; the glossary when any of its terms does."""

    def items(self):
        return ["topics:home", "topics:glossary"]

    def get_languages_for_item(self, name):
        """English always; a translation once it has pages (its home) or terms (its glossary)."""
        return [code for code, _ in settings.LANGUAGES if code == ENGLISH or self._contents(name, code).exists()]

    def _contents(self, name, language):
        return Topic.objects.live(language) if name == "topics:home" else GlossaryTerm.objects.language(language)

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        return self._contents(name, get_language()).aggregate(latest=Max("updated"))["latest"]


SITEMAPS = {"pages": PageSitemap, "topics": TopicSitemap}
