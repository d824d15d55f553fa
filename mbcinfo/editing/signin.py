"""Signing in to the admin, throttled by django-axes: per account and per client, each failure
counted in a shared cache under keys that reveal neither (see the settings' sign-in block)."""
from django.conf import settings
from django.contrib import admin
from django.template.response import TemplateResponse

from axes.helpers import get_cool_off


def account(request, credentials=None):
    """The account a sign-in names, marked as one: axes hashes usernames and addresses into the
    same key space, and an account named like an address must not lock that address out."""
    data = credentials if credentials else getattr(request, "POST", {})
    username = data.get("username") if data else None
    return f"account:{username}" if username else None


def anonymous(username, ip_address, user_agent, path_info, request):
    """How axes names a client in its log lines: not at all (logs hold no visitor data)."""
    return "a client"


def locked_out(request, original_response=None, credentials=None):
    """429 with a page that says what happened and when to try again."""
    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    response = TemplateResponse(request, "editing/signin_locked.html", {
        **admin.site.each_context(request), "title": "Too many failed sign-ins", "minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response.render()
