"""What the pages read of the core: people, municipalities, bodies."""

from ikz.core.models import Person


def people_of(cooperation):
    return (
        Person.objects.filter(cooperation=cooperation)
        .select_related("municipality", "partner")
        .order_by("name", "role")
    )
