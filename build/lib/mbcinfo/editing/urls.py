from django.conf import settings
from django.urls import path, re_path

from . import uploads, views

# The first two keep markdownx's URL names, so anything that reverses them finds our views.
urlpatterns = [
    path("editing/markdownify/", views.markdownify, name="markdownx_markdownify"),
    path("editing/upload/", views.upload, name="markdownx_upload"),
    path("editing/preview/", views.preview_frame, name="editing_preview"),
    re_path(rf"^{settings.MEDIA_URL.strip('/')}/{uploads.UPLOAD_DIR}/(?P<name>{uploads.STORED_NAME})$",
            views.uploaded_image, name="editing_uploaded_image"),
]
