"""The cache table that counts failed admin sign-ins (settings: sign-in throttling), created by
`migrate` so that every way of setting up a database has it: without it, signing in fails."""
from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    # Creates each database cache table in settings.CACHES that does not exist yet.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("editing", "0003_move_uploads_into_database")]
    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
