"""The Atom feed of major changes: the same notes /updates/ lists, newest first."""
import datetime
import hashlib

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .models import Topic
from .site import public_origin, site_facts

FEED_LENGTH = 50


def change_note_id(origin, note):
    """A change note's Atom id: stable however the page's list of notes grows or is reordered."""
    digest = hashlib.sha256(note.note.encode("utf-8")).hexdigest()[:12]
    return f"{origin}{note.topic.get_absolute_url()}#change-{note.date.isoformat()}-{digest}"


class UpdatesFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs):
        # Entry ids are absolute addresses on the site's own origin, as its canonical links are.
        return public_origin(request)

    def title(self):
        return _("Changes to %(site)s") % {"site": site_facts()["site_name"]}

    def subtitle(self):
        return _("Major changes to the pages, newest first.")

    def link(self):
        return reverse("topics:updates")

    def author_name(self):
        return _("The editors of %(site)s") % {"site": site_facts()["site_name"]}

    def items(self, origin):
        return [(origin, note) for note in Topic.objects.live().change_notes()[:FEED_LENGTH]]

    def item_title(self, item):
        return f"{item[1].topic.title}: {item[1].note}"

    def item_description(self, item):
        return item[1].note

    def item_link(self, item):
        return item[1].get_absolute_url()

    def item_guid(self, item):
        return change_note_id(*item)

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return datetime.datetime.combine(item[1].date, datetime.time(), tzinfo=datetime.timezone.utc)

    item_updateddate = item_pubdate
