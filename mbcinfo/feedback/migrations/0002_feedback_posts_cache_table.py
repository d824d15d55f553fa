"""The cache table that counts feedback posts per client (settings: readers' feedback), created by
`migrate` so that every way of setting up a database has it: without it, every post fails."""
from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    # Creates each database cache table in settings.CACHES that does not exist yet.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_reader_feedback")]
    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
