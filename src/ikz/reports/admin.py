from django.contrib import admin
from django.contrib.admin.views.main import ChangeList

from ikz.core.admin import CooperationDataAdmin, ParentPermissions, RecordAdmin
from ikz.reports.exporters import EXPORTERS
from ikz.reports.models import ReportFile, StatusReport


class ReportFileInline(ParentPermissions, admin.TabularInline):
    model = ReportFile
    extra = 0
    fields = ["format", "file", "size", "sha256"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class StatusReportChangeList(ChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        # A snapshot holds all the data of an issued report; the list shows none of it.
        return super().get_queryset(request, exclude_parameters).defer("snapshot")


@admin.register(StatusReport)
class StatusReportAdmin(CooperationDataAdmin):
    list_display = ["__str__", "cooperation", "period_start", "period_end", "report_date", "state"]
    list_filter = ["state", "template", "cooperation"]
    list_select_related = ["cooperation"]
    search_fields = ["title", "intro"]
    readonly_fields = ["state", "snapshot", "issued_at"]
    inlines = [ReportFileInline]

    def get_changelist(self, request, **kwargs):
        return StatusReportChangeList

    def get_readonly_fields(self, request, obj=None):
        # A final report is evidence: nothing of it can be edited.
        if obj is not None and obj.state == StatusReport.State.FINAL:
            return [field.name for field in obj._meta.fields]
        return self.readonly_fields


class FormatFilter(admin.SimpleListFilter):
    """The formats a report is issued in. Django's filter for a field without choices
    would read the distinct formats of every file of every cooperation."""

    title = ReportFile._meta.get_field("format").verbose_name
    parameter_name = "format__exact"

    def lookups(self, request, model_admin):
        return [(identifier, exporter.verbose_name) for identifier, exporter in EXPORTERS.items()]

    def queryset(self, request, queryset):
        return queryset.filter(format=self.value()) if self.value() else queryset


@admin.register(ReportFile)
class ReportFileAdmin(RecordAdmin):
    """Issued files are written by issuing a report, never by hand."""

    list_display = ["report", "format", "size", "sha256", "created_at"]
    list_select_related = ["report__cooperation"]
    cooperation_path = "report__cooperation"
    list_filter = [FormatFilter, cooperation_path]

    def get_queryset(self, request):
        # Each row names its report; the report's snapshot, all its data, is not shown.
        return super().get_queryset(request).defer("report__snapshot")
