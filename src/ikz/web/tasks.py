"""Tasks in the browser: the cooperation's next steps (open, one's own, of a
municipality or body, overdue, due soon, done), a task's page with the history of its
due date, and marking it done, moving its due date with a reason, giving it to someone.
The rules are ``ikz.measures.domain``'s; who may act is ``ikz.core.permissions``'."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRefresh

from ikz.core.models import Cooperation
from ikz.core.permissions import may_change_own
from ikz.core.versions import VersionConflict
from ikz.measures.domain import (
    OPEN_TASK_STATES,
    Due,
    assign_task,
    complete_task,
    days_overdue,
    move_due,
    owner_fields,
)
from ikz.measures.models import Task
from ikz.measures.queries import due_history, task_rows, task_with_origin, task_with_owner
from ikz.web.access import requires
from ikz.web.form_layout import add_domain_error
from ikz.web.forms.tasks import (
    SHOWN,
    AssignForm,
    MoveDueForm,
    TaskFilter,
    due_initial,
    owner_key,
    task_owners,
)
from ikz.web.navigation import safe_next

TASKS_PER_PAGE = 50


@require_safe
@requires("view_internal", Cooperation, lookup="slug")
def task_list(request, cooperation):
    """Everyone with a role: the cooperation's tasks, soonest due first, as one chooses:
    open, one's own, of a municipality or a body, overdue, due soon or done."""
    today = timezone.localdate()
    filters = TaskFilter(request.GET, cooperation=cooperation)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    view = chosen.get("ansicht", "")
    rows = task_rows(
        cooperation,
        today=today,
        shown=SHOWN[view],
        user=request.user,
        municipality=chosen.get("kommune"),
        body=chosen.get("gremium"),
    )
    page = Paginator(rows, TASKS_PER_PAGE).get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    return render(
        request,
        "web/tasks/list.html",
        {
            "cooperation": cooperation,
            "filters": filters,
            "view": view,
            "page": page,
            "query": query.urlencode(),
            "may_act": may_act_on(request.user, [task for task, _late in page.object_list]),
            "today": today,
        },
    )


def may_act_on(user, tasks) -> set[int]:
    """The tasks whose buttons a list shows: those the account may act on."""
    return {task.pk for task in tasks if may_change_own(user, task)}


@require_safe
@requires("view_internal", Task)
def task_detail(request, task):
    """Everyone with a role: the task, where it comes from, and how its due date moved."""
    task = task_with_origin(task)
    return render(
        request,
        "web/tasks/detail.html",
        {
            "cooperation": task.cooperation,
            "task": task,
            "due": Due.of(task),
            "late": days_overdue(task, timezone.localdate()),
            "moves": due_history(task),
            "may_act": may_change_own(request.user, task),
            "is_open": task.state in OPEN_TASK_STATES,
        },
    )


@require_POST
@requires("change_own", Task)
def task_done(request, task):
    """Coordinators and the task's municipality: mark it done today. From the list
    (with htmx) the row is replaced by its done state; without JavaScript the list
    comes back with a message."""
    try:
        complete_task(task, on=timezone.localdate())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        if request.htmx:
            return HttpResponseClientRefresh()  # the page again, with the message
    else:
        if request.htmx:
            # The row says it is done; a message would wait for the next page.
            return render(
                request, "web/tasks/_row.html", {"task": task_with_owner(task), "late": 0}
            )
        messages.success(request, _("“%(task)s” is done.") % {"task": task})
    return redirect(safe_next(request) or reverse("web:task", args=[task.pk]))


@require_http_methods(["GET", "POST"])
@requires("change_own", Task)
def task_move_due(request, task):
    """Coordinators and the task's municipality: a new due date with its reason."""
    task = task_with_owner(task)  # the due meeting's heading
    form = MoveDueForm(
        request.POST or None,
        edited=task,
        initial=due_initial(task),
        after=timezone.localdate(),
        cooperation=task.cooperation,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            move_due(task, due=data["due"], reason=data["reason"], version=data["version"])
        except VersionConflict as error:
            form.show_conflict(error.conflict)
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("“%(task)s” is now due %(due)s.") % {"task": task, "due": data["due"].label},
            )
            return redirect("web:task", pk=task.pk)
    return render(
        request,
        "web/tasks/move_due.html",
        {"cooperation": task.cooperation, "task": task, "form": form,
         "due": Due.of(task)},
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@requires("change_own", Task)
def task_assign(request, task):
    """Coordinators: give the task to a person, a municipality or a body. A member may
    pass their municipality's task to one of its people, but not give it away."""
    owners = task_owners(task.cooperation)
    form = AssignForm(
        request.POST or None, initial={"owner": owner_key(task.owner)}, owners=owners, edited=task
    )
    if request.method == "POST" and form.is_valid():
        owner = form.cleaned_data["owner"]
        # Asked of the task as it would be: it must stay one's own.
        if not may_change_own(
            request.user, Task(cooperation=task.cooperation, **owner_fields(owner))
        ):
            form.add_error(
                "owner", _("You may give a task only to your own municipality or its people.")
            )
        else:
            try:
                assign_task(task, owner=owner, version=form.cleaned_data["version"])
            except VersionConflict as error:
                form.show_conflict(error.conflict)
            else:
                messages.success(
                    request,
                    _("“%(task)s” is now with %(owner)s.")
                    % {"task": task, "owner": owner or _("nobody")},
                )
                return redirect("web:task", pk=task.pk)
    return render(
        request,
        "web/tasks/assign.html",
        {"cooperation": task.cooperation, "task": task, "form": form},
    )
