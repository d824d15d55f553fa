from django.contrib import admin

from .models import Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "section", "order", "status", "withdrawn", "next_review")
    list_filter = ("status", "withdrawn", "section")
    search_fields = ("title", "slug", "summary")
