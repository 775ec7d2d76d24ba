"""The Partheland carried on from its seed report (April/Mai 2020) to a given day, so
that the demo shows an ordinary week rather than a process that stopped in 2020.

``carry_on(cooperation, today=...)`` adds, through the domain functions a coordinator's
forms call:

- two working groups beside the seed's bodies, and each body's meetings at its rhythm
  from September 2020 (the seed report looks 92 days ahead: nothing new may fall into
  June–August 2020, or its next steps would change) to four months after ``today``;
  the seed's two planned meetings in June 2020 are held;
- on each held meeting its agenda and results: the story of the seed's measures as the
  process went on (``STORY``: the Gewerbeamt centralised in Naunhof for Großpösna from
  01.07.2021 and for Borsdorf from 01.01.2023, Personal Sharing agreements, the
  Leitbild and its update …), the status changes those results cause
  (``record_outcome``, the only way from a result to a status change), and routine
  progress reports with the tasks they set; most tasks done on time, a few late;
- around ``today``: one task well overdue (a red light), one a little overdue (yellow),
  tasks due within the next two weeks for several municipalities, and decisions
  prepared for the next Lenkungsgruppe;
- the Leitbild as adopted in 2020 and its update; quarterly status reports for the last
  year, issued, the latest public.

Deterministic: every draw comes from generators with fixed seeds, and what depends on
the day depends on ``today`` alone; nothing reads the clock (the time a report was
issued is set to its report date). Everything dated up to 31.05.2020 stays as the
seed left it: tasks created later are created after it, the seed's tasks are done after
it, so the April/Mai 2020 report reads as the seed.
"""

import datetime
import random
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ikz.core.domain import add_body, add_membership, add_person, edit, save_validated
from ikz.core.models import (
    Body,
    Cooperation,
    Membership,
    MissionStatement,
    Municipality,
    Partner,
    Person,
)
from ikz.core.versions import current_version
from ikz.measures.domain import (
    Due,
    add_measure,
    complete_task,
    due_end,
    edit_measure,
    status_as_of,
)
from ikz.measures.models import FieldOfAction, Measure, MeasureStatus, Task
from ikz.meetings.domain import (
    TaskDraft,
    attendance_version,
    hold_meeting,
    publication_version,
    publish_meeting,
    record_attendance,
    record_outcome,
    schedule_meeting,
)
from ikz.meetings.domain import add_agenda_item as add_topic
from ikz.meetings.models import Attendance, Meeting, Outcome
from ikz.reports.drafts import start_report
from ikz.reports.issuing import issue_report, publish_report
from ikz.reports.models import ReportFile, StatusReport
from ikz.sample.agreements import add_agreements
from ikz.sample.generator.state import add_months
from ikz.sample.generator.words import VENUES

S = MeasureStatus
K = Outcome.Kind
# The seed report lists the meetings of the 92 days after its period as next steps.
FIRST_NEW_DAY = datetime.date(2020, 9, 1)
SEED_END = datetime.date(2020, 5, 31)
# The demo needs the seed's June meetings behind it.
EARLIEST_TODAY = datetime.date(2020, 7, 1)
MONTHS_AHEAD = 4
ISSUED_REPORTS = 4
BERLIN = ZoneInfo("Europe/Berlin")

# key, name, kind, months it meets in, weekday (0 Monday), times, public
RHYTHM = [
    ("steering", "Lenkungsgruppe", None, (3, 6, 9, 12), 1, (17, 0, 19, 0), True),
    ("project", "Projektleitungsgruppe", None, (1, 3, 5, 7, 9, 11), 0, (9, 30, 12, 0), False),
    (
        "admin",
        "Arbeitsgruppe Verwaltung und Personal",
        "Fachleute der Verwaltungen für Personal Sharing und das gemeinsame Gewerbeamt.",
        (2, 5, 9, 11),
        2,
        (13, 0, 15, 30),
        False,
    ),
    (
        "tourism",
        "Arbeitsgruppe Tourismus und Kultur",
        "Tourismus und Kultur der Mitgliedskommunen mit dem Tourismusverein.",
        (2, 6, 10),
        3,
        (14, 0, 16, 0),
        False,
    ),
    ("citizens", "Bürgerwerkstatt", None, (10,), 3, (18, 0, 20, 30), True),
]
# Working groups began with the agreements' detail work.
WORKING_GROUPS_FROM = datetime.date(2021, 1, 1)
CANCELLED = {
    ("steering", 2020, 12): "Abgesagt wegen der Corona-Schutzverordnung; "
    "Beschlüsse im Umlaufverfahren.",
    ("citizens", 2020, 10): "Abgesagt wegen der Corona-Schutzverordnung.",
}


@dataclass(frozen=True)
class Step:
    """A topic the story puts on the first held meeting of ``body`` from ``day`` on,
    with its results: (kind, text, new status or None, task drafts, public)."""

    day: datetime.date
    body: str
    topic: str
    measures: tuple[str, ...]
    results: tuple = ()
    closes: tuple[int, ...] = ()  # the seed's tasks (by their order) the topic settles
    mission: int | None = None  # the Leitbild version a result adopts


def d(year: int, month: int, day: int = 1) -> datetime.date:
    return datetime.date(year, month, day)


# (title, owner key, days until due): owner "m:Naunhof" a municipality, "p:Hauptamt
# Borsdorf" a person by role, "b:steering" a body, "support" the process support; days
# None: due by the next meeting of the body that set it.
GEWERBEAMT = "Zentralisierung Gewerbeamt"
LOHN = "Personal Sharing Lohnbuchhaltung"
STORY = [
    Step(
        d(2020, 6, 9),
        "steering",
        "Leitbild der Kooperation: Entwurf aus der Lenkungsgruppe",
        ("Corporate Identity und Logo",),
        (
            (
                K.DECISION,
                "Corporate Identity: Der erste Entwurf wird Logo des Partheland",
                S.DECIDED,
                (("Gestaltungsrichtlinie für das Logo erstellen", "support", 90),),
                True,
            ),
            (
                K.INFORMATION,
                "Leitbild: Leitsätze zu Verwaltung, Wirtschaft, Tourismus und Identität abgestimmt",
                None,
                (),
                True,
            ),
        ),
    ),
    Step(
        d(2020, 6, 16),
        "steering",
        "Zeitplan Zentralisierung Gewerbeamt in Naunhof",
        (GEWERBEAMT,),
        (
            (
                K.MANDATE,
                "Gewerbeamt: Naunhof erarbeitet den Entwurf einer Zweckvereinbarung; "
                "erster Schritt mit Großpösna zum 01.07.2021",
                S.DECISION_PENDING,
                (("Entwurf der Zweckvereinbarung Gewerbeamt vorlegen", "m:Naunhof", 150),),
                True,
            ),
        ),
        closes=(1,),
    ),
    Step(
        d(2020, 6, 16),
        "steering",
        "Beschluss Leitbild Partheland",
        (),
        (
            (
                K.DECISION,
                "Die Lenkungsgruppe beschließt das Leitbild des Partheland",
                None,
                (),
                True,
            ),
        ),
        mission=1,
    ),
    Step(
        d(2020, 6, 16),
        "steering",
        "Kostenprüfung Personal Sharing Lohnbuchhaltung",
        (LOHN,),
        (
            (
                K.MANDATE,
                "Lohnbuchhaltung: Kostenvergleich der Abrechnungsstellen beauftragt",
                S.UNDER_REVIEW,
                (("Kostenvergleich Lohnbuchhaltung erstellen", "p:Hauptamtsleitung Brandis", 120),),
                False,
            ),
        ),
    ),
    Step(
        FIRST_NEW_DAY,
        "project",
        "Einbindung Kulturserver: Kosten",
        ("Einbindung Kulturserver",),
        (
            (
                K.DECISION,
                "Kulturserver: Kosten von 1.200 € jährlich werden nach Einwohnern geteilt",
                S.DECIDED,
                (),
                True,
            ),
        ),
        closes=(2,),
    ),
    Step(
        FIRST_NEW_DAY,
        "project",
        "Relaunch partheland.de und Stellenbörse",
        ("Gemeinsame Stellenbörse",),
        (
            (
                K.INFORMATION,
                "Stellenbörse ist mit dem Relaunch von partheland.de online",
                S.IN_PROGRESS,
                (),
                True,
            ),
        ),
        closes=(4,),
    ),
    Step(
        FIRST_NEW_DAY,
        "project",
        "Planung Bürgerwerkstatt Leitbild",
        (),
        (
            (
                K.DEFERRAL,
                "Bürgerwerkstatt zum Leitbild wird wegen der Pandemie verschoben",
                None,
                (),
                True,
            ),
        ),
        closes=(7,),
    ),
    Step(
        d(2020, 11, 1),
        "project",
        "Personal Sharing: erste Zweckvereinbarungen",
        ("Personal Sharing Vertretungsregelung Meldewesen",),
        (
            (
                K.INFORMATION,
                "Zweckvereinbarung Vertretungsregelung Meldewesen unterzeichnet",
                S.IN_PROGRESS,
                (),
                True,
            ),
        ),
        closes=(3,),
    ),
    Step(
        d(2020, 11, 1),
        "project",
        "Fördermöglichkeiten Online-Stadtplan",
        ("Online-Stadtplan",),
        (
            (
                K.INFORMATION,
                "Online-Stadtplan: Förderantrag im Programm Regionalbudget gestellt",
                S.DECISION_PENDING,
                (),
                True,
            ),
        ),
    ),
    Step(
        d(2020, 11, 1),
        "project",
        "Vernetzte Fachkräfteausbildung: Azubi-Tag",
        ("Vernetzte Fachkräfteausbildung",),
        (
            (
                K.INFORMATION,
                "Fachkräfteausbildung: Die Kommunen stellen ihre Ausbildungsplätze "
                "jährlich auf einem gemeinsamen Azubi-Tag vor",
                S.IN_PROGRESS,
                (),
                True,
            ),
        ),
    ),
    Step(
        d(2021, 1, 1),
        "project",
        "Smart Cities: Förderaufruf Modellprojekte",
        ("Smart Cities",),
        ((K.MANDATE, "Smart Cities: Teilnahme am Förderaufruf prüfen", S.UNDER_REVIEW, (), True),),
    ),
    Step(
        d(2021, 3, 1),
        "steering",
        "Zweckvereinbarung Gewerbeamt Naunhof – Großpösna",
        (GEWERBEAMT,),
        (
            (
                K.DECISION,
                "Gewerbeamt: Zweckvereinbarung Naunhof – Großpösna beschlossen; "
                "Naunhof übernimmt die Gewerbeangelegenheiten von Großpösna ab 01.07.2021",
                S.DECIDED,
                (
                    (
                        "Genehmigung der Zweckvereinbarung Gewerbeamt beim Landratsamt beantragen",
                        "m:Naunhof",
                        45,
                    ),
                ),
                True,
            ),
        ),
    ),
    Step(
        d(2021, 3, 1),
        "steering",
        "Online-Stadtplan: Förderbescheid",
        ("Online-Stadtplan",),
        (
            (
                K.DECISION,
                "Online-Stadtplan wird mit Förderung aus dem Regionalbudget beauftragt",
                S.DECIDED,
                (),
                True,
            ),
        ),
    ),
    Step(
        d(2021, 6, 1),
        "steering",
        "Rad- und Wanderwegekonzept: Entwurf",
        ("Rad- und Wanderwegekonzept",),
        (
            (
                K.INFORMATION,
                "Rad- und Wanderwegekonzept: Entwurf mit dem Tourismusverein "
                "Leipziger Neuseenland vorgestellt",
                None,
                (),
                True,
            ),
        ),
    ),
    Step(
        d(2021, 7, 1),
        "project",
        "Gewerbeamt: Start in Naunhof",
        (GEWERBEAMT,),
        (
            (
                K.INFORMATION,
                "Gewerbeamt: Naunhof nimmt seit 01.07.2021 die Gewerbeangelegenheiten "
                "von Großpösna wahr",
                S.IN_PROGRESS,
                (),
                True,
            ),
        ),
    ),
    Step(
        d(2021, 9, 1),
        "steering",
        "Smart Cities: Ergebnis des Förderaufrufs",
        ("Smart Cities",),
        (
            (
                K.INFORMATION,
                "Smart Cities: Bewerbung nicht berücksichtigt; Einzelprojekte werden "
                "im Handlungsfeld Digitalisierung verfolgt",
                S.IDEA,
                (),
                True,
            ),
        ),
    ),
    Step(
        d(2021, 9, 1),
        "steering",
        "Corporate Identity: Umsetzung",
        ("Corporate Identity und Logo",),
        (
            (
                K.INFORMATION,
                "Corporate Identity: Logo und Gestaltungsrichtlinie in allen Kommunen eingeführt",
                S.DONE,
                (),
                True,
            ),
        ),
    ),
    Step(
        d(2021, 10, 1),
        "citizens",
        "Das Leitbild des Partheland",
        (),
        (
            (
                K.INFORMATION,
                "Bürgerwerkstatt: Leitbild vorgestellt, 46 Anregungen gesammelt",
                None,
                (("Anregungen der Bürgerwerkstatt auswerten", "support", 60),),
                True,
            ),
        ),
    ),
    Step(
        d(2021, 12, 1),
        "steering",
        "Personal Sharing Archiv und Brandschutz",
        ("Personal Sharing Archiv", "Personal Sharing Brandschutz/Löschhilfen"),
        (
            (
                K.DECISION,
                "Zweckvereinbarungen Archiv und vorbeugender Brandschutz beschlossen",
                S.IN_PROGRESS,
                (),
                True,
            ),
        ),
    ),
    Step(
        d(2022, 2, 1),
        "tourism",
        "Kulturserver: Einbindung",
        ("Einbindung Kulturserver",),
        ((K.INFORMATION, "Kulturserver ist auf partheland.de eingebunden", S.DONE, (), True),),
    ),
    Step(
        d(2022, 3, 1),
        "steering",
        "Rad- und Wanderwegekonzept: Beschluss",
        ("Rad- und Wanderwegekonzept",),
        (
            (
                K.DECISION,
                "Rad- und Wanderwegekonzept beschlossen; Umsetzung der Beschilderung ab 2023",
                None,
                (),
                True,
            ),
        ),
    ),
    Step(
        d(2022, 5, 1),
        "project",
        "Online-Stadtplan: Umsetzung",
        ("Online-Stadtplan",),
        (
            (
                K.INFORMATION,
                "Online-Stadtplan: Dienstleister beauftragt, Datenerfassung läuft",
                S.IN_PROGRESS,
                (),
                True,
            ),
        ),
    ),
    Step(
        d(2022, 9, 1),
        "steering",
        "Beitritt Borsdorf zur Zweckvereinbarung Gewerbeamt",
        (GEWERBEAMT,),
        (
            (
                K.DECISION,
                "Gewerbeamt: Borsdorf tritt der Zweckvereinbarung zum 01.01.2023 bei",
                None,
                (
                    (
                        "Beitrittsvereinbarung Gewerbeamt Borsdorf im Amtsblatt bekannt machen",
                        "m:Borsdorf",
                        60,
                    ),
                ),
                True,
            ),
        ),
    ),
    Step(
        d(2022, 10, 1),
        "admin",
        "Meldewesen: Erfahrungen mit der Vertretung",
        ("Personal Sharing Vertretungsregelung Meldewesen",),
        (
            (
                K.INFORMATION,
                "Vertretungsregelung Meldewesen läuft in allen Kommunen; Maßnahme abgeschlossen",
                S.DONE,
                (),
                True,
            ),
        ),
    ),
    Step(
        d(2023, 1, 1),
        "project",
        "Gewerbeamt: Borsdorf",
        (GEWERBEAMT,),
        (
            (
                K.INFORMATION,
                "Gewerbeamt: Naunhof bearbeitet seit 01.01.2023 auch die "
                "Gewerbeangelegenheiten von Borsdorf",
                None,
                (),
                True,
            ),
        ),
    ),
    Step(
        d(2023, 3, 1),
        "steering",
        "Smart Cities: weiteres Vorgehen",
        ("Smart Cities",),
        (
            (
                K.DEFERRAL,
                "Smart Cities ruht bis zu einem neuen Förderaufruf des Bundes",
                S.ON_HOLD,
                (),
                True,
            ),
        ),
    ),
    Step(
        d(2023, 6, 1),
        "admin",
        "Lohnbuchhaltung: Kostenvergleich",
        (LOHN,),
        (
            (
                K.INFORMATION,
                "Lohnbuchhaltung: Kostenvergleich liegt vor; gemeinsame "
                "Abrechnungsstelle in Brandis wäre günstiger",
                None,
                (),
                False,
            ),
        ),
    ),
    Step(
        d(2024, 2, 1),
        "tourism",
        "Beschilderung Rad- und Wanderwege",
        ("Rad- und Wanderwegekonzept",),
        (
            (
                K.INFORMATION,
                "Beschilderung der Parthe-Route in Naunhof, Großpösna und Brandis fertig",
                None,
                (),
                True,
            ),
        ),
    ),
    Step(
        d(2024, 9, 1),
        "steering",
        "Fortschreibung des Leitbilds",
        (),
        (
            (
                K.DECISION,
                "Die Lenkungsgruppe beschließt die Fortschreibung des Leitbilds mit "
                "Klimaschutz und Digitalisierung",
                None,
                (),
                True,
            ),
        ),
        mission=2,
    ),
    Step(
        d(2025, 3, 1),
        "steering",
        "Gewerbeamt: Auswertung nach zwei Jahren",
        (GEWERBEAMT,),
        (
            (
                K.MANDATE,
                "Gewerbeamt: Beitritt von Brandis und Machern prüfen",
                None,
                (
                    (
                        "Fallzahlen Gewerbeamt für Brandis und Machern zusammenstellen",
                        "m:Naunhof",
                        90,
                    ),
                ),
                True,
            ),
        ),
    ),
    Step(
        d(2025, 5, 1),
        "project",
        "Gemeinsamer Klimaschutz",
        ("Klimaschutzmanagement",),
        (
            (
                K.MANDATE,
                "Klimaschutzmanagement: Förderung einer gemeinsamen Stelle prüfen",
                S.UNDER_REVIEW,
                (),
                True,
            ),
        ),
    ),
    Step(
        d(2025, 5, 1),
        "project",
        "Gemeinsame Beschaffung",
        ("Gemeinsame Beschaffung",),
        (
            (
                K.DECISION,
                "Gemeinsame Beschaffung von Büromaterial und Streusalz ab 2026",
                S.IN_PROGRESS,
                (),
                True,
            ),
        ),
    ),
]

# Measures the process took up after the seed: (field of action, title, lead).
NEW_MEASURES = [
    ("Verwaltung", "Gemeinsame Beschaffung", "Machern"),
    ("Digitalisierung", "Klimaschutzmanagement", "Brandis"),
]

# The Leitbild: version → text.
MISSION = {
    1: "Die sieben Kommunen des Partheland arbeiten zusammen, damit ihre Verwaltungen "
    "leistungsfähig bleiben, die Region für Fachkräfte, Familien und Gäste attraktiv ist "
    "und Bürgerinnen und Bürger mitreden.",
    2: "Die sieben Kommunen des Partheland arbeiten zusammen, damit ihre Verwaltungen "
    "leistungsfähig und digital erreichbar bleiben, die Region für Fachkräfte, Familien "
    "und Gäste attraktiv ist, das Klima geschützt wird und Bürgerinnen und Bürger "
    "mitreden.",
}

# Which body reports on which measures in its routine progress reports.
ROUTINE_MEASURES = {
    "steering": None,  # any
    "project": None,
    "admin": (
        GEWERBEAMT,
        "Personal Sharing Archiv",
        "Personal Sharing Brandschutz/Löschhilfen",
        "Gemeinsame Beschaffung",
        LOHN,
    ),
    "tourism": (
        "Rad- und Wanderwegekonzept",
        "Einbindung Kulturserver",
        "Online-Stadtplan",
        "Gemeinsame Stellenbörse",
        "Vernetzte Fachkräfteausbildung",
    ),
    "citizens": (),
}
ROUTINE_TOPICS = ["Sachstand {m}", "{m}: Bericht aus der Umsetzung", "{m}: nächste Schritte"]
ROUTINE_RESULTS = [
    "{m}: Sachstand zur Kenntnis genommen, Umsetzung läuft planmäßig",
    "{m}: Zwischenbericht der Prozessbegleitung zur Kenntnis genommen",
    "{m}: Zeitplan bestätigt",
    "{m}: Erfahrungen der Kommunen ausgetauscht, keine Änderungen nötig",
]
ROUTINE_TASKS = [
    "{m}: Zahlen für das laufende Jahr zusammenstellen",
    "{m}: Kurzbericht für die Amtsblätter schreiben",
    "{m}: Rückmeldungen der Fachbereiche einholen",
    "{m}: Kosten für das Folgejahr anmelden",
    "{m}: Ansprechpartner aktualisieren",
]
MEETING_TASKS = [
    "Protokoll der Sitzung versenden",
    "Pressemitteilung zur Sitzung vorbereiten",
    "Termine für das nächste Halbjahr abstimmen",
]
CITIZEN_TOPICS = [
    (
        "Was hat die Zusammenarbeit gebracht? Bericht der Lenkungsgruppe",
        "Bürgerwerkstatt: Bericht der Lenkungsgruppe vorgestellt, Fragen beantwortet",
    ),
    (
        "Ideen für Rad- und Wanderwege",
        "Bürgerwerkstatt: 30 Vorschläge für Rastplätze und Beschilderung gesammelt",
    ),
    (
        "Digitale Verwaltung im Partheland",
        "Bürgerwerkstatt: Wunsch nach Online-Terminen in allen Bürgerbüros",
    ),
]


@dataclass
class _Demo:
    """What carrying on needs at hand while it walks through the meetings."""

    cooperation: Cooperation
    today: datetime.date
    rng: random.Random
    bodies: dict[str, Body] = field(default_factory=dict)
    towns: dict[str, Municipality] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    support: Person | None = None
    measures: dict[str, Measure] = field(default_factory=dict)
    status: dict[str, str | None] = field(default_factory=dict)
    # Tasks due by a body's next meeting, closed by it: body key → tasks.
    waiting: dict[str, list[Task]] = field(default_factory=dict)
    days: list[tuple[datetime.date, str]] = field(default_factory=list)  # new meetings
    roles: dict = field(default_factory=dict)  # (body key, day) → what it sets up
    taken: set[int] = field(default_factory=set)  # the STORY steps recorded
    pending_set: bool = False  # the next steering group has its decisions on the agenda


def check_today(today: datetime.date) -> None:
    if today < EARLIEST_TODAY:
        raise ValidationError(
            _("The demo is carried on from its seed report; “today” is %(earliest)s or later.")
            % {"earliest": EARLIEST_TODAY.isoformat()},
            code="today",
        )


def carry_on(cooperation: Cooperation, *, today: datetime.date) -> list[str]:
    """Carry the demo ``cooperation`` (as ``load_partheland`` left it) on to ``today``:
    see the module's docstring. Returns the names of the report files it stored.

    Side effects, in order: the working groups and their members; the new measures;
    meeting by meeting in date order, the meeting, its agenda, and for a held one its
    attendance, results (with their status changes and tasks, the Leitbild versions
    they adopt), the tasks done by it, its publication; the decision dates of pending
    decisions; the purpose agreements and their steps (``ikz.sample.agreements``); the
    cooperation marked as carried on to ``today``; the seed's report
    and the last ``ISSUED_REPORTS`` quarterly reports issued with their files (deleted
    again when issuing fails), the latest public."""
    check_today(today)
    # One stream, not seeded with the day: the years long past read the same whatever
    # day the demo is carried on to, and only what lies near it differs.
    demo = _Demo(cooperation, today, random.Random("ikz-demo:partheland"))
    with transaction.atomic():
        _add_bodies(demo)
        _add_measures(demo)
        demo.days = _meeting_days(demo)
        demo.roles = _around_today(demo)
        for meeting, key in _meetings(demo):
            _run_meeting(demo, meeting, key)
        _set_decision_dates(demo)
        add_agreements(cooperation, today=today)
        edit(cooperation, version=current_version(cooperation), sample_until=today)
    return _add_reports(demo)


def _add_bodies(demo: _Demo) -> None:
    cooperation = demo.cooperation
    for body in Body.objects.filter(cooperation=cooperation):
        key = {
            Body.Kind.STEERING_GROUP: "steering",
            Body.Kind.PROJECT_GROUP: "project",
            Body.Kind.CITIZEN_WORKSHOP: "citizens",
        }[body.kind]
        demo.bodies[key] = body
    demo.towns = {
        town.name: town
        for town in Municipality.objects.filter(participations__cooperation=cooperation).order_by(
            "name"
        )
    }
    demo.people = {person.role: person for person in Person.objects.filter(cooperation=cooperation)}
    demo.support = demo.people["Prozessbegleitung"]
    association = Partner.objects.get(cooperation=cooperation, kind=Partner.Kind.ASSOCIATION)
    for key, name, description, *_rest in RHYTHM:
        if key in demo.bodies:
            continue
        demo.bodies[key] = add_body(
            cooperation=cooperation,
            name=name,
            kind=Body.Kind.WORKING_GROUP,
            description=description,
        )
    for town in demo.towns:
        add_membership(body=demo.bodies["admin"], person=demo.people[f"Hauptamtsleitung {town}"])
    add_membership(body=demo.bodies["admin"], person=demo.support)
    add_membership(body=demo.bodies["tourism"], person=demo.support, role=Membership.Role.CHAIR)
    demo.people["Geschäftsführung Tourismusverein"] = add_person(
        cooperation=cooperation,
        role="Geschäftsführung Tourismusverein",
        partner=association,
        bodies=[demo.bodies["tourism"]],
    )
    for town in ("Brandis", "Naunhof", "Großpösna"):
        add_membership(body=demo.bodies["tourism"], person=demo.people[f"Hauptamtsleitung {town}"])


def _add_measures(demo: _Demo) -> None:
    measures = Measure.objects.filter(cooperation=demo.cooperation)
    demo.measures = {measure.title: measure for measure in measures}
    fields = {
        field.name: field for field in FieldOfAction.objects.filter(cooperation=demo.cooperation)
    }
    for field_name, title, lead in NEW_MEASURES:
        demo.measures[title] = add_measure(
            cooperation=demo.cooperation,
            field_of_action=fields[field_name],
            title=title,
            lead_municipality=demo.towns[lead],
            is_public=True,
            municipalities=demo.towns.values(),
        )
    demo.status = {
        title: status_as_of(measure, SEED_END) for title, measure in demo.measures.items()
    }


def _meeting_days(demo: _Demo) -> list[tuple[datetime.date, str]]:
    """(day, body key) of every new meeting, in date order."""
    last = add_months(demo.today, MONTHS_AHEAD)
    # A stream of its own: a meeting's day is the same whatever day the demo is
    # carried on to.
    rng = random.Random("ikz-demo:partheland:days")
    days = []
    month = FIRST_NEW_DAY
    while month < last:
        for key, _name, _description, months, weekday, _times, _public in RHYTHM:
            if month.month not in months:
                continue
            if key in ("admin", "tourism") and month < WORKING_GROUPS_FROM:
                continue
            # The second or third week of the month, on the body's weekday.
            day = month + datetime.timedelta(days=7 + rng.randint(0, 10))
            day += datetime.timedelta(days=(weekday - day.weekday()) % 7)
            days.append((day, key))
        month = add_months(month, 1)
    order = [row[0] for row in RHYTHM]
    return sorted(days, key=lambda row: (row[0], order.index(row[1])))


def _meetings(demo: _Demo):
    """The seed's two June meetings, then each new one, scheduled as it comes."""
    seed = Meeting.objects.filter(body=demo.bodies["steering"], date__gt=SEED_END).order_by("date")
    for meeting in seed:
        yield meeting, "steering"
    numbers = dict.fromkeys(demo.bodies, 0)
    numbers["project"] = 7
    numbers["steering"] = 5
    rhythm = {row[0]: row for row in RHYTHM}
    for day, key in demo.days:
        _key, _name, _description, _months, _weekday, times, public = rhythm[key]
        cancelled = CANCELLED.get((key, day.year, day.month))
        if day < demo.today:
            state = Meeting.State.CANCELLED if cancelled else Meeting.State.PLANNED
        elif (day - demo.today).days < 30:
            state = Meeting.State.INVITED
        else:
            state = Meeting.State.PLANNED
        number = None
        if state != Meeting.State.CANCELLED:
            numbers[key] += 1
            number = numbers[key]
        town = list(demo.towns.values())[(numbers[key] + len(key)) % len(demo.towns)]
        meeting = schedule_meeting(
            body=demo.bodies[key],
            date=day,
            number=number,
            location=town,
            venue=demo.rng.choice(VENUES).format(place=town.name),
            start_time=datetime.time(times[0], times[1]),
            end_time=datetime.time(times[2], times[3]),
            state=state,
            is_public=public,
            chair=_chair(demo, key),
            minute_taker=demo.support,
        )
        if state == Meeting.State.CANCELLED:
            meeting.cancellation_reason = cancelled
            meeting.save(update_fields=["cancellation_reason"])
            continue
        yield meeting, key


def _chair(demo: _Demo, key: str) -> Person:
    if key == "steering":
        return demo.people["Bürgermeister/in Naunhof"]
    return demo.support


def _run_meeting(demo: _Demo, meeting: Meeting, key: str) -> None:
    held = meeting.date < demo.today
    steps = _steps_for(demo, meeting, key) if held else []
    topics = [(step.topic, step.measures) for step in steps]
    routine = _routine_measures(demo, key, meeting, exclude={m for s in steps for m in s.measures})
    topics += [(demo.rng.choice(ROUTINE_TOPICS).format(m=title), (title,)) for title in routine]
    if key == "citizens":
        topic, _result = CITIZEN_TOPICS[meeting.date.year % len(CITIZEN_TOPICS)]
        topics.append((topic, ()))
    if not held:
        topics += _pending_topics(demo, key)
    items = [
        add_topic(
            meeting=meeting,
            title=title,
            measures=[demo.measures[m] for m in measures],
            presenter=demo.support if key != "steering" else None,
        )
        for title, measures in topics
    ]
    if not held:
        return
    hold_meeting(meeting=meeting, location=meeting.location or demo.towns["Großpösna"])
    _record_attendance(demo, meeting, key)
    approval = meeting.agenda_items.filter(approves_minutes_of__isnull=False).first()
    if approval is not None:
        record_outcome(
            meeting=meeting,
            agenda_item=approval,
            kind=K.DECISION,
            text="Die Niederschrift der letzten Sitzung wird genehmigt.",
        )
    internal = []
    for step, item in zip(steps, items, strict=False):
        _record_step(demo, meeting, key, step, item, internal)
    for title, item in zip(routine, items[len(steps) :], strict=False):
        _record_routine(demo, meeting, key, title, item)
    if key == "citizens":
        record_outcome(
            meeting=meeting,
            agenda_item=items[-1],
            text=CITIZEN_TOPICS[meeting.date.year % len(CITIZEN_TOPICS)][1],
        )
    _close_waiting(demo, meeting, key)
    _record_recent(demo, meeting, key)
    if meeting.is_public:
        outcomes = [
            pk for pk in meeting.outcomes.values_list("pk", flat=True) if pk not in internal
        ]
        publish_meeting(meeting=meeting, outcomes=outcomes, version=publication_version(meeting))


def _steps_for(demo: _Demo, meeting: Meeting, key: str) -> list[Step]:
    """The story's steps due at this meeting: those of its body from the day on that
    no earlier held meeting of the body took up."""
    taken = demo.taken
    steps = []
    for index, step in enumerate(STORY):
        if index in taken or step.body != key or step.day > meeting.date:
            continue
        # The seed's two June meetings take exactly their day's steps.
        if meeting.date <= d(2020, 6, 30) and step.day != meeting.date:
            continue
        taken.add(index)
        steps.append(step)
    return steps


def _routine_measures(demo: _Demo, key: str, meeting: Meeting, exclude: set) -> list[str]:
    if meeting.date < FIRST_NEW_DAY:
        return []
    allowed = ROUTINE_MEASURES[key]
    active = [
        title
        for title, status in sorted(demo.status.items())
        if status in (S.DECIDED, S.IN_PROGRESS)
        and title not in exclude
        and (allowed is None or title in allowed)
    ]
    # The last year and a half in detail; before it, a line per meeting is enough.
    recent = meeting.date >= demo.today - datetime.timedelta(days=550)
    count = {"steering": 2, "project": 2, "admin": 2, "tourism": 2, "citizens": 0}[key]
    count = count if recent else min(count, 1)
    return demo.rng.sample(active, min(count, len(active)))


def _owner(demo: _Demo, spec: str):
    kind, _sep, name = spec.partition(":")
    if kind == "m":
        return demo.towns[name]
    if kind == "p":
        return demo.people[name]
    if kind == "b":
        return demo.bodies[name]
    return demo.support


def _record_step(demo, meeting, key, step: Step, item, internal: list) -> None:
    measures = [demo.measures[title] for title in step.measures]
    closes = list(
        Task.objects.filter(cooperation=demo.cooperation, order__in=step.closes, done_on=None)
    )
    for index, (kind, text, status, tasks, public) in enumerate(step.results):
        drafts = [
            TaskDraft(title=title, owner=_owner(demo, owner), due=_due(demo, meeting, days))
            for title, owner, days in tasks
        ]
        recorded = record_outcome(
            meeting=meeting,
            agenda_item=item,
            kind=kind,
            text=text,
            measures=measures,
            new_status=status,
            tasks=drafts,
            is_public=public,
            closes=closes if index == 0 else (),
        )
        if not public:
            internal.append(recorded.outcome.pk)
        if status:
            for title in step.measures:
                demo.status[title] = status
        for task in recorded.tasks:
            _settle(demo, task, late_share=0.15)
        if step.mission:
            save_validated(
                MissionStatement(
                    cooperation=demo.cooperation,
                    version=step.mission,
                    text=MISSION[step.mission],
                    adopted_on=meeting.date,
                    adopted_by=recorded.outcome,
                )
            )


def _record_routine(demo, meeting, key, title, item) -> None:
    rng = demo.rng
    towns = list(demo.towns.values())
    owner = rng.choice(
        [
            rng.choice(towns),
            demo.people[f"Hauptamtsleitung {rng.choice(list(demo.towns))}"],
            demo.support,
        ]
    )
    drafts = [
        TaskDraft(
            title=rng.choice(ROUTINE_TASKS).format(m=title),
            owner=owner,
            due=_due(demo, meeting, rng.choice([None, 21, 30, 45, 60, 75])),
        )
    ]
    recorded = record_outcome(
        meeting=meeting,
        agenda_item=item,
        text=rng.choice(ROUTINE_RESULTS).format(m=title),
        measures=[demo.measures[title]],
        tasks=drafts,
    )
    for task in recorded.tasks:
        _settle(demo, task, late_share=0.1)


def _due(demo: _Demo, meeting: Meeting, days: int | None) -> Due:
    if days is None:
        return Due.by_next_meeting_of(meeting.body)
    day = meeting.date + datetime.timedelta(days=days)
    if days >= 60 and demo.rng.random() < 0.4:
        return Due.in_month(day.year, day.month)
    return Due.on_day(day)


def _settle(demo: _Demo, task: Task, *, late_share: float) -> None:
    """Done on time (now and then a little late) once its due day is past; a task due
    by a body's next meeting waits for that meeting."""
    if task.due_body_id is not None or task.due_meeting_id is not None:
        key = next(
            k
            for k, body in demo.bodies.items()
            if body.pk == (task.due_body_id or task.due_meeting.body_id)
        )
        demo.waiting.setdefault(key, []).append(task)
        return
    end = due_end(task)
    rng = demo.rng
    if end >= demo.today:
        # Some are finished early.
        if rng.random() < 0.25 and (demo.today - task.created_on).days > 10:
            on = task.created_on + datetime.timedelta(
                days=rng.randint(3, (demo.today - task.created_on).days - 1)
            )
            complete_task(task, on=on, today=demo.today)
        return
    if rng.random() < late_share:
        on = end + datetime.timedelta(days=rng.randint(1, 12))
    else:
        on = end - datetime.timedelta(days=rng.randint(0, max(0, (end - task.created_on).days - 1)))
    complete_task(task, on=min(on, demo.today - datetime.timedelta(days=1)), today=demo.today)


def _close_waiting(demo: _Demo, meeting: Meeting, key: str) -> None:
    """The tasks due by this meeting, done for it (by the meeting's day)."""
    waiting = [task for task in demo.waiting.get(key, []) if task.created_on < meeting.date]
    demo.waiting[key] = [task for task in demo.waiting.get(key, []) if task not in waiting]
    for task in waiting:
        on = meeting.date - datetime.timedelta(days=demo.rng.randint(0, 5))
        complete_task(task, on=max(on, task.created_on), today=demo.today)


def _record_attendance(demo: _Demo, meeting: Meeting, key: str) -> None:
    if key not in ("steering", "project"):
        return
    entries = [
        (
            town,
            Attendance.State.EXCUSED if demo.rng.random() < 0.08 else Attendance.State.PRESENT,
            "",
        )
        for town in demo.towns.values()
    ]
    record_attendance(meeting=meeting, entries=entries, version=attendance_version(meeting))


def _around_today(demo: _Demo) -> dict[tuple[str, datetime.date], str]:
    """The meetings that set what the present shows, by (body key, day): the last
    project group at least 45 days back sets the overdue tasks, the last tourism group
    three weeks back the one a little late, the last project group before today the
    decisions for the next steering group and the tasks due soon."""
    days = demo.days
    roles = {}

    def last(key, before):
        held = [day for day, body in days if body == key and day <= before]
        return held[-1] if held else None

    for role, key, back in (
        ("overdue", "project", 45),
        ("late", "tourism", 21),
        ("prepare", "project", 1),
    ):
        day = last(key, demo.today - datetime.timedelta(days=back))
        if day is not None and day >= FIRST_NEW_DAY:
            roles.setdefault((key, day), []).append(role)
    return roles


def _record_recent(demo: _Demo, meeting: Meeting, key: str) -> None:
    roles = demo.roles.get((key, meeting.date), [])
    today = demo.today
    towns = demo.towns

    def task(title, owner, due):
        return TaskDraft(title=title, owner=owner, due=due)

    if "overdue" in roles:
        record_outcome(
            meeting=meeting,
            text="Online-Stadtplan: Die Geodaten der Kommunen werden zusammengeführt; "
            "es fehlen noch Brandis und Belgershain",
            measures=[demo.measures["Online-Stadtplan"]],
            tasks=[
                task(
                    "Geodaten (Straßen, öffentliche Einrichtungen) für den Online-Stadtplan "
                    "liefern",
                    towns["Brandis"],
                    Due.on_day(today - datetime.timedelta(days=38)),
                )
            ],
        )
        record_outcome(
            meeting=meeting,
            text="Bürgerwerkstatt: Die Kommunen benennen je eine Ansprechperson",
            tasks=[
                task(
                    "Ansprechperson für die Bürgerwerkstatt benennen",
                    towns["Belgershain"],
                    Due.on_day(today - datetime.timedelta(days=4)),
                )
            ],
        )
    if "late" in roles:
        record_outcome(
            meeting=meeting,
            text="Rad- und Wanderwegekonzept: Beschilderung der Parthe-Route in Machern "
            "wird mit dem Tourismusverein abgestimmt",
            measures=[demo.measures["Rad- und Wanderwegekonzept"]],
            tasks=[
                task(
                    "Beschilderungsplan für Machern mit dem Tourismusverein abstimmen",
                    towns["Machern"],
                    Due.on_day(today - datetime.timedelta(days=9)),
                )
            ],
        )
    if "prepare" in roles:
        for title, text in (
            (
                LOHN,
                "Lohnbuchhaltung: Beschlussvorlage für eine gemeinsame Abrechnungsstelle "
                "in Brandis für die Lenkungsgruppe vorbereitet",
            ),
            (
                "Klimaschutzmanagement",
                "Klimaschutzmanagement: Förderantrag für eine "
                "gemeinsame Stelle liegt der Lenkungsgruppe zur Entscheidung vor",
            ),
        ):
            record_outcome(
                meeting=meeting,
                kind=K.MANDATE,
                text=text,
                measures=[demo.measures[title]],
                new_status=S.DECISION_PENDING,
                tasks=[
                    task(
                        f"Beschlussvorlage „{title}“ an die Lenkungsgruppe versenden",
                        demo.support,
                        Due.by_next_meeting_of(demo.bodies["steering"]),
                    )
                ],
            )
            demo.status[title] = S.DECISION_PENDING
        soon = [
            (
                "Gemeinsame Stellenbörse",
                "Stellenangebote zum Jahreswechsel für die Stellenbörse melden",
                "Brandis",
                6,
            ),
            (
                GEWERBEAMT,
                "Fallzahlen Gewerbe des laufenden Jahres an Naunhof melden",
                "Borsdorf",
                10,
            ),
            (
                "Vernetzte Fachkräfteausbildung",
                "Ausbildungsplätze für den Azubi-Tag melden",
                "Parthenstein",
                13,
            ),
            (
                GEWERBEAMT,
                "Entwurf einer Beitrittsvereinbarung Gewerbeamt für Brandis vorbereiten",
                "Naunhof",
                12,
            ),
        ]
        # One result per measure, with all its next steps.
        steps: dict[str, list[TaskDraft]] = {}
        for title, task_title, town, days in soon:
            due = Due.on_day(today + datetime.timedelta(days=days))
            steps.setdefault(title, []).append(task(task_title, towns[town], due))
        for title, tasks in steps.items():
            record_outcome(
                meeting=meeting,
                text=f"{title}: nächste Schritte vereinbart",
                measures=[demo.measures[title]],
                tasks=tasks,
            )


def _pending_topics(demo: _Demo, key: str) -> list[tuple[str, tuple[str, ...]]]:
    """The decisions the next steering group is to take, once, on its agenda."""
    if key != "steering" or demo.pending_set:
        return []
    demo.pending_set = True
    pending = sorted(title for title, status in demo.status.items() if status == S.DECISION_PENDING)
    return [(f"Beschluss: {title}", (title,)) for title in pending]


def _set_decision_dates(demo: _Demo) -> None:
    """The decisions pending are due at the next steering group."""
    following = (
        Meeting.objects.filter(body=demo.bodies["steering"], date__gte=demo.today)
        .order_by("date")
        .first()
    )
    if following is None:
        return
    for title, status in sorted(demo.status.items()):
        if status != S.DECISION_PENDING:
            continue
        measure = Measure.objects.get(pk=demo.measures[title].pk)
        edit_measure(
            measure,
            version=current_version(measure),
            municipalities=list(measure.municipalities.all()),
            decision_due=following.date,
        )


def _quarters(today: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    """The last ``ISSUED_REPORTS`` whole quarters that end before the last full month
    (which stays free for a coordinator's own report), oldest first."""
    last_full_month = add_months(today, -1)
    end = datetime.date(last_full_month.year, 3 * ((last_full_month.month - 1) // 3) + 1, 1)
    quarters = []
    while len(quarters) < ISSUED_REPORTS:
        start = add_months(end, -3)
        if start <= SEED_END:
            break
        quarters.append((start, end - datetime.timedelta(days=1)))
        end = start
    return quarters[::-1]


def _add_reports(demo: _Demo) -> list[str]:
    """The seed's report and the quarterly reports issued, each dated a little after
    its period and issued on that day; the latest one public."""
    reports = list(
        StatusReport.objects.filter(cooperation=demo.cooperation, state=StatusReport.State.DRAFT)
    )
    for start, end in _quarters(demo.today):
        report_date = min(
            end + datetime.timedelta(days=demo.rng.randint(8, 15)),
            demo.today - datetime.timedelta(days=1),
        )
        reports.append(
            start_report(
                cooperation=demo.cooperation,
                period_start=start,
                period_end=end,
                report_date=report_date,
                template=StatusReport.Template.FULL,
            )
        )
    stored: list[str] = []
    try:
        for report in reports:
            issued = issue_report(report=report)
            stored.extend(issued.files.values_list("file", flat=True))
            # Issued on its report date, as the coordinator would have: the clock of the
            # machine building the demo is no part of it.
            issued.issued_at = datetime.datetime.combine(
                issued.report_date, datetime.time(10, 0), tzinfo=BERLIN
            )
            issued.save(update_fields=["issued_at"])
        if len(reports) > 1:
            # The latest quarterly report is published, as a cooperation that reports
            # openly would.
            publish_report(reports[-1], public=True)
    except BaseException:
        storage = ReportFile._meta.get_field("file").storage
        for name in stored:
            storage.delete(name)
        raise
    return stored
