from django.apps import AppConfig
from django.core import checks


class TopicsConfig(AppConfig):
    name = "mbcinfo.topics"
    verbose_name = "Topics"

    def ready(self):
        # `manage.py check`: the content directory, site.yaml and glossary.yaml.
        from .systemchecks import CONTENT, check_content_files

        checks.register(check_content_files, CONTENT)
