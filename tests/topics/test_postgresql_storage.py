"""On PostgreSQL the large text columns are compressed with lz4 (migration 0004)."""
import importlib

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

migration = importlib.import_module("mbcinfo.topics.migrations.0004_postgresql_lz4_compression")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only; CI runs the suite there too")
def test_large_text_columns_are_compressed_with_lz4_on_postgresql():
    assert migration.lz4_available(connection), "this PostgreSQL has no lz4: the migration did nothing"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, a.attname, a.attcompression FROM pg_attribute a "
            "JOIN pg_class c ON c.oid = a.attrelid WHERE c.relname = ANY(%s) AND a.attnum > 0",
            [list(migration.COLUMNS)],
        )
        found = {(table, column): method for table, column, method in cursor.fetchall()}
    for table, columns in migration.COLUMNS.items():
        for column in columns:
            assert found[(table, column)] == "l", (table, column)
