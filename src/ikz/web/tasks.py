"""Tasks in the browser: the cooperation's next steps (open, one's own, of a
municipality or body, overdue, due soon, done), also as CSV; a new task; a task's page
with its comments and the history of its due date and state; renaming it, commenting on
it, marking it done on a day, opening it again with a reason, moving its due date with a
reason, giving it to someone. The rules are ``ikz.measures.domain``'s; who may act is
``ikz.core.permissions``'."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRefresh

from ikz.core.files import german_csv, safe_download_headers
from ikz.core.models import Cooperation
from ikz.core.permissions import may_add_own, may_change_own
from ikz.core.versions import VersionConflict
from ikz.measures.domain import (
    OPEN_TASK_STATES,
    Due,
    assign_task,
    comment_on_task,
    complete_task,
    create_task,
    days_overdue,
    due_end,
    move_due,
    owner_fields,
    rename_task,
    reopen_task,
)
from ikz.measures.models import Task
from ikz.measures.queries import (
    comments_of,
    due_history,
    state_history,
    task_rows,
    task_with_origin,
    task_with_owner,
)
from ikz.web.access import requires
from ikz.web.audit import history_for
from ikz.web.form_layout import add_domain_error
from ikz.web.forms.tasks import (
    SHOWN,
    AssignForm,
    CommentForm,
    DoneForm,
    MoveDueForm,
    NewTaskForm,
    RenameForm,
    ReopenForm,
    TaskFilter,
    due_initial,
    owner_key,
    task_owners,
)
from ikz.web.navigation import safe_next

TASKS_PER_PAGE = 50


def chosen_rows(request, cooperation, today) -> tuple[TaskFilter, str, list]:
    """The list's filters as sent, the view chosen and the rows they choose: what the
    page shows and the CSV holds."""
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
    return filters, view, rows


@require_safe
@requires("view_internal", Cooperation, lookup="slug")
def task_list(request, cooperation):
    """Everyone with a role: the cooperation's tasks, soonest due first, as one chooses:
    open, one's own, of a municipality or a body, overdue, due soon or done."""
    today = timezone.localdate()
    filters, view, rows = chosen_rows(request, cooperation, today)
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


def day(value) -> str:
    """A day as German Excel reads it: 16.06.2020; "" for none."""
    return f"{value:%d.%m.%Y}" if value else ""


@require_safe
@requires("view_internal", Cooperation, lookup="slug")
def task_csv(request, cooperation):
    """Everyone with a role: the tasks the list's filters choose, every page of them,
    as CSV for German Excel (``german_csv``), days as 16.06.2020."""
    today = timezone.localdate()
    _filters, _view, rows = chosen_rows(request, cooperation, today)
    table = [
        [_("task"), _("description"), _("measure"), _("who"), _("due"), _("due by"),
         _("state"), _("done on"), _("set on"), _("days overdue")]
    ]  # fmt: skip
    for task, late in rows:
        table.append(
            [
                task.title,
                task.description,
                task.measure.title if task.measure else "",
                str(task.owner or ""),
                Due(task.due_precision, task.due_date, task.due_meeting).label,
                day(due_end(task)),
                task.get_state_display(),
                day(task.done_on),
                day(task.created_on),
                late or "",
            ]
        )
    response = HttpResponse(german_csv(table), content_type="text/csv; charset=utf-8")
    return safe_download_headers(response, f"aufgaben-{cooperation.slug}-{today:%Y-%m-%d}.csv")


def may_act_on(user, tasks) -> set[int]:
    """The tasks whose buttons a list shows: those the account may act on."""
    return {task.pk for task in tasks if may_change_own(user, task)}


def task_page(request, task, *, status=200, **forms):
    """The task's page; the forms of its actions as sent where one of them was wrong,
    empty otherwise."""
    task = task_with_origin(task)
    may_act = may_change_own(request.user, task)
    return render(
        request,
        "web/tasks/detail.html",
        {
            "cooperation": task.cooperation,
            "task": task,
            "due": Due.of(task),
            "late": days_overdue(task, timezone.localdate()),
            "moves": due_history(task),
            "states": state_history(task),
            "comments": comments_of(task),
            "may_act": may_act,
            "is_open": task.state in OPEN_TASK_STATES,
            "audit_history": history_for(request.user, task),
            "done_form": forms.get("done_form")
            or DoneForm(initial={"done_on": timezone.localdate()}),
            "reopen_form": forms.get("reopen_form") or ReopenForm(),
            "comment_form": forms.get("comment_form") or CommentForm(),
        },
        status=status,
    )


@require_safe
@requires("view_internal", Task)
def task_detail(request, task):
    """Everyone with a role: the task, where it comes from, its comments, and how its
    due date and its state changed."""
    return task_page(request, task)


@require_POST
@requires("change_own", Task)
def task_done(request, task):
    """Coordinators and the task's municipality: mark it done on the day given, today
    without one. From the list (with htmx) the row is replaced by its done state;
    without JavaScript the list comes back with a message. A wrong day is shown at its
    field on the task's page."""
    form = DoneForm(request.POST)
    if form.is_valid():
        try:
            complete_task(task, on=form.cleaned_data["done_on"])
        except ValidationError as error:
            add_domain_error(form, error)
    if form.errors:
        # What concerns the task itself (done already) as a message: the page of a
        # done task shows no form, and htmx's refresh shows the page anew.
        for message in form.non_field_errors():
            messages.error(request, message)
        if request.htmx:
            return HttpResponseClientRefresh()  # the page again, with the message
        return task_page(request, task, done_form=form)
    if request.htmx:
        # The row says it is done; a message would wait for the next page.
        return render(request, "web/tasks/_row.html", {"task": task_with_owner(task), "late": 0})
    messages.success(request, _("“%(task)s” is done.") % {"task": task})
    return redirect(safe_next(request) or reverse("web:task", args=[task.pk]))


@require_POST
@requires("change_own", Task)
def task_reopen(request, task):
    """Coordinators and the task's municipality: a done task open again, with the
    reason, which its page shows in the task's history."""
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            reopen_task(task, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("“%(task)s” is open again.") % {"task": task})
            return redirect("web:task", pk=task.pk)
    return task_page(request, task, reopen_form=form)


@require_POST
@requires("change_own", Task)
def task_comment(request, task):
    """Coordinators and the task's municipality: a comment on the task, kept with its
    author and time."""
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment_on_task(task, author=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your comment is saved."))
            return redirect(reverse("web:task", args=[task.pk]) + "#kommentare")
    return task_page(request, task, comment_form=form)


@require_http_methods(["GET", "POST"])
@requires("change_own", Task)
def task_edit(request, task):
    """Coordinators and the task's municipality: the task's title and description; a
    save based on an older version than the stored one is refused with what changed
    in between."""
    form = RenameForm(
        request.POST or None,
        initial={"title": task.title, "description": task.description},
        edited=task,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rename_task(
                task, title=data["title"], description=data["description"],
                version=data["version"],
            )  # fmt: skip
        except VersionConflict as error:
            form.show_conflict(error.conflict)
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("“%(task)s” is saved.") % {"task": task})
            return redirect("web:task", pk=task.pk)
    return render(
        request,
        "web/tasks/edit.html",
        {"cooperation": task.cooperation, "task": task, "form": form},
    )


def stays_own(user, cooperation, owner) -> bool:
    """Whether a task of ``cooperation`` given to ``owner`` is still one the account
    may act on: a member may give a task only to their municipality or its people."""
    return may_change_own(user, Task(cooperation=cooperation, **owner_fields(owner)))


NOT_OWN = _("You may give a task only to your own municipality or its people.")


@require_http_methods(["GET", "POST"])
@requires("change_own", Cooperation, lookup="slug", may=may_add_own)
def task_create(request, cooperation):
    """Coordinators, and members for their municipality: a new task, on the task list,
    a measure's page (``massnahme`` chooses the measure) or a meeting's page; back to
    the page it came from (``next``)."""
    form = NewTaskForm(
        request.POST or None,
        initial={"measure": request.GET.get("massnahme")},
        owners=task_owners(cooperation),
        cooperation=cooperation,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not stays_own(request.user, cooperation, data["owner"]):
            form.add_error("owner", NOT_OWN)
        else:
            try:
                task = create_task(
                    cooperation=cooperation, title=data["title"],
                    description=data["description"], owner=data["owner"], due=data["due"],
                    measure=data["measure"],
                )  # fmt: skip
            except ValidationError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("The task “%(task)s” is set.") % {"task": task})
                return redirect(safe_next(request) or reverse("web:task", args=[task.pk]))
    return render(
        request,
        "web/tasks/create.html",
        {"cooperation": cooperation, "form": form, "next": safe_next(request)},
    )


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
        if not stays_own(request.user, task.cooperation, owner):
            form.add_error("owner", NOT_OWN)
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
