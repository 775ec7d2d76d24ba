from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ikz.core.models import (
    Body,
    Cooperation,
    Document,
    Membership,
    MissionStatement,
    Municipality,
    Participation,
    Partner,
    Person,
)


class RecordAdmin(SimpleHistoryAdmin):
    """Rows written only by a domain function (a status change by its measure, an issued
    report's files): shown, never added, edited or deleted here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["municipality"]


class MissionStatementInline(admin.StackedInline):
    model = MissionStatement
    extra = 0
    fields = ["version", "text", "adopted_on", "adopted_by"]
    raw_id_fields = ["adopted_by"]


@admin.register(Cooperation)
class CooperationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "region", "member_count"]
    search_fields = ["name", "slug", "region"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ParticipationInline, MissionStatementInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                current_members=Count(
                    "participations", filter=Q(participations__left_on__isnull=True)
                )
            )
        )

    @admin.display(description=_("members"), ordering="current_members")
    def member_count(self, obj):
        return obj.current_members


@admin.register(MissionStatement)
class MissionStatementAdmin(SimpleHistoryAdmin):
    list_display = ["cooperation", "version", "adopted_on"]
    list_select_related = ["cooperation"]
    list_filter = ["cooperation"]
    search_fields = ["text"]
    raw_id_fields = ["adopted_by"]


@admin.register(Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "ags", "population", "population_date", "area_km2"]
    list_filter = ["kind"]
    search_fields = ["name", "ags"]


@admin.register(Participation)
class ParticipationAdmin(SimpleHistoryAdmin):
    list_display = ["municipality", "cooperation", "joined_on", "left_on"]
    list_select_related = ["municipality", "cooperation"]
    list_filter = ["cooperation"]
    search_fields = ["municipality__name"]
    autocomplete_fields = ["municipality"]


@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "cooperation"]
    list_select_related = ["cooperation"]
    list_filter = ["kind", "cooperation"]
    search_fields = ["name"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["role", "name", "municipality", "partner", "user"]
    list_select_related = ["municipality", "partner", "user"]
    list_filter = ["cooperation", "municipality", "partner"]
    search_fields = ["role", "name", "email"]
    autocomplete_fields = ["municipality", "partner", "user"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "municipality", "cooperation"]
    list_select_related = ["municipality", "cooperation"]
    list_filter = ["kind", "cooperation"]
    search_fields = ["name"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["person", "body", "role", "start", "end"]
    list_select_related = ["person__municipality", "person__partner", "body"]
    list_filter = ["role", "body"]
    search_fields = ["person__role", "person__name", "body__name"]
    autocomplete_fields = ["person", "body"]


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "meeting", "measure", "agreement", "is_public", "uploaded_at"]
    list_select_related = ["meeting__body", "meeting__location", "measure", "agreement"]
    list_filter = ["is_public", "cooperation"]
    search_fields = ["title"]
    raw_id_fields = ["meeting", "measure", "agreement"]
