from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ikz.measures.domain import status_as_of
from ikz.measures.models import (
    FieldOfAction,
    FundingApplication,
    FundingProgram,
    Measure,
    MeasureStatus,
    StatusChange,
    Task,
)


@admin.register(FieldOfAction)
class FieldOfActionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "order", "cooperation"]
    list_filter = ["cooperation"]
    search_fields = ["name"]


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    fields = ["date", "from_status", "to_status", "note", "outcome"]
    raw_id_fields = ["outcome"]


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = ["title", "field_of_action", "current_status", "lead_municipality", "is_public"]
    list_filter = ["field_of_action", "is_public", "lead_municipality", "cooperation"]
    search_fields = ["title", "description"]
    list_select_related = ["field_of_action", "lead_municipality"]
    autocomplete_fields = ["parent", "lead_municipality", "municipalities"]
    inlines = [StatusChangeInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("status_changes")

    @admin.display(description=_("current status"))
    def current_status(self, obj):
        status = status_as_of(obj)
        return MeasureStatus(status).label if status else "–"


@admin.register(StatusChange)
class StatusChangeAdmin(SimpleHistoryAdmin):
    list_display = ["measure", "date", "from_status", "to_status", "outcome"]
    list_filter = ["to_status"]
    search_fields = ["measure__title", "note"]
    date_hierarchy = "date"
    raw_id_fields = ["outcome"]
    list_select_related = ["measure", "outcome"]


@admin.register(Task)
class TaskAdmin(SimpleHistoryAdmin):
    list_display = ["title", "owner", "due_precision", "due_date", "due_meeting", "state"]
    list_filter = ["state", "due_precision", "cooperation"]
    search_fields = ["title", "description"]
    list_select_related = [
        "owner_person",
        "owner_municipality",
        "owner_body",
        "due_meeting__body",
        "due_meeting__location",
    ]
    autocomplete_fields = ["measure", "owner_person", "owner_municipality", "owner_body"]
    raw_id_fields = ["due_meeting", "origin_outcome"]


@admin.register(FundingProgram)
class FundingProgramAdmin(SimpleHistoryAdmin):
    list_display = ["name", "funder", "rate_percent", "maximum_amount", "window_end"]
    search_fields = ["name", "funder"]


@admin.register(FundingApplication)
class FundingApplicationAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "program",
        "state",
        "amount_applied",
        "amount_granted",
        "submission_deadline",
    ]
    list_filter = ["state", "program", "cooperation"]
    search_fields = ["title"]
    autocomplete_fields = ["measures"]
