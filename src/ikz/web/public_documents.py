"""The public documents and reports: the files anyone may download (documents marked
public of public meetings and measures, downloaded through ``web:document``), and the
issued status reports marked public, with their stored files. A report that is not
issued and public answers 404, as if it did not exist."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from ikz.core.files import safe_download_headers
from ikz.core.models import Cooperation
from ikz.core.queries import public_documents_of
from ikz.reports import issuing
from ikz.reports.exporters import EXPORTERS
from ikz.reports.models import StatusReport
from ikz.reports.periods import report_title
from ikz.reports.queries import public_reports_of
from ikz.web.access import public

PER_PAGE = 20


@public
@require_safe
def public_documents(request, slug):
    """Public: the documents anyone may download, newest first, page by page, each with
    the meeting or measure it belongs to."""
    cooperation = get_object_or_404(Cooperation, slug=slug)
    return render(
        request,
        "web/public/documents.html",
        {
            "cooperation": cooperation,
            "page": Paginator(public_documents_of(cooperation), PER_PAGE).get_page(
                request.GET.get("seite")
            ),
        },
    )


def label_of(report: StatusReport) -> str:
    """A report as the public list names it: its title, or the period's standard one."""
    return report.title or report_title(report.period_start, report.period_end)


@public
@require_safe
def public_reports(request, slug):
    """Public: the issued reports marked public, newest period first, page by page; a
    superseded one stays, marked as replaced by its successor."""
    cooperation = get_object_or_404(Cooperation, slug=slug)
    page = Paginator(public_reports_of(cooperation), PER_PAGE).get_page(request.GET.get("seite"))
    rows = []
    for report in page.object_list:
        successor = report.superseded_by
        shown = successor is not None and successor.is_public
        rows.append(
            {
                "report": report,
                "label": label_of(report),
                "superseded": successor is not None,
                "successor": successor if shown else None,
                "successor_label": label_of(successor) if shown else "",
                "files": [
                    (stored, EXPORTERS[stored.format])
                    for stored in report.files.all()
                    if stored.format in EXPORTERS
                ],
            }
        )
    return render(
        request,
        "web/public/reports.html",
        {"cooperation": cooperation, "page": page, "rows": rows},
    )


@public
@require_safe
def public_report_download(request, slug, pk, identifier):
    """Public: a stored file of an issued report marked public, exactly as issued
    (checked against its SHA-256); 404 for any other report or a format not stored."""
    report = get_object_or_404(
        StatusReport,
        pk=pk,
        cooperation__slug=slug,
        state=StatusReport.State.FINAL,
        is_public=True,
    )
    if identifier not in EXPORTERS:
        raise Http404
    exporter = EXPORTERS[identifier]
    try:
        content = issuing.render(report, identifier)
    except ValidationError as error:
        raise Http404(" ".join(error.messages)) from None
    response = HttpResponse(content, content_type=exporter.content_type)
    # The HTML report is a standalone page with its own inline styles.
    return safe_download_headers(
        response, issuing.filename(report, exporter.extension), inline_styles=identifier == "html"
    )
