"""Status reports of a cooperation: the list with a new draft, a report's page with its
preview, downloads and actions (edit, compare, delete, issue, correct, publish), and
the import of a report file."""

import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ikz.core.permissions import can, can_anywhere, cooperations_of, may_import_into
from ikz.core.versions import VersionConflict
from ikz.reports import issuing
from ikz.reports.comparing import compare
from ikz.reports.drafts import correct_report, delete_draft, edit_report, start_report
from ikz.reports.exporters import EXPORTERS
from ikz.reports.models import StatusReport
from ikz.reports.periods import period_label
from ikz.reports.queries import reports_of
from ikz.reports.readers import ReportImportError, describe
from ikz.reports.storing import import_file
from ikz.web.access import refused, requires
from ikz.web.form_layout import add_domain_error
from ikz.web.forms.reports import ImportForm, ReportConfirmForm, ReportEditForm, ReportForm

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
    """The report's preview (the HTML format in a frame), its downloads in every format
    and, for coordinators, its actions: a draft is edited, compared, issued or deleted;
    an issued one is corrected or made public. A superseded report names its successor."""
    may_change = can(request.user, "change", report)
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
            "may_change": may_change,
            "issued_by": report.issued_by if report.issued_by_id else None,
            "superseded_by": report.superseded_by if report.superseded_by_id else None,
            "supersedes": StatusReport.objects.filter(superseded_by=report)
            .only("title", "period_start", "period_end", "cooperation")
            .first(),
        },
    )


# The preview is a whole HTML document of its own, shown in a sandboxed frame on the
# report's page: it may be framed by the cockpit's pages only, runs nothing, and loads
# nothing (its CSS is inline, its logo a data: URI).
PREVIEW_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; frame-ancestors 'self'"
)


@require_safe
@xframe_options_sameorigin
@requires("view_internal", StatusReport)
def report_preview(request, report):
    """The whole report in the HTML format, as the download gives it: a draft from
    today's data, an issued report as issued."""
    try:
        content = issuing.render(report, "html")
    except ValidationError as error:
        raise Http404(" ".join(error.messages)) from None
    response = HttpResponse(content, content_type=EXPORTERS["html"].content_type)
    response["Content-Security-Policy"] = PREVIEW_POLICY
    return response


@require_http_methods(["GET", "POST"])
@requires("change", StatusReport)
def report_edit(request, report):
    """Coordinators: a draft's template, appendix, introduction and decisions text; a
    save based on an older version than the stored one is refused with what changed in
    between. An issued report is never edited: its page says how to correct it."""
    if report.state == StatusReport.State.FINAL:
        messages.error(
            request, _("An issued report is never changed; correct it with a new draft instead.")
        )
        return redirect("web:report", pk=report.pk)
    initial = {
        "template": report.template,
        "appendix": report.appendix,
        "intro": report.intro,
        "decisions_text": report.decisions_text,
    }
    form = ReportEditForm(request.POST or None, initial=initial, edited=report)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            edit_report(
                report, version=data["version"], template=data["template"],
                appendix=data["appendix"], intro=data["intro"],
                decisions_text=data["decisions_text"],
            )  # fmt: skip
        except VersionConflict as error:
            form.show_conflict(error.conflict)
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The draft is saved."))
            return redirect("web:report", pk=report.pk)
    return render(
        request,
        "web/reports/edit.html",
        {"report": report, "cooperation": report.cooperation, "form": form},
    )


@require_safe
@requires("view_internal", StatusReport)
def report_compare(request, report):
    """What the report shows against the previous issued report: new measures, status
    and traffic-light changes, tasks opened and closed, new results."""
    return render(
        request,
        "web/reports/compare.html",
        {"report": report, "cooperation": report.cooperation, "comparison": compare(report)},
    )


@require_http_methods(["GET", "POST"])
@requires("change", StatusReport)
def report_delete(request, report):
    """Coordinators: a draft deleted after a confirmation page; an issued report stays."""
    form = ReportConfirmForm(request.POST or None, edited=report)
    if report.state == StatusReport.State.FINAL:
        messages.error(
            request, _("An issued report is never changed; correct it with a new draft instead.")
        )
        return redirect("web:report", pk=report.pk)
    if request.method == "POST" and form.is_valid():
        try:
            delete_draft(report, version=form.cleaned_data["version"])
        except VersionConflict as error:
            form.show_conflict(error.conflict)
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The draft is deleted."))
            return redirect(f"{reverse('web:reports')}?kooperation={report.cooperation.slug}")
    return render(
        request,
        "web/reports/delete.html",
        {"report": report, "cooperation": report.cooperation, "form": form},
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


@require_http_methods(["GET", "POST"])
@requires("issue_report", StatusReport)
def report_issue(request, report):
    """Coordinators: a confirmation page that lists what becomes fixed (the data
    snapshot, a file per format, the report it supersedes), then the draft made final;
    its files never change afterwards. A draft changed since the page was shown is not
    issued: the page shows what changed."""
    if report.state == StatusReport.State.FINAL:
        messages.error(request, _("This report has been issued already."))
        return redirect("web:report", pk=report.pk)
    form = ReportConfirmForm(request.POST or None, edited=report)
    if request.method == "POST" and form.is_valid():
        try:
            issuing.issue_report(
                report=report, by=request.user, version=form.cleaned_data["version"]
            )
        except VersionConflict as error:
            form.show_conflict(error.conflict)
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The report has been issued; its files are fixed."))
            return redirect("web:report", pk=report.pk)
    superseded = (
        StatusReport.objects.current()
        .for_period(report.cooperation, report.period_start, report.period_end)
        .only("title", "period_start", "period_end", "cooperation")
        .first()
    )
    return render(
        request,
        "web/reports/issue.html",
        {
            "report": report,
            "cooperation": report.cooperation,
            "form": form,
            "files": [
                (exporter, issuing.filename(report, exporter.extension))
                for exporter in EXPORTERS.values()
            ],
            "superseded": superseded,
        },
    )


@require_POST
@requires("change", StatusReport)
def report_correct(request, report):
    """Coordinators: a new draft for an issued report's period, with its template,
    appendix and texts; issued, it supersedes the report."""
    try:
        draft = correct_report(report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("web:report", pk=report.pk)
    messages.success(
        request,
        _("A correction is drafted; issuing it supersedes “%(report)s”.") % {"report": report},
    )
    return redirect("web:report", pk=draft.pk)


@require_POST
@requires("change", StatusReport)
def report_publish(request, report):
    """Coordinators: an issued report shown on the public pages, or taken off them."""
    public = request.POST.get("public") == "1"
    try:
        issuing.publish_report(report, public=public)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The report is public.") if public else _("The report is internal again."),
        )
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
