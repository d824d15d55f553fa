"""What the admin's topic change form posts, for tests that save a page as an editor would."""
import yaml

from mbcinfo.topics.frontmatter import Dumper
from mbcinfo.topics.models import Topic


def admin_data(topic, **changes):
    """What the admin change form posts for `topic`, with `changes` applied."""
    data = {
        "title": topic.title,
        "slug": topic.slug,
        "summary": topic.summary,
        "body": topic.body,
        "section": topic.section,
        "order": topic.order,
        "audiences": list(topic.audiences),
        "status": topic.status,
        "last_reviewed": topic.last_reviewed.isoformat() if topic.last_reviewed else "",
        "next_review": topic.next_review.isoformat() if topic.next_review else "",
        "sources": yaml.dump(topic.sources, Dumper=Dumper, sort_keys=False) if topic.sources else "",
        "related": "\n".join(topic.related),
        "questions": "\n".join(topic.questions),
        "base_hash": topic.content_hash,
        "_save": "Save",
    }
    data.update(changes)
    return data


def admin_save(client, slug, **changes):
    """Save a topic through the admin's change form, as an editor would; returns the response."""
    topic = Topic.objects.get(slug=slug)
    return client.post(f"/admin/topics/topic/{topic.pk}/change/", admin_data(topic, **changes))
