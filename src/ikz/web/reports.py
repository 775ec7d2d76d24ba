"""Status reports of a cooperation: the list with a new draft, a report's page with its
downloads and issuing, and the import of a report file."""

import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ikz.core.permissions import can, can_anywhere, cooperations_of, may_import_into
from ikz.reports import issuing
from ikz.reports.drafts import start_report
from ikz.reports.exporters import EXPORTERS
from ikz.reports.models import StatusReport
from ikz.reports.periods import period_label
from ikz.reports.queries import reports_of
from ikz.reports.readers import ReportImportError, describe
from ikz.reports.storing import import_file
from ikz.web.access import refused, requires
from ikz.web.forms.reports import ImportForm, ReportForm

# Reports listed per page: a cooperation reports monthly, so two years fit on one.
REPORTS_PER_PAGE = 24


@require_http_methods(["GET", "POST"])
@requires("view_internal")
def report_list(request):
    """One cooperation's reports, newest first, a page at a time, and for its
    coordinators a form for a new draft. The cooperation is chosen with
    ``?kooperation=<slug>`` among those the account may read; the first by name
    without one."""
    cooperations = list(cooperations_of(request.user).only("name", "slug"))
    chosen = next(
        (c for c in cooperations if c.slug == request.GET.get("kooperation")),
        cooperations[0] if cooperations else None,
    )
    form = ReportForm(
        request.POST or None,
        initial={"cooperation": chosen},
        cooperations=cooperations_of(request.user, "change"),
    )
    if request.method == "POST":
        if not can_anywhere(request.user, "change"):
            return refused(request, None)
        if form.is_valid():
            start, end = form.cleaned_data["period"]
            try:
                report = start_report(
                    cooperation=form.cleaned_data["cooperation"],
                    period_start=start,
                    period_end=end,
                    report_date=form.cleaned_data["report_date"],
                    template=form.cleaned_data["template"],
                    appendix=form.cleaned_data["appendix"],
                )
            except ValidationError as error:
                form.add_error("period", ValidationError(error.messages))
            else:
                return redirect("web:report", pk=report.pk)
    page = Paginator(reports_of(chosen), REPORTS_PER_PAGE).get_page(request.GET.get("seite"))
    return render(
        request,
        "web/reports/list.html",
        {
            "cooperations": cooperations,
            "chosen": chosen,
            # The frame's name, colours and work navigation.
            "cooperation": chosen,
            "page": page,
            "form": form,
            "may_start": can_anywhere(request.user, "change"),
            "may_import": can_anywhere(request.user, "import_report"),
        },
    )


@require_safe
@requires("view_internal", StatusReport)
def report_detail(request, report):
    """Downloads in every format; a coordinator can issue a draft."""
    return render(
        request,
        "web/reports/detail.html",
        {
            "report": report,
            "cooperation": report.cooperation,
            "label": period_label(report.period_start, report.period_end),
            "exporters": EXPORTERS.values(),
            "files": report.files.order_by("format"),
            "may_issue": can(request.user, "issue_report", report),
        },
    )


@require_safe
@requires("view_internal", StatusReport)
def report_download(request, report, identifier):
    """The report as a file; a draft is built from today's data."""
    if identifier not in EXPORTERS:
        raise Http404
    exporter = EXPORTERS[identifier]
    try:
        content = issuing.render(report, identifier)
    except ValidationError as error:
        # A final report without a sound file in this format: there is nothing to give.
        raise Http404(" ".join(error.messages)) from None
    response = HttpResponse(content, content_type=exporter.content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{issuing.filename(report, exporter.extension)}"'
    )
    return response


@require_safe
@requires("view_internal", StatusReport)
def report_meeting_overview(request, report, identifier):
    """Every result of the report period's meetings, from today's data."""
    if identifier not in EXPORTERS:
        raise Http404
    exporter = EXPORTERS[identifier]
    response = HttpResponse(
        issuing.render_meeting_overview(report, identifier), content_type=exporter.content_type
    )
    name = issuing.filename(report, exporter.extension, kind="sitzungsuebersicht")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
@requires("issue_report", StatusReport)
def report_issue(request, report):
    """Coordinators: make the draft final; its files never change afterwards."""
    try:
        issuing.issue_report(report=report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The report has been issued; its files are fixed."))
    return redirect("web:report", pk=report.pk)


@require_http_methods(["GET", "POST"])
@requires("import_report")
def report_import(request):
    """Coordinators: upload a report in the seed's form; first a dry run by default."""
    form = ImportForm(request.POST or None, request.FILES or None)
    summary, error = None, None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / f"upload{suffix}"
            with path.open("wb") as file:
                for chunk in upload.chunks():
                    file.write(chunk)
            try:
                summary = import_file(
                    path,
                    name=upload.name,
                    dry_run=form.cleaned_data["dry_run"],
                    permitted=lambda cooperation: may_import_into(request.user, cooperation),
                )
            except ReportImportError as problem:
                error = describe(problem, upload.name)
            except ValidationError as problem:
                error = f"{upload.name}: {' '.join(problem.messages)}"
    return render(
        request,
        "web/reports/import.html",
        {"form": form, "summary": summary, "error": error, "dry_run": form.data.get("dry_run")},
    )
