"""The audit log of a cooperation for its coordinators: every change, filtered by
person, kind of data and days, a page at a time, and as CSV."""

from collections import defaultdict

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ikz.agreements.models import Agreement
from ikz.core.audit import AuditEntry, audit_log, object_history
from ikz.core.files import german_csv
from ikz.core.models import Cooperation
from ikz.core.permissions import can
from ikz.measures.models import Measure, Task
from ikz.meetings.models import Meeting
from ikz.reports.models import StatusReport
from ikz.web.access import requires
from ikz.web.forms.audit import AuditFilterForm

ENTRIES_PER_PAGE = 50
# A CSV holds at most this many changes; narrower filters give the rest.
CSV_LIMIT = 10_000

# The work page that shows a row of each kind: the page's URL name, its model and the
# foreign keys that lead to it, the first one set ("id": the row itself). Kinds not
# named have no page of their own in the work area (the admin is no work page).
WORK_PAGES = {
    "meetings.Meeting": ("web:meeting", Meeting, ["id"]),
    "meetings.AgendaItem": ("web:meeting", Meeting, ["meeting_id"]),
    "meetings.Outcome": ("web:meeting", Meeting, ["meeting_id"]),
    "meetings.Attendance": ("web:meeting", Meeting, ["meeting_id"]),
    "measures.Measure": ("web:measure", Measure, ["id"]),
    "measures.StatusChange": ("web:measure", Measure, ["measure_id"]),
    "measures.Task": ("web:task", Task, ["id"]),
    "core.Document": ("web:meeting", Meeting, ["meeting_id"]),
    "agreements.Agreement": ("web:agreement", Agreement, ["id"]),
    "agreements.AgreementStep": ("web:agreement", Agreement, ["agreement_id"]),
    "agreements.Party": ("web:agreement", Agreement, ["agreement_id"]),
    "agreements.ChecklistItem": ("web:agreement", Agreement, ["agreement_id"]),
    "reports.StatusReport": ("web:report", StatusReport, ["id"]),
    "reports.ReportFile": ("web:report", StatusReport, ["report_id"]),
}
# A document of a measure (no meeting) is listed on the measure's page.
MEASURE_DOCUMENT = ("web:measure", Measure, ["measure_id"])


def _page_of(entry) -> tuple[str, type, int] | None:
    """The work page's URL name, model and id for an entry, where it has one."""
    page = WORK_PAGES.get(entry.label)
    if entry.label == "core.Document" and entry.references.get("meeting_id") is None:
        page = MEASURE_DOCUMENT
    if page is None:
        return None
    name, model, keys = page
    target = entry.object_id if keys == ["id"] else entry.references.get(keys[0])
    return (name, model, target) if target is not None else None


def history_for(user, obj) -> list[AuditEntry] | None:
    """The latest changes of an object and its rows, for its page ("Verlauf",
    ``web/audit/_history.html``): for those who read the audit log, else None."""
    return object_history(obj) if can(user, "change", obj) else None


def work_page_urls(entries, cooperation: Cooperation) -> list[str | None]:
    """Each entry's link to the page in the work area that shows its object (an agenda
    item: its meeting), or None: no such page, or its object deleted since. One query
    per kind of page, whatever the number of entries."""
    pages = [_page_of(entry) for entry in entries]
    wanted = defaultdict(set)
    for page in pages:
        if page is not None:
            wanted[page[1]].add(page[2])
    existing = {
        (model, pk)
        for model, ids in wanted.items()
        for pk in model._default_manager.filter(pk__in=ids).values_list("pk", flat=True)
    }
    urls = []
    for entry, page in zip(entries, pages, strict=True):
        if entry.label == "core.Role":
            urls.append(reverse("web:roles", args=[cooperation.slug]))
        elif page is not None and (page[1], page[2]) in existing:
            urls.append(reverse(page[0], args=[page[2]]))
        else:
            urls.append(None)
    return urls


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
    # Each object's page in the work area, which shows its history too.
    rows = list(zip(entries, work_page_urls(entries, cooperation), strict=True))
    query = request.GET.copy()
    query.pop("seite", None)
    return render(
        request,
        "web/audit/log.html",
        {
            "cooperation": cooperation,
            "form": form,
            "rows": rows,
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
        head = [when, entry.who, entry.kind_label, entry.model, entry.object_id, entry.text]
        for change in entry.changes or [None]:
            rows.append(head + ([change.field, change.before, change.after] if change else []))
    response = HttpResponse(german_csv(rows), content_type="text/csv; charset=utf-8")
    name = f"protokoll-{cooperation.slug}-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
