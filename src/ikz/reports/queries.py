"""What the report pages read."""

from django.db.models import F, Prefetch, QuerySet

from ikz.core.models import Cooperation
from ikz.reports.models import ReportFile, StatusReport


def reports_of(cooperation: Cooperation | None) -> QuerySet[StatusReport]:
    """The cooperation's reports, newest period first, without their snapshots: a list
    never reads them, and they can be large."""
    return (
        StatusReport.objects.filter(cooperation=cooperation)
        .only(
            "title",
            "period_start",
            "period_end",
            "report_date",
            "state",
            "cooperation",
            "superseded_by",
            "is_public",
        )
        # A period's reports together: the current issued one first, then what it
        # superseded, then the drafts, newest first.
        .order_by(
            "-period_start",
            "-period_end",
            "-state",
            F("superseded_by").asc(nulls_first=True),
            "-pk",
        )
    )


def public_reports_of(cooperation: Cooperation) -> QuerySet[StatusReport]:
    """The issued reports marked public, newest period first, each with its stored
    files and the report that superseded it (named "ersetzt durch …" only where that
    one is public too); no snapshots."""
    return (
        StatusReport.objects.filter(
            cooperation=cooperation, state=StatusReport.State.FINAL, is_public=True
        )
        .select_related("superseded_by")
        .only(
            "title",
            "period_start",
            "period_end",
            "report_date",
            "issued_at",
            "cooperation",
            "superseded_by__title",
            "superseded_by__state",
            "superseded_by__is_public",
            "superseded_by__report_date",
            "superseded_by__period_start",
            "superseded_by__period_end",
            "superseded_by__cooperation",
        )  # fmt: skip
        .prefetch_related(Prefetch("files", ReportFile.objects.order_by("format")))
        .order_by("-period_start", "-issued_at")
    )
