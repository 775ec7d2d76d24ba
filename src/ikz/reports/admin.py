from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ikz.core.admin import RecordAdmin
from ikz.reports.models import ReportFile, StatusReport


class ReportFileInline(admin.TabularInline):
    model = ReportFile
    extra = 0
    fields = ["format", "file", "size", "sha256"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(StatusReport)
class StatusReportAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "cooperation", "period_start", "period_end", "report_date", "state"]
    list_filter = ["state", "template", "cooperation"]
    list_select_related = ["cooperation"]
    search_fields = ["title", "intro"]
    readonly_fields = ["state", "snapshot", "issued_at"]
    inlines = [ReportFileInline]

    def get_readonly_fields(self, request, obj=None):
        # A final report is evidence: nothing of it can be edited.
        if obj is not None and obj.state == StatusReport.State.FINAL:
            return [field.name for field in obj._meta.fields]
        return self.readonly_fields


@admin.register(ReportFile)
class ReportFileAdmin(RecordAdmin):
    """Issued files are written by issuing a report, never by hand."""

    list_display = ["report", "format", "size", "sha256", "created_at"]
    list_select_related = ["report__cooperation"]
    list_filter = ["format"]
