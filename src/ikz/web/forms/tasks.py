"""A task's owner and due date, as the meeting, task and measure pages ask for them; the
task list's filters, and the forms that create a task, rename it, comment on it, mark it
done on a day, open it again, move its due date and give it to someone."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ikz.core.domain import members_on
from ikz.core.models import Body, Municipality
from ikz.core.queries import people_of
from ikz.measures.domain import Due
from ikz.measures.models import Measure
from ikz.meetings.domain import next_meeting
from ikz.reports.periods import parse_period
from ikz.web.form_layout import DayField, KernForm
from ikz.web.forms.versioned import VersionedForm


def task_owners(cooperation) -> list:
    """The owners a task may have, grouped for the choice: (group, [(key, label,
    owner)])."""
    people = people_of(cooperation)
    municipalities = members_on(cooperation, timezone.localdate())
    bodies = cooperation.bodies.order_by("name")
    partners = cooperation.partners.order_by("name")
    return [
        (_("Municipalities"), [(f"municipality:{m.pk}", m.name, m) for m in municipalities]),
        (_("Bodies"), [(f"body:{b.pk}", b.name, b) for b in bodies]),
        (_("Partners"), [(f"partner:{p.pk}", p.name, p) for p in partners]),
        (_("People"), [(f"person:{p.pk}", str(p), p) for p in people]),
    ]


def owner_choices(owners) -> list:
    return [("", _("nobody yet"))] + [
        (group, [(key, label) for key, label, _owner in rows]) for group, rows in owners
    ]


def chosen_owner(owners, key: str):
    """The owner of a choice's key; None for nobody (or a key that names none)."""
    return next(
        (owner for _group, rows in owners for row_key, _label, owner in rows if row_key == key),
        None,
    )


def owner_key(owner) -> str:
    return f"{type(owner).__name__.lower()}:{owner.pk}" if owner is not None else ""


QUARTER = re.compile(r"^\s*Q\s*([1-4])\s*[/ ]\s*(\d{4})\s*$", re.IGNORECASE)


def due_initial(task) -> dict:
    """``DueForm``'s fields as they say when ``task`` is due now, for a form that
    changes it."""
    precision, day = task.due_precision, task.due_date
    if precision == "day":
        return {"due": "day", "due_day": day}
    if precision == "month":
        return {"due": "month", "due_month": f"{day:%m/%Y}"}
    if precision == "quarter":
        return {"due": "quarter", "due_quarter": f"Q{(day.month - 1) // 3 + 1} {day.year}"}
    if precision == "meeting":
        return {"due": "meeting", "due_body": task.due_meeting.body_id}
    return {}


class DueForm(KernForm, forms.Form):
    """When a task is due, as a meeting says it: on a day, in a month, in a quarter or
    by the next meeting of a body after ``after``; ``cleaned_data["due"]`` is the Due."""

    due = forms.ChoiceField(
        label=_("due"),
        required=False,
        choices=[
            ("", _("no due date")),
            ("day", _("on a day")),
            ("month", _("in a month")),
            ("quarter", _("in a quarter")),
            ("meeting", _("by the next meeting of a body")),
        ],
    )
    due_day = DayField(label=_("due on"), required=False)
    due_month = forms.CharField(
        label=_("due in the month"), required=False, max_length=20,
        help_text=_("E.g. 07/2020 or Juli 2020."),
    )  # fmt: skip
    due_quarter = forms.CharField(
        label=_("due in the quarter"), required=False, max_length=10, help_text=_("E.g. Q3 2020.")
    )
    due_body = forms.ModelChoiceField(
        Body.objects.none(), label=_("by the next meeting of"), required=False,
        empty_label=_("Please choose"),
    )  # fmt: skip

    def __init__(self, *args, after, cooperation, **kwargs):
        super().__init__(*args, **kwargs)
        self.after = after
        self.fields["due_body"].queryset = cooperation.bodies.order_by("name")

    def clean(self):
        data = super().clean()
        data["due"] = self._due(data)
        return data

    def _due(self, data) -> Due:
        kind = data.get("due")
        needed = {"day": "due_day", "month": "due_month", "quarter": "due_quarter",
                  "meeting": "due_body"}  # fmt: skip
        if kind and not data.get(needed[kind]):
            self.add_error(needed[kind], _("Enter when the task is due."))
            return Due()
        if kind == "day":
            return Due.on_day(data["due_day"])
        if kind == "month":
            try:
                first, last = parse_period(data["due_month"])
            except ValidationError as error:
                self.add_error("due_month", error)
                return Due()
            if (first.year, first.month) != (last.year, last.month):
                self.add_error("due_month", _("Enter one month, e.g. 07/2020."))
                return Due()
            return Due.in_month(first.year, first.month)
        if kind == "quarter":
            match = QUARTER.match(data["due_quarter"])
            if match is None:
                self.add_error("due_quarter", _("Enter the quarter as Q3 2020."))
                return Due()
            return Due.in_quarter(int(match[2]), int(match[1]))
        if kind == "meeting":
            following = next_meeting(body=data["due_body"], after=self.after)
            if following is None:
                self.add_error(
                    "due_body",
                    _("%(body)s has no meeting planned after %(date)s; plan it first.")
                    % {"body": data["due_body"].name,
                       "date": date_format(self.after, "SHORT_DATE_FORMAT")},
                )  # fmt: skip
                return Due()
            return Due.by_meeting(following)
        return Due()


# What each choice of the list's ``ansicht`` shows (``ikz.measures.queries.task_rows``).
SHOWN = {"": "open", "meine": "mine", "ueberfaellig": "overdue", "bald": "soon", "erledigt": "done"}


class TaskFilter(KernForm, forms.Form):
    ansicht = forms.ChoiceField(
        label=_("show"), required=False,
        choices=[
            ("", _("open tasks")),
            ("meine", _("my tasks")),
            ("ueberfaellig", _("overdue")),
            ("bald", _("due in the next 14 days")),
            ("erledigt", _("done")),
        ],
    )  # fmt: skip
    kommune = forms.ModelChoiceField(
        Municipality.objects.none(), label=_("municipality"), required=False,
        empty_label=_("all"),
    )  # fmt: skip
    gremium = forms.ModelChoiceField(
        Body.objects.none(), label=_("body"), required=False, empty_label=_("all"),
        help_text=_("Its own tasks and those due by its meetings."),
    )  # fmt: skip

    def __init__(self, *args, cooperation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kommune"].queryset = members_on(cooperation, timezone.localdate())
        self.fields["gremium"].queryset = cooperation.bodies.order_by("name")


class MoveDueForm(VersionedForm, DueForm):
    reason = forms.CharField(
        label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the task is due later (or sooner); it stays in the task’s history."),
    )  # fmt: skip


class AssignForm(VersionedForm):
    owner = forms.ChoiceField(label=_("who"), required=False)

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.owners = owners
        self.fields["owner"].choices = owner_choices(owners)

    def clean_owner(self):
        return chosen_owner(self.owners, self.cleaned_data["owner"])


class TaskForm(DueForm):
    """A new task: what is to be done, for which measure, by whom, and when (the due
    date as ``DueForm`` reads it)."""

    field_order = ["title", "description", "measure", "owner"]

    title = forms.CharField(label=_("title"), max_length=500)
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    measure = forms.ModelChoiceField(
        Measure.objects.none(), label=_("measure"), required=False, empty_label=_("none")
    )
    owner = forms.ChoiceField(label=_("who"), required=False)

    def __init__(self, *args, owners, cooperation, **kwargs):
        super().__init__(*args, after=timezone.localdate(), cooperation=cooperation, **kwargs)
        self.owners = owners
        self.fields["owner"].choices = owner_choices(owners)
        self.fields["measure"].queryset = cooperation.measures.order_by("title")

    def clean_owner(self):
        return chosen_owner(self.owners, self.cleaned_data["owner"])


class RenameForm(VersionedForm):
    title = forms.CharField(label=_("title"), max_length=500)
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class CommentForm(KernForm, forms.Form):
    text = forms.CharField(
        label=_("comment"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with your name and the time; everyone with a role reads it."),
    )  # fmt: skip


class DoneForm(KernForm, forms.Form):
    """The day a task was done: today unless one says otherwise (the list's button
    sends none)."""

    done_on = DayField(label=_("Done on"), required=False)

    def clean_done_on(self):
        return self.cleaned_data["done_on"] or timezone.localdate()


class ReopenForm(KernForm, forms.Form):
    reason = forms.CharField(
        label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the task is open again; it stays in the task’s history."),
    )  # fmt: skip
