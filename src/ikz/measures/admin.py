from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ikz.core.admin import (
    CooperationDataAdmin,
    CooperationRelatedFieldListFilter,
    OwnMunicipalityAdmin,
    ParentPermissions,
    RecordAdmin,
)
from ikz.core.permissions import can_anywhere
from ikz.measures.domain import change_status, check_status_change, status_as_of
from ikz.measures.models import (
    TASK_OWNER_FIELDS,
    TASK_OWNER_RELATIONS,
    FieldOfAction,
    FundingApplication,
    FundingProgram,
    Measure,
    MeasureStatus,
    StatusChange,
    Task,
    TaskComment,
)


@admin.register(FieldOfAction)
class FieldOfActionAdmin(CooperationDataAdmin):
    list_display = ["name", "order", "cooperation"]
    list_select_related = ["cooperation"]
    list_filter = ["cooperation"]
    search_fields = ["name"]


class StatusChangeForm(forms.ModelForm):
    """A new status change, checked by the domain's rule (the history grows forward)."""

    class Meta:
        model = StatusChange
        fields = ["date", "to_status", "note", "outcome"]

    def clean(self):
        cleaned = super().clean()
        measure = self.instance.measure if self.instance.measure_id else None
        if measure is not None and cleaned.get("date"):
            check_status_change(measure=measure, date=cleaned["date"])
        return cleaned


class StatusChangeInline(ParentPermissions, admin.TabularInline):
    """The status history: existing changes are read-only evidence; a new one is
    recorded through ``change_status``, which sets the "from" status itself."""

    model = StatusChange
    form = StatusChangeForm
    extra = 0
    fields = ["date", "from_status", "to_status", "note", "outcome"]
    readonly_fields = ["from_status"]
    raw_id_fields = ["outcome"]
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Measure)
class MeasureAdmin(CooperationDataAdmin):
    list_display = ["title", "field_of_action", "current_status", "lead_municipality", "is_public"]
    list_filter = [
        ("field_of_action", CooperationRelatedFieldListFilter),
        "is_public",
        ("lead_municipality", CooperationRelatedFieldListFilter),
        "cooperation",
    ]
    search_fields = ["title", "description"]
    list_select_related = ["field_of_action", "lead_municipality"]
    autocomplete_fields = ["parent", "lead_municipality", "municipalities"]
    inlines = [StatusChangeInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("status_changes")

    def save_formset(self, request, form, formset, change):
        if formset.model is not StatusChange:
            return super().save_formset(request, form, formset, change)
        # The admin's change message reads these lists of what the formset saved.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.extra_forms:
            if inline_form.has_changed():
                data = inline_form.cleaned_data
                created = change_status(
                    measure=form.instance,
                    to_status=data["to_status"],
                    date=data["date"],
                    note=data.get("note", ""),
                    outcome=data.get("outcome"),
                )
                formset.new_objects.append(created)

    @admin.display(description=_("current status"))
    def current_status(self, obj):
        status = status_as_of(obj)
        return MeasureStatus(status).label if status else "–"


@admin.register(StatusChange)
class StatusChangeAdmin(RecordAdmin):
    """The history of all measures, to read; changes are recorded on the measure."""

    list_display = ["measure", "date", "from_status", "to_status", "outcome"]
    cooperation_path = "measure__cooperation"
    list_filter = ["to_status", cooperation_path]
    search_fields = ["measure__title", "note"]
    date_hierarchy = "date"
    list_select_related = ["measure", "outcome"]


@admin.register(Task)
class TaskAdmin(OwnMunicipalityAdmin):
    list_display = ["title", "owner", "due_precision", "due_date", "due_meeting", "state"]
    list_filter = ["state", "due_precision", "cooperation"]
    search_fields = ["title", "description"]
    list_select_related = [
        *TASK_OWNER_RELATIONS,
        "due_meeting__body",
        "due_meeting__location",
    ]
    autocomplete_fields = ["measure", *TASK_OWNER_FIELDS]
    raw_id_fields = ["due_meeting", "origin_outcome"]


@admin.register(TaskComment)
class TaskCommentAdmin(RecordAdmin):
    """The comments on tasks, to read; they are written, and kept, on the task's page."""

    list_display = ["__str__", "task", "author", "created_at"]
    cooperation_path = "task__cooperation"
    list_filter = [cooperation_path]
    search_fields = ["text", "task__title"]
    date_hierarchy = "created_at"
    list_select_related = ["task", "author"]


@admin.register(FundingProgram)
class FundingProgramAdmin(SimpleHistoryAdmin):
    """Funding programmes are shared by all cooperations: anyone with a role reads them,
    coordinators keep them, only administrators delete one."""

    list_display = ["name", "funder", "rate_percent", "maximum_amount", "window_end"]
    search_fields = ["name", "funder"]

    def has_module_permission(self, request):
        return can_anywhere(request.user, "view_internal")

    def has_view_permission(self, request, obj=None):
        return can_anywhere(request.user, "view_internal")

    def has_add_permission(self, request):
        return can_anywhere(request.user, "change")

    def has_change_permission(self, request, obj=None):
        return can_anywhere(request.user, "change")


@admin.register(FundingApplication)
class FundingApplicationAdmin(CooperationDataAdmin):
    list_display = [
        "title",
        "program",
        "state",
        "amount_applied",
        "amount_granted",
        "submission_deadline",
    ]
    list_filter = ["state", ("program", CooperationRelatedFieldListFilter), "cooperation"]
    list_select_related = ["program"]
    search_fields = ["title"]
    autocomplete_fields = ["measures"]
