from django.apps import AppConfig


class TrustConfig(AppConfig):
    name = "mbcinfo.trust"
    verbose_name = "Trust pages"
