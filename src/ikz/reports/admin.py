from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ikz.reports.models import StatusReport


@admin.register(StatusReport)
class StatusReportAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "cooperation", "period_start", "period_end", "report_date", "state"]
    list_filter = ["state", "template", "cooperation"]
    search_fields = ["title", "intro"]
    readonly_fields = ["snapshot", "issued_at"]
