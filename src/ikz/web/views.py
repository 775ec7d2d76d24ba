"""Public pages: readable by anyone, showing only what is marked public."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from ikz.core.domain import members_on, total_population
from ikz.core.models import Cooperation
from ikz.meetings.domain import public_outcomes, upcoming_public_meetings

LATEST_OUTCOMES = 10
NEXT_MEETINGS = 5


@require_safe
def start_page(request):
    """Public. With one cooperation its page; otherwise the list to choose from."""
    cooperations = list(Cooperation.objects.all()[:2])
    if len(cooperations) == 1:
        return _render_cooperation(request, cooperations[0])
    # None yet (a fresh installation) or several: the list says what there is.
    return render(request, "web/cooperation_list.html", {"cooperations": Cooperation.objects.all()})


@require_safe
def cooperation_page(request, slug):
    """Public: members, the adopted Leitbild, next public meetings, latest public outcomes."""
    return _render_cooperation(request, get_object_or_404(Cooperation, slug=slug))


def _render_cooperation(request, cooperation):
    today = timezone.localdate()
    members = list(members_on(cooperation, today))
    return render(
        request,
        "web/cooperation.html",
        {
            "cooperation": cooperation,
            "members": members,
            "population": total_population(members),
            "mission_statement": cooperation.mission_statement,
            "meetings": upcoming_public_meetings(cooperation, today)[:NEXT_MEETINGS],
            "outcomes": public_outcomes(cooperation)[:LATEST_OUTCOMES],
        },
    )
