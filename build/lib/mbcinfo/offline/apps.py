from django.apps import AppConfig


class OfflineConfig(AppConfig):
    name = "mbcinfo.offline"
    verbose_name = "Offline reading"
