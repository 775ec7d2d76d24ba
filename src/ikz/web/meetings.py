"""Meetings in the browser: the list of a cooperation's meetings (upcoming and past,
per body), a month's calendar, a new meeting, and a meeting's page with its agenda and
results. The rules are ``ikz.meetings.domain``'s."""

import calendar
import datetime
from collections import defaultdict

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from ikz.core.domain import members_on
from ikz.core.files import safe_download_headers
from ikz.core.models import Body, Cooperation
from ikz.core.permissions import can, may_attach_document
from ikz.core.queries import people_of
from ikz.core.versions import rows_conflict, rows_version
from ikz.measures.models import Measure, MeasureStatus
from ikz.meetings import minutes
from ikz.meetings.domain import (
    TaskDraft,
    Vote,
    add_agenda_item,
    cancel_meeting,
    hold_meeting,
    move_agenda_item,
    next_numbers,
    party_key,
    propose_agenda,
    publication_preview,
    publish_meeting,
    record_attendance,
    record_outcome,
    remove_agenda_item,
    schedule_meeting,
)
from ikz.meetings.models import AgendaItem, Attendance, Meeting, Outcome, OutcomeVote
from ikz.web.access import requires
from ikz.web.documents import document_rows
from ikz.web.form_layout import ClockField, DayField, KernForm, add_domain_error
from ikz.web.forms.tasks import DueForm, chosen_owner, owner_choices, task_owners

PAST_PER_PAGE = 25
# The upcoming meetings are few (a body meets every few weeks); a cooperation that
# planned years ahead sees the first ones here and the rest in the calendar.
UPCOMING_SHOWN = 20


def meetings_of(cooperation: Cooperation):
    return Meeting.objects.filter(body__cooperation=cooperation).select_related("body", "location")


def chosen_body(request, bodies) -> Body | None:
    """The body of the ``gremium`` parameter, if it is one of ``bodies``."""
    wanted = request.GET.get("gremium", "")
    return next((body for body in bodies if str(body.pk) == wanted), None)


@require_safe
@requires("view_internal", Cooperation, lookup="slug")
def meeting_list(request, cooperation):
    """Everyone with a role: the upcoming meetings and the past ones, newest first,
    of every body or of one."""
    bodies = list(cooperation.bodies.order_by("name"))
    body = chosen_body(request, bodies)
    meetings = meetings_of(cooperation)
    if body is not None:
        meetings = meetings.filter(body=body)
    today = timezone.localdate()
    upcoming = list(
        meetings.filter(date__gte=today).order_by("date", "start_time")[:UPCOMING_SHOWN]
    )
    past = Paginator(
        meetings.filter(date__lt=today).order_by("-date", "-start_time"), PAST_PER_PAGE
    )
    return render(
        request,
        "web/meetings/list.html",
        {
            "cooperation": cooperation,
            "bodies": bodies,
            "body": body,
            "upcoming": upcoming,
            "past": past.get_page(request.GET.get("seite")),
            "today": today,
            "may_change": can(request.user, "change", cooperation),
        },
    )


@require_safe
@requires("view_internal", Cooperation, lookup="slug")
def meeting_calendar(request, cooperation, year: int, month: int):
    """Everyone with a role: one month's meetings, week by week from Monday."""
    try:
        first = datetime.date(year, month, 1)
    except ValueError:
        raise Http404 from None
    weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month)
    meetings = meetings_of(cooperation).filter(date__range=(weeks[0][0], weeks[-1][-1]))
    by_day = defaultdict(list)
    for meeting in meetings.order_by("date", "start_time"):
        by_day[meeting.date].append(meeting)
    previous = first - datetime.timedelta(days=1)
    following = first + datetime.timedelta(days=32)
    return render(
        request,
        "web/meetings/calendar.html",
        {
            "cooperation": cooperation,
            "month": first,
            "weeks": [[(day, by_day.get(day, [])) for day in week] for week in weeks],
            "weekdays": weeks[0],
            "previous": previous,
            "following": following.replace(day=1),
            "today": timezone.localdate(),
        },
    )


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


@require_http_methods(["GET", "POST"])
@requires("change", Cooperation, lookup="slug")
def meeting_create(request, cooperation):
    """Coordinators: a new meeting of one of the cooperation's bodies, numbered after
    the body's last one unless a number is given."""
    bodies = list(cooperation.bodies.order_by("name"))
    numbers = next_numbers(bodies)
    body = chosen_body(request, bodies)
    initial = {"body": body, "number": numbers[body.pk]} if body else {}
    form = MeetingForm(
        request.POST or None,
        initial=initial,
        cooperation=cooperation,
        bodies=bodies,
        numbers=numbers,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = schedule_meeting(
                body=data["body"],
                date=data["date"],
                number=data["number"] or numbers[data["body"].pk],
                title=data["title"],
                location=data["location"],
                is_public=data["is_public"],
                start_time=data["start_time"],
                end_time=data["end_time"],
                venue=data["venue"],
                chair=data["chair"],
            )
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("The meeting “%(meeting)s” is planned.") % {"meeting": meeting}
            )
            return redirect("web:meeting", pk=meeting.pk)
    return render(
        request,
        "web/meetings/create.html",
        {"cooperation": cooperation, "form": form},
    )


def measure_titles() -> Prefetch:
    return Prefetch("measures", Measure.objects.only("title", "cooperation_id").order_by("title"))


def agenda_of(meeting: Meeting) -> list[AgendaItem]:
    """The meeting's topics in order, with their presenters and measures as the pages
    show them (``Person.__str__`` names the municipality or partner)."""
    return list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related(
            "presenter_person__municipality",
            "presenter_person__partner",
            "presenter_municipality",
            "presenter_partner",
        )
        .prefetch_related(measure_titles())
        .order_by("order")
    )


@require_safe
@requires("view_internal", Meeting)
def meeting_detail(request, meeting):
    """Everyone with a role: the meeting, its agenda with the measures of each topic,
    and its results, each under its topic (those without one at the end)."""
    items = agenda_of(meeting)
    outcomes = (
        Outcome.objects.filter(meeting=meeting)
        .prefetch_related(
            measure_titles(),
            Prefetch(
                "votes",
                OutcomeVote.objects.select_related("municipality").order_by("municipality__name"),
            ),
        )
        .order_by("order")
    )
    by_item = defaultdict(list)
    for outcome in outcomes:
        by_item[outcome.agenda_item_id].append(outcome)
    cooperation = meeting.body.cooperation
    return render(
        request,
        "web/meetings/detail.html",
        {
            "cooperation": cooperation,
            "meeting": meeting,
            "items": [(item, by_item.get(item.pk, [])) for item in items],
            "without_item": by_item.get(None, []),
            "chair": meeting.chair and people_of(cooperation).filter(pk=meeting.chair_id).first(),
            "documents": document_rows(meeting.documents.all()),
            "upload_url": may_attach_document(request.user, meeting)
            and reverse("web:meeting_document_upload", args=[meeting.pk]),
            "attendances": Attendance.objects.filter(meeting=meeting)
            .select_related("municipality", "partner")
            # Members first, then partners, each by name.
            .order_by(F("partner_id").asc(nulls_first=True), "municipality__name", "partner__name"),
        },
    )


class TaskForm(DueForm):
    """A next step the result sets; a row left empty sets none."""

    title = forms.CharField(label=_("what is to be done"), max_length=500, required=False)
    owner = forms.ChoiceField(label=_("who"), required=False)
    field_order = ["title", "owner"]

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


class OutcomeForm(KernForm, forms.Form):
    agenda_item = forms.ModelChoiceField(
        AgendaItem.objects.none(), label=_("agenda item"), required=False,
        empty_label=_("none: a result without its own topic"),
    )  # fmt: skip
    kind = forms.ChoiceField(label=_("kind"), choices=Outcome.Kind, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("result"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The wording of the decision or what was reported."),
    )  # fmt: skip
    measures = forms.ModelMultipleChoiceField(
        Measure.objects.none(), label=_("measures"), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    new_status = forms.ChoiceField(
        label=_("new status of these measures"), required=False,
        choices=[("", _("unchanged"))] + list(MeasureStatus.choices),
    )  # fmt: skip
    is_public = forms.BooleanField(
        label=_("public"), required=False, initial=True,
        help_text=_("Shown on the public pages once the meeting is published."),
    )  # fmt: skip

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.order_by("order")
        self.fields["measures"].queryset = Measure.objects.filter(
            cooperation_id=meeting.body.cooperation_id
        ).order_by("title")


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


@require_http_methods(["GET", "POST"])
@requires("change", Meeting)
def meeting_record(request, meeting):
    """Coordinators: record one result of the meeting with what follows from it (the
    measures' new status, tasks), all stored together by ``record_outcome`` or, on any
    error, nothing."""
    cooperation = meeting.body.cooperation
    owners = task_owners(cooperation)
    form = OutcomeForm(request.POST or None, meeting=meeting)
    vote_form = VoteForm(
        request.POST or None, prefix="vote", voters=members_on(cooperation, meeting.date)
    )
    tasks = TaskFormSet(
        request.POST or None, prefix="tasks", form_kwargs={"meeting": meeting, "owners": owners}
    )
    valid = [part.is_valid() for part in (form, vote_form, tasks)]
    if request.method == "POST" and all(valid):
        data = form.cleaned_data
        drafts = [
            TaskDraft(title=row["title"], owner=row["owner"], due=row["due"])
            for row in tasks.cleaned_data
            if row.get("title")
        ]
        try:
            outcome = record_outcome(
                meeting=meeting,
                agenda_item=data["agenda_item"],
                kind=data["kind"],
                text=data["text"],
                measures=list(data["measures"]),
                new_status=data["new_status"] or None,
                tasks=drafts,
                is_public=data["is_public"],
                vote=vote_form.vote(),
            )
        except ValidationError as error:
            add_outcome_error(form, vote_form, error)
        else:
            messages.success(
                request,
                _("The result is recorded: %(result)s") % {"result": outcome.text[:80]},
            )
            return redirect("web:meeting", pk=meeting.pk)
    return render(
        request,
        "web/meetings/record.html",
        {
            "cooperation": cooperation,
            "meeting": meeting,
            "form": form,
            "vote": vote_form,
            "tasks": tasks,
        },
    )


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


@require_http_methods(["GET", "POST"])
@requires("change", Meeting)
def meeting_agenda(request, meeting):
    """Coordinators: prepare the agenda. What waits for the meeting is proposed
    (``propose_agenda``) and taken over with a click; topics are added, moved and
    removed."""
    cooperation = meeting.body.cooperation
    form = AgendaItemForm(
        request.POST if request.POST.get("action") == "add" else None,
        cooperation=cooperation,
        day=meeting.date,
    )
    action = request.POST.get("action")
    if request.method == "POST" and action != "add":
        items = {str(item.pk): item for item in meeting.agenda_items.all()}
        try:
            if action == "accept":
                chosen = set(request.POST.getlist("proposal"))
                accepted = [p for p in propose_agenda(meeting) if p.key in chosen]
                for proposal in accepted:
                    add_agenda_item(
                        meeting=meeting, title=proposal.title, measures=proposal.measures
                    )
                messages.success(
                    request,
                    ngettext(
                        "%(count)d topic is put on the agenda.",
                        "%(count)d topics are put on the agenda.",
                        len(accepted),
                    )
                    % {"count": len(accepted)},
                )
            elif action in ("up", "down") and request.POST.get("item") in items:
                by = -1 if action == "up" else 1
                move_agenda_item(item=items[request.POST["item"]], by=by)
            elif action == "remove" and request.POST.get("item") in items:
                remove_agenda_item(item=items[request.POST["item"]])
                messages.success(request, _("The topic is removed from the agenda."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("web:meeting_agenda", pk=meeting.pk)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            add_agenda_item(
                meeting=meeting,
                title=data["title"],
                presenter=data["presenter"],
                measures=data["measures"],
                is_public=data["is_public"],
            )
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("“%(topic)s” is on the agenda.") % {"topic": data["title"]})
            return redirect("web:meeting_agenda", pk=meeting.pk)
    items = agenda_of(meeting)
    return render(
        request,
        "web/meetings/agenda.html",
        {
            "cooperation": cooperation,
            "meeting": meeting,
            "items": items,
            "proposals": propose_agenda(meeting),
            "form": form,
        },
    )


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


@require_http_methods(["GET", "POST"])
@requires("change", Meeting)
def meeting_close(request, meeting):
    """Coordinators: the meeting took place (held) or will not (cancelled, with its
    reason)."""
    cooperation = meeting.body.cooperation
    form = CancellationForm(request.POST if request.POST.get("action") == "cancel" else None)
    held = HeldForm(
        request.POST if request.POST.get("action") == "held" else None,
        initial={"chair": meeting.chair_id},
        cooperation=cooperation,
    )
    if held.is_bound and held.is_valid():
        try:
            # The chair as chosen, "nobody named" included (hold_meeting itself only
            # fills in a missing one, as a report's import needs).
            meeting.chair = held.cleaned_data["chair"]
            hold_meeting(meeting=meeting)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The meeting is marked as held."))
        return redirect("web:meeting", pk=meeting.pk)
    if form.is_bound and form.is_valid():
        try:
            cancel_meeting(meeting=meeting, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The meeting is marked as cancelled."))
            return redirect("web:meeting", pk=meeting.pk)
    return render(
        request,
        "web/meetings/close.html",
        {"cooperation": cooperation, "meeting": meeting, "form": form, "held": held},
    )


@require_http_methods(["GET", "POST"])
@requires("change", Meeting)
def meeting_publish(request, meeting):
    """Coordinators: choose, topic by topic and result by result, what citizens see,
    look at it as they will (the preview), and publish."""
    items = list(meeting.agenda_items.order_by("order"))
    outcomes = list(meeting.outcomes.select_related("agenda_item").order_by("order"))
    if request.method == "POST":
        chosen_items = set(request.POST.getlist("item"))
        chosen_outcomes = set(request.POST.getlist("outcome"))
    else:
        chosen_items = {str(item.pk) for item in items if item.is_public}
        chosen_outcomes = {str(outcome.pk) for outcome in outcomes if outcome.is_public}
    # What the choice was based on: a topic or result added or changed meanwhile is
    # shown before anything is published.
    histories = (
        AgendaItem.history.filter(meeting_id=meeting.pk),
        Outcome.history.filter(meeting_id=meeting.pk),
    )
    with transaction.atomic():
        conflict = request.method == "POST" and rows_conflict(
            meeting, request.POST.get("version"), *histories
        )
        if request.method == "POST" and request.POST.get("action") == "publish" and not conflict:
            publish_meeting(meeting=meeting, items=chosen_items, outcomes=chosen_outcomes)
            messages.success(request, _("The meeting is published."))
            return redirect("web:meeting", pk=meeting.pk)
    return render(
        request,
        "web/meetings/publish.html",
        {
            "cooperation": meeting.body.cooperation,
            "meeting": meeting,
            "items": [(item, str(item.pk) in chosen_items) for item in items],
            "outcomes": [(outcome, str(outcome.pk) in chosen_outcomes) for outcome in outcomes],
            "preview": publication_preview(
                outcomes, items=chosen_items, outcomes_chosen=chosen_outcomes
            ),
            "conflict": conflict,
            "version": conflict.version if conflict else rows_version(*histories),
        },
    )


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


@require_http_methods(["GET", "POST"])
@requires("change", Meeting)
def meeting_attendance(request, meeting):
    """Coordinators: who attended for each member municipality (members on the
    meeting's day) and each partner of the cooperation: present, excused or absent."""
    cooperation = meeting.body.cooperation
    parties = list(members_on(cooperation, meeting.date)) + list(
        cooperation.partners.order_by("name")
    )
    held = {party_key(row.party): row for row in Attendance.objects.filter(meeting=meeting)}
    forms_ = []
    for index, party in enumerate(parties):
        row = held.get(party_key(party))
        initial = {"state": row.state, "names": row.names} if row else {}
        forms_.append(
            AttendanceForm(
                request.POST or None, prefix=f"party-{index}", initial=initial, party=party
            )
        )
    attendance = Attendance.history.filter(meeting_id=meeting.pk)
    with transaction.atomic():
        conflict = request.method == "POST" and rows_conflict(
            meeting, request.POST.get("version"), attendance
        )
        if request.method == "POST" and all(form.is_valid() for form in forms_) and not conflict:
            try:
                record_attendance(
                    meeting=meeting,
                    entries=[
                        (form.party, form.cleaned_data["state"], form.cleaned_data["names"])
                        for form in forms_
                    ],
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The attendance is recorded."))
                return redirect("web:meeting", pk=meeting.pk)
    return render(
        request,
        "web/meetings/attendance.html",
        {
            "cooperation": cooperation,
            "meeting": meeting,
            "forms": forms_,
            "conflict": conflict,
            "version": conflict.version if conflict else rows_version(attendance),
        },
    )


def meeting_document(meeting: Meeting, document: str, extension: str) -> HttpResponse:
    if extension not in minutes.FORMATS:
        raise Http404
    response = HttpResponse(
        minutes.render(meeting, document, extension), content_type=minutes.FORMATS[extension]
    )
    return safe_download_headers(response, minutes.filename(meeting, document, extension))


@require_safe
@requires("view_internal", Meeting)
def meeting_invitation(request, meeting, extension):
    """Everyone with a role: the invitation (body, date, time, place, the agenda with
    its public and internal topics and presenters) as PDF or Word, from today's data."""
    return meeting_document(meeting, minutes.INVITATION, extension)


@require_safe
@requires("view_internal", Meeting)
def meeting_minutes(request, meeting, extension):
    """Everyone with a role: the minutes (Niederschrift) as PDF or Word, from today's
    data; a draft until the meeting is held. A cancelled meeting has none."""
    if meeting.state == Meeting.State.CANCELLED:
        raise Http404
    return meeting_document(meeting, minutes.MINUTES, extension)
