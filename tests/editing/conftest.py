import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import call_command




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
