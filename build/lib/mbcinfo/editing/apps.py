from django.apps import AppConfig


class EditingConfig(AppConfig):
    name = "mbcinfo.editing"
    verbose_name = "Editing"
