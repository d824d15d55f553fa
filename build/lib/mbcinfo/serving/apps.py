from django.apps import AppConfig


class ServingConfig(AppConfig):
    """How the site is served in production: headers, page cache, health and outage pages.

    It builds on `topics` (the content generation) and knows nothing of search except through
    the lazy import in `health.py`.
    """

    name = "mbcinfo.serving"
    verbose_name = "Serving"

    def ready(self):
        from mbcinfo.topics.signals import content_changed

        from .pagecache import watch

        content_changed.connect(watch.forget, dispatch_uid="serving.pagecache.forget")
