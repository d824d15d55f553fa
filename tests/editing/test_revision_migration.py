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
    from django.contrib.auth.models import Group

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_THE_MOVE)
    old = executor.loader.project_state(BEFORE_THE_MOVE).apps
    content_type, _ = old.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="topics", model="revision")
    permission, _ = old.get_model("auth", "Permission").objects.get_or_create(
        content_type=content_type, codename="view_revision", defaults={"name": "Can view revision"})
    old.get_model("auth", "Group").objects.create(name="Editors").permissions.add(permission)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    granted = Group.objects.get(name="Editors").permissions.get()
    assert (granted.content_type.app_label, granted.codename) == ("editing", "view_revision")
