"""Revisions belong to the editing app now. Only Django's record of the models changes here: the
table (topics_revision) and its rows stay where they are, and editing's migration takes them over."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('topics', '0005_content_generation_database'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='Revision')],
            database_operations=[],
        ),
    ]
