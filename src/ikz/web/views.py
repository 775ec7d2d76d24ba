"""The public pages (anyone, only what is marked public) and the pages of a
cooperation's people (a login with a role in that cooperation); who may open which is
decided by ``ikz.core.permissions``."""

import functools
import logging
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ikz.core.domain import members_on, total_population
from ikz.core.models import Cooperation
from ikz.core.permissions import can, can_anywhere, cooperations_of, may_import_into
from ikz.meetings.domain import public_outcomes, upcoming_public_meetings
from ikz.reports import issuing
from ikz.reports.drafts import start_report
from ikz.reports.exporters import EXPORTERS
from ikz.reports.models import StatusReport
from ikz.reports.periods import period_label
from ikz.reports.readers import ReportImportError, describe
from ikz.reports.storing import import_file
from ikz.web.forms import ImportForm, ReportForm
from ikz.web.middleware import request_id_of

logger = logging.getLogger(__name__)

# Every view declares who may open it in its ``access`` attribute: "public" or the
# action of ikz.core.permissions it requires (tests/web/test_permissions.py checks that
# none is missing).
PUBLIC = "public"


def public(view):
    """Public pages: anyone, without an account; they show only what is marked public."""
    view.access = PUBLIC
    return view


def requires(action: str, model=None, lookup: str = "pk"):
    """Pages of a cooperation's people: anonymous visitors are sent to the login. With
    ``model``, the view gets the object of the URL's ``pk`` (404 when there is none), and
    an account that may not do ``action`` on it gets 403; without, an account that may
    do it in no cooperation gets 403 (the view then offers only the cooperations
    ``cooperations_of`` gives). ``lookup`` names the URL's argument that finds the
    object (``pk``, or ``slug`` for a cooperation)."""

    def decorate(view):
        @functools.wraps(view)
        def checked(request, *args, **kwargs):
            if model is None:
                if not can_anywhere(request.user, action):
                    raise PermissionDenied
                return view(request, *args, **kwargs)
            rows = (
                model.objects.all()
                if model is Cooperation
                else model.objects.select_related("cooperation")
            )
            obj = get_object_or_404(rows, **{lookup: kwargs.pop(lookup)})
            if not can(request.user, action, obj):
                raise PermissionDenied
            return view(request, obj, *args, **kwargs)

        wrapped = login_required(checked)
        wrapped.access = action
        return wrapped

    return decorate


LATEST_OUTCOMES = 10
NEXT_MEETINGS = 5


@public
@require_safe
def start_page(request):
    """Public. With one cooperation its page; otherwise the list to choose from."""
    cooperations = list(Cooperation.objects.all()[:2])
    if len(cooperations) == 1:
        return _render_cooperation(request, cooperations[0])
    # None yet (a fresh installation) or several: the list says what there is.
    return render(request, "web/cooperation_list.html", {"cooperations": Cooperation.objects.all()})


@public
@require_safe
def cooperation_page(request, slug):
    """Public: members, the adopted Leitbild, next public meetings, latest public outcomes."""
    return _render_cooperation(request, get_object_or_404(Cooperation, slug=slug))


# Only these files are served, each with its type; the logo field accepts no others.
LOGO_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}


@public
@require_safe
def cooperation_logo(request, slug):
    """Public: the cooperation's logo and nothing else from the media directory, which
    also holds internal documents and issued reports (so /media/ is never served)."""
    cooperation = get_object_or_404(Cooperation.objects.only("logo"), slug=slug)
    if not cooperation.logo:
        raise Http404
    content_type = LOGO_TYPES.get(Path(cooperation.logo.name).suffix.lower())
    if content_type is None:
        raise Http404
    try:
        file = cooperation.logo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(file, content_type=content_type)
    # An SVG opened on its own must not run scripts in the cockpit's origin.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _render_cooperation(request, cooperation):
    today = timezone.localdate()
    members = list(members_on(cooperation, today))
    return render(
        request,
        "web/cooperation.html",
        {
            "cooperation": cooperation,
            "members": members,
            "population": total_population(members),
            "mission_statement": cooperation.mission_statement,
            "meetings": upcoming_public_meetings(cooperation, today)[:NEXT_MEETINGS],
            "outcomes": public_outcomes(cooperation)[:LATEST_OUTCOMES],
        },
    )


# Signing out stays Django's own (POST only, CSRF-checked, LOGOUT_REDIRECT_URL or a
# safe ``next``).
_sign_out = auth_views.LogoutView.as_view()


@public
@require_http_methods(["GET", "POST"])
def logout(request):
    """Public. POST signs out. GET (a typed address, a link) only asks: signing out on
    GET would let any other site sign users out with an image, and Django 5's
    LogoutView answers it with a blank 405."""
    if request.method == "POST":
        return _sign_out(request)
    return render(request, "web/logout.html")


# Only for when 500.html itself fails; German first, as the cockpit's pages.
BARE_500_PAGE = (
    '<!DOCTYPE html><html lang="de"><title>Serverfehler / Server error</title>'
    "<h1>Serverfehler / Server error</h1><p>Fehlernummer / Error number: {}</p></html>"
)


@public
def server_error(request):
    """Public: the 500 page (``handler500``) with the request's id, which the error's
    log line carries too. Rendered without the request, as Django's own handler does:
    no context processor, no session or user, no query. It must not fail itself, or
    the user would get the WSGI server's bare error instead."""
    request_id = request_id_of(request)
    try:
        page = loader.get_template("500.html").render({"request_id": request_id})
    except Exception:
        logger.exception("500.html could not be rendered")
        page = format_html(BARE_500_PAGE, request_id or "-")
    return HttpResponseServerError(page)


# Coordinators: status reports ------------------------------------------------------


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
            raise PermissionDenied
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
    # The list never reads a report's snapshot, which can be large.
    reports = (
        StatusReport.objects.filter(cooperation=chosen)
        .only("title", "period_start", "period_end", "report_date", "state", "cooperation")
        .order_by("-period_start")
    )
    page = Paginator(reports, REPORTS_PER_PAGE).get_page(request.GET.get("seite"))
    return render(
        request,
        "web/report_list.html",
        {
            "cooperations": cooperations,
            "chosen": chosen,
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
        "web/report_detail.html",
        {
            "report": report,
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
        "web/report_import.html",
        {"form": form, "summary": summary, "error": error, "dry_run": form.data.get("dry_run")},
    )
