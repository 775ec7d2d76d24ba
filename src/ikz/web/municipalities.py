"""The cooperation's municipalities for its people: the directory (AGS, population with
its reference date, whom to ask, present and former members), the matrix of who leads
or takes part in which measure, and each municipality's page with its tasks (overdue
first), its measures and its people."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from ikz.core.models import Cooperation
from ikz.core.queries import municipality_directory, municipality_in, people_of_municipality
from ikz.measures.queries import measure_matrix, measures_of_municipality, tasks_of_municipality
from ikz.web.access import requires
from ikz.web.tasks import may_act_on


@require_safe
@requires("view_internal", Cooperation, lookup="slug")
def municipality_list(request, cooperation):
    """Everyone with a role: the member municipalities, present ones first, each with
    AGS, population and its reference date, kind, website and people to contact."""
    municipalities = municipality_directory(cooperation, today=timezone.localdate())
    return render(
        request,
        "web/municipalities/list.html",
        {
            "cooperation": cooperation,
            "members": [m for m in municipalities if m.is_member],
            "former": [m for m in municipalities if not m.is_member],
        },
    )


@require_safe
@requires("view_internal", Cooperation, lookup="slug")
def municipality_matrix(request, cooperation):
    """Everyone with a role: which municipality leads or takes part in which measure;
    each measure a row, the present members as columns headed by their abbreviations
    (``abbreviations``), which a legend spells out."""
    members = [
        m for m in municipality_directory(cooperation, today=timezone.localdate()) if m.is_member
    ]
    return render(
        request,
        "web/municipalities/matrix.html",
        {
            "cooperation": cooperation,
            "municipalities": members,
            "columns": list(zip(members, abbreviations([m.name for m in members]), strict=True)),
            "rows": [
                (measure, list(zip(members, roles, strict=True)))
                for measure, roles in measure_matrix(cooperation, members)
            ],
        },
    )


def abbreviations(names: list[str]) -> list[str]:
    """Each name's shortest beginning of at least three letters that no other name
    shares ("Bel", "Bor", "Bra"), for columns narrow enough for a page at 360 px."""
    shortened = []
    for name in names:
        others = [other for other in names if other != name]
        length = 3
        while length < len(name) and any(o.startswith(name[:length]) for o in others):
            length += 1
        shortened.append(name[:length])
    return shortened


@require_safe
@requires("view_internal", Cooperation, lookup="slug")
def municipality_detail(request, cooperation, municipality_id):
    """Everyone with a role: a municipality of the cooperation, present or former (its
    population with the earlier figures kept for cost keys), with its open tasks (overdue first), the measures it leads or takes part in with their
    status and light, and its people with the bodies they sit in."""
    today = timezone.localdate()
    municipality = municipality_in(cooperation, municipality_id, today=today)
    if municipality is None:
        raise Http404
    tasks = tasks_of_municipality(cooperation, municipality, today=today)
    return render(
        request,
        "web/municipalities/detail.html",
        {
            "cooperation": cooperation,
            "municipality": municipality,
            "earlier_figures": list(
                municipality.population_figures.exclude(as_of=municipality.population_date)
            ),
            "tasks": tasks,
            "may_act": may_act_on(request.user, [task for task, _late in tasks]),
            "measures": measures_of_municipality(cooperation, municipality, today=today),
            "people": people_of_municipality(cooperation, municipality),
        },
    )
