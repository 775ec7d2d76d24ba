"""The meeting pages' forms: a new meeting, a result with its vote and tasks, a topic of
the agenda, a meeting held or cancelled, each party's attendance, and the corrections of
a meeting, a topic and a result (at the end)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ikz.core.domain import members_on
from ikz.core.models import Body, Municipality
from ikz.core.queries import people_of
from ikz.measures.models import Measure, MeasureStatus, Task
from ikz.meetings.domain import Vote, next_numbers, tasks_due_by
from ikz.meetings.models import AgendaItem, Attendance, Outcome, OutcomeVote
from ikz.web.form_layout import ClockField, DayField, KernForm, add_domain_error
from ikz.web.forms.tasks import DueForm, chosen_owner, owner_choices
from ikz.web.forms.versioned import VersionedForm


class MeetingForm(KernForm, forms.Form):
    body = forms.ModelChoiceField(
        Body.objects.none(), label=_("body"), empty_label=_("Please choose")
    )
    number = forms.IntegerField(
        label=_("number"),
        min_value=1,
        required=False,
    )
    title = forms.CharField(
        label=_("title"),
        max_length=200,
        required=False,
        help_text=_("For special meetings, e.g. Leitbild-Workshop."),
    )
    date = DayField(label=_("date"))
    start_time = ClockField(label=_("start time"), required=False)
    end_time = ClockField(label=_("end time"), required=False)
    location = forms.ModelChoiceField(
        Body.objects.none(),
        label=_("place"),
        required=False,
        empty_label=_("none of them"),
        help_text=_("The member municipality that hosts the meeting."),
    )
    venue = forms.CharField(
        label=_("venue"),
        max_length=300,
        required=False,
        help_text=_("E.g. Rathaus Naunhof, Ratssaal, Markt 1."),
    )
    chair = forms.ModelChoiceField(
        Body.objects.none(), label=_("chair"), required=False, empty_label=_("nobody named")
    )
    minute_taker = forms.ModelChoiceField(
        Body.objects.none(),
        label=_("minute-taker"),
        required=False,
        empty_label=_("nobody named"),
        help_text=_("Who takes the minutes; they sign them with the chair."),
    )
    is_public = forms.BooleanField(
        label=_("public meeting"),
        required=False,
        help_text=_("Its public topics and results appear on the public pages once published."),
    )

    def __init__(self, *args, cooperation, bodies, numbers, **kwargs):
        super().__init__(*args, **kwargs)
        self.cooperation = cooperation
        self.numbers = numbers
        self.fields["body"].queryset = cooperation.bodies.order_by("name")
        self.fields["location"].queryset = members_on(cooperation, timezone.localdate())
        self.fields["chair"].queryset = people_of(cooperation)
        self.fields["minute_taker"].queryset = people_of(cooperation)
        self.fields["number"].help_text = _("Empty: the body's next number (%(numbers)s).") % {
            "numbers": ", ".join(f"{body.name} {numbers[body.pk]}" for body in bodies)
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        # The rule of the constraint meeting_ends_after_start, at the field, and before
        # the rest of the form is valid.
        if start and end and end <= start:
            self.add_error("end_time", _("A meeting ends after it starts."))
        # Typed in a form, an end alone is a start forgotten (an import may lack one).
        if end and not start:
            self.add_error("start_time", _("Enter the start time too."))
        return data

    def clean_location(self):
        # A place chosen among today's members must also be one on the meeting's day.
        location, day = self.cleaned_data.get("location"), self.cleaned_data.get("date")
        if location and day and not members_on(self.cooperation, day).filter(pk=location.pk):
            raise ValidationError(
                _("%(place)s is no member of the cooperation on that day.")
                % {"place": location.name}
            )
        return location


class TaskForm(DueForm):
    """A next step the result sets; a row left empty sets none."""

    title = forms.CharField(label=_("what is to be done"), max_length=500, required=False)
    owner = forms.ChoiceField(label=_("who"), required=False)
    field_order = ["title", "owner", "due"]

    def __init__(self, *args, meeting, owners, **kwargs):
        super().__init__(*args, after=meeting.date, cooperation=meeting.body.cooperation, **kwargs)
        self.owners = owners
        self.fields["owner"].choices = owner_choices(owners)

    def clean(self):
        if not self.cleaned_data.get("title"):
            return self.cleaned_data
        data = super().clean()
        data["owner"] = chosen_owner(self.owners, data.get("owner"))
        return data


TaskFormSet = forms.formset_factory(TaskForm, extra=2)


class ResultFields(forms.Form):
    """What a result says, as recording and correcting it ask: its kind, wording and
    measures."""

    kind = forms.ChoiceField(label=_("kind"), choices=Outcome.Kind, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("result"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The wording of the decision or what was reported."),
    )  # fmt: skip
    measures = forms.ModelMultipleChoiceField(
        Measure.objects.none(), label=_("measures"), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip


class OutcomeForm(KernForm, ResultFields):
    agenda_item = forms.ModelChoiceField(
        AgendaItem.objects.none(), label=_("agenda item"), required=False,
        empty_label=_("none: a result without its own topic"),
    )  # fmt: skip
    field_order = ["agenda_item", "kind", "text", "measures"]
    new_status = forms.ChoiceField(
        label=_("new status of these measures"), required=False,
        choices=[("", _("unchanged"))] + list(MeasureStatus.choices),
    )  # fmt: skip
    is_public = forms.BooleanField(
        label=_("public"), required=False, initial=True,
        help_text=_("Shown on the public pages once the meeting is published."),
    )  # fmt: skip
    closes = forms.ModelMultipleChoiceField(
        Task.objects.none(), label=_("tasks done with this result"), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Tasks due by this meeting; those that brought the topic to the agenda are "
            "ticked. They are marked done on the meeting’s day, with this result as the reason."
        ),
    )  # fmt: skip

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.order_by("order")
        self.fields["measures"].queryset = Measure.objects.filter(
            cooperation_id=meeting.body.cooperation_id
        ).order_by("title")
        self.fields["closes"].queryset = tasks_due_by(meeting)

    def measure_choices(self) -> tuple[list, list]:
        """The measures' check boxes: those ticked (the topic's, or as sent) first, the
        others to search among."""
        choices = list(self["measures"])
        return (
            [choice for choice in choices if choice.data["selected"]],
            [choice for choice in choices if not choice.data["selected"]],
        )


VOTE_CHOICES = [("", "—")] + list(OutcomeVote.Vote.choices)
VOTE_ERRORS = {"votes_yes", "votes_no", "votes_abstain", "municipality_votes"}


class VoteForm(KernForm, forms.Form):
    """The vote on the result, if one was taken: the counts, or each member
    municipality's vote (the counts then follow from those)."""

    votes_yes = forms.IntegerField(label=_("votes yes"), min_value=0, required=False)
    votes_no = forms.IntegerField(label=_("votes no"), min_value=0, required=False)
    votes_abstain = forms.IntegerField(label=_("abstentions"), min_value=0, required=False)
    COUNTS = ("votes_yes", "votes_no", "votes_abstain")

    def __init__(self, *args, voters, **kwargs):
        super().__init__(*args, **kwargs)
        self.voters = {f"vote_{municipality.pk}": municipality for municipality in voters}
        for name, municipality in self.voters.items():
            self.fields[name] = forms.ChoiceField(
                label=municipality.name, choices=VOTE_CHOICES, required=False
            )

    def counts(self) -> list:
        return [self[name] for name in self.COUNTS]

    def municipality_votes(self) -> list:
        return [self[name] for name in self.voters]

    def vote(self) -> Vote | None:
        data = self.cleaned_data
        by_municipality = tuple(
            (municipality, data[name]) for name, municipality in self.voters.items() if data[name]
        )
        counts = [data["votes_yes"], data["votes_no"], data["votes_abstain"]]
        if not by_municipality and all(count is None for count in counts):
            return None
        return Vote(*counts, by_municipality=by_municipality)


def add_outcome_error(form, vote_form, error: ValidationError) -> None:
    """``record_outcome``'s refusal: the vote's parts on the vote's fields, the rest on
    the result's."""
    if not hasattr(error, "error_dict"):
        add_domain_error(form, error)
        return
    for target, keys in ((vote_form, VOTE_ERRORS), (form, set(error.error_dict) - VOTE_ERRORS)):
        part = {key: error.error_dict[key] for key in keys if key in error.error_dict}
        if part:
            add_domain_error(target, ValidationError(part))


class AgendaItemForm(KernForm, forms.Form):
    title = forms.CharField(label=_("topic"), max_length=500)
    presenter = forms.ChoiceField(label=_("presented by"), required=False)
    measures = forms.ModelMultipleChoiceField(
        Measure.objects.none(), label=_("measures"), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    is_public = forms.BooleanField(
        label=_("public topic"), required=False, initial=True,
        help_text=_("Shown on the public pages once the meeting is published."),
    )  # fmt: skip

    def __init__(self, *args, cooperation, day, **kwargs):
        super().__init__(*args, **kwargs)
        groups = [
            (_("People"), "person", people_of(cooperation)),
            (_("Municipalities"), "municipality", members_on(cooperation, day)),
            (_("Partners"), "partner", cooperation.partners.order_by("name")),
        ]
        self.presenters = {}
        choices = [("", _("nobody named"))]
        for label, kind, rows in groups:
            group = {f"{kind}:{row.pk}": row for row in rows}
            self.presenters |= group
            if group:
                choices.append((label, [(key, str(row)) for key, row in group.items()]))
        self.fields["presenter"].choices = choices
        self.fields["measures"].queryset = Measure.objects.filter(cooperation=cooperation).order_by(
            "title"
        )

    def clean_presenter(self):
        return self.presenters.get(self.cleaned_data["presenter"])


class HeldForm(KernForm, forms.Form):
    chair = forms.ModelChoiceField(
        Body.objects.none(), label=_("chair"), required=False, empty_label=_("nobody named")
    )

    def __init__(self, *args, cooperation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = people_of(cooperation)


class CancellationForm(KernForm, forms.Form):
    reason = forms.CharField(
        label=_("reason"), max_length=300,
        help_text=_("E.g. postponed to 14.07.2020 because of the summer holidays."),
    )  # fmt: skip


class AttendanceForm(KernForm, forms.Form):
    """One party's attendance: a member municipality or a partner."""

    state = forms.ChoiceField(
        label=_("attendance"),
        required=False,
        choices=[("", _("not recorded"))] + list(Attendance.State.choices),
        widget=forms.RadioSelect,
    )
    names = forms.CharField(
        label=_("represented by"), max_length=300, required=False,
        help_text=_("E.g. Bürgermeister Müller, Hauptamtsleiterin Schulze."),
    )  # fmt: skip

    def __init__(self, *args, party, **kwargs):
        super().__init__(*args, **kwargs)
        self.party = party


class MeetingEditForm(VersionedForm, MeetingForm):
    """A meeting's data corrected: the fields of a new meeting, its body fixed; a number
    left empty stays empty (a workshop has none)."""

    def __init__(self, *args, meeting, **kwargs):
        cooperation = meeting.body.cooperation
        super().__init__(
            *args, edited=meeting, cooperation=cooperation, bodies=[meeting.body],
            numbers=next_numbers([meeting.body]), **kwargs,
        )  # fmt: skip
        self.fields["body"].disabled = True
        self.fields["number"].help_text = _("Empty: the meeting has no number.")
        # Any municipality that ever was a member: ``clean_location`` checks the day.
        self.fields["location"].queryset = (
            Municipality.objects.filter(participations__cooperation=cooperation)
            .distinct()
            .order_by("name")
        )


class AgendaItemCorrectionForm(VersionedForm, AgendaItemForm):
    """A topic of the agenda corrected: its title, presenter, measures and visibility."""

    def __init__(self, *args, item, **kwargs):
        presenter = next(
            (f"{kind}:{pk}" for kind in ("person", "municipality", "partner")
             if (pk := getattr(item, f"presenter_{kind}_id"))),
            "",
        )  # fmt: skip
        initial = {
            "title": item.title,
            "presenter": presenter,
            "measures": [measure.pk for measure in item.measures.all()],
            "is_public": item.is_public,
        }
        meeting = item.meeting
        super().__init__(
            *args, edited=item, initial=initial, cooperation=meeting.body.cooperation,
            day=meeting.date, **kwargs,
        )  # fmt: skip


class OutcomeCorrectionForm(VersionedForm, ResultFields):
    """A recorded result corrected: its kind, wording, measures with the status it gives
    them, its vote (counts, or each member municipality's vote, as ``settle_vote`` reads
    them), and whether the tasks it set stay."""

    field_order = ["kind", "text", "measures"]
    new_status = forms.ChoiceField(
        label=_("new status of these measures"), required=False,
        choices=[("", _("unchanged"))] + list(MeasureStatus.choices),
        help_text=_("The status changes of the result are replaced by this one."),
    )  # fmt: skip
    votes_yes = forms.IntegerField(label=_("votes yes"), min_value=0, required=False)
    votes_no = forms.IntegerField(label=_("votes no"), min_value=0, required=False)
    votes_abstain = forms.IntegerField(label=_("abstentions"), min_value=0, required=False)
    keep_tasks = forms.BooleanField(
        label=_("keep the tasks the result set"), required=False, initial=True,
        help_text=_("Unticked, they are deleted with the correction."),
    )  # fmt: skip

    def __init__(self, *args, outcome, voters, has_tasks: bool, **kwargs):
        # The status its status changes gave, when they agree.
        statuses = {change.to_status for change in outcome.status_changes.all()}
        initial = {
            "kind": outcome.kind,
            "text": outcome.text,
            "measures": [measure.pk for measure in outcome.measures.all()],
            "new_status": statuses.pop() if len(statuses) == 1 else "",
            "votes_yes": outcome.votes_yes,
            "votes_no": outcome.votes_no,
            "votes_abstain": outcome.votes_abstain,
        } | {f"vote_{vote.municipality_id}": vote.vote for vote in outcome.votes.all()}
        super().__init__(*args, edited=outcome, initial=initial, **kwargs)
        self.fields["measures"].queryset = Measure.objects.filter(
            cooperation_id=outcome.meeting.body.cooperation_id
        ).order_by("title")
        self.voters = {f"vote_{municipality.pk}": municipality for municipality in voters}
        for name, municipality in self.voters.items():
            self.fields[name] = forms.ChoiceField(
                label=municipality.name, choices=VOTE_CHOICES, required=False
            )
        if not has_tasks:
            del self.fields["keep_tasks"]
        # The municipalities' votes beside the counts, the tasks' choice last.
        self.order_fields(
            ["kind", "text", "measures", "new_status", "votes_yes", "votes_no", "votes_abstain",
             *self.voters]
        )  # fmt: skip

    def vote(self) -> Vote | None:
        """The vote as entered, for ``settle_vote``; None when none was taken."""
        data = self.cleaned_data
        by_municipality = tuple(
            (municipality, data[name]) for name, municipality in self.voters.items() if data[name]
        )
        counts = [data["votes_yes"], data["votes_no"], data["votes_abstain"]]
        if not by_municipality and all(count is None for count in counts):
            return None
        return Vote(*counts, by_municipality=by_municipality)


class OutcomeDeletionForm(VersionedForm):
    """The confirmation that deletes a result: only the version it was based on."""
