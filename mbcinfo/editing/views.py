"""The editor's endpoints: live preview and image upload (markdownx's two, made safe), the
frame the preview is shown in, and the uploaded images themselves (from the database storage).

markdownx's own views are not used: they let anyone upload (an anonymous request wrote
evil.html to disk), render unsanitised HTML and answer malformed requests with a 500.
"""
from functools import wraps

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.module_loading import import_string
from django.views.decorators.cache import cache_control, never_cache
from csp.decorators import csp_replace
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import condition, require_GET, require_POST

from mbcinfo.topics.rendering import refusal, refusal_text

from . import uploads
from .lint import ALT_PLACEHOLDER

markdownify_function = import_string(settings.MARKDOWNX_MARKDOWNIFY_FUNCTION)


def refuse(message, status=400):
    return JsonResponse({"error": message}, status=status)


def staff_only(permission=None):
    """Refuse (403, before the request body is read) anyone but active staff with `permission`."""
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not (user.is_active and user.is_staff and (permission is None or user.has_perm(permission))):
                return refuse("Sign in to the admin as an editor to use this.", status=403)
            return view(request, *args, **kwargs)
        return wrapped
    return decorator


@never_cache
@require_POST
@staff_only()
def markdownify(request):
    try:
        content = request.POST.get("content")
    except MultiPartParserError:
        return refuse("The request could not be read.")
    if content is None:
        return refuse("Send the Markdown as 'content'.")
    if refused := refusal(content):
        return refuse(refusal_text(refused))
    return HttpResponse(markdownify_function(content), content_type="text/html; charset=utf-8")


# CSRF is checked inside, by csrf_protect, because checking it reads the request body, and the
# size limit must be in place before anything reads it (Django's documented pattern).
@csrf_exempt
@never_cache
@require_POST
@staff_only("topics.change_topic")
def upload(request):
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return refuse("The request could not be read.")
    if length > uploads.MAX_BYTES + 64 * 1024:  # room for the form fields around the file
        return refuse(f"The image is larger than {uploads.MAX_BYTES // (1024 * 1024)} MB.")
    limit = uploads.SizeLimitHandler(request)
    request.upload_handlers.insert(0, limit)
    return _checked_upload(request, limit)


@csrf_protect
def _checked_upload(request, limit):
    try:
        image = request.FILES.get("image")
    except MultiPartParserError:
        return refuse("The request could not be read.")
    if limit.exceeded:
        return refuse(f"The image is larger than {uploads.MAX_BYTES // (1024 * 1024)} MB.")
    if image is None:
        return refuse("Send the image as 'image'.")
    try:
        name = uploads.store_image(image)
    except uploads.UploadRefused as error:
        return refuse(f"Not uploaded: {error}")
    except uploads.UploadBusy as error:
        response = refuse(f"Not uploaded yet: {error}", status=503)
        response["Retry-After"] = "60"
        return response
    return JsonResponse({"image_code": f"![{ALT_PLACEHOLDER}]({default_storage.url(name)})"})


@never_cache
@require_GET
@staff_only()
# The admin's editor shows this page in a frame; everything else on the site refuses framing.
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": ["'self'"]})
def preview_frame(request):
    """An empty page with the public stylesheet; the editor's script writes the preview into it."""
    return render(request, "editing/preview_frame.html")


def _stored_image_etag(request, name):
    # The name is the hash of the image's bytes (uploads.stored_name; a random name for images
    # uploaded before names were hashes), and a stored name is never given other bytes: it is a
    # strong validator, known without reading the image.
    return name.split(".")[0] if default_storage.exists(f"{uploads.UPLOAD_DIR}/{name}") else None


@require_GET
# Only on answers the view returns (200, 304): a 404 raised for an unknown name is not cached.
@cache_control(public=True, max_age=31536000, immutable=True)
@condition(etag_func=_stored_image_etag)
def uploaded_image(request, name):
    """Serve an uploaded image. The name is one we made (checked by the URL pattern)."""
    try:
        with default_storage.open(f"{uploads.UPLOAD_DIR}/{name}") as image:
            data = image.read()
    except FileNotFoundError:
        raise Http404("No such image") from None
    return HttpResponse(data, content_type=uploads.CONTENT_TYPES[name.rsplit(".", 1)[1]])
