from django.contrib import admin

from ikz.core.admin import (
    CooperationDataAdmin,
    CooperationRelatedFieldListFilter,
    ParentPermissions,
)
from ikz.meetings.models import (
    AgendaItem,
    Attendance,
    Consultation,
    Meeting,
    Outcome,
    OutcomeVote,
)


class AgendaItemInline(ParentPermissions, admin.TabularInline):
    model = AgendaItem
    # Not approves_minutes_of: that names the earlier meeting whose minutes it approves.
    fk_name = "meeting"
    extra = 0
    fields = [
        "order",
        "number",
        "title",
        "is_public",
        "presenter_person",
        "presenter_municipality",
        "presenter_partner",
    ]


class OutcomeInline(ParentPermissions, admin.StackedInline):
    model = Outcome
    extra = 0
    fields = [
        "order",
        "kind",
        "agenda_item",
        "text",
        "is_public",
        "measures",
        "votes_yes",
        "votes_no",
        "votes_abstain",
    ]
    autocomplete_fields = ["measures"]

    def get_formset(self, request, obj=None, **kwargs):
        # An outcome answers a topic of its own meeting: offer only those.
        formset = super().get_formset(request, obj, **kwargs)
        # Read-only for who may only view: then the form has no fields to narrow.
        if items := formset.form.base_fields.get("agenda_item"):
            items.queryset = (
                AgendaItem.objects.filter(meeting=obj) if obj else AgendaItem.objects.none()
            )
        return formset


class OutcomeVoteInline(ParentPermissions, admin.TabularInline):
    model = OutcomeVote
    extra = 0
    fields = ["municipality", "vote"]


@admin.register(Meeting)
class MeetingAdmin(CooperationDataAdmin):
    list_display = ["date", "heading", "state", "is_public"]
    cooperation_path = "body__cooperation"
    list_filter = [
        "state",
        "is_public",
        ("body", CooperationRelatedFieldListFilter),
        cooperation_path,
    ]
    search_fields = ["title", "body__name", "venue", "location__name"]
    date_hierarchy = "date"
    list_select_related = ["body", "location"]
    inlines = [AgendaItemInline, OutcomeInline]


@admin.register(Attendance)
class AttendanceAdmin(CooperationDataAdmin):
    list_display = ["meeting", "municipality", "partner", "state"]
    cooperation_path = "meeting__body__cooperation"
    list_filter = ["state", cooperation_path]
    list_select_related = ["meeting__body", "meeting__location", "municipality", "partner"]


@admin.register(AgendaItem)
class AgendaItemAdmin(CooperationDataAdmin):
    list_display = ["title", "meeting", "order", "is_public"]
    cooperation_path = "meeting__body__cooperation"
    list_filter = [
        "is_public",
        ("meeting__body", CooperationRelatedFieldListFilter),
        cooperation_path,
    ]
    search_fields = ["title"]
    list_select_related = ["meeting__body", "meeting__location"]
    autocomplete_fields = ["measures"]


@admin.register(Outcome)
class OutcomeAdmin(CooperationDataAdmin):
    list_display = ["text", "kind", "meeting", "agenda_item", "is_public"]
    cooperation_path = "meeting__body__cooperation"
    list_filter = [
        "kind",
        "is_public",
        ("meeting__body", CooperationRelatedFieldListFilter),
        cooperation_path,
    ]
    search_fields = ["text"]
    list_select_related = ["meeting__body", "meeting__location", "agenda_item"]
    autocomplete_fields = ["measures"]
    inlines = [OutcomeVoteInline]

    def get_form(self, request, obj=None, **kwargs):
        # A saved outcome may move only between the topics of its meeting; a new one is
        # checked against its meeting by the model.
        form = super().get_form(request, obj, **kwargs)
        # Read-only for who may only view: then the form has no fields to narrow.
        if obj is not None and (items := form.base_fields.get("agenda_item")):
            items.queryset = AgendaItem.objects.filter(meeting=obj.meeting_id)
        return form


@admin.register(OutcomeVote)
class OutcomeVoteAdmin(CooperationDataAdmin):
    list_display = ["outcome", "municipality", "vote"]
    cooperation_path = "outcome__meeting__body__cooperation"
    list_filter = ["vote", cooperation_path]
    list_select_related = ["outcome", "municipality"]


@admin.register(Consultation)
class ConsultationAdmin(CooperationDataAdmin):
    list_display = ["body", "agreement", "measure", "result", "resolved_on"]
    # All three are nullable: without naming them, the list reads each per row.
    list_select_related = ["body", "agreement", "measure"]
    cooperation_path = "body__cooperation"
    list_filter = ["result", ("body", CooperationRelatedFieldListFilter), cooperation_path]
    search_fields = ["body__name", "agreement__title", "measure__title"]
    raw_id_fields = ["meeting", "outcome"]
