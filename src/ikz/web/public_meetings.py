"""The public meetings: list and month calendar of the meetings marked public, a
meeting's public topics and, once it is held and published, its public results and the
public version of its minutes. A meeting that is not public answers 404, as if it did
not exist."""

import calendar
import datetime
from collections import defaultdict

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from ikz.core.files import safe_download_headers
from ikz.core.models import Cooperation
from ikz.core.queries import public_documents_of
from ikz.meetings import minutes
from ikz.meetings.domain import is_published
from ikz.meetings.models import Meeting
from ikz.meetings.queries import public_agenda_of, public_meetings_of, public_outcomes_of
from ikz.web.access import public

PAST_PER_PAGE = 20


def _public_meeting(slug: str, pk: int) -> Meeting:
    """The cooperation's public meeting ``pk``; 404 for any other."""
    return get_object_or_404(
        Meeting.objects.select_related("body__cooperation", "location"),
        pk=pk,
        body__cooperation__slug=slug,
        is_public=True,
    )


@public
@require_safe
def public_meetings(request, slug):
    """Public: the public meetings still to come, soonest first, then the past ones,
    newest first, page by page."""
    cooperation = get_object_or_404(Cooperation, slug=slug)
    meetings = public_meetings_of(cooperation)
    today = timezone.localdate()
    upcoming = Paginator(
        meetings.filter(date__gte=today).order_by("date", "start_time"), PAST_PER_PAGE
    )
    past = Paginator(
        meetings.filter(date__lt=today).order_by("-date", "-start_time"), PAST_PER_PAGE
    )
    return render(
        request,
        "web/public/meetings.html",
        {
            "cooperation": cooperation,
            "upcoming": upcoming.get_page(request.GET.get("kommende")),
            "past": past.get_page(request.GET.get("seite")),
            "today": today,
        },
    )


@public
@require_safe
def public_calendar(request, slug, year: int, month: int):
    """Public: one month's public meetings, week by week from Monday."""
    cooperation = get_object_or_404(Cooperation, slug=slug)
    try:
        first = datetime.date(year, month, 1)
        # The weeks of December 9999 run past the last date there is.
        weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month)
        following = first + datetime.timedelta(days=32)
    except (ValueError, OverflowError):
        raise Http404 from None
    by_day = defaultdict(list)
    for meeting in (
        public_meetings_of(cooperation)
        .filter(date__range=(weeks[0][0], weeks[-1][-1]))
        .order_by("date", "start_time")
    ):
        by_day[meeting.date].append(meeting)
    return render(
        request,
        "web/public/calendar.html",
        {
            "cooperation": cooperation,
            "month": first,
            "weeks": [[(day, by_day.get(day, [])) for day in week] for week in weeks],
            "weekdays": weeks[0],
            "previous": first - datetime.timedelta(days=1),
            "following": following.replace(day=1),
            "today": timezone.localdate(),
        },
    )


@public
@require_safe
def public_meeting(request, slug, pk):
    """Public: a public meeting with its public topics, and once it is held and
    published its public results, the public minutes and its public documents."""
    meeting = _public_meeting(slug, pk)
    outcomes = public_outcomes_of(meeting)
    by_item = defaultdict(list)
    for outcome in outcomes:
        by_item[outcome.agenda_item_id].append(outcome)
    items = public_agenda_of(meeting)
    return render(
        request,
        "web/public/meeting.html",
        {
            "cooperation": meeting.body.cooperation,
            "meeting": meeting,
            "items": [(item, by_item.get(item.pk, [])) for item in items],
            "without_item": by_item.get(None, []),
            "published": is_published(meeting),
            "documents": list(
                public_documents_of(meeting.body.cooperation).filter(meeting=meeting)
            ),
        },
    )


@public
@require_safe
def public_minutes(request, slug, pk, extension):
    """Public: the public version of the minutes (public topics and results, no tasks)
    of a published meeting as PDF or Word; 404 before it is published."""
    meeting = _public_meeting(slug, pk)
    if extension not in minutes.FORMATS or not is_published(meeting):
        raise Http404
    response = HttpResponse(
        minutes.render(meeting, minutes.MINUTES, extension, public=True),
        content_type=minutes.FORMATS[extension],
    )
    return safe_download_headers(response, minutes.filename(meeting, minutes.MINUTES, extension))
