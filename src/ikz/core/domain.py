"""Rules about the cooperation and its members."""

import datetime

from django.db.models import Q, QuerySet

from ikz.core.models import Cooperation, Municipality


def members_on(cooperation: Cooperation, day: datetime.date) -> QuerySet[Municipality]:
    """The municipalities that take part in the cooperation on ``day``: joined on or
    before it and not yet left (a member that left and returned counts once)."""
    return (
        Municipality.objects.filter(
            Q(participations__left_on__isnull=True) | Q(participations__left_on__gt=day),
            participations__cooperation=cooperation,
            participations__joined_on__lte=day,
        )
        .distinct()
        .order_by("name")
    )


def total_population(municipalities) -> int:
    return sum(m.population or 0 for m in municipalities)


def add_member(*, cooperation: Cooperation, municipality: Municipality, joined_on: datetime.date):
    """Let a municipality join (or rejoin) the cooperation on ``joined_on``.

    Side effects: one Participation row, validated first."""
    from ikz.core.models import Participation

    participation = Participation(
        cooperation=cooperation, municipality=municipality, joined_on=joined_on
    )
    participation.full_clean()
    participation.save()
    return participation
