from django.apps import AppConfig


class TopicsConfig(AppConfig):
    name = "mbcinfo.topics"
    verbose_name = "Topics"
