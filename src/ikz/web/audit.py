"""The audit log of a cooperation for its coordinators: every change, filtered by
person, kind of data and days, a page at a time, and as CSV."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from ikz.core.audit import audit_log
from ikz.core.files import german_csv
from ikz.core.models import Cooperation
from ikz.web.access import requires
from ikz.web.forms.audit import AuditFilterForm

ENTRIES_PER_PAGE = 50
# A CSV holds at most this many changes; narrower filters give the rest.
CSV_LIMIT = 10_000
KINDS = {"+": gettext_lazy("created"), "~": gettext_lazy("changed"), "-": gettext_lazy("deleted")}


def _history_url(entry) -> str | None:
    app_label, model_name = entry.label.lower().split(".")
    if entry.kind == "-":
        return None
    try:
        return reverse(f"admin:{app_label}_{model_name}_history", args=[entry.object_id])
    except NoReverseMatch:
        return None


@require_safe
@requires("change", Cooperation, lookup="slug")
def audit_page(request, cooperation):
    """Coordinators: the cooperation's changes, newest first."""
    form = AuditFilterForm(request.GET or None, cooperation=cooperation)
    try:
        page = max(1, int(request.GET.get("seite", "1")))
    except ValueError:
        page = 1
    entries, more = audit_log(
        cooperation=cooperation,
        **form.log_filters(),
        offset=(page - 1) * ENTRIES_PER_PAGE,
        limit=ENTRIES_PER_PAGE,
    )
    # Each object's own history (the admin's, with every change of it), where it has one.
    rows = [(entry, _history_url(entry)) for entry in entries]
    query = request.GET.copy()
    query.pop("seite", None)
    return render(
        request,
        "web/audit/log.html",
        {
            "cooperation": cooperation,
            "form": form,
            "rows": rows,
            "kinds": KINDS,
            "page": page,
            "more": more,
            "query": query.urlencode(),
        },
    )


@require_safe
@requires("change", Cooperation, lookup="slug")
def audit_csv(request, cooperation):
    """Coordinators: the changes the filters choose, as CSV for German Excel
    (``german_csv``: no cell a formula), one line per changed field."""
    form = AuditFilterForm(request.GET or None, cooperation=cooperation)
    entries, _more = audit_log(cooperation=cooperation, **form.log_filters(), limit=CSV_LIMIT)
    rows = [
        [_("when"), _("by"), _("change"), _("kind of data"), _("id"), _("object")]
        + [_("field"), _("before"), _("after")]
    ]
    for entry in entries:
        when = timezone.localtime(entry.when).strftime("%d.%m.%Y %H:%M:%S")
        head = [when, entry.who, str(KINDS[entry.kind]), entry.model, entry.object_id, entry.text]
        for change in entry.changes or [None]:
            rows.append(head + ([change.field, change.before, change.after] if change else []))
    response = HttpResponse(german_csv(rows), content_type="text/csv; charset=utf-8")
    name = f"protokoll-{cooperation.slug}-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
