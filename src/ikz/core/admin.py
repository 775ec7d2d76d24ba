from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ikz.core.domain import record_population
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
    PopulationFigure,
    Role,
)
from ikz.core.permissions import (
    can,
    can_anywhere,
    is_administrator,
    may_change_own,
    visible_to,
)
from ikz.core.versions import conflict_since, current_version


def chosen_cooperations(request, model_admin) -> list[int]:
    """The ids of the cooperations the change list is filtered to, as the cooperation
    filter (Django's filter on ``model_admin.cooperation_path``) sets them; empty while
    none is chosen."""
    values = request.GET.getlist(f"{model_admin.cooperation_path}__id__exact")
    # A value that is no id is the cooperation filter's to refuse.
    return [int(value) for value in values if value.isdecimal()]


class CooperationRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A related-field filter offering only what the list's rows of the chosen
    cooperation refer to, and hidden while no cooperation is chosen: all bodies,
    municipalities or programs of every cooperation would be read on every visit, grow
    with the whole database and mostly mean nothing to the cooperation in view."""

    def field_choices(self, field, request, model_admin):
        cooperations = chosen_cooperations(request, model_admin)
        if not cooperations:
            return []
        referred = (
            model_admin.get_queryset(request)
            .filter(**{f"{model_admin.cooperation_path}__in": cooperations})
            .values(self.field_path)
        )
        return field.get_choices(
            include_blank=False,
            limit_choices_to={"pk__in": referred},
            ordering=self.field_admin_ordering(field, request, model_admin),
        )


class OwnCooperationChoices:
    """Choices of a form's related fields only from the cooperations the account may
    change: a coordinator of one cooperation sees, and can choose, none of another's
    bodies, people or municipalities (a posted id of one is an invalid choice)."""

    def _limited(self, request, related_model, queryset):
        if is_administrator(request.user):
            return queryset
        if related_model is Cooperation:
            path = "pk"
        elif related_model is get_user_model():
            path = "cooperation_roles__cooperation"
        else:
            related_admin = self.admin_site._registry.get(related_model)
            path = getattr(related_admin, "cooperation_path", None)
            if path is None:
                # The installation's own lists (funding programmes): shared by all.
                return queryset
        # "change_own": the edit right of coordinators and of municipality members.
        return visible_to(request.user, queryset, action="change_own", path=path).distinct()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = self._limited(request, db_field.related_model, field.queryset)
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = self._limited(request, db_field.related_model, field.queryset)
        return field


class RolePermissions(OwnCooperationChoices):
    """Model admin permissions from the roles: read for anyone with a role in the
    object's cooperation, change (add, delete) for its coordinators; lists show only the
    rows of the cooperations the account may read. ``cooperation_path`` leads from the
    model to its cooperation."""

    cooperation_path = "cooperation"

    def get_queryset(self, request):
        rows = visible_to(request.user, super().get_queryset(request), path=self.cooperation_path)
        # A path through a to-many relation (a municipality's participations) repeats rows.
        return rows.distinct() if self._to_many() else rows

    def _to_many(self) -> bool:
        if self.cooperation_path == "pk":
            return False
        model = self.model
        for name in self.cooperation_path.split("__"):
            field = model._meta.get_field(name)
            if field.one_to_many or field.many_to_many:
                return True
            model = field.related_model
        return False

    def _may(self, request, action: str, obj) -> bool:
        if obj is None:
            return can_anywhere(request.user, action)
        cooperations = (
            type(obj)
            ._default_manager.filter(pk=obj.pk)
            .values_list(self.cooperation_path, flat=True)
            if self.cooperation_path != "pk"
            else [obj.pk]
        )
        return any(can(request.user, action, cooperation) for cooperation in cooperations)

    def has_module_permission(self, request):
        return can_anywhere(request.user, "view_internal")

    def has_view_permission(self, request, obj=None):
        return self._may(request, "view_internal", obj)

    def has_add_permission(self, request, *args):
        return can_anywhere(request.user, "change")

    def has_change_permission(self, request, obj=None):
        return self._may(request, "change", obj)

    def has_delete_permission(self, request, obj=None):
        return self._may(request, "change", obj)


class ParentPermissions(OwnCooperationChoices):
    """An inline may what the admin of the object it belongs to may."""

    def _parent(self):
        return self.admin_site._registry[self.parent_model]

    def has_view_permission(self, request, obj=None):
        return self._parent().has_view_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._parent().has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._parent().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._parent().has_change_permission(request, obj)


class NoLostUpdates:
    """A change form carries the version of the object it shows; saving it after
    someone else saved the object is refused with their change beside one's own entry
    (core.versions), and the next save, now based on their version, keeps one's own."""

    change_form_template = "admin/ikz/change_form.html"

    def get_fields(self, request, obj=None):
        # The version is the form's own hidden field, no field of the model to lay out.
        return [name for name in super().get_fields(request, obj) if name != "based_on_version"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is None:
            return form

        class VersionedForm(form):
            based_on_version = forms.IntegerField(required=False, widget=forms.HiddenInput)
            conflict = None

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.fields["based_on_version"].initial = current_version(self.instance)

            def clean(self):
                cleaned = super().clean()
                self.conflict = conflict_since(self.instance, cleaned.get("based_on_version"))
                if self.conflict is not None:
                    # Shown again with one's own entry; saved again, it is meant.
                    self.data = self.data.copy()
                    self.data[self.add_prefix("based_on_version")] = self.conflict.version
                    raise ValidationError(
                        _("Someone else saved this in the meantime; see their change above.")
                    )
                return cleaned

        return VersionedForm


class CooperationDataAdmin(NoLostUpdates, RolePermissions, SimpleHistoryAdmin):
    """A list of the cooperations' data, filtered to one cooperation to be useful.

    ``cooperation_path`` leads from the model to its cooperation; ``list_filter``
    names it, so a user can choose one, and the ``CooperationRelatedFieldListFilter``
    filters follow that choice."""

    cooperation_path = "cooperation"
    # The "(5000 total)" beside a filtered list's count reads the whole table.
    show_full_result_count = False

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        # Django's date hierarchy lists the years (or months) of every row the list
        # shows, so without a cooperation it reads every row of every cooperation. The
        # ModelAdmin has no hook for it; the template reads it from the change list.
        if not chosen_cooperations(request, self):
            changelist.date_hierarchy = None
        return changelist


class OwnMunicipalityAdmin(CooperationDataAdmin):
    """Rows of a municipality (tasks, documents): its members may change them too, but
    not give them to another municipality; adding and deleting stay with coordinators."""

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return can_anywhere(request.user, "change_own")
        return may_change_own(request.user, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        user = request.user

        class OwnMunicipalityForm(form):
            def _post_clean(self):
                super()._post_clean()
                if not may_change_own(user, self.instance):
                    self.add_error(
                        None,
                        _("You may edit only what belongs to your own municipality."),
                    )

        return OwnMunicipalityForm


class RecordAdmin(CooperationDataAdmin):
    """A cooperation's rows written only by a domain function (a status change by its
    measure, an issued report's files): shown, never added, edited or deleted here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ParticipationInline(ParentPermissions, admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["municipality"]


class MissionStatementInline(ParentPermissions, admin.StackedInline):
    model = MissionStatement
    extra = 0
    fields = ["version", "text", "adopted_on", "adopted_by"]
    raw_id_fields = ["adopted_by"]


@admin.register(Cooperation)
class CooperationAdmin(NoLostUpdates, RolePermissions, SimpleHistoryAdmin):
    cooperation_path = "pk"
    list_display = ["name", "slug", "region", "member_count"]
    search_fields = ["name", "slug", "region"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ParticipationInline, MissionStatementInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "report_title",
                    "region",
                    "website",
                    "logo",
                    "primary_colour",
                    "secondary_colour",
                ]
            },
        ),
        (
            _("Imprint and privacy notice"),
            {
                "description": _("The public pages Impressum and Datenschutz show these."),
                "fields": [
                    "publisher",
                    "publisher_representative",
                    "contact_email",
                    "contact_phone",
                    "content_responsible",
                    "data_protection_officer",
                    "supervisory_authority",
                    "privacy_addendum",
                ],
            },
        ),
    ]

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
class MissionStatementAdmin(CooperationDataAdmin):
    list_display = ["cooperation", "version", "adopted_on"]
    list_select_related = ["cooperation"]
    list_filter = ["cooperation"]
    search_fields = ["text"]
    raw_id_fields = ["adopted_by"]


@admin.register(Municipality)
class MunicipalityAdmin(CooperationDataAdmin):
    list_display = ["name", "kind", "ags", "population", "population_date", "area_km2"]
    # A municipality takes part in cooperations, perhaps in several.
    cooperation_path = "participations__cooperation"
    list_filter = ["kind", cooperation_path]
    search_fields = ["name", "ags"]

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            record_population(obj)


@admin.register(PopulationFigure)
class PopulationFigureAdmin(CooperationDataAdmin):
    list_display = ["municipality", "as_of", "population", "source"]
    list_select_related = ["municipality"]
    cooperation_path = "municipality__participations__cooperation"
    list_filter = [cooperation_path]
    search_fields = ["municipality__name"]
    autocomplete_fields = ["municipality"]


@admin.register(Participation)
class ParticipationAdmin(CooperationDataAdmin):
    list_display = ["municipality", "cooperation", "joined_on", "left_on"]
    list_select_related = ["municipality", "cooperation"]
    list_filter = ["cooperation"]
    search_fields = ["municipality__name"]
    autocomplete_fields = ["municipality"]


@admin.register(Partner)
class PartnerAdmin(CooperationDataAdmin):
    list_display = ["name", "kind", "cooperation"]
    list_select_related = ["cooperation"]
    list_filter = ["kind", "cooperation"]
    search_fields = ["name"]


@admin.register(Person)
class PersonAdmin(CooperationDataAdmin):
    list_display = ["role", "name", "municipality", "partner", "user"]
    list_select_related = ["municipality", "partner", "user"]
    list_filter = [
        "cooperation",
        ("municipality", CooperationRelatedFieldListFilter),
        ("partner", CooperationRelatedFieldListFilter),
    ]
    search_fields = ["role", "name", "email"]
    autocomplete_fields = ["municipality", "partner", "user"]


class MembershipInline(ParentPermissions, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Body)
class BodyAdmin(CooperationDataAdmin):
    list_display = ["name", "kind", "municipality", "cooperation"]
    list_select_related = ["municipality", "cooperation"]
    list_filter = ["kind", "cooperation"]
    search_fields = ["name"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(CooperationDataAdmin):
    list_display = ["person", "body", "role", "start", "end"]
    list_select_related = ["person__municipality", "person__partner", "body"]
    cooperation_path = "body__cooperation"
    list_filter = ["role", ("body", CooperationRelatedFieldListFilter), cooperation_path]
    search_fields = ["person__role", "person__name", "body__name"]
    autocomplete_fields = ["person", "body"]


@admin.register(Document)
class DocumentAdmin(OwnMunicipalityAdmin):
    list_display = ["title", "meeting", "measure", "agreement", "is_public", "uploaded_at"]
    list_select_related = ["meeting__body", "meeting__location", "measure", "agreement"]
    list_filter = ["is_public", "cooperation"]
    search_fields = ["title"]
    raw_id_fields = ["meeting", "agenda_item", "measure", "agreement"]
    autocomplete_fields = ["municipality"]


@admin.register(Role)
class RoleAdmin(CooperationDataAdmin):
    """Roles as the cooperation's page of people shows them; granted there by invitation."""

    list_display = ["user", "kind", "municipality", "cooperation", "granted_on", "granted_by"]
    list_select_related = ["user", "municipality", "cooperation", "granted_by"]
    list_filter = ["kind", "cooperation", ("municipality", CooperationRelatedFieldListFilter)]
    search_fields = ["user__email", "user__username", "user__last_name"]
    autocomplete_fields = ["user", "municipality"]
    readonly_fields = ["granted_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)


# Who may do what is a role per cooperation (ikz.core.permissions), not a group.
admin.site.unregister(Group)
