"""Measures in the browser: the cooperation's portfolio with filters and search, a
measure's page with its dated status history, tasks and meetings, a new measure, its
edit form and a status change outside a meeting. The rules are
``ikz.measures.domain``'s."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from ikz.core.models import Cooperation
from ikz.core.permissions import can, may_attach_document
from ikz.core.queries import document_rows
from ikz.core.versions import VersionConflict
from ikz.measures.domain import (
    add_measure,
    change_status_by_hand,
    days_overdue,
    edit_measure,
    latest_status_change,
    status_as_of,
    traffic_light,
)
from ikz.measures.models import Measure, MeasureStatus
from ikz.measures.queries import history_of, measure_of_portfolio, portfolio_rows, tasks_of
from ikz.meetings.queries import meetings_on
from ikz.web.access import requires
from ikz.web.audit import history_for
from ikz.web.form_layout import add_domain_error
from ikz.web.forms.measures import MeasureFilter, MeasureForm, StatusForm
from ikz.web.tasks import may_act_on

MEASURES_PER_PAGE = 50


@require_safe
@requires("view_internal", Cooperation, lookup="slug")
def measure_list(request, cooperation):
    """Everyone with a role: the portfolio, each measure with its status and traffic
    light, filtered by field of action, status, municipality and light, searched by
    words of its title or description."""
    filters = MeasureFilter(request.GET, cooperation=cooperation)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    rows = portfolio_rows(
        cooperation,
        today=timezone.localdate(),
        words=chosen.get("suche", "").split(),
        field_of_action=chosen.get("handlungsfeld"),
        municipality=chosen.get("kommune"),
        status=chosen.get("status", ""),
        light=chosen.get("ampel", ""),
    )
    page = Paginator(rows, MEASURES_PER_PAGE).get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    return render(
        request,
        "web/measures/list.html",
        {
            "cooperation": cooperation,
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "filtered": any(chosen.values()),
            "may_change": can(request.user, "change", cooperation),
        },
    )


@require_safe
@requires("view_internal", Measure)
def measure_detail(request, measure):
    """Everyone with a role: the measure, its dated status history (each change with
    the meeting's result that caused it or the reason given), its parts, its tasks and
    the meetings that dealt with it."""
    today = timezone.localdate()
    measure = measure_of_portfolio(measure)
    status = status_as_of(measure, today)
    tasks = tasks_of(measure)
    return render(
        request,
        "web/measures/detail.html",
        {
            "cooperation": measure.cooperation,
            "measure": measure,
            "status": MeasureStatus(status).label if status else "",
            "light": traffic_light(measure, today),
            "history": history_of(measure),
            "parts": measure.children.order_by("title"),
            "tasks": [(task, days_overdue(task, today)) for task in tasks],
            "may_act": may_act_on(request.user, tasks),
            "hide_measure": True,
            "meetings": meetings_on(measure),
            "audit_history": history_for(request.user, measure),
            "documents": document_rows(measure.documents.all()),
            "upload_url": may_attach_document(request.user, measure)
            and reverse("web:measure_document_upload", args=[measure.pk]),
        },
    )


@require_http_methods(["GET", "POST"])
@requires("change", Cooperation, lookup="slug")
def measure_create(request, cooperation):
    """Coordinators: a new measure of the portfolio, without a status until its first
    status change."""
    form = MeasureForm(request.POST or None, cooperation=cooperation)
    if request.method == "POST" and form.is_valid():
        try:
            measure = add_measure(
                cooperation=cooperation,
                municipalities=form.cleaned_data["municipalities"],
                **form.measure_fields(),
            )
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("The measure “%(measure)s” is created.") % {"measure": measure}
            )
            return redirect("web:measure", pk=measure.pk)
    return render(
        request,
        "web/measures/form.html",
        {"cooperation": cooperation, "form": form, "measure": None},
    )


@require_http_methods(["GET", "POST"])
@requires("change", Measure)
def measure_edit(request, measure):
    """Coordinators: the measure's data; a save based on an older version than the
    stored one is refused with what changed in between."""
    cooperation = measure.cooperation
    initial = {
        "title": measure.title,
        "description": measure.description,
        "field_of_action": measure.field_of_action_id,
        "parent": measure.parent_id,
        "lead_municipality": measure.lead_municipality_id,
        "municipalities": list(measure.municipalities.values_list("pk", flat=True)),
        "planned_start": measure.planned_start,
        "planned_end": measure.planned_end,
        "decision_due": measure.decision_due,
        "progress": measure.progress,
        "is_public": measure.is_public,
    }
    form = MeasureForm(
        request.POST or None, initial=initial, cooperation=cooperation, measure=measure
    )
    if request.method == "POST" and form.is_valid():
        try:
            edit_measure(
                measure, version=form.cleaned_data["version"],
                municipalities=form.cleaned_data["municipalities"], **form.measure_fields(),
            )  # fmt: skip
        except VersionConflict as error:
            form.show_conflict(error.conflict)
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("The measure “%(measure)s” is saved.") % {"measure": measure}
            )
            return redirect("web:measure", pk=measure.pk)
    return render(
        request,
        "web/measures/form.html",
        {"cooperation": cooperation, "form": form, "measure": measure},
    )


@require_http_methods(["GET", "POST"])
@requires("change", Measure)
def measure_status(request, measure):
    """Coordinators: a status change outside a meeting, with its reason kept in the
    history (a meeting's result changes the status through ``record_outcome``)."""
    form = StatusForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            change_status_by_hand(
                measure=measure, to_status=data["to_status"], date=data["date"],
                reason=data["note"],
            )  # fmt: skip
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("“%(measure)s” is now: %(status)s.")
                % {"measure": measure, "status": MeasureStatus(data["to_status"]).label},
            )
            return redirect("web:measure", pk=measure.pk)
    # The latest change, even one dated ahead (a decision taking effect next month).
    current = latest_status_change(measure)
    return render(
        request,
        "web/measures/status.html",
        {
            "cooperation": measure.cooperation,
            "measure": measure,
            "form": form,
            "status": MeasureStatus(current.to_status).label if current else "",
        },
    )
