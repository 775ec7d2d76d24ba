"""Meetings in the browser: the list of a cooperation's meetings (upcoming and past,
per body), a month's calendar, a new meeting, and a meeting's page with its agenda and
results; the pages that prepare, record, close and publish it, and that correct it, its
topics and its results, each of their actions a POST view of its own. The rules are ``ikz.meetings.domain``'s, what the pages read
``ikz.meetings.queries``'."""

import calendar
import datetime
from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ikz.core.files import safe_download_headers
from ikz.core.models import Body, Cooperation
from ikz.core.permissions import can, may_attach_document
from ikz.core.queries import document_rows
from ikz.core.versions import VersionConflict
from ikz.meetings import minutes
from ikz.meetings.domain import (
    TaskDraft,
    add_agenda_item,
    attendance_version,
    cancel_meeting,
    correct_outcome,
    delete_outcome,
    edit_agenda_item,
    edit_meeting,
    hold_meeting,
    is_published,
    move_agenda_item,
    next_numbers,
    originating_tasks,
    party_key,
    propose_agenda,
    publication_conflict,
    publication_preview,
    publication_version,
    publish_meeting,
    record_attendance,
    record_outcome,
    remove_agenda_item,
    schedule_meeting,
)
from ikz.meetings.models import Meeting
from ikz.meetings.queries import (
    agenda_of,
    attendance_by_party,
    attendances_of,
    chair_and_minute_taker_of,
    meetings_of,
    members_of,
    outcome_consequences,
    outcomes_of,
    parties_of,
    publishable_items,
    publishable_outcomes,
)
from ikz.web.access import requires
from ikz.web.audit import history_for
from ikz.web.form_layout import add_domain_error, error_summary
from ikz.web.forms.meetings import (
    AgendaItemCorrectionForm,
    AgendaItemForm,
    AttendanceForm,
    CancellationForm,
    HeldForm,
    MeetingEditForm,
    MeetingForm,
    OutcomeCorrectionForm,
    OutcomeDeletionForm,
    OutcomeForm,
    TaskFormSet,
    VoteForm,
    add_outcome_error,
)
from ikz.web.forms.tasks import task_owners

PAST_PER_PAGE = 25
# The upcoming meetings are few (a body meets every few weeks); a cooperation that
# planned years ahead sees the first ones here and the rest in the calendar.
UPCOMING_SHOWN = 20


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


@require_http_methods(["GET", "POST"])
@requires("change", Cooperation, lookup="slug")
def meeting_create(request, cooperation):
    """Coordinators: a new meeting of one of the cooperation's bodies, numbered after
    the body's last one unless a number is given."""
    bodies = list(cooperation.bodies.order_by("name"))
    numbers = next_numbers(bodies)
    body = chosen_body(request, bodies)
    # The body's meetings are public or not unless the coordinator changes it here.
    initial = (
        {"body": body, "number": numbers[body.pk], "is_public": body.is_public} if body else {}
    )
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
                minute_taker=data["minute_taker"],
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


@require_safe
@requires("view_internal", Meeting)
def meeting_detail(request, meeting):
    """Everyone with a role: the meeting, its agenda with the measures of each topic,
    and its results, each under its topic (those without one at the end)."""
    items = agenda_of(meeting)
    by_item = defaultdict(list)
    for outcome in outcomes_of(meeting):
        by_item[outcome.agenda_item_id].append(outcome)
    cooperation = meeting.body.cooperation
    chair, minute_taker = chair_and_minute_taker_of(meeting)
    return render(
        request,
        "web/meetings/detail.html",
        {
            "cooperation": cooperation,
            "meeting": meeting,
            "items": [(item, by_item.get(item.pk, [])) for item in items],
            "without_item": by_item.get(None, []),
            "chair": chair,
            "minute_taker": minute_taker,
            "documents": document_rows(meeting.documents.all()),
            "upload_url": may_attach_document(request.user, meeting)
            and reverse("web:meeting_document_upload", args=[meeting.pk]),
            "attendances": attendances_of(meeting),
            "audit_history": history_for(request.user, meeting),
        },
    )


def record_initial(request, meeting, items, originating) -> dict:
    """The record form's start for the topic of the ``top`` parameter (an agenda item
    of the meeting): the topic chosen, its measures ticked, and the tasks that brought
    it to the agenda ticked to be closed."""
    item = next((item for item in items if str(item.pk) == request.GET.get("top")), None)
    if item is None:
        return {}
    return {
        "agenda_item": item,
        "measures": [measure.pk for measure in item.measures.all()],
        "closes": [task.pk for task in originating[item.pk]],
    }


@require_http_methods(["GET", "POST"])
@requires("change", Meeting)
def meeting_record(request, meeting):
    """Coordinators: record one result of the meeting with what follows from it (the
    measures' new status, tasks, the tasks it closes), all stored together by
    ``record_outcome`` or, on any error, nothing. Opened from a topic (``top``), its
    measures and the tasks that brought it to the agenda are ticked; choosing another
    topic ticks that one's (with JavaScript)."""
    cooperation = meeting.body.cooperation
    owners = task_owners(cooperation)
    items = list(meeting.agenda_items.prefetch_related("measures").order_by("order"))
    originating = originating_tasks(meeting, items)
    form = OutcomeForm(
        request.POST or None,
        initial=record_initial(request, meeting, items, originating),
        meeting=meeting,
    )
    vote_form = VoteForm(request.POST or None, prefix="vote", voters=members_of(meeting))
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
            recorded = record_outcome(
                meeting=meeting,
                agenda_item=data["agenda_item"],
                kind=data["kind"],
                text=data["text"],
                measures=list(data["measures"]),
                new_status=data["new_status"] or None,
                tasks=drafts,
                is_public=data["is_public"],
                vote=vote_form.vote(),
                closes=list(data["closes"]),
            )
        except ValidationError as error:
            add_outcome_error(form, vote_form, error)
        else:
            messages.success(
                request,
                _("The result is recorded: %(result)s") % {"result": recorded.outcome},
            )
            return redirect("web:meeting", pk=meeting.pk)
    chosen, others = form.measure_choices()
    return render(
        request,
        "web/meetings/record.html",
        {
            "cooperation": cooperation,
            "meeting": meeting,
            "form": form,
            "vote": vote_form,
            "tasks": tasks,
            "chosen_measures": chosen,
            "other_measures": others,
            "summary": error_summary(
                form,
                vote_form,
                tasks,
                prefixes=[_("Task %(number)s") % {"number": n + 1} for n in range(len(tasks))],
            ),
            "vote_open": bool(vote_form.errors)
            or (vote_form.is_bound and vote_form.vote() is not None),
            # What the page's script ticks when another topic is chosen.
            "topics": {
                item.pk: {
                    "measures": [measure.pk for measure in item.measures.all()],
                    "tasks": [task.pk for task in originating[item.pk]],
                }
                for item in items
            },
        },
    )


def agenda_page(request, meeting, form: AgendaItemForm):
    return render(
        request,
        "web/meetings/agenda.html",
        {
            "cooperation": meeting.body.cooperation,
            "meeting": meeting,
            "items": agenda_of(meeting),
            "proposals": propose_agenda(meeting),
            "form": form,
        },
    )


def agenda_item_form(meeting, data=None) -> AgendaItemForm:
    return AgendaItemForm(data, cooperation=meeting.body.cooperation, day=meeting.date)


@require_safe
@requires("change", Meeting)
def meeting_agenda(request, meeting):
    """Coordinators: prepare the agenda. What waits for the meeting is proposed
    (``propose_agenda``) and taken over with a click; topics are added, moved and
    removed, each by its own action below."""
    return agenda_page(request, meeting, agenda_item_form(meeting))


@require_POST
@requires("change", Meeting)
def meeting_agenda_add(request, meeting):
    """Coordinators: a topic added at the end of the agenda; with wrong entries the
    agenda page again, the form naming them."""
    form = agenda_item_form(meeting, request.POST)
    if form.is_valid():
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
    return agenda_page(request, meeting, form)


@require_POST
@requires("change", Meeting)
def meeting_agenda_accept(request, meeting):
    """Coordinators: the proposed topics chosen (``proposal``: their keys) put on the
    agenda in the order proposed."""
    chosen = set(request.POST.getlist("proposal"))
    accepted = [proposal for proposal in propose_agenda(meeting) if proposal.key in chosen]
    try:
        for proposal in accepted:
            add_agenda_item(meeting=meeting, title=proposal.title, measures=proposal.measures)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d topic is put on the agenda.",
                "%(count)d topics are put on the agenda.",
                len(accepted),
            )
            % {"count": len(accepted)},
        )
    return redirect("web:meeting_agenda", pk=meeting.pk)


def moved(request, meeting, item: int, *, by: int):
    """The meeting's topic ``item`` moved ``by`` places; a topic of another meeting is
    not found."""
    try:
        move_agenda_item(item=get_object_or_404(meeting.agenda_items, pk=item), by=by)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("web:meeting_agenda", pk=meeting.pk)


@require_POST
@requires("change", Meeting)
def meeting_agenda_up(request, meeting, item: int):
    """Coordinators: the topic one place up (at the top it stays)."""
    return moved(request, meeting, item, by=-1)


@require_POST
@requires("change", Meeting)
def meeting_agenda_down(request, meeting, item: int):
    """Coordinators: the topic one place down (at the bottom it stays)."""
    return moved(request, meeting, item, by=1)


@require_POST
@requires("change", Meeting)
def meeting_agenda_remove(request, meeting, item: int):
    """Coordinators: the topic taken off the agenda, unless it has results or
    documents (the message says so)."""
    try:
        remove_agenda_item(item=get_object_or_404(meeting.agenda_items, pk=item))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The topic is removed from the agenda."))
    return redirect("web:meeting_agenda", pk=meeting.pk)


def close_page(
    request, meeting, *, held: HeldForm | None = None, form: CancellationForm | None = None
):
    """The page to close the meeting with its two forms, the one just sent bound."""
    return render(
        request,
        "web/meetings/close.html",
        {
            "cooperation": meeting.body.cooperation,
            "meeting": meeting,
            "form": CancellationForm() if form is None else form,
            "held": held_form(meeting) if held is None else held,
        },
    )


def held_form(meeting, data=None) -> HeldForm:
    return HeldForm(data, initial={"chair": meeting.chair_id}, cooperation=meeting.body.cooperation)


@require_safe
@requires("change", Meeting)
def meeting_close(request, meeting):
    """Coordinators: the meeting took place (held) or will not (cancelled, with its
    reason), each by its own action below."""
    return close_page(request, meeting)


@require_POST
@requires("change", Meeting)
def meeting_held(request, meeting):
    """Coordinators: the meeting took place, chaired by the person chosen."""
    held = held_form(meeting, request.POST)
    if not held.is_valid():
        return close_page(request, meeting, held=held)
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


@require_POST
@requires("change", Meeting)
def meeting_cancel(request, meeting):
    """Coordinators: the meeting will not take place, with its reason; a meeting with
    results cannot be cancelled (the form says so)."""
    form = CancellationForm(request.POST)
    if form.is_valid():
        try:
            cancel_meeting(meeting=meeting, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The meeting is marked as cancelled."))
            return redirect("web:meeting", pk=meeting.pk)
    return close_page(request, meeting, form=form)


def publish_page(request, meeting, *, chosen: tuple[set, set] | None = None, conflict=None):
    """The page to publish the meeting: the topics and results with those ``chosen``
    (ids as strings; None: those public now) ticked, and what citizens will see."""
    items, outcomes = publishable_items(meeting), publishable_outcomes(meeting)
    if chosen is None:
        chosen = (
            {str(item.pk) for item in items if item.is_public},
            {str(outcome.pk) for outcome in outcomes if outcome.is_public},
        )
    chosen_items, chosen_outcomes = chosen
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
            "version": conflict.version if conflict else publication_version(meeting),
        },
    )


def chosen_to_publish(request) -> tuple[set, set]:
    return set(request.POST.getlist("item")), set(request.POST.getlist("outcome"))


@require_safe
@requires("change", Meeting)
def meeting_publish(request, meeting):
    """Coordinators: choose, topic by topic and result by result, what citizens see,
    look at it as they will (the preview), and publish."""
    return publish_page(request, meeting)


@require_POST
@requires("change", Meeting)
def meeting_publish_preview(request, meeting):
    """Coordinators: the choice as citizens will see it, nothing published yet; a topic
    or result added or changed since the page was opened is shown already."""
    conflict = publication_conflict(meeting=meeting, version=request.POST.get("version"))
    return publish_page(request, meeting, chosen=chosen_to_publish(request), conflict=conflict)


@require_POST
@requires("change", Meeting)
def meeting_publish_confirm(request, meeting):
    """Coordinators: the meeting published with the topics and results chosen; when
    one was added or changed since the page was opened, the page again showing it, and
    nothing published."""
    chosen_items, chosen_outcomes = chosen = chosen_to_publish(request)
    try:
        publish_meeting(
            meeting=meeting,
            items=chosen_items,
            outcomes=chosen_outcomes,
            version=request.POST.get("version"),
        )
    except VersionConflict as error:
        return publish_page(request, meeting, chosen=chosen, conflict=error.conflict)
    messages.success(request, _("The meeting is published."))
    return redirect("web:meeting", pk=meeting.pk)


@require_http_methods(["GET", "POST"])
@requires("change", Meeting)
def meeting_attendance(request, meeting):
    """Coordinators: who attended for each member municipality (members on the
    meeting's day) and each partner of the cooperation: present, excused or absent.
    Recorded by someone else since the page was opened, the page shows it and keeps
    one's own choices; saved again, they are meant."""
    held = attendance_by_party(meeting)
    forms_ = []
    for index, party in enumerate(parties_of(meeting)):
        row = held.get(party_key(party))
        initial = {"state": row.state, "names": row.names} if row else {}
        forms_.append(
            AttendanceForm(
                request.POST or None, prefix=f"party-{index}", initial=initial, party=party
            )
        )
    conflict = None
    # The version the form was based on, until a save shows what changed since.
    version = request.POST.get("version", "") if request.method == "POST" else None
    if request.method == "POST" and all(form.is_valid() for form in forms_):
        try:
            record_attendance(
                meeting=meeting,
                entries=[
                    (form.party, form.cleaned_data["state"], form.cleaned_data["names"])
                    for form in forms_
                ],
                version=version,
            )
        except VersionConflict as error:
            conflict = error.conflict
            version = conflict.version
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The attendance is recorded."))
            return redirect("web:meeting", pk=meeting.pk)
    return render(
        request,
        "web/meetings/attendance.html",
        {
            "cooperation": meeting.body.cooperation,
            "meeting": meeting,
            "forms": forms_,
            "conflict": conflict,
            "version": attendance_version(meeting) if version is None else version,
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


@require_http_methods(["GET", "POST"])
@requires("change", Meeting)
def meeting_edit(request, meeting):
    """Coordinators: the meeting's data corrected (day, number, title, times, place,
    chair, minute-taker, visibility); a save based on an older version than the stored
    one is refused with what changed in between."""
    initial = {
        "body": meeting.body_id,
        "number": meeting.number,
        "title": meeting.title,
        "date": meeting.date,
        "start_time": meeting.start_time,
        "end_time": meeting.end_time,
        "location": meeting.location_id,
        "venue": meeting.venue,
        "chair": meeting.chair_id,
        "minute_taker": meeting.minute_taker_id,
        "is_public": meeting.is_public,
    }
    form = MeetingEditForm(request.POST or None, initial=initial, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            edit_meeting(
                meeting, version=data["version"], date=data["date"], number=data["number"],
                title=data["title"], location=data["location"], venue=data["venue"],
                start_time=data["start_time"], end_time=data["end_time"], chair=data["chair"],
                minute_taker=data["minute_taker"], is_public=data["is_public"],
            )  # fmt: skip
        except VersionConflict as error:
            form.show_conflict(error.conflict)
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("The meeting “%(meeting)s” is saved.") % {"meeting": meeting}
            )
            return redirect("web:meeting", pk=meeting.pk)
    return render(
        request,
        "web/meetings/edit.html",
        {"cooperation": meeting.body.cooperation, "meeting": meeting, "form": form},
    )


@require_http_methods(["GET", "POST"])
@requires("change", Meeting)
def meeting_agenda_edit(request, meeting, item: int):
    """Coordinators: a topic of the agenda corrected (title, presenter, measures,
    visibility); its place moves with the agenda page's up and down buttons."""
    item = get_object_or_404(meeting.agenda_items.prefetch_related("measures"), pk=item)
    form = AgendaItemCorrectionForm(request.POST or None, item=item)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            edit_agenda_item(
                item, version=data["version"], title=data["title"], presenter=data["presenter"],
                measures=data["measures"], is_public=data["is_public"],
            )  # fmt: skip
        except VersionConflict as error:
            form.show_conflict(error.conflict)
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("“%(topic)s” is saved.") % {"topic": item.title})
            return redirect("web:meeting_agenda", pk=meeting.pk)
    return render(
        request,
        "web/meetings/agenda_item_edit.html",
        {"cooperation": meeting.body.cooperation, "meeting": meeting, "item": item, "form": form},
    )


@require_http_methods(["GET", "POST"])
@requires("change", Meeting)
def meeting_outcome_edit(request, meeting, outcome: int):
    """Coordinators: a result corrected with what followed from it, all stored
    together by ``correct_outcome`` or, on any error, nothing: its status changes
    replaced by what it now implies, its tasks kept or deleted. After the meeting was
    published the correction is kept visibly ("corrected on … by …")."""
    outcome = get_object_or_404(outcomes_of(meeting), pk=outcome)
    has_tasks = outcome.tasks.exists()
    form = OutcomeCorrectionForm(
        request.POST or None, outcome=outcome, voters=members_of(meeting), has_tasks=has_tasks
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            correct_outcome(
                outcome, version=data["version"], kind=data["kind"], text=data["text"],
                measures=list(data["measures"]), new_status=data["new_status"] or None,
                vote=form.vote(), keep_tasks=data.get("keep_tasks", True), by=request.user,
            )  # fmt: skip
        except VersionConflict as error:
            form.show_conflict(error.conflict)
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The result is corrected."))
            return redirect("web:meeting", pk=meeting.pk)
    return render(
        request,
        "web/meetings/outcome_edit.html",
        {
            "cooperation": meeting.body.cooperation,
            "meeting": meeting,
            "outcome": outcome,
            "form": form,
            "published": is_published(meeting),
        },
    )


@require_http_methods(["GET", "POST"])
@requires("change", Meeting)
def meeting_outcome_delete(request, meeting, outcome: int):
    """Coordinators: a result deleted after a page that names what goes with it (the
    status changes it caused, the tasks it set); the POST deletes it through
    ``delete_outcome``. Changed by someone since the page was opened, the page shows it
    again and nothing is deleted."""
    outcome = get_object_or_404(meeting.outcomes, pk=outcome)
    form = OutcomeDeletionForm(request.POST or None, edited=outcome)
    if request.method == "POST" and form.is_valid():
        try:
            delete_outcome(outcome, version=form.cleaned_data["version"])
        except VersionConflict as error:
            form.show_conflict(error.conflict)
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The result is deleted."))
            return redirect("web:meeting", pk=meeting.pk)
    changes, tasks = outcome_consequences(outcome)
    return render(
        request,
        "web/meetings/outcome_delete.html",
        {
            "cooperation": meeting.body.cooperation,
            "meeting": meeting,
            "outcome": outcome,
            "form": form,
            "status_changes": changes,
            "tasks": tasks,
        },
    )
