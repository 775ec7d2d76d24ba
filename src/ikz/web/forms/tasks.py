"""A task's owner and due date, as the meeting, task and measure pages ask for them; the
task list's filters, and the forms that create a task, rename it, comment on it, mark it
done on a day, open it again, move its due date and give it to someone."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ikz.core.domain import members_on
from ikz.core.models import Body, Municipality
from ikz.core.queries import people_of
from ikz.measures.domain import Due, parse_due
from ikz.measures.models import Measure, Task
from ikz.meetings.domain import settle_due
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


def due_initial(task) -> dict:
    """``DueForm``'s field as it says when ``task`` is due now, for a form that changes
    it: the task's label ("bis Ende Juli 2020"), a meeting as its body and day
    ("bis zur Sitzung der Lenkungsgruppe am 16.06.2020"), each of which the form reads
    back."""
    due = Due.of(task)
    if due.precision == Task.DuePrecision.NONE:
        return {"due": ""}
    if due.meeting is not None:
        due = Due(due.precision, date=due.meeting.date, body=due.meeting.body)
    return {"due": due.label}


class DueForm(KernForm, forms.Form):
    """When a task is due, in one field that reads every form the product prints
    (``parse_due``): a day, a month, a quarter, or the next meeting of a body after
    ``after`` (kept open while none is planned, ``settle_due``);
    ``cleaned_data["due"]`` is the Due. Sent back, the field says what it understood."""

    due = forms.CharField(
        label=_("due"),
        required=False,
        max_length=200,
        help_text=_(
            "E.g. 16.06.2020, Juli 2020, 07/2020, Q3 2020 or “bis zur nächsten "
            "Lenkungsgruppe”; empty: no due date."
        ),
    )

    def __init__(self, *args, after, cooperation, **kwargs):
        super().__init__(*args, **kwargs)
        self.after = after
        self.cooperation = cooperation

    def clean_due(self) -> Due:
        # The bodies are read only when a text is given: most rows leave it empty.
        text = self.cleaned_data["due"]
        bodies = list(self.cooperation.bodies.all()) if text.strip() else []
        try:
            due = settle_due(parse_due(text, bodies=bodies, after=self.after), after=self.after)
        except ValidationError as error:
            raise ValidationError(error.messages) from None  # the domain names "due"
        if due.precision != Task.DuePrecision.NONE:
            # The bound field copied the hint when the form was cleaned.
            self["due"].help_text = _("Understood as: %(due)s.") % {"due": due.label}
        return due


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


class NewTaskForm(DueForm):
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
