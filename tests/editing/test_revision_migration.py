"""Revisions moved from topics to editing with their table: a database migrated from before the
move keeps every revision, and the models and migrations agree."""
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from mbcinfo.editing.models import Revision

BEFORE_THE_MOVE = [("topics", "0005_content_generation_database"), ("editing", "0004_signin_failures_cache_table")]


@pytest.mark.django_db(transaction=True)
def test_a_database_migrated_from_before_the_move_keeps_its_revisions():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_THE_MOVE)
    old = executor.loader.project_state(BEFORE_THE_MOVE).apps
    topic = old.get_model("topics", "Topic").objects.create(slug="kept", title="Kept", summary="S.", body="B.")
    old.get_model("topics", "Revision").objects.create(
        topic=topic, front_matter={"slug": "kept"}, body="Old words.", origin="file", content_hash="x")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert [(revision.topic.slug, revision.body) for revision in Revision.objects.all()] == [("kept", "Old words.")]
    assert Revision._meta.db_table == "topics_revision"


@pytest.mark.django_db
def test_the_models_need_no_new_migration():
    call_command("makemigrations", check=True, dry_run=True, stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_staff_given_revision_permissions_before_the_move_keep_them():
    # Content types and permissions are the same tables before and after the move.
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_THE_MOVE)
    ContentType.objects.filter(app_label="editing", model="revision").delete()
    ContentType.objects.clear_cache()
    content_type, _ = ContentType.objects.get_or_create(app_label="topics", model="revision")
    permission, _ = Permission.objects.get_or_create(content_type=content_type, codename="view_revision",
                                                     defaults={"name": "Can view revision"})
    Group.objects.create(name="Editors").permissions.add(permission)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    ContentType.objects.clear_cache()
    granted = Group.objects.get(name="Editors").permissions.get()
    assert (granted.content_type.app_label, granted.codename) == ("editing", "view_revision")
