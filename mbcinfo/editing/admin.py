"""The topic admin for editors: the markdownx editor with the site's own preview, content checks
on the page, revisions with diffs and revert, publish actions, and the list of reviews due."""
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from mbcinfo.topics.admin import TopicAdmin as BaseTopicAdmin
from mbcinfo.topics.loader import collection_name
from mbcinfo.topics.models import LANGUAGES, TRANSLATIONS, Topic
from mbcinfo.topics.translations import ENGLISH_NEWER, MISSING, UP_TO_DATE, translation_statuses

from .forms import TopicForm
from .history import diff_table
from .lint import check_topic, KnownPages
from .models import ReviewDue, Revision, TranslationStatus
from .revisions import publish, revert_to, save_edit
from .sync import edited_since_sync, in_step

# Importing the topics admin registered its plain TopicAdmin; this one replaces it.
admin.site.unregister(Topic)


@admin.register(Topic)
class TopicAdmin(BaseTopicAdmin):
    form = TopicForm
    change_form_template = "editing/admin/topic_change_form.html"
    list_display = (*BaseTopicAdmin.list_display, "in_step_with_file")
    readonly_fields = ("file_state", "change_notes")
    actions = ["publish_selected", "make_draft_selected"]
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "body", "base_hash")}),
        ("Where it appears", {"fields": ("section", "order", "audiences", "status")}),
        ("Review", {"fields": ("last_reviewed", "next_review", "change_notes", "change_note")}),
        ("Sources and related pages", {"fields": ("sources", "related")}),
        (_("Appointment sheet"), {"fields": ("questions",)}),
        ("File", {"fields": ("file_state",)}),
    )

    # The slug may change: the page keeps its file (exportcontent writes the new slug into it)
    # and its old address, which redirects to the new one (Topic.save keeps it).

    def get_fieldsets(self, request, obj=None):
        # The hash that guards against overwriting is a hidden input of the form; to staff who may
        # only view the page it would show as a meaningless read-only "Base hash".
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        return [(name, {**options, "fields": [f for f in options["fields"] if f != "base_hash"]})
                for name, options in fieldsets]

    def has_delete_permission(self, request, obj=None):
        # Pages are withdrawn by removing their file, never deleted, so their history stays.
        return False

    @admin.display(description="File")
    def file_state(self, topic):
        if not topic.pk:
            return "Run exportcontent after saving to write this page to a file."
        where = f"{topic.collection}/{topic.source_path}" if topic.collection else topic.source_path
        if not topic.file_hash:
            return f"{where}: not written yet. Run exportcontent to write it."
        if edited_since_sync(topic):
            return f"{where}: edited here since the file was last loaded or exported. Run exportcontent."
        return f"{where}: the file and this page are in step."

    @admin.display(description="Change notes")
    def change_notes(self, topic):
        notes = topic.recent_changes(limit=None)
        return format_html_join(mark_safe("<br>"), "{}: {}", ((date.isoformat(), note) for date, note in notes)) or "none yet"

    @admin.display(description="File in step", boolean=True)
    def in_step_with_file(self, topic):
        return in_step(topic)

    def save_model(self, request, topic, form, change):
        if not change:
            topic.collection = collection_name(settings.CONTENT_DIR)
            topic.source_path = f"{topic.slug}.md"
        topic.changes = form.new_changes()
        save_edit(topic, user=request.user, note=self._note(form, change))

    @staticmethod
    def _note(form, change):
        if not change:
            return "created in the admin"
        if "status" not in form.changed_data:
            return "edited in the admin"
        action = "published" if form.cleaned_data["status"] == Topic.Status.PUBLISHED else "made a draft"
        return action if form.changed_data == ["status"] else f"edited in the admin and {action}"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        topic = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if topic is not None:
            report = check_topic(topic, KnownPages(load_all=False))
            extra_context.update(check_report=report, revisions=_listed(topic.revisions)[:5],
                                 panels=getattr(settings, "TOPIC_ADMIN_PANEL_TEMPLATES", []))
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description="Publish selected pages", permissions=["change"])
    def publish_selected(self, request, queryset):
        drafts = list(queryset.filter(status=Topic.Status.DRAFT))
        for topic in drafts:
            publish(topic, user=request.user)
            self.log_change(request, topic, "Published.")
        self.message_user(request, f"Published {len(drafts)} page(s).", messages.SUCCESS)

    @admin.action(description="Make selected pages drafts (hide them from the public)", permissions=["change"])
    def make_draft_selected(self, request, queryset):
        published = list(queryset.filter(status=Topic.Status.PUBLISHED))
        for topic in published:
            topic.status = Topic.Status.DRAFT
            save_edit(topic, user=request.user, note="made a draft")
            self.log_change(request, topic, "Made a draft.")
        self.message_user(request, f"Made {len(published)} page(s) drafts.", messages.SUCCESS)

    # Revisions: a list, one revision against another, revert.

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/revisions/", wrap(self.revisions_view), name=f"{name}_revisions"),
            path("<path:object_id>/revisions/<int:revision_id>/", wrap(self.revision_view),
                 name=f"{name}_revision"),
            path("<path:object_id>/revisions/<int:revision_id>/revert/", wrap(self.revert_view),
                 name=f"{name}_revert"),
            *super().get_urls(),
        ]

    def _topic_or_404(self, request, object_id, change=False):
        topic = self.get_object(request, object_id)
        if topic is None:
            raise Http404("No such page")
        allowed = self.has_change_permission(request, topic) if change else self.has_view_or_change_permission(request, topic)
        if not allowed:
            raise PermissionDenied
        return topic

    def _context(self, request, topic, title, **extra):
        return {**self.admin_site.each_context(request), "opts": self.opts, "original": topic,
                "title": title, "has_change_permission": self.has_change_permission(request, topic), **extra}

    def revisions_view(self, request, object_id):
        topic = self._topic_or_404(request, object_id)
        revisions = _listed(topic.revisions)
        return TemplateResponse(request, "editing/admin/revision_list.html", self._context(
            request, topic, f"Revisions of “{topic.title}”", revisions=revisions))

    def revision_view(self, request, object_id, revision_id):
        topic = self._topic_or_404(request, object_id)
        revision = get_object_or_404(Revision.objects.select_related("user"), pk=revision_id, topic=topic)
        against = request.GET.get("against", "previous")
        if against == "current":
            old, new = revision.text, topic.to_markdown()
            labels = (f"Revision {revision.pk}", "The page now")
        else:
            other = None
            if against.isdigit():
                other = topic.revisions.filter(pk=int(against)).first()
            if other is None:  # "previous", or a bad value: ignored rather than an error
                against = "previous"
                other = topic.revisions.filter(pk__lt=revision.pk).first()
            old = other.text if other else ""
            labels = (f"Revision {other.pk}" if other else "(nothing before)", f"Revision {revision.pk}")
            new = revision.text
        return TemplateResponse(request, "editing/admin/revision_detail.html", self._context(
            request, topic, f"Revision {revision.pk} of “{topic.title}”", revision=revision,
            against=against, diff=diff_table(old, new, *labels), identical=old == new,
            others=_listed(topic.revisions.exclude(pk=revision.pk))))

    def revert_view(self, request, object_id, revision_id):
        return require_POST(self._revert)(request, object_id, revision_id)

    def _revert(self, request, object_id, revision_id):
        topic = self._topic_or_404(request, object_id, change=True)
        revision = get_object_or_404(Revision, pk=revision_id, topic=topic)
        try:
            new = revert_to(topic, revision, user=request.user)
        except ValueError as error:
            self.message_user(request, f"Revision {revision.pk} could not be restored: {error}", messages.ERROR)
            return redirect(reverse("admin:topics_topic_revision", args=[topic.pk, revision.pk]))
        if new is None:
            self.message_user(request, f"The page already matches revision {revision.pk}; nothing changed.",
                              messages.INFO)
        else:
            self.log_change(request, topic, f"Reverted to revision {revision.pk}.")
            self.message_user(request, f"Reverted to revision {revision.pk}; saved as revision {new.pk}.",
                              messages.SUCCESS)
        return redirect(reverse("admin:topics_topic_change", args=[topic.pk]))


def _listed(revisions):
    """Revisions for a list: who and when, not their (possibly long) text."""
    return revisions.select_related("user").defer("body", "front_matter")


class TopicListView:
    """A list drawn from the topics: who may see topics may see it; nothing is added or changed
    through it."""

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("topics.view_topic") or request.user.has_perm("topics.change_topic")

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReviewDue)
class ReviewDueAdmin(TopicListView, admin.ModelAdmin):
    """Pages whose review is overdue, due within 30 days, or has no date."""

    list_display = ("page", "due", "next_review", "last_reviewed", "status")
    list_display_links = None
    actions = None
    search_fields = ("title", "slug")

    def get_queryset(self, request):
        return ReviewDue.objects.due()

    @admin.display(description="Page", ordering="title")
    def page(self, topic):
        return format_html('<a href="{}">{}</a>', reverse("admin:topics_topic_change", args=[topic.pk]), topic.title)

    @admin.display(description="Review", ordering="next_review")
    def due(self, topic):
        if topic.next_review is None:
            return "no review date set"
        days = (topic.next_review - timezone.localdate()).days
        if days < 0:
            return f"overdue by {-days} day{'s' if days != -1 else ''}"
        return "due today" if days == 0 else f"due in {days} day{'s' if days != 1 else ''}"


@admin.register(TranslationStatus)
class TranslationStatusAdmin(TopicListView, admin.ModelAdmin):
    """Every English page and its translation: up to date, English newer, or missing, most out
    of date first. For a page whose English changed, the English difference since the version
    the translation is pinned to: what to translate again."""

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        language = request.GET.get("language")
        if language not in TRANSLATIONS:  # a bad value shows the first translation, not an error
            language = TRANSLATIONS[0]
        statuses = translation_statuses(language)
        for status in statuses:
            status.diff = None
            if status.outdated and status.pinned is not None:
                pinned, now = status.pinned, status.english
                status.diff = diff_table(_translatable_text(pinned.title, pinned.summary, pinned.body),
                                         _translatable_text(now.title, now.summary, now.body),
                                         "English when translated", "English now")
        names = dict(LANGUAGES)
        return TemplateResponse(request, "editing/admin/translation_status.html", {
            **self.admin_site.each_context(request), "opts": self.opts,
            "title": f"Translation status: {names[language]}", "statuses": statuses, "language": language,
            "languages": [(code, names[code]) for code in TRANSLATIONS],
            "counts": {key: sum(1 for s in statuses if s.state == state)
                       for key, state in (("missing", MISSING), ("outdated", ENGLISH_NEWER), ("current", UP_TO_DATE))},
        })


def _translatable_text(title, summary, body):
    """What text_hash() reads, laid out for a line diff."""
    return f"# {title.strip()}\n\n{summary.strip()}\n\n{body.strip()}\n"
