"""On PostgreSQL, compress the large text columns with lz4 instead of the default pglz.

Why: every page is stored with its Markdown, its rendered HTML and its sections, and every
version again as a revision. PostgreSQL compresses each value over about 2 KB, and pglz was
most of the database's share of loading the 2,802-page corpus: inserting the pages' columns
took 1.6-1.7 s with pglz against 0.45-0.5 s with lz4, for 8 % more space
(bench/toast_compression.py, bench/RESULTS.md).

lz4 needs PostgreSQL 14 or later built with it (Debian's is). Anywhere else (SQLite, an older
or differently built server) this migration does nothing, and values are compressed as before.
"""
from django.db import DatabaseError, migrations, transaction

COLUMNS = {
    "topics_topic": ["body", "body_html", "sections", "toc"],
    "topics_revision": ["body", "front_matter"],
}


def lz4_available(connection):
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("SET LOCAL default_toast_compression = 'lz4'")
        return True
    except DatabaseError:
        return False


def set_compression(apps, schema_editor, method="lz4"):
    connection = schema_editor.connection
    if connection.vendor != "postgresql" or connection.pg_version < 140000 or not lz4_available(connection):
        return
    quote = schema_editor.quote_name
    for table, columns in COLUMNS.items():
        changes = ", ".join(f"ALTER COLUMN {quote(column)} SET COMPRESSION {method}" for column in columns)
        schema_editor.execute(f"ALTER TABLE {quote(table)} {changes}")


def back_to_default(apps, schema_editor):
    set_compression(apps, schema_editor, method="DEFAULT")


class Migration(migrations.Migration):
    dependencies = [("topics", "0003_editing_revisions_and_file_sync")]

    operations = [migrations.RunPython(set_compression, back_to_default)]
