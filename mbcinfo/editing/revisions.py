"""Changes made in the admin: an edit, a publish, a revert. Each keeps a revision and announces
the change once the transaction commits; no sequence of them and file loads loses a version."""
from django.db import transaction

from mbcinfo.topics import frontmatter
from mbcinfo.topics.models import ContentGeneration, Topic

from .models import Revision
from .sync import keep_stored_state


def save_edit(topic, *, user=None, note="edited in the admin"):
    """Render, save, keep a revision and announce the change once the transaction commits.

    Returns the new Revision, or None when the front matter and body did not change.
    """
    with transaction.atomic():
        if topic.pk:
            keep_stored_state(Topic.objects.get(pk=topic.pk))
        topic.render()
        topic.save()
        latest = topic.revisions.filter(applied=True).first()
        revision = None
        if latest is None or latest.content_hash != topic.content_hash:
            revision = Revision.record(topic, Revision.Origin.ADMIN, user=user, note=note)
        ContentGeneration.announce([topic.slug])
    return revision


def publish(topic, user=None):
    topic.status = Topic.Status.PUBLISHED
    return save_edit(topic, user=user, note="published")


def revert_to(topic, revision, user=None):
    """Make `revision` the current content again, as a new revision: history only grows."""
    if revision.topic_id != topic.pk:
        raise ValueError(f"revision {revision.pk} belongs to another page.")
    source = frontmatter.parse(f"revision {revision.pk}", revision.text.encode("utf-8"),
                               allow_extra_fields=True)
    if source.problems:
        raise ValueError("; ".join(problem.message for problem in source.problems))
    for name, value in Topic.fields_from(source.meta, source.extra, source.body).items():
        setattr(topic, name, value)
    return save_edit(topic, user=user, note=f"reverted to revision {revision.pk}")

