from django.apps import AppConfig
from django.core import checks
from django.core.checks import Tags


class SearchConfig(AppConfig):
    name = "mbcinfo.search"
    verbose_name = "Search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # `topics` announces committed content changes; search keeps its index in step.
        from mbcinfo.topics.signals import content_changed

        from .index import on_content_changed

        content_changed.connect(on_content_changed, dispatch_uid="mbcinfo.search.index")

        # `manage.py check`: the synonyms file parses, the index directory can be written.
        from mbcinfo.topics.systemchecks import CONTENT  # the tag, shared with topics

        from .systemchecks import check_index_directory, check_synonyms

        checks.register(check_synonyms, CONTENT)
        checks.register(check_index_directory, Tags.files)
