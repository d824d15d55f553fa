"""For editors: per page, the yes/no answers by month and the problem reports still open, which
they can mark resolved. Nothing here is added or edited by hand: readers send it all."""
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _, ngettext

from .models import Helpfulness, ProblemReport


@admin.register(Helpfulness)
class HelpfulnessAdmin(admin.ModelAdmin):
    list_display = ("topic", "month_shown", "yes", "no")
    list_filter = ("topic",)
    date_hierarchy = "month"
    fields = ("topic", "month", "yes", "no")
    readonly_fields = fields

    @admin.display(description=_("month"), ordering="month")
    def month_shown(self, row):
        return row.month.strftime("%Y-%m")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class OpenFilter(admin.SimpleListFilter):
    """Open reports by default: they are the editors' to-do list."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("open", _("Open")), ("resolved", _("Resolved")), ("all", _("All"))]

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {"selected": (self.value() or "open") == value, "display": label,
                   "query_string": changelist.get_query_string({self.parameter_name: value})}

    def queryset(self, request, queryset):
        value = self.value() or "open"
        if value == "all":
            return queryset
        return queryset.filter(resolved=value == "resolved")


@admin.register(ProblemReport)
class ProblemReportAdmin(admin.ModelAdmin):
    list_display = ("text", "topic", "received", "resolved")
    list_filter = (OpenFilter, "topic")
    search_fields = ("text",)
    fields = ("topic", "text", "received", "resolved")
    readonly_fields = ("topic", "text", "received")
    actions = ["mark_resolved"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Mark selected reports resolved"), permissions=["change"])
    def mark_resolved(self, request, queryset):
        count = queryset.filter(resolved=False).update(resolved=True)
        self.message_user(request, ngettext("%(count)d report marked resolved.", "%(count)d reports marked resolved.",
                                            count) % {"count": count}, messages.SUCCESS)
