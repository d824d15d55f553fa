from django.apps import AppConfig
from django.core import checks
from django.core.checks import Tags


class EditingConfig(AppConfig):
    name = "mbcinfo.editing"
    verbose_name = "Editing"

    def ready(self):
        # `manage.py check`: the storage for uploaded images answers.
        from .systemchecks import check_storage

        checks.register(check_storage, Tags.files)
