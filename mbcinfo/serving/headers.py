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
