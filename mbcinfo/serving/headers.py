"""Security headers on every response, whichever part of the stack produced it.

SecurityMiddleware sends HSTS, nosniff, Referrer-Policy and Cross-Origin-Opener-Policy;
django-csp sends Content-Security-Policy; XFrameOptionsMiddleware sends X-Frame-Options. This
adds Cross-Origin-Resource-Policy and Permissions-Policy, which Django has no setting for.

It is the outermost middleware, with django-csp right inside it, so that responses made before
the rest of the stack runs carry the headers too: SecurityMiddleware's http→https redirect,
WhiteNoise's static files, the 400 for a Host not allowed, a page from the page cache. For the
same reason it also sets X-Frame-Options where XFrameOptionsMiddleware (innermost, so views can
relax it with Django's decorators) never ran; a view marked exempt is left without it.
"""
from django.conf import settings
from django.utils.cache import add_never_cache_headers


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.headers = {
            "Cross-Origin-Resource-Policy": settings.SECURE_CROSS_ORIGIN_RESOURCE_POLICY,
            "Permissions-Policy": settings.PERMISSIONS_POLICY,
        }
        self.frame_options = getattr(settings, "X_FRAME_OPTIONS", "DENY").upper()

    def __call__(self, request):
        response = self.get_response(request)
        for name, value in self.headers.items():
            response.headers.setdefault(name, value)
        if not getattr(response, "xframe_options_exempt", False):
            response.headers.setdefault("X-Frame-Options", self.frame_options)
        return response


class SignedInNoStoreMiddleware:
    """Pages seen while signed in (a draft preview, say) are never stored by anyone: not by a
    shared cache, not by the browser, and not by the offline service worker, which skips any
    response marked no-store (mbcinfo/offline/siteroot/sw.js). Otherwise a draft an
    editor previewed stays readable offline on that device after signing out.

    Only a request with a session cookie is asked who it is: reading request.user touches the
    session, which makes the response vary on Cookie, and an anonymous page must not."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES and getattr(request, "user", None) is not None \
                and request.user.is_authenticated:
            add_never_cache_headers(response)
        return response
