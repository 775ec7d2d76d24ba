"""The Partheland demo: the cooperation's base data (members, bodies, portfolio) entered
through the domain, then its status report April/Mai 2020 imported as a coordinator
would import it. The report is kept in ``demo_data/`` in the form of the real one.

The people are roles, never invented names: each body's members by their office, the
mayor of Naunhof chairing the steering group, the process support of DSK-BIG in the
project group and moderating the citizens' workshop. Population figures are those of the
Statistisches Landesamt Sachsen as published in the municipalities' official
statistics; each carries its own reference date because not every municipality's
figure for the same date was at hand.
"""

import datetime
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from ikz.agreements.models import Agreement
from ikz.core.domain import (
    add_body,
    add_member,
    add_membership,
    add_municipality,
    add_partner,
    add_person,
    create_cooperation,
)
from ikz.core.models import Body, Cooperation, Membership, Municipality, Partner, Person
from ikz.measures.domain import add_field_of_action, add_measure
from ikz.measures.models import Measure, Task
from ikz.meetings.domain import publication_version, publish_meeting
from ikz.meetings.models import Meeting
from ikz.reports.models import ReportFile, StatusReport
from ikz.reports.storing import import_file
from ikz.sample.living import carry_on, check_today
from ikz.search import indexing

SLUG = "partheland"
DEMO_REPORT = Path(__file__).parent / "demo_data" / "partheland-statusbericht-2020-04-05.md"
SOURCE = "Statistisches Landesamt des Freistaates Sachsen"
# The seed does not say when the members joined; the process was running in 2019.
JOINED_ON = datetime.date(2019, 1, 1)

# All seven belong to it: its Landratsamt approves their purpose agreements (§ 74
# SächsKomZG).
DISTRICT = "Landkreis Leipzig"
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

# The letters the bodies' invitations open with (Einladungsschreiben).
# One paragraph a line: a blank line between paragraphs, as the letter field takes them.
STEERING_LETTER = "\n\n".join(
    [
        "Sehr geehrte Bürgermeisterinnen und Bürgermeister,",
        "hiermit laden wir Sie zur nächsten Sitzung der Lenkungsgruppe der interkommunalen "
        "Zusammenarbeit Partheland ein. Die Tagesordnung finden Sie am Ende dieses Schreibens.",
        "Bitte geben Sie uns Bescheid, falls Sie verhindert sind und wer Sie vertritt.",
    ]
)
PROJECT_GROUP_LETTER = "\n\n".join(
    [
        "Sehr geehrte Damen und Herren,",
        "zur nächsten Sitzung der Projektleitungsgruppe laden wir Sie herzlich ein. Die "
        "Tagesordnung finden Sie am Ende dieses Schreibens; Unterlagen zu den Themen senden "
        "wir Ihnen vorab zu.",
    ]
)
WORKSHOP_LETTER = "\n\n".join(
    [
        "Liebe Bürgerinnen und Bürger,",
        "wir laden Sie herzlich zur Bürgerwerkstatt des Partheland ein, in der wir die "
        "Ergebnisse der interkommunalen Zusammenarbeit vorstellen und mit Ihnen besprechen. "
        "Die Themen finden Sie am Ende dieses Schreibens.",
    ]
)

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
        ("Gebührenfreie Werbung für gemeinnützige Zwecke", None, []),
    ],
}


def is_loaded(*, carried_on: bool = False) -> bool:
    """Whether the demo is there; with ``carried_on``, as a living demo."""
    loaded = Cooperation.objects.filter(slug=SLUG)
    if carried_on:
        loaded = loaded.filter(sample_until__isnull=False)
    return loaded.exists()


def remove_demo() -> None:
    """Delete the demo cooperation with everything it holds, and its member
    municipalities unless another cooperation has them too; nothing when there is none.

    Side effects, in one transaction, in the order the protected references ask for:
    its reports and their file rows, tasks, meetings (with their topics, results and
    attendance), measures, agreements, people, the cooperation (with its bodies,
    partners and memberships), then the municipalities; after the transaction has
    committed, the reports' files in the storage."""
    cooperation = Cooperation.objects.filter(slug=SLUG, is_sample=True).first()
    if cooperation is None:
        return
    with transaction.atomic():
        reports = StatusReport.objects.filter(cooperation=cooperation)
        names = list(ReportFile.objects.filter(report__in=reports).values_list("file", flat=True))
        reports.update(superseded_by=None)
        ReportFile.objects.filter(report__in=reports).delete()
        reports.delete()
        Task.objects.filter(cooperation=cooperation).delete()
        Meeting.objects.filter(body__cooperation=cooperation).delete()
        measures = Measure.objects.filter(cooperation=cooperation)
        measures.update(parent=None)
        measures.delete()
        Agreement.objects.filter(cooperation=cooperation).delete()
        Person.objects.filter(cooperation=cooperation).delete()
        towns = list(Municipality.objects.filter(participations__cooperation=cooperation))
        cooperation.delete()
        for town in towns:
            if not town.participations.exists():
                town.delete()
        storage = ReportFile._meta.get_field("file").storage
        transaction.on_commit(lambda: [storage.delete(name) for name in names])


@transaction.atomic
def load_demo(*, today: datetime.date) -> Cooperation:
    """The living demo: the Partheland as its seed report has it (``load_partheland``),
    carried on to ``today`` (``ikz.sample.living.carry_on``), replacing the demo there
    is. Same ``today``, same data.

    Side effects: those of ``remove_demo``, ``load_partheland`` and ``carry_on``, in one
    transaction, the search index's rows of what they saved made once at the end
    (``ikz.search.indexing.deferred``)."""
    check_today(today)
    with indexing.deferred():
        remove_demo()
        cooperation = load_partheland()
        carry_on(cooperation, today=today)
    return cooperation


@transaction.atomic
def load_partheland() -> Cooperation:
    """Create the Partheland demo in an empty database, all or nothing."""
    cooperation = create_cooperation(
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
        is_sample=True,
    )
    towns = {}
    for name, kind, ags, population, as_of, area in MUNICIPALITIES:
        towns[name] = add_municipality(
            name=name,
            kind=kind,
            ags=ags,
            population=population,
            population_date=as_of,
            population_source=SOURCE,
            area_km2=Decimal(area),
            district=DISTRICT,
        )
        add_member(cooperation=cooperation, municipality=towns[name], joined_on=JOINED_ON)

    steering = add_body(
        cooperation=cooperation,
        name="Lenkungsgruppe",
        kind=Body.Kind.STEERING_GROUP,
        description="Die Bürgermeisterinnen und Bürgermeister der Mitgliedskommunen.",
        invitation_text=STEERING_LETTER,
    )
    project_group = add_body(
        cooperation=cooperation,
        name="Projektleitungsgruppe",
        kind=Body.Kind.PROJECT_GROUP,
        description="Die Hauptamtsleitungen der Mitgliedskommunen und die Prozessbegleitung.",
        invitation_text=PROJECT_GROUP_LETTER,
    )
    workshop = add_body(
        cooperation=cooperation,
        name="Bürgerwerkstatt",
        kind=Body.Kind.CITIZEN_WORKSHOP,
        is_public=True,
        invitation_text=WORKSHOP_LETTER,
    )
    consultancy = add_partner(
        cooperation=cooperation, name="DSK-BIG", kind=Partner.Kind.CONSULTANCY
    )
    for name, municipality in towns.items():
        mayor = add_person(
            cooperation=cooperation, role=f"Bürgermeister/in {name}", municipality=municipality
        )
        # The report names no chair of the steering group; the demo names one, as a
        # coordinator would, so that its invitations and minutes show one.
        add_membership(
            body=steering,
            person=mayor,
            role=Membership.Role.CHAIR if name == "Naunhof" else Membership.Role.MEMBER,
        )
        add_person(
            cooperation=cooperation,
            role=f"Hauptamtsleitung {name}",
            municipality=municipality,
            bodies=[project_group],
        )
    # The process support (Prozessbegleitung) the project group's description names
    # sits in the project group and moderates the citizens' workshop.
    process_support = add_person(
        cooperation=cooperation, role="Prozessbegleitung", partner=consultancy
    )
    add_membership(body=project_group, person=process_support)
    add_membership(body=workshop, person=process_support, role=Membership.Role.CHAIR)

    add_partner(
        cooperation=cooperation,
        name="Tourismusverein Leipziger Neuseenland",
        kind=Partner.Kind.ASSOCIATION,
    )

    for order, (field_name, entries) in enumerate(PORTFOLIO.items(), start=1):
        field = add_field_of_action(cooperation=cooperation, name=field_name, order=order)
        for title, lead, children in entries:
            parent = add_measure(
                cooperation=cooperation,
                field_of_action=field,
                title=title,
                lead_municipality=towns.get(lead),
                is_public=True,
                municipalities=towns.values(),
            )
            for child_title in children:
                add_measure(
                    cooperation=cooperation,
                    field_of_action=field,
                    parent=parent,
                    title=child_title,
                    is_public=True,
                )

    import_file(DEMO_REPORT)
    # Imported meetings are internal; the demo publishes its report's meeting as the
    # coordinator of a cooperation that reports openly would.
    for meeting in Meeting.objects.filter(body__cooperation=cooperation, state=Meeting.State.HELD):
        publish_meeting(meeting=meeting, version=publication_version(meeting))
    return cooperation
