"""The Partheland demo: the cooperation's base data and the meeting of its status report
April/Mai 2020 (``shared/seed/statusbericht-2020-04-05.md``), entered through the domain
functions as a coordinator would.

The people are roles, never invented names. Population figures are those of the
Statistisches Landesamt Sachsen as published in the municipalities' official
statistics; each carries its own reference date because not every municipality's
figure for the same date was at hand.
"""

import datetime
from decimal import Decimal

from django.db import transaction

from ikz.core.domain import add_member
from ikz.core.models import Body, Cooperation, Membership, Municipality, Partner, Person
from ikz.measures.domain import Due, create_task
from ikz.measures.models import FieldOfAction, Measure, MeasureStatus
from ikz.meetings.domain import TaskDraft, add_agenda_item, record_outcome, schedule_meeting
from ikz.meetings.models import Meeting, Outcome

SLUG = "partheland"
SOURCE = "Statistisches Landesamt des Freistaates Sachsen"
# The seed does not say when the members joined; the process was running in 2019.
JOINED_ON = datetime.date(2019, 1, 1)

MUNICIPALITIES = [
    # name, kind, AGS, population, as of, area in km²
    ("Belgershain", "municipality", "14729020", 3354, datetime.date(2019, 12, 31), "22.77"),
    ("Borsdorf", "municipality", "14729060", 8219, datetime.date(2020, 12, 31), "15.64"),
    ("Brandis", "town", "14729070", 9676, datetime.date(2022, 12, 31), "34.89"),
    ("Großpösna", "municipality", "14729190", 5371, datetime.date(2019, 12, 31), "41.55"),
    ("Machern", "municipality", "14729250", 6723, datetime.date(2019, 12, 31), "38.93"),
    ("Naunhof", "town", "14729300", 8774, datetime.date(2019, 12, 31), "39.71"),
    ("Parthenstein", "municipality", "14729340", 3559, datetime.date(2020, 12, 31), "35.05"),
]

# field of action: [(measure, lead municipality or None, sub-measures)]
PORTFOLIO = {
    "Verwaltung": [
        ("Zentralisierung Gewerbeamt", "Naunhof", []),
        (
            "Personal Sharing",
            None,
            [
                "Personal Sharing Archiv",
                "Personal Sharing Brandschutz/Löschhilfen",
                "Personal Sharing Vertretungsregelung Meldewesen",
                "Personal Sharing Forderungsmanagement",
                "Personal Sharing SB Widerspruchsbearbeitung",
                "Personal Sharing Lohnbuchhaltung",
            ],
        ),
    ],
    "Wirtschaft und Fachkräfte": [
        ("Gemeinsame Stellenbörse", None, []),
        ("Vernetzte Fachkräfteausbildung", None, []),
    ],
    "Digitalisierung": [
        ("Smart Cities", None, []),
        ("Online-Stadtplan", None, []),
    ],
    "Tourismus": [("Rad- und Wanderwegekonzept", None, [])],
    "Kultur": [("Einbindung Kulturserver", None, [])],
    "Identität und Öffentlichkeit": [
        ("Corporate Identity und Logo", None, []),
        ("Leitbild", None, []),
        ("Gebührenfreie Werbung für gemeinnützige Zwecke", None, []),
    ],
}

TOPICS = [
    # topic, measures it concerns
    ("Projektvorstellung „Smart Cities“ durch DSK-BIG", ["Smart Cities"]),
    (
        "Vorstellung der ersten Entwürfe für eine Corporate Identity + Logo",
        ["Corporate Identity und Logo"],
    ),
    (
        "Umsetzung gemeinsamer Stellenbörse und vernetzte Fachkräfteausbildung",
        ["Gemeinsame Stellenbörse", "Vernetzte Fachkräfteausbildung"],
    ),
    ("Fördermöglichkeiten für Online-Stadtplan", ["Online-Stadtplan"]),
    ("Zentralisierung Gewerbeamt in Naunhof", ["Zentralisierung Gewerbeamt"]),
    ("weiteres Vorgehen Rad- und Wanderwegekonzept", ["Rad- und Wanderwegekonzept"]),
    ("Kosten und Einbindung Kulturserver", ["Einbindung Kulturserver"]),
    ("Prüfung und Konkretisierung von Personal Sharing-Möglichkeiten", ["Personal Sharing"]),
]

# result, topic number (None: a result without its own topic), kind, measures, new status
RESULTS = [
    (
        "Corporate Identity: Favorisierung des ersten Entwurfs, endgültige Entscheidung im "
        "Leitbild-Workshop",
        2,
        Outcome.Kind.DEFERRAL,
        ["Corporate Identity und Logo"],
        MeasureStatus.DECISION_PENDING,
    ),
    (
        "Gemeinsame Stellenbörse: Veröffentlichung nach Relaunch der Website",
        3,
        Outcome.Kind.DECISION,
        ["Gemeinsame Stellenbörse"],
        MeasureStatus.DECIDED,
    ),
    (
        "Kein gemeinsamer Ausbildungsplan forciert, Kooperation nur im Sinne der Vernetzung",
        3,
        Outcome.Kind.DECISION,
        ["Vernetzte Fachkräfteausbildung"],
        MeasureStatus.DECIDED,
    ),
    (
        "Online-Stadtplan: Förderfähigkeit prüfen",
        4,
        Outcome.Kind.MANDATE,
        ["Online-Stadtplan"],
        MeasureStatus.UNDER_REVIEW,
    ),
    (
        "Gewerbeamt: Rücksprache mit dem Ordnungsamt ist erfolgt, Zeitplan für nächste "
        "Lenkungsgruppe konkretisieren",
        5,
        Outcome.Kind.MANDATE,
        ["Zentralisierung Gewerbeamt"],
        MeasureStatus.UNDER_REVIEW,
    ),
    (
        "Rad- und Wanderwegekonzept wird in Zusammenarbeit mit Tourismusverein Leipziger "
        "Neuseenland erstellt",
        6,
        Outcome.Kind.INFORMATION,
        ["Rad- und Wanderwegekonzept"],
        MeasureStatus.IN_PROGRESS,
    ),
    (
        "Gebührenfreie Werbung für gemeinnützige Zwecke ist in allen Gemeinden möglich",
        None,
        Outcome.Kind.INFORMATION,
        ["Gebührenfreie Werbung für gemeinnützige Zwecke"],
        MeasureStatus.DONE,
    ),
    (
        "Kulturserver: Einbindung ist gewünscht, Kostenfrage noch offen",
        7,
        Outcome.Kind.INFORMATION,
        ["Einbindung Kulturserver"],
        MeasureStatus.DECISION_PENDING,
    ),
    (
        "Zweckvereinbarungen für Personal Sharing in den Bereichen Archiv, Brandschutz/Löschhilfen "
        "und Vertretungsregelung Meldewesen sind gewünscht und z. T. vorliegend",
        8,
        Outcome.Kind.DECISION,
        [
            "Personal Sharing Archiv",
            "Personal Sharing Brandschutz/Löschhilfen",
            "Personal Sharing Vertretungsregelung Meldewesen",
        ],
        MeasureStatus.DECIDED,
    ),
    (
        "Personal Sharing für das Forderungsmanagement und den SB Widerspruchsbearbeitung wird "
        "nicht verfolgt",
        8,
        Outcome.Kind.DECISION,
        ["Personal Sharing Forderungsmanagement", "Personal Sharing SB Widerspruchsbearbeitung"],
        MeasureStatus.NOT_PURSUED,
    ),
    (
        "Entscheidung zu Personal Sharing in der Lohnbuchhaltung steht aus, Kostenprüfung für "
        "interkommunale Zusammenarbeit vornehmen",
        8,
        Outcome.Kind.DEFERRAL,
        ["Personal Sharing Lohnbuchhaltung"],
        MeasureStatus.DECISION_PENDING,
    ),
]


def is_loaded() -> bool:
    return Cooperation.objects.filter(slug=SLUG).exists()


@transaction.atomic
def load_partheland() -> Cooperation:
    """Create the Partheland demo in an empty database, all or nothing."""
    cooperation = Cooperation(
        name="Partheland",
        slug=SLUG,
        report_title=(
            "Steuerung und Begleitung des Kooperationsprozesses einer interkommunalen "
            "Zusammenarbeit in der Region „Partheland“"
        ),
        region="Landkreis Leipzig, Sachsen",
        website="https://www.partheland.de",
        primary_colour="#2E6B30",
        secondary_colour="#E9F2E4",
    )
    cooperation.full_clean()
    cooperation.save()

    towns = {}
    for name, kind, ags, population, as_of, area in MUNICIPALITIES:
        municipality = Municipality(
            name=name,
            kind=kind,
            ags=ags,
            population=population,
            population_date=as_of,
            population_source=SOURCE,
            area_km2=Decimal(area),
        )
        municipality.full_clean()
        municipality.save()
        add_member(cooperation=cooperation, municipality=municipality, joined_on=JOINED_ON)
        towns[name] = municipality

    steering = Body.objects.create(
        cooperation=cooperation,
        name="Lenkungsgruppe",
        kind=Body.Kind.STEERING_GROUP,
        description="Die Bürgermeisterinnen und Bürgermeister der Mitgliedskommunen.",
    )
    project_group = Body.objects.create(
        cooperation=cooperation,
        name="Projektleitungsgruppe",
        kind=Body.Kind.PROJECT_GROUP,
        description="Die Hauptamtsleitungen der Mitgliedskommunen und die Prozessbegleitung.",
    )
    Body.objects.create(
        cooperation=cooperation, name="Bürgerwerkstatt", kind=Body.Kind.CITIZEN_WORKSHOP
    )
    for name, municipality in towns.items():
        mayor = Person.objects.create(
            cooperation=cooperation, role=f"Bürgermeisteramt {name}", municipality=municipality
        )
        Membership.objects.create(body=steering, person=mayor)
        office = Person.objects.create(
            cooperation=cooperation, role=f"Hauptamtsleitung {name}", municipality=municipality
        )
        Membership.objects.create(body=project_group, person=office)

    consultancy = Partner.objects.create(
        cooperation=cooperation, name="DSK-BIG", kind=Partner.Kind.CONSULTANCY
    )
    Partner.objects.create(
        cooperation=cooperation,
        name="Tourismusverein Leipziger Neuseenland",
        kind=Partner.Kind.ASSOCIATION,
    )

    measures = {}
    for order, (field_name, entries) in enumerate(PORTFOLIO.items(), start=1):
        field = FieldOfAction.objects.create(cooperation=cooperation, name=field_name, order=order)
        for title, lead, children in entries:
            parent = Measure.objects.create(
                cooperation=cooperation,
                field_of_action=field,
                title=title,
                lead_municipality=towns.get(lead),
                is_public=True,
            )
            parent.municipalities.set(towns.values())
            measures[title] = parent
            for child_title in children:
                child = Measure.objects.create(
                    cooperation=cooperation,
                    field_of_action=field,
                    parent=parent,
                    title=child_title,
                    is_public=True,
                )
                measures[child_title] = child

    meeting = schedule_meeting(
        body=project_group,
        number=7,
        date=datetime.date(2020, 5, 11),
        location=towns["Naunhof"],
        state=Meeting.State.HELD,
        is_public=True,
    )
    schedule_meeting(
        body=steering,
        title="Leitbild-Workshop in der Lenkungsgruppe",
        date=datetime.date(2020, 6, 9),
    )
    next_steering = schedule_meeting(
        body=steering, date=datetime.date(2020, 6, 16), location=towns["Großpösna"]
    )

    items = [
        add_agenda_item(
            meeting=meeting,
            title=title,
            presenter=consultancy if "DSK-BIG" in title else None,
            measures=[measures[name] for name in measure_names],
        )
        for title, measure_names in TOPICS
    ]

    tasks_by_result = {
        4: [
            TaskDraft(
                "Erstellung eines konkreten Zeitplans für die Zentralisierung des Gewerbeamts",
                due=Due.by_meeting(next_steering),
            )
        ],
        7: [TaskDraft("Klärung der Kosten für die Einbindung des Kulturservers auf partheland.de")],
        8: [
            TaskDraft(
                "weitere Forcierung des Themas Personal Sharing, Vorbereitung der Schließung "
                "erster Zweckvereinbarungen (z. B. Meldewesen, vorbeugender Brandschutz)"
            )
        ],
    }
    for index, (text, topic, kind, measure_names, status) in enumerate(RESULTS):
        record_outcome(
            meeting=meeting,
            text=text,
            kind=kind,
            agenda_item=items[topic - 1] if topic else None,
            measures=[measures[name] for name in measure_names],
            new_status=status,
            tasks=tasks_by_result.get(index, ()),
        )

    for title in (
        "Akquise Anschlussförderung für die Umsetzung offener Gemeinschaftsprojekte "
        "(z.B. Tourismus, Digitalisierung)",
        "Planung der nächsten Bürgerwerkstatt zur Präsentation des Leitbildes",
    ):
        create_task(cooperation=cooperation, title=title)
    return cooperation
