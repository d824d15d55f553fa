"""Searches kept before identifying ones were recognised (phone numbers split by slashes, emails
written with (at), dates, postcodes, web addresses) are deleted: they should never have been kept."""
from django.db import migrations

from mbcinfo.privacy.identifiers import holds_identifier


def forget_identifying(apps, schema_editor):
    MissedQuery = apps.get_model("search", "MissedQuery")
    identifying = [row.pk for row in MissedQuery.objects.only("pk", "query").iterator() if holds_identifier(row.query)]
    for start in range(0, len(identifying), 500):
        MissedQuery.objects.filter(pk__in=identifying[start:start + 500]).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(forget_identifying, migrations.RunPython.noop)]
