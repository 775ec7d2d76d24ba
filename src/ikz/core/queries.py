"""What the pages read of the core: people, documents, roles and the accounts that
hold them."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Prefetch, Q, QuerySet

from ikz.core.models import (
    Body,
    Cooperation,
    Document,
    Membership,
    MissionStatement,
    Municipality,
    Participation,
    Partner,
    Person,
    Role,
)


def people_of(cooperation):
    return (
        Person.objects.filter(cooperation=cooperation)
        .select_related("municipality", "partner")
        .order_by("name", "role")
    )


def document_rows(documents: QuerySet[Document]) -> list[Document]:
    """An object's documents as ``web/documents/_list.html`` lists them, read in one
    query: newest first, each with its size (None when the file is missing)."""
    rows = list(documents.select_related("agenda_item", "municipality").order_by("-uploaded_at"))
    for document in rows:
        try:
            document.size = document.file.size
        except OSError:
            document.size = None
    return rows


def roles_in(cooperation: Cooperation) -> QuerySet[Role]:
    """Who holds which role in the cooperation, by kind, each with whom it names."""
    return (
        Role.objects.filter(cooperation=cooperation)
        .select_related("user", "municipality", "granted_by")
        .order_by("kind", "user__email")
    )


def role_history(cooperation: Cooperation, *, latest: int):
    """The ``latest`` roles granted, changed and withdrawn in the cooperation, newest
    first."""
    return (
        Role.history.filter(cooperation_id=cooperation.pk)
        .select_related("history_user", "user", "municipality")
        .order_by("-history_date")[:latest]
    )


def roles_of(account) -> QuerySet[Role]:
    """The account's roles in every cooperation."""
    return Role.objects.filter(user=account).select_related("cooperation", "municipality")


def accounts_in(cooperation: Cooperation) -> QuerySet:
    """The accounts of the cooperation's people: a role there or a Person record."""
    return (
        get_user_model()
        .objects.filter(
            Q(cooperation_roles__cooperation=cooperation) | Q(person__cooperation=cooperation)
        )
        .distinct()
    )


def role_holders(cooperation: Cooperation) -> QuerySet:
    """The accounts that hold a role in the cooperation, by address."""
    return (
        get_user_model()
        .objects.filter(cooperation_roles__cooperation=cooperation)
        .distinct()
        .order_by("email")
    )


def participation_rows(cooperation: Cooperation) -> QuerySet[Participation]:
    """The cooperation's member municipalities, present and past, each membership with
    its municipality, by name and joining date."""
    return (
        Participation.objects.filter(cooperation=cooperation)
        .select_related("municipality")
        .order_by("municipality__name", "joined_on")
    )


def bodies_of(cooperation: Cooperation) -> QuerySet[Body]:
    """The cooperation's bodies by name, each with its municipality (a council's) and
    the number of its members whose membership has not ended."""
    return (
        Body.objects.filter(cooperation=cooperation)
        .select_related("municipality")
        .annotate(member_count=Count("memberships", filter=Q(memberships__end__isnull=True)))
        .order_by("name")
    )


def memberships_of(body: Body) -> QuerySet[Membership]:
    """The body's members, present and past: current ones first, by role and person."""
    return (
        Membership.objects.filter(body=body)
        .select_related("person__municipality", "person__partner")
        .order_by(F("end").desc(nulls_first=True), "role", "person__name", "person__role")
    )


def partners_of(cooperation: Cooperation) -> QuerySet[Partner]:
    """The cooperation's partners by name, each with the number of its people."""
    return (
        Partner.objects.filter(cooperation=cooperation)
        .annotate(person_count=Count("people"))
        .order_by("name")
    )


def municipality_directory(cooperation: Cooperation, *, today: datetime.date) -> list:
    """The cooperation's member municipalities, present and past, by name, in three
    queries: each with its memberships in the cooperation (``memberships``, earliest
    first), whether it is a member on ``today`` (``is_member``) and its people there
    (``contacts``, by role), who are whom to ask."""
    return _as_members(
        Municipality.objects.filter(participations__cooperation=cooperation), cooperation, today
    )


def municipality_in(
    cooperation: Cooperation, municipality_id: int, *, today: datetime.date
) -> Municipality | None:
    """A municipality that is or was a member of the cooperation, read as the directory
    reads it; None for another."""
    found = _as_members(
        Municipality.objects.filter(participations__cooperation=cooperation, pk=municipality_id),
        cooperation,
        today,
    )
    return found[0] if found else None


def _as_members(municipalities: QuerySet[Municipality], cooperation, today) -> list:
    rows = list(
        municipalities.distinct()
        .order_by("name")
        .prefetch_related(
            Prefetch(
                "participations",
                Participation.objects.filter(cooperation=cooperation).order_by("joined_on"),
                to_attr="memberships",
            ),
            Prefetch(
                "people",
                Person.objects.filter(cooperation=cooperation).order_by("role", "name"),
                to_attr="contacts",
            ),
        )
    )
    for municipality in rows:
        municipality.is_member = any(
            p.joined_on <= today and (p.left_on is None or p.left_on > today)
            for p in municipality.memberships
        )
    return rows


def people_of_municipality(
    cooperation: Cooperation, municipality: Municipality
) -> QuerySet[Person]:
    """The municipality's people in the cooperation by role, each with the bodies they
    sit in now (``current_memberships``, with the body)."""
    return (
        Person.objects.filter(cooperation=cooperation, municipality=municipality)
        .prefetch_related(
            Prefetch(
                "memberships",
                Membership.objects.filter(end__isnull=True)
                .select_related("body")
                .order_by("body__name"),
                to_attr="current_memberships",
            )
        )
        .order_by("role", "name")
    )


def adopted_mission_statements(cooperation: Cooperation) -> QuerySet[MissionStatement]:
    """The Leitbild's adopted versions, the one in force first: drafts are internal."""
    return MissionStatement.objects.filter(
        cooperation=cooperation, adopted_on__isnull=False
    ).order_by("-version")


def public_documents_of(cooperation: Cooperation) -> QuerySet[Document]:
    """The documents anyone may download, as ``permissions.is_public_document`` decides
    one by one: marked public, of a public meeting (and of a public topic, where it has
    one) or of a public measure; with what they belong to, newest first."""
    return (
        Document.objects.filter(cooperation=cooperation, is_public=True)
        .filter(
            Q(meeting__is_public=True)
            & (Q(agenda_item__isnull=True) | Q(agenda_item__is_public=True))
            | Q(meeting__isnull=True, measure__is_public=True)
        )
        .select_related("meeting__body", "meeting__location", "agenda_item", "measure")
        .order_by("-uploaded_at", "-pk")
    )
