import pytest
import yaml
from django.contrib.auth.models import Permission, User
from django.core.management import call_command

from mbcinfo.topics.frontmatter import Dumper
from mbcinfo.topics.models import Topic

from ..pages import page_text  # noqa: F401 — the editing tests import it from here


@pytest.fixture
def editor(db):
    """A staff member who may edit topics, and nothing else."""
    user = User.objects.create_user("editor", is_staff=True)  # no password: tests log in directly
    user.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="topics", codename__in=["view_topic", "change_topic", "add_topic"]))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def loaded(content_dir):
    call_command("loadcontent", path=str(content_dir), verbosity=0)
    return content_dir


def admin_data(topic, **changes):
    """What the admin change form posts for `topic`, with `changes` applied."""
    data = {
        "title": topic.title,
        "summary": topic.summary,
        "body": topic.body,
        "section": topic.section,
        "order": topic.order,
        "status": topic.status,
        "last_reviewed": topic.last_reviewed.isoformat() if topic.last_reviewed else "",
        "next_review": topic.next_review.isoformat() if topic.next_review else "",
        "sources": yaml.dump(topic.sources, Dumper=Dumper, sort_keys=False) if topic.sources else "",
        "related": "\n".join(topic.related),
        "base_hash": topic.content_hash,
        "_save": "Save",
    }
    data.update(changes)
    return data


def admin_save(client, slug, **changes):
    """Save a topic through the admin's change form, as an editor would; returns the response."""
    topic = Topic.objects.get(slug=slug)
    return client.post(f"/admin/topics/topic/{topic.pk}/change/", admin_data(topic, **changes))
