from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from .health import health


@never_cache
def healthz(request):
    """503 only when this server cannot serve pages; a degraded search index is still 200."""
    serving, report = health()
    return JsonResponse(report, status=200 if serving else 503)
