"""The Revision model, moved here from topics with its table: only Django's record of the model
changes (the table keeps its name, topics_revision, and every row)."""
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    """Keep the revision permissions staff were given: the content type (and with it every
    permission and every group or user holding one) moves to editing instead of being left
    stale while post_migrate makes new, ungranted ones."""
    content_types = apps.get_model("contenttypes", "ContentType").objects.using(schema_editor.connection.alias)
    if content_types.filter(app_label="topics", model="revision").exists():
        content_types.filter(app_label="editing", model="revision").delete()
        content_types.filter(app_label="topics", model="revision").update(app_label="editing")


def move_content_type_back(apps, schema_editor):
    content_types = apps.get_model("contenttypes", "ContentType").objects.using(schema_editor.connection.alias)
    content_types.filter(app_label="editing", model="revision").update(app_label="topics")


class Migration(migrations.Migration):

    dependencies = [
        ('editing', '0004_signin_failures_cache_table'),
        ('topics', '0006_revision_moves_to_editing'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Revision',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('front_matter', models.JSONField()),
                        ('body', models.TextField()),
                        ('origin', models.CharField(choices=[('file', 'File'), ('admin', 'Admin')], max_length=10)),
                        ('created', models.DateTimeField(default=django.utils.timezone.now)),
                        ('content_hash', models.CharField(db_index=True, max_length=64)),
                        ('note', models.CharField(blank=True, max_length=300)),
                        ('applied', models.BooleanField(default=True)),
                        ('topic', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='revisions', to='topics.topic')),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'topics_revision',
                        'ordering': ['-id'],
                        'get_latest_by': 'id',
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
