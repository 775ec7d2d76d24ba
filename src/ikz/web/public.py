"""The public pages: anyone, without an account, sees only what is marked public.

A cooperation's page is what every visitor opens first; it is rendered once per change
and then served from the cache, whole to anonymous visitors (their form token and nonce
put in), its content inside their own frame to signed-in ones. Its key holds the
cooperation's ``public_changed_at``, which the receivers below move whenever something
the page shows is saved or deleted, so a cached page is never older than the data."""

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.http import FileResponse, Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from ikz.core.domain import members_on, total_population
from ikz.core.models import Body, Cooperation, MissionStatement, Municipality, Participation
from ikz.core.permissions import can
from ikz.core.queries import adopted_mission_statements
from ikz.meetings.domain import public_outcomes, upcoming_public_meetings
from ikz.meetings.models import AgendaItem, Meeting, Outcome
from ikz.web.access import public

LATEST_OUTCOMES = 10
NEXT_MEETINGS = 5
# The list goes on where the cooperation page stops: its page 2 follows the latest ones.
OUTCOMES_PER_PAGE = LATEST_OUTCOMES
# Longer would only keep pages nobody asks for: the key changes with the day anyway.
CONTENT_SECONDS = 24 * 60 * 60


@public
@require_safe
def start_page(request):
    """Public. With one cooperation its page; otherwise the list to choose from."""
    cooperations = list(Cooperation.objects.all()[:2])
    if len(cooperations) == 1:
        return _render_cooperation(request, cooperations[0])
    # None yet (a fresh installation) or several: the list says what there is.
    return render(
        request, "web/public/cooperation_list.html", {"cooperations": Cooperation.objects.all()}
    )


@public
@require_safe
def cooperation_page(request, slug):
    """Public: members, the adopted Leitbild, next public meetings, latest public outcomes."""
    return _render_cooperation(request, get_object_or_404(Cooperation, slug=slug))


@public
@require_safe
def public_mission(request, slug):
    """Public: the Leitbild in force and its earlier adopted versions, newest first;
    drafts are internal."""
    cooperation = get_object_or_404(Cooperation, slug=slug)
    versions = list(adopted_mission_statements(cooperation))
    return render(
        request,
        "web/public/mission.html",
        {"cooperation": cooperation, "current": versions[:1], "earlier": versions[1:]},
    )


@public
@require_safe
def public_outcomes_page(request, slug):
    """Public: every public result, newest first, page by page; the cooperation's page
    shows the latest of them."""
    cooperation = get_object_or_404(Cooperation, slug=slug)
    page = Paginator(public_outcomes(cooperation), OUTCOMES_PER_PAGE).get_page(
        request.GET.get("seite")
    )
    return render(request, "web/public/outcomes.html", {"cooperation": cooperation, "page": page})


@public
@require_safe
def public_contact(request, slug):
    """Public: whom to contact, from the cooperation's settings."""
    cooperation = get_object_or_404(Cooperation, slug=slug)
    return render(request, "web/public/contact.html", {"cooperation": cooperation})


# Only these files are served, each with its type; the logo field accepts no others.
LOGO_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}


@public
@require_safe
def cooperation_logo(request, slug):
    """Public: the cooperation's logo and nothing else from the media directory, which
    also holds internal documents and issued reports (so /media/ is never served)."""
    cooperation = get_object_or_404(Cooperation.objects.only("logo"), slug=slug)
    if not cooperation.logo:
        raise Http404
    content_type = LOGO_TYPES.get(Path(cooperation.logo.name).suffix.lower())
    if content_type is None:
        raise Http404
    try:
        file = cooperation.logo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(file, content_type=content_type)
    # An SVG opened on its own must not run scripts in the cockpit's origin.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@public
@require_safe
def imprint(request, slug):
    """Public: the Impressum from the cooperation's settings."""
    cooperation = get_object_or_404(Cooperation, slug=slug)
    return render(
        request,
        "web/public/imprint.html",
        {"cooperation": cooperation, "may_change": can(request.user, "change", cooperation)},
    )


@public
@require_safe
def privacy(request, slug):
    """Public: the Datenschutzerklärung, what the cockpit processes, with the controller
    and officer from the cooperation's settings."""
    cooperation = get_object_or_404(Cooperation, slug=slug)
    return render(
        request,
        "web/public/privacy.html",
        {
            "cooperation": cooperation,
            "may_change": can(request.user, "change", cooperation),
            "session_minutes": settings.SESSION_COOKIE_AGE // 60,
            "failure_limit": settings.AXES_FAILURE_LIMIT,
        },
    )


# What differs from one anonymous visit to the next in a page cached whole, kept in it
# as slots: the language form's CSRF token and the nonce of the colours' style.
TOKEN_SLOT = "ikz-slot-csrf-token"
NONCE_SLOT = "ikz-slot-csp-nonce"


def _render_cooperation(request, cooperation):
    """Anonymous visitors get the whole page from the cache, with their own token and
    nonce; a signed-in visitor's frame is their own (navigation, account), and a
    message is shown once, so then only the content comes from the cache."""
    template = "web/public/cooperation.html"

    def context(**slots):
        # Only when rendering: a page from the cache needs no content of its own.
        return {"cooperation": cooperation, "content": cooperation_content(cooperation)} | slots

    if request.user.is_authenticated or len(messages.get_messages(request)):
        return render(request, template, context())
    key = _cache_key("public-cooperation-page", cooperation)
    page = cache.get(key)
    if page is None:
        filled = context(csrf_token=TOKEN_SLOT, csp_nonce=NONCE_SLOT)
        page = loader.render_to_string(template, filled, request)
        cache.set(key, page, CONTENT_SECONDS)
    page = page.replace(TOKEN_SLOT, get_token(request)).replace(NONCE_SLOT, str(request.csp_nonce))
    return HttpResponse(page)


def _cache_key(kind: str, cooperation: Cooperation) -> str:
    """The day is in the key (who is a member, which meetings are still to come), and
    the language (the page's words and dates)."""
    return (
        f"{kind}:{cooperation.pk}:{cooperation.public_changed_at.isoformat()}"
        f":{timezone.localdate().isoformat()}:{get_language()}"
    )


def cooperation_content(cooperation: Cooperation) -> str:
    """The page below its frame, from the cache where the data has not changed since."""
    today = timezone.localdate()
    key = _cache_key("public-cooperation", cooperation)
    content = cache.get(key)
    if content is None:
        members = list(members_on(cooperation, today))
        # One more than shown tells whether a link leads to the rest.
        meetings = list(upcoming_public_meetings(cooperation, today)[: NEXT_MEETINGS + 1])
        outcomes = list(public_outcomes(cooperation)[: LATEST_OUTCOMES + 1])
        content = loader.render_to_string(
            "web/public/_cooperation_content.html",
            {
                "cooperation": cooperation,
                "members": members,
                "population": total_population(members),
                "mission_statement": cooperation.mission_statement,
                "meetings": meetings[:NEXT_MEETINGS],
                "more_meetings": len(meetings) > NEXT_MEETINGS,
                "outcomes": outcomes[:LATEST_OUTCOMES],
                "more_outcomes": len(outcomes) > LATEST_OUTCOMES,
            },
        )
        cache.set(key, content, CONTENT_SECONDS)
    # Rendered from the template above, escaped there.
    return mark_safe(content)  # noqa: S308


# What the page shows, and which cooperations a saved or deleted row belongs to. Only
# ids the row itself holds: a deleted row's relations may be gone already.
SHOWN_ON_PUBLIC_PAGE = {
    Cooperation: lambda row: Q(pk=row.pk),
    Participation: lambda row: Q(pk=row.cooperation_id),
    MissionStatement: lambda row: Q(pk=row.cooperation_id),
    Body: lambda row: Q(pk=row.cooperation_id),
    # Its name and population, and the place of meetings held there.
    Municipality: lambda row: (
        Q(participations__municipality=row.pk) | Q(bodies__meetings__location=row.pk)
    ),
    Meeting: lambda row: Q(bodies=row.body_id),
    AgendaItem: lambda row: Q(bodies__meetings=row.meeting_id),
    Outcome: lambda row: Q(bodies__meetings=row.meeting_id),
}


def mark_public_change(sender, instance, **kwargs):
    """Moves ``public_changed_at`` of the cooperations the row belongs to. After the
    commit, in a statement of its own: inside the saving transaction it would lock the
    cooperation's row until the end of every save in that cooperation (concurrent saves
    would queue behind each other), and a rolled back save changes nothing to show."""
    cooperations = Cooperation.objects.filter(SHOWN_ON_PUBLIC_PAGE[sender](instance))
    transaction.on_commit(
        lambda: Cooperation.objects.filter(pk__in=cooperations.values("pk")).update(
            public_changed_at=timezone.now()
        )
    )


def connect_public_changes():
    for model in SHOWN_ON_PUBLIC_PAGE:
        post_save.connect(mark_public_change, sender=model, dispatch_uid=f"public-{model}")
        post_delete.connect(mark_public_change, sender=model, dispatch_uid=f"public-{model}")
