"""Synthetic data at scale: ``ikz generate --scale N [--seed S]``.

Scale N is N cooperations, each shaped like the Partheland over five years. With the
real shape (``SHAPE``) it creates per cooperation, in this order:

1. one Cooperation; its name, slug, colours and website are a function of its number;
2. 7 Municipalities with AGS ``99ccc0m0`` (Land code 99, which no real municipality
   has, so generated keys never meet real ones; ``ccc`` the cooperation's number),
   population with its reference date, each a member from the first day;
3. 5 Bodies (Lenkungsgruppe, Projektleitungsgruppe, two Arbeitsgruppen,
   Bürgerwerkstatt), 4 Partners and about 40 People with German names, roles and an
   e-mail address under ``.example`` (a reserved domain: nothing generated can reach
   a real mailbox), each of one municipality or partner, members of the bodies;
4. 7 Fields of action and 50 Measures, some with sub-measures;
5. about 300 Meetings over five years, numbered per body, placed in the member
   municipalities: held before the present month (a few cancelled), planned or
   invited from it on, public and internal mixed;
6. about 10 AgendaItems per meeting that is not cancelled, and about 11 Outcomes per
   held meeting (all four kinds, some without topic), linked to measures; the
   outcomes that change a measure's status (about 6 changes per measure, forward
   only) are recorded through ``record_outcome``, the only way from a result to a
   StatusChange; the Leitbild adopted by one of them (MissionStatement);
7. 1,000 Tasks, most arising from outcomes, owned by people, municipalities or
   bodies, due by day, month, quarter or meeting, open, in progress, done (with the
   day) or cancelled;
8. 3 Agreements with their steps, checklist and cost model (items, case numbers,
   status-quo costs), 4 FundingPrograms (shared by all cooperations) and 4
   FundingApplications;
9. 25 StatusReports on whole months that do not overlap, the last 6 of them (a
   year's) issued through ``issue_report`` with their snapshot and five files, the
   older ones drafts. Issuing renders every format, about 1.7 s per report on two
   cores (the PDF most of it): all 25 would make scale 1 take about 50 s and scale 30
   over 20 minutes; 6 keep scale 30 at about 5 minutes.

The large tables (meetings, agenda items, outcomes, their measure links, tasks) are
bulk-inserted with their history rows (``bulk_create_with_history``: every domain model
keeps its history, generated or not), built so that ``full_clean()`` passes;
everything else goes through the domain functions or ``full_clean()`` and ``save()``.

Deterministic: each cooperation draws from its own generator, seeded with (seed,
cooperation number), and every installation-wide unique value (name, slug, AGS) is a
function of the number, so cooperation 1 is the same at every scale. The present is
the first day of the month of ``today``: data generated in the same month is the same.
"""

import datetime
import random
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from ikz.agreements.models import (
    Agreement,
    AgreementStep,
    CaseCount,
    ChecklistItem,
    CostItem,
    CostModel,
    StatusQuoCost,
)
from ikz.core.domain import (
    add_body,
    add_member,
    add_municipality,
    add_partner,
    add_person,
    create_cooperation,
    save_validated,
)
from ikz.core.models import (
    Body,
    Cooperation,
    Membership,
    MissionStatement,
    Municipality,
    Partner,
    Person,
)
from ikz.core.months import month_end, quarter_end, quarter_of, quarter_start
from ikz.measures.domain import add_field_of_action, add_measure
from ikz.measures.models import (
    AllocationKey,
    FundingApplication,
    FundingProgram,
    Measure,
    MeasureStatus,
    Task,
)
from ikz.meetings.domain import record_outcome
from ikz.meetings.models import AgendaItem, Attendance, Meeting, Outcome
from ikz.reports.drafts import start_report
from ikz.reports.issuing import issue_report
from ikz.reports.models import ReportFile, StatusReport

# The AGS holds the cooperation's number in three digits.
MAX_SCALE = 999
BATCH = 500

# The steps of one cooperation, for a progress bar.
STEPS = {
    "base": gettext_lazy("municipalities, bodies and people"),
    "portfolio": gettext_lazy("fields of action and measures"),
    "meetings": gettext_lazy("meetings and agenda items"),
    "outcomes": gettext_lazy("results and status changes"),
    "tasks": gettext_lazy("tasks"),
    "agreements": gettext_lazy("agreements and funding"),
    "reports": gettext_lazy("status reports"),
}


@dataclass(frozen=True)
class Shape:
    """How much one cooperation holds. The command always uses ``SHAPE``; tests pass a
    smaller one."""

    years: int = 5
    future_months: int = 6  # of the years, how many lie ahead of the present
    meeting_rate: float = 1.0  # times each body's meetings per year
    agenda_items: tuple[int, int] = (8, 13)
    outcomes: tuple[int, int] = (8, 14)
    measures: int = 50
    tasks: int = 1000
    agreements: int = 3
    applications: int = 4
    reports: int = 25
    issued: int = 6


SHAPE = Shape()

S = MeasureStatus
K = Outcome.Kind

# key, name, kind, meetings per year, start and end time, description
BODIES = [
    (
        "steering",
        "Lenkungsgruppe",
        Body.Kind.STEERING_GROUP,
        10,
        (17, 0, 19, 0),
        "Die Bürgermeisterinnen und Bürgermeister der Mitgliedskommunen.",
    ),
    (
        "project",
        "Projektleitungsgruppe",
        Body.Kind.PROJECT_GROUP,
        18,
        (9, 30, 12, 0),
        "Die Hauptamtsleitungen der Mitgliedskommunen und die Prozessbegleitung.",
    ),
    (
        "admin",
        "Arbeitsgruppe Verwaltung und Personal",
        Body.Kind.WORKING_GROUP,
        14,
        (13, 0, 15, 30),
        "Fachleute der Verwaltungen für Personal Sharing und gemeinsame Ämter.",
    ),
    (
        "economy",
        "Arbeitsgruppe Wirtschaft, Tourismus und Kultur",
        Body.Kind.WORKING_GROUP,
        14,
        (14, 0, 16, 0),
        "Wirtschaftsförderung, Tourismus und Kultur der Mitgliedskommunen mit den Partnern.",
    ),
    (
        "citizens",
        "Bürgerwerkstatt",
        Body.Kind.CITIZEN_WORKSHOP,
        4,
        (18, 0, 20, 30),
        "Offene Werkstatt für Bürgerinnen und Bürger der Region.",
    ),
]
SUBJECT = {
    "steering": "Die Lenkungsgruppe",
    "project": "Die Projektleitungsgruppe",
    "admin": "Die Arbeitsgruppe",
    "economy": "Die Arbeitsgruppe",
    "citizens": "Die Bürgerwerkstatt",
}
DECIDES = {
    "steering": "beschließt",
    "project": "beschließt",
    "admin": "verständigt sich auf",
    "economy": "verständigt sich auf",
    "citizens": "empfiehlt",
}
PUBLIC_SHARE = {"steering": 0.5, "project": 0.3, "admin": 0.2, "economy": 0.2, "citizens": 1.0}

REGION_STEMS = (
    "Mulden Elster Pleißen Wyhra Zschopau Flöha Röder Spree Neiße Havel Saale Unstrut Ilm "
    "Werra Lahn Nahe Lippe Aller Leine Oker Bode Selke Wipper Helme Orla Schwarza Weida "
    "Sprotte Jahna Triebisch"
).split()
REGION_SUFFIXES = "tal land aue grund höhe bogen winkel kreis".split()
DISTRICTS = (
    "Mittelsachsen Nordsachsen Bautzen Görlitz Zwickau Meißen Erzgebirgskreis "
    "Vogtlandkreis Leipzig Elbe-Elster Spree-Neiße"
).split()
PALETTE = [
    ("#2E6B30", "#E9F2E4"),
    ("#1F5F8B", "#E3EEF6"),
    ("#8B3A1F", "#F6E9E3"),
    ("#5B3F8C", "#EEE8F6"),
    ("#7A6A12", "#F5F1DC"),
    ("#136F63", "#DFF2EF"),
]
PLACE_PREFIXES = ["", "", "", "", "Groß", "Klein", "Ober", "Nieder", "Alt", "Neu", "Bad "]
PLACE_STEMS = (
    "Linden Birken Eichen Espen Mühl Wald Berg Rosen Falken Hirsch Kirch Stein Wolfs "
    "Brunn Hasel Erlen Tann Sonnen Wiesen Kranich Buchen Fichten Otter Reh"
).split()
PLACE_SUFFIXES = "dorf hausen bach feld hain au stedt rode walde born thal heim witz".split()
FEMALE = (
    "Anna Katrin Sabine Petra Claudia Susanne Andrea Nicole Julia Stefanie Kerstin Birgit "
    "Heike Sandra Franziska Maria Christine Ulrike Doreen Manuela"
).split()
MALE = (
    "Thomas Michael Andreas Frank Jens Uwe Steffen Matthias Stefan Ralf Torsten Holger "
    "Jörg Dirk Sven Tobias Christian Markus Daniel Peter"
).split()
SURNAMES = (
    "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer "
    "Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger "
    "Hofmann Hartmann Lange Schmitt Werner Krause Lehmann Köhler Herrmann König Walter "
    "Mayer Fuchs Kaiser Lang Weiß Peters Scholz Möller Jung Hahn Vogel Friedrich Keller "
    "Günther Berger Winkler Roth Beck Lorenz Baumann Franke Albrecht Ludwig Böhm Winter "
    "Kraus Schumann Seidel Voigt Ziegler"
).split()
# (female, male) role, the body the person sits in
MUNICIPAL_ROLES = [
    (("Bürgermeisterin", "Bürgermeister"), "steering"),
    (("Hauptamtsleiterin", "Hauptamtsleiter"), "project"),
    (
        [
            ("Leiterin Ordnungsamt", "Leiter Ordnungsamt"),
            ("Kämmerin", "Kämmerer"),
            ("Personalreferentin", "Personalreferent"),
            ("Sachbearbeiterin Meldewesen", "Sachbearbeiter Meldewesen"),
        ],
        "admin",
    ),
    (
        [
            ("Wirtschaftsförderin", "Wirtschaftsförderer"),
            ("Tourismusbeauftragte", "Tourismusbeauftragter"),
            ("Kulturamtsleiterin", "Kulturamtsleiter"),
        ],
        "economy",
    ),
    (("Gemeinderätin", "Gemeinderat"), "citizens"),
]
CONSULTANCIES = [
    "Kommunalberatung Mitteldeutschland GmbH",
    "Büro für Regionalentwicklung GmbH",
    "Institut für Verwaltungsberatung e. V.",
    "Prozessbegleitung Sachsen GmbH",
]

# field of action: standalone measures, and families (a measure with its sub-measures)
PORTFOLIO = {
    "Verwaltung": (
        [
            "Zentralisierung Gewerbeamt",
            "Gemeinsames Standesamt",
            "Gemeinsame Vergabestelle",
            "Zentrale Bußgeldstelle",
            "Gemeinsamer Vollstreckungsdienst",
            "Zentrale Beschaffung",
            "Gemeinsame Kassenverwaltung",
        ],
        [
            (
                "Personal Sharing",
                [
                    "Personal Sharing Archiv",
                    "Personal Sharing Brandschutz/Löschhilfen",
                    "Personal Sharing Vertretungsregelung Meldewesen",
                    "Personal Sharing Forderungsmanagement",
                    "Personal Sharing SB Widerspruchsbearbeitung",
                    "Personal Sharing Lohnbuchhaltung",
                ],
            ),
            (
                "Interkommunaler Bauhof",
                ["Bauhof Winterdienst", "Bauhof Grünflächenpflege", "Bauhof Fuhrpark"],
            ),
        ],
    ),
    "Wirtschaft und Fachkräfte": (
        [
            "Gemeinsame Stellenbörse",
            "Vernetzte Fachkräfteausbildung",
            "Gewerbeflächenpool",
            "Regionale Ausbildungsmesse",
            "Unternehmerstammtisch",
            "Regionalmarke",
            "Gründerberatung",
        ],
        [
            (
                "Standortmarketing",
                ["Standortmarketing Gewerbegebiete", "Standortmarketing Fachkräfte"],
            )
        ],
    ),
    "Digitalisierung": (
        [
            "Smart Cities",
            "Online-Stadtplan",
            "Gemeinsames Bürgerportal",
            "Digitale Ratsarbeit",
            "Einführung E-Akte",
            "Open-Data-Portal",
            "Gemeinsamer IT-Dienstleister",
        ],
        [
            (
                "Breitbandausbau",
                [
                    "Breitbandausbau Gewerbegebiete",
                    "Breitbandausbau Schulen",
                    "Breitbandausbau Ortsteile",
                ],
            )
        ],
    ),
    "Tourismus": (
        [
            "Rad- und Wanderwegekonzept",
            "Gemeinsames Tourismusmarketing",
            "Regionaler Veranstaltungskalender",
            "Wasserwanderrastplätze",
            "Beschilderung Radwege",
            "Touristische Informationspunkte",
        ],
        [],
    ),
    "Kultur": (
        [
            "Einbindung Kulturserver",
            "Gemeinsamer Kultursommer",
            "Bibliotheksverbund",
            "Musikschulkooperation",
            "Heimatmuseen im Verbund",
            "Kulturpass für Jugendliche",
        ],
        [],
    ),
    "Identität und Öffentlichkeit": (
        [
            "Corporate Identity und Logo",
            "Gebührenfreie Werbung für gemeinnützige Zwecke",
            "Gemeinsames Amtsblatt",
            "Regionalportal",
            "Bürgerbeteiligung online",
        ],
        [],
    ),
    "Mobilität": (
        [
            "Bürgerbus",
            "Mitfahrbänke",
            "Radschnellweg",
            "Carsharing im ländlichen Raum",
            "Anrufsammeltaxi",
            "Mobilitätsstationen",
        ],
        [],
    ),
    "Klima und Energie": (
        [
            "Gemeinsames Energiemanagement",
            "Klimaschutzmanagement",
            "LED-Straßenbeleuchtung",
            "Photovoltaik auf kommunalen Dächern",
            "Kommunale Wärmeplanung",
        ],
        [("Klimaanpassung", ["Klimaanpassung Starkregenvorsorge", "Klimaanpassung Stadtgrün"])],
    ),
    "Bildung und Soziales": (
        [
            "Schulentwicklungsplanung",
            "Kita-Platzbörse",
            "Seniorenbeirat",
            "Jugendarbeit im Verbund",
            "Ferienbetreuung",
            "Familienportal",
        ],
        [],
    ),
}
FIELDS_PER_COOPERATION = 7

# Status paths, forward only (the weight says how common each is).
PATHS = [
    (3, [S.IDEA, S.UNDER_REVIEW, S.DECISION_PENDING, S.DECIDED, S.IN_PROGRESS, S.DONE]),
    (
        3,
        [S.IDEA, S.UNDER_REVIEW, S.DECISION_PENDING, S.DECIDED, S.IN_PROGRESS, S.ON_HOLD]
        + [S.IN_PROGRESS],
    ),
    (
        2,
        [S.IDEA, S.UNDER_REVIEW, S.ON_HOLD, S.UNDER_REVIEW, S.DECISION_PENDING, S.DECIDED]
        + [S.IN_PROGRESS],
    ),
    (1, [S.IDEA, S.UNDER_REVIEW, S.DECISION_PENDING, S.NOT_PURSUED]),
    (
        1,
        [S.IDEA, S.UNDER_REVIEW, S.DECISION_PENDING, S.DECIDED, S.IN_PROGRESS, S.ON_HOLD]
        + [S.IN_PROGRESS, S.DONE],
    ),
]
# status: the bodies that give it, the result's kind, agenda topics, result texts
STATUS_RESULTS = {
    S.IDEA: (
        ("project", "admin", "economy", "citizens"),
        K.INFORMATION,
        ["Projektidee {m}", "Neue Vorhaben: {m}"],
        [
            "{Subject} nimmt die Projektidee „{m}“ in die Maßnahmenliste auf.",
            "{m}: Die Idee wird in die Maßnahmenliste aufgenommen und weiter vertieft.",
        ],
    ),
    S.UNDER_REVIEW: (
        ("project", "admin", "economy"),
        K.MANDATE,
        ["Prüfung {m}", "Konkretisierung {m}"],
        [
            "{Subject} beauftragt die Prozessbegleitung, Aufwand und Nutzen von „{m}“ zu prüfen.",
            "{m}: Die Verwaltungen prüfen Bedarf und Kosten bis zur nächsten Sitzung.",
        ],
    ),
    S.DECISION_PENDING: (
        ("project",),
        K.INFORMATION,
        ["Prüfergebnis {m}", "Beschlussvorbereitung {m}"],
        [
            "{m}: Die Prüfung ist abgeschlossen; die Beschlussvorlage geht an die Lenkungsgruppe.",
            "{Subject} empfiehlt der Lenkungsgruppe, über „{m}“ zu entscheiden.",
        ],
    ),
    S.DECIDED: (
        ("steering",),
        K.DECISION,
        ["Beschlussvorlage {m}", "Entscheidung über {m}"],
        [
            "Die Lenkungsgruppe beschließt die Umsetzung von „{m}“.",
            "Die Lenkungsgruppe beschließt „{m}“ und beauftragt die Projektleitungsgruppe "
            "mit der Umsetzung.",
        ],
    ),
    S.NOT_PURSUED: (
        ("steering",),
        K.DECISION,
        ["Beschlussvorlage {m}", "Entscheidung über {m}"],
        [
            "Die Lenkungsgruppe beschließt, „{m}“ nicht weiterzuverfolgen.",
            "{m} wird mangels Bedarf in den Mitgliedskommunen nicht weiterverfolgt.",
        ],
    ),
    S.IN_PROGRESS: (
        ("project", "admin", "economy"),
        K.INFORMATION,
        ["Umsetzung {m}", "Start {m}"],
        [
            "{m}: Die Umsetzung hat begonnen.",
            "{Subject} nimmt den Start der Umsetzung von „{m}“ zur Kenntnis.",
        ],
    ),
    S.ON_HOLD: (
        ("steering", "project"),
        K.DEFERRAL,
        ["Zeitplan {m}", "Finanzierung {m}"],
        [
            "{m} wird bis zur Klärung der Finanzierung zurückgestellt.",
            "{Subject} stellt „{m}“ bis zum nächsten Haushaltsjahr zurück.",
        ],
    ),
    S.DONE: (
        ("steering", "project"),
        K.INFORMATION,
        ["Abschluss {m}", "Abschlussbericht {m}"],
        [
            "{m} ist abgeschlossen; {subject} dankt allen Beteiligten.",
            "{m}: Die Maßnahme ist umgesetzt und geht in den Regelbetrieb über.",
        ],
    ),
}
PROGRESS = {
    S.IDEA: 0,
    S.UNDER_REVIEW: 5,
    S.DECISION_PENDING: 10,
    S.DECIDED: 20,
    S.IN_PROGRESS: 50,
    S.ON_HOLD: 30,
    S.DONE: 100,
    S.NOT_PURSUED: 0,
}
# Topics on a measure by where it stands: an idea is examined, a decision prepared,
# a measure under way reported on.
MEASURE_TOPICS = {
    "early": [
        "Sachstand {m}",
        "Fördermöglichkeiten für {m}",
        "Projektvorstellung „{m}“ durch {partner}",
        "Abstimmung mit den Fachämtern zu {m}",
        "Bedarf in den Kommunen: {m}",
    ],
    "deciding": [
        "Kosten und Finanzierung {m}",
        "Entwurf der Zweckvereinbarung {m}",
        "Kostenmodell {m}",
        "Sachstand {m}",
    ],
    "running": ["Sachstand {m}", "Zeitplan {m}", "Weiteres Vorgehen {m}", "Erfahrungen mit {m}"],
}
PHASES = {
    S.IDEA: "early",
    S.UNDER_REVIEW: "early",
    S.DECISION_PENDING: "deciding",
    S.DECIDED: "deciding",
    S.IN_PROGRESS: "running",
    S.ON_HOLD: "running",
}
# The working group a field of action's measures go to (the others: "economy").
WORKING_GROUPS = {
    "Verwaltung": "admin",
    "Digitalisierung": "admin",
    "Bildung und Soziales": "admin",
    "Klima und Energie": "admin",
}
WORKING_GROUP_KEYS = {"admin", "economy"}
# kind, weight, texts (on a measure)
MEASURE_RESULTS = [
    (
        K.INFORMATION,
        45,
        [
            "{Subject} nimmt den Sachstand zu „{m}“ zur Kenntnis.",
            "{m}: Die Abstimmung mit den Fachämtern ist erfolgt.",
            "{m}: Die Prozessbegleitung stellt den Zwischenstand vor.",
            "{m}: Eine erste Kostenschätzung liegt vor, die Kostenfrage ist noch offen.",
        ],
    ),
    (
        K.DECISION,
        20,
        [
            "{Subject} {decides} den Zeitplan für „{m}“.",
            "{Subject} {decides} das weitere Vorgehen zu „{m}“.",
            "{Subject} {decides} die Eckpunkte der Zweckvereinbarung „{m}“.",
        ],
    ),
    (
        K.MANDATE,
        25,
        [
            "{Subject} beauftragt die Prozessbegleitung, Fördermöglichkeiten für „{m}“ zu prüfen.",
            "{m}: Förderfähigkeit prüfen.",
            "{m}: Die Verwaltungen prüfen bis zur nächsten Sitzung den Bedarf.",
        ],
    ),
    (
        K.DEFERRAL,
        10,
        [
            "Die Entscheidung über „{m}“ wird auf die nächste Sitzung vertagt.",
            "{m}: Die Beratung wird vertagt, da die Kostenschätzung noch aussteht.",
        ],
    ),
]
# topic, the bodies that have it, results (kind, text)
GENERIC_TOPICS = [
    (
        "Bericht der Prozessbegleitung",
        ("steering", "project", "admin", "economy"),
        [
            (K.INFORMATION, "Die Prozessbegleitung berichtet über den Stand aller Vorhaben."),
            (K.INFORMATION, "Der Bericht der Prozessbegleitung wird zur Kenntnis genommen."),
        ],
    ),
    (
        "Fördermittel und Antragsfristen",
        ("steering", "project", "economy"),
        [
            (K.INFORMATION, "Die Übersicht der Förderprogramme wird zur Kenntnis genommen."),
            (K.MANDATE, "Die Prozessbegleitung prüft die Antragsfristen des kommenden Jahres."),
        ],
    ),
    (
        "Öffentlichkeitsarbeit",
        ("steering", "project", "citizens"),
        [
            (K.DECISION, "{Subject} {decides} die Pressemitteilung zur Sitzung."),
            (
                K.INFORMATION,
                "Die Amtsblätter berichten in der nächsten Ausgabe über die Kooperation.",
            ),
        ],
    ),
    (
        "Haushaltsplanung {year}",
        ("steering", "project"),
        [
            (
                K.DECISION,
                "{Subject} {decides}, die Eigenanteile für {year} in allen Haushalten anzumelden.",
            ),
            (K.DEFERRAL, "Die Abstimmung der Haushaltsansätze {year} wird vertagt."),
        ],
    ),
    (
        "Terminplanung {year}",
        ("steering", "project", "admin", "economy"),
        [(K.DECISION, "{Subject} {decides} die Sitzungstermine für {year}.")],
    ),
    (
        "Vorbereitung der nächsten Lenkungsgruppe",
        ("project",),
        [(K.INFORMATION, "Die Tagesordnung der nächsten Lenkungsgruppe wird abgestimmt.")],
    ),
    (
        "Rückblick auf die Bürgerwerkstatt",
        ("steering", "project", "citizens"),
        [(K.INFORMATION, "Die Ergebnisse der Bürgerwerkstatt fließen in die Maßnahmenliste ein.")],
    ),
    (
        "Ideen aus der Bürgerschaft",
        ("citizens",),
        [
            (K.INFORMATION, "Die Teilnehmenden sammeln Ideen für gemeinsame Vorhaben."),
            (K.MANDATE, "Die Prozessbegleitung prüft die gesammelten Vorschläge."),
        ],
    ),
    (
        "Erfahrungsaustausch der Verwaltungen",
        ("admin", "economy"),
        [(K.INFORMATION, "Die Verwaltungen tauschen sich über ihre Erfahrungen aus.")],
    ),
]
OPENING = {
    "steering": "Begrüßung, Feststellung der Beschlussfähigkeit und der Tagesordnung",
    "citizens": "Begrüßung und Einführung",
}
OPENING_DEFAULT = "Begrüßung und Protokollkontrolle"
OPENING_RESULT = "Das Protokoll der letzten Sitzung wird bestätigt."
CLOSING = "Verschiedenes und nächste Termine"
CLOSING_RESULT = "Die nächste Sitzung findet am {date} in {place} statt."
LEITBILD_TOPIC = "Leitbild der Kooperation"
LEITBILD_RESULT = "Die Lenkungsgruppe beschließt das Leitbild der Kooperation „{name}“."
UNTOPICAL_RESULTS = [
    "Gebührenfreie Werbung für gemeinnützige Zwecke ist in allen Gemeinden möglich.",
    "Die Mitgliedskommunen benennen bis Monatsende ihre Ansprechpartner.",
    "Das Protokoll wird mit der Einladung zur nächsten Sitzung versandt.",
    "Die Kooperation wird beim nächsten Landkreistag vorgestellt.",
    "Die Fotos der Sitzung dürfen im Amtsblatt veröffentlicht werden.",
]
VENUES = [
    "Rathaus {place}, Ratssaal",
    "Bürgerhaus {place}",
    "Rathaus {place}",
    "Kulturhaus {place}",
]
MEETING_TITLES = {"citizens": ["", "", "Leitbild-Workshop", "Zukunftswerkstatt", "Ideenwerkstatt"]}
MEASURE_TASKS = [
    "Kostenschätzung für „{m}“ vorlegen",
    "Entwurf der Zweckvereinbarung „{m}“ erarbeiten",
    "Fördermittelantrag für „{m}“ vorbereiten",
    "Sachstand „{m}“ in der nächsten Sitzung berichten",
    "Ratsvorlage zu „{m}“ erstellen",
    "Rücksprache mit dem Landratsamt zu „{m}“ halten",
    "Bedarfsabfrage „{m}“ in den Verwaltungen durchführen",
    "Stellenprofil für „{m}“ abstimmen",
    "Angebote für „{m}“ einholen",
    "Zeitplan für „{m}“ konkretisieren",
]
GENERIC_TASKS = [
    "Protokoll der Sitzung versenden",
    "Einladung zur nächsten Lenkungsgruppe versenden",
    "Pressemitteilung vorbereiten",
    "Haushaltsmittel für {year} anmelden",
    "Ansprechpartner in den Verwaltungen benennen",
    "Termine für {year} abstimmen",
    "Beitrag für die Amtsblätter schreiben",
    "Teilnehmerliste der Bürgerwerkstatt auswerten",
]
CHECKLIST = [
    "Aufgabenkatalog mit allen Beteiligten abgestimmt",
    "Kostenmodell und Verteilungsschlüssel vereinbart",
    "Steuerliche Prüfung nach § 2b UStG",
    "Entwurf mit der Kommunalaufsicht abgestimmt",
    "Ratsbeschlüsse aller Beteiligten",
    "Veröffentlichung im Amtsblatt",
    "Stellenplan angepasst",
]
AGREEMENT_PATH = [
    Agreement.State.DESIRED,
    Agreement.State.DRAFTING,
    Agreement.State.DRAFT_AVAILABLE,
    Agreement.State.COUNCIL_RESOLUTIONS,
    Agreement.State.APPROVAL_REQUESTED,
    Agreement.State.APPROVED,
    Agreement.State.PUBLISHED,
    Agreement.State.IN_FORCE,
]
# name, funder, rate in %, maximum in €
FUNDING_PROGRAMS = [
    (
        "Förderrichtlinie Regionalentwicklung",
        "Freistaat Sachsen, Staatsministerium für Regionalentwicklung",
        "75.00",
        "500000.00",
    ),
    ("Förderrichtlinie Digitale Kommune", "Freistaat Sachsen", "80.00", "250000.00"),
    ("Programm Interkommunale Zusammenarbeit", "Bund, Förderprogramm IKZ", "90.00", "150000.00"),
    ("LEADER Ländlicher Raum", "Europäische Union, ELER", "60.00", "200000.00"),
]
# A task's state by how long ago it fell due (shares in %).
TASK_STATES_LONG_DUE = {Task.State.DONE: 89, Task.State.CANCELLED: 10, Task.State.OPEN: 1}
TASK_STATES_RECENTLY_DUE = {
    Task.State.DONE: 75,
    Task.State.CANCELLED: 5,
    Task.State.OPEN: 12,
    Task.State.IN_PROGRESS: 8,
}
TASK_STATES_NOT_DUE = {Task.State.OPEN: 55, Task.State.IN_PROGRESS: 30, Task.State.DONE: 15}
OPEN_STATES = {S.IDEA, S.UNDER_REVIEW, S.DECISION_PENDING, S.DECIDED, S.IN_PROGRESS, S.ON_HOLD}


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month ``months`` after ``day``'s."""
    years, month = divmod(day.month - 1 + months, 12)
    return datetime.date(day.year + years, month + 1, 1)


def ascii_slug(text: str) -> str:
    """German umlauts spelt out, as an address would: Großpösna → grosspoesna."""
    for umlaut, spelt in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, spelt).replace(umlaut.upper(), spelt.capitalize())
    return slugify(text)


def cooperation_name(number: int) -> str:
    """A region's name, different for every number: Muldental, Elstertal, …"""
    index = number - 1
    stem = REGION_STEMS[index % len(REGION_STEMS)]
    suffix = REGION_SUFFIXES[(index // len(REGION_STEMS)) % len(REGION_SUFFIXES)]
    rounds = index // (len(REGION_STEMS) * len(REGION_SUFFIXES))
    name = f"{stem}{suffix}"
    return f"{name} {rounds + 1}" if rounds else name


def cooperation_slug(number: int) -> str:
    return ascii_slug(cooperation_name(number))


def municipality_ags(number: int, index: int) -> str:
    """``99ccc0m0``: Land code 99, which no real municipality has."""
    return f"99{number:03d}{10 * (index + 1):03d}"


def existing(scale: int) -> str:
    """What the database holds already of the cooperations 1..``scale`` would create,
    in the user's words; empty when generating them is safe."""
    numbers = range(1, scale + 1)
    slugs = [cooperation_slug(number) for number in numbers]
    names = [cooperation_name(number) for number in numbers]
    taken = list(
        Cooperation.objects.filter(Q(slug__in=slugs) | Q(name__in=names))
        .order_by("slug")
        .values_list("slug", flat=True)
    )
    if taken:
        return _("cooperations %(slugs)s") % {"slugs": ", ".join(taken)}
    # Their municipalities alone, when someone deleted the cooperations.
    keys = list(
        Municipality.objects.filter(ags__range=(municipality_ags(1, 0), f"99{scale:03d}999"))
        .order_by("ags")
        .values_list("ags", flat=True)[:5]
    )
    if keys:
        return _("municipalities with the AGS %(keys)s") % {"keys": ", ".join(keys)}
    return ""


def generate(
    *,
    scale: int,
    seed: int = 1,
    today: datetime.date | None = None,
    shape: Shape = SHAPE,
    on_step: Callable[[int, str], None] | None = None,
) -> list[Cooperation]:
    """Create cooperations 1..``scale`` (see the module's docstring), all or nothing.

    Side effects, in one transaction: the rows of every cooperation in turn (the
    funding programmes first, shared by all, reused when they exist), and the files of
    the issued reports; when anything fails, nothing stays, the files included.
    ``on_step(number, step)`` is called as each of ``STEPS`` of each cooperation begins.
    ValidationError, with nothing written, when the scale is out of range or the
    database holds any of these cooperations or their municipalities already."""
    if not 1 <= scale <= MAX_SCALE:
        raise ValidationError(
            _("The scale is a whole number from 1 to %(max)d, not %(scale)s.")
            % {"max": MAX_SCALE, "scale": scale},
            code="scale",
        )
    as_of = (today or timezone.localdate()).replace(day=1)
    issued_files: list[str] = []
    try:
        with transaction.atomic():
            found = existing(scale)
            if found:
                raise ValidationError(
                    _(
                        "The database holds generated data already (%(found)s); ikz generate "
                        "writes only into a database without it. Nothing was changed."
                    )
                    % {"found": found},
                    code="exists",
                )
            programs = funding_programs(as_of=as_of, shape=shape)
            cooperations = []
            for number in range(1, scale + 1):
                generator = _CooperationGenerator(
                    number=number,
                    seed=seed,
                    as_of=as_of,
                    shape=shape,
                    programs=programs,
                    issued_files=issued_files,
                    on_step=on_step or (lambda number, step: None),
                )
                cooperations.append(generator.run())
    except BaseException:
        storage = ReportFile._meta.get_field("file").storage
        for name in issued_files:
            storage.delete(name)
        raise
    return cooperations


def funding_programs(*, as_of: datetime.date, shape: Shape) -> list[FundingProgram]:
    """The programmes every generated cooperation applies to; one installation has each
    once (its name is unique), so an existing one is used as it is."""
    start = add_months(as_of, -(shape.years * 12 - shape.future_months))
    programs = []
    for index, (name, funder, rate, maximum) in enumerate(FUNDING_PROGRAMS):
        program = FundingProgram.objects.filter(name=name).first()
        if program is None:
            program = save_validated(
                FundingProgram(
                    name=name,
                    funder=funder,
                    rate_percent=Decimal(rate),
                    maximum_amount=Decimal(maximum),
                    eligible_costs="Personal- und Sachkosten, externe Beratung",
                    window_start=add_months(start, 3 * index),
                    window_end=add_months(as_of, 12 + 6 * index) - datetime.timedelta(days=1),
                )
            )
        programs.append(program)
    return programs


def _bulk(model, objs: list) -> list:
    """Rows with their history rows, as saving each would leave them."""
    if not objs:
        return objs
    return bulk_create_with_history(objs, model, batch_size=BATCH)


@dataclass(eq=False)
class _MeasurePlan:
    title: str
    field_name: str
    parent: "_MeasurePlan | None"
    first_day: datetime.date
    changes: list = field(default_factory=list)  # (date, status)
    measure: Measure | None = None

    def status_before(self, day: datetime.date) -> str | None:
        latest = [status for date, status in self.changes if date < day]
        return latest[-1] if latest else None

    def active_on(self, day: datetime.date) -> bool:
        """Has a status on ``day``, and not a closed one reached before it."""
        if not self.changes or self.changes[0][0] > day:
            return False
        status = self.status_before(day)
        return status is None or status in OPEN_STATES

    def discussed_by(self, body_key: str) -> bool:
        """Every joint body deals with any measure; a working group with its fields."""
        group = WORKING_GROUPS.get(self.field_name, "economy")
        return body_key not in WORKING_GROUP_KEYS or body_key == group


@dataclass(eq=False)
class _Topic:
    title: str
    plan: _MeasurePlan | None = None
    status: str | None = None
    results: list | None = None  # generic topics: (kind, text) to choose from
    is_public: bool = True
    presenter: object | None = None
    role: str | None = None  # "opening", "closing" or None
    item: AgendaItem | None = None


@dataclass(eq=False)
class _Result:
    topic: _Topic | None
    kind: str
    text: str
    plan: _MeasurePlan | None = None
    status: str | None = None
    is_public: bool = True
    mission: bool = False
    outcome: Outcome | None = None


class _CooperationGenerator:
    """One cooperation, drawn from its own random generator."""

    def __init__(self, *, number, seed, as_of, shape, programs, issued_files, on_step):
        self.number = number
        # A string seed is hashed (SHA-512), the same in every process and on every
        # platform; the number makes each cooperation's stream its own.
        self.rng = random.Random(f"ikz-generate:{seed}:{number}")
        # A stream of its own, so that the attendance leaves every other draw as it was.
        self.attendance_rng = random.Random(f"ikz-generate:{seed}:{number}:attendance")
        self.as_of = as_of
        self.shape = shape
        self.programs = programs
        self.issued_files = issued_files
        self.on_step = on_step
        self.start = add_months(as_of, -(shape.years * 12 - shape.future_months))
        self.end = add_months(as_of, shape.future_months)  # exclusive
        self.name = cooperation_name(number)
        self.slug = cooperation_slug(number)

    def run(self) -> Cooperation:
        self.on_step(self.number, "base")
        self.base()
        self.on_step(self.number, "portfolio")
        self.portfolio()
        planned = self.plan_meetings()
        held = [meeting for meeting in planned if meeting.state == Meeting.State.HELD]
        self.status_events = self.plan_statuses(held)
        self.create_measures()
        self.on_step(self.number, "meetings")
        self.save_meetings(planned)
        self.agendas()
        self.attendance()
        self.on_step(self.number, "outcomes")
        self.outcomes()
        self.on_step(self.number, "tasks")
        self.tasks()
        self.on_step(self.number, "agreements")
        self.agreements()
        self.funding()
        self.on_step(self.number, "reports")
        self.reports()
        return self.cooperation

    # 1–3: the cooperation, its members, bodies, partners, people ------------------

    def base(self) -> None:
        rng = self.rng
        primary, secondary = PALETTE[(self.number - 1) % len(PALETTE)]
        district = DISTRICTS[(self.number - 1) % len(DISTRICTS)]
        self.cooperation = create_cooperation(
            name=self.name,
            slug=self.slug,
            report_title=(
                "Steuerung und Begleitung des Kooperationsprozesses einer interkommunalen "
                f"Zusammenarbeit in der Region „{self.name}“"
            ),
            region=district if district.endswith("kreis") else f"Landkreis {district}",
            website=f"https://www.{self.slug}.example",
            primary_colour=primary,
            secondary_colour=secondary,
        )
        population_date = datetime.date(self.start.year - 1, 12, 31)
        self.population_date = population_date
        self.municipalities = []
        names = set()
        while len(names) < 7:
            prefix = rng.choice(PLACE_PREFIXES)
            stem = rng.choice(PLACE_STEMS)
            stem = stem.lower() if prefix and not prefix.endswith(" ") else stem
            name = f"{prefix}{stem}{rng.choice(PLACE_SUFFIXES)}"
            if name in names:
                continue
            names.add(name)
            index = len(self.municipalities)
            town = rng.random() < 0.4
            municipality = add_municipality(
                name=name,
                kind=Municipality.Kind.TOWN if town else Municipality.Kind.MUNICIPALITY,
                ags=municipality_ags(self.number, index),
                population=rng.randint(6000, 16000) if town else rng.randint(1800, 7000),
                population_date=population_date,
                population_source="Statistisches Landesamt (synthetische Daten)",
                area_km2=Decimal(rng.randint(1200, 6000)) / 100,
                website=f"https://www.{ascii_slug(name)}.{self.slug}.example",
            )
            add_member(
                cooperation=self.cooperation, municipality=municipality, joined_on=self.start
            )
            self.municipalities.append(municipality)

        self.bodies = {}
        for key, name, kind, _per_year, _times, description in BODIES:
            self.bodies[key] = add_body(
                cooperation=self.cooperation, name=name, kind=kind, description=description
            )
        consultancy = add_partner(
            cooperation=self.cooperation,
            name=rng.choice(CONSULTANCIES),
            kind=Partner.Kind.CONSULTANCY,
        )
        association = add_partner(
            cooperation=self.cooperation,
            name=f"Tourismusverein {self.name}",
            kind=Partner.Kind.ASSOCIATION,
        )
        authority = add_partner(
            cooperation=self.cooperation,
            name=f"Landratsamt {district}",
            kind=Partner.Kind.AUTHORITY,
        )
        company = add_partner(
            cooperation=self.cooperation,
            name=f"Wirtschaftsförderung {self.name} GmbH",
            kind=Partner.Kind.COMPANY,
        )
        self.consultancy = consultancy
        self.partners = [consultancy, association, authority, company]

        self.emails = set()
        self.members = defaultdict(list)  # body key -> people
        self.people = []
        for municipality in self.municipalities:
            for roles, body_key in MUNICIPAL_ROLES:
                pair = rng.choice(roles) if isinstance(roles, list) else roles
                if body_key == "citizens" and municipality.kind == Municipality.Kind.TOWN:
                    pair = ("Stadträtin", "Stadtrat")
                chair = body_key == "steering" and municipality is self.municipalities[0]
                self.person(pair, body_key, municipality=municipality, chair=chair)
        self.person(
            ("Projektleiterin Prozessbegleitung", "Projektleiter Prozessbegleitung"),
            "project",
            partner=consultancy,
            chair=True,
            guest_of=["steering", "admin", "economy"],
        )
        self.person(("Moderatorin", "Moderator"), "citizens", partner=consultancy, chair=True)
        self.person(("Geschäftsführerin", "Geschäftsführer"), "economy", partner=association)
        self.person(
            ("Sachgebietsleiterin Kommunalaufsicht", "Sachgebietsleiter Kommunalaufsicht"),
            "steering",
            partner=authority,
            guest=True,
        )
        self.person(("Projektmanagerin", "Projektmanager"), "economy", partner=company)

    def person(
        self,
        roles,
        body_key,
        *,
        municipality=None,
        partner=None,
        chair=False,
        guest=False,
        guest_of=(),
    ) -> Person:
        rng = self.rng
        female = rng.random() < 0.5
        first = rng.choice(FEMALE if female else MALE)
        last = rng.choice(SURNAMES)
        organisation = ascii_slug((municipality or partner).name)
        local = f"{ascii_slug(first)}.{ascii_slug(last)}"
        email = f"{local}@{organisation}.{self.slug}.example"
        suffix = 2
        while email in self.emails:
            email = f"{local}{suffix}@{organisation}.{self.slug}.example"
            suffix += 1
        self.emails.add(email)
        person = add_person(
            cooperation=self.cooperation,
            role=roles[0] if female else roles[1],
            name=f"{first} {last}",
            email=email,
            municipality=municipality,
            partner=partner,
        )
        role = Membership.Role.CHAIR if chair else Membership.Role.MEMBER
        if guest:
            role = Membership.Role.GUEST
        save_validated(
            Membership(body=self.bodies[body_key], person=person, role=role, start=self.start)
        )
        for other in guest_of:
            save_validated(
                Membership(
                    body=self.bodies[other],
                    person=person,
                    role=Membership.Role.GUEST,
                    start=self.start,
                )
            )
        self.members[body_key].append(person)
        self.people.append(person)
        return person

    # 4: fields of action and measures, with their planned status paths -------------

    def portfolio(self) -> None:
        rng = self.rng
        chosen = sorted(rng.sample(range(len(PORTFOLIO)), FIELDS_PER_COOPERATION))
        field_names = [list(PORTFOLIO)[index] for index in chosen]
        queues = {}
        for name in field_names:
            standalone, families = PORTFOLIO[name]
            entries = [(title, []) for title in standalone] + list(families)
            rng.shuffle(entries)
            queues[name] = entries
        past_days = (self.as_of - self.start).days
        plans: list[_MeasurePlan] = []
        while len(plans) < self.shape.measures and any(queues.values()):
            for name in field_names:
                if not queues[name] or len(plans) >= self.shape.measures:
                    continue
                title, children = queues[name].pop(0)
                first_day = self.start + datetime.timedelta(
                    days=rng.randint(0, int(past_days * 0.65))
                )
                parent = _MeasurePlan(title, name, None, first_day)
                plans.append(parent)
                room = self.shape.measures - len(plans)
                if children and room > 0:
                    count = min(rng.randint(2, len(children)), room)
                    for child in children[:count]:
                        later = first_day + datetime.timedelta(days=rng.randint(30, 200))
                        plans.append(_MeasurePlan(child, name, parent, later))
        self.plans = plans
        self.field_names = field_names

    def plan_statuses(self, held: list[Meeting]) -> dict[int, list]:
        """Each measure's path through the held meetings: one status per meeting of a
        body that gives it, forward in time. Meeting position → [(plan, status)]."""
        rng = self.rng
        events = defaultdict(list)
        weights = [weight for weight, _path in PATHS]
        stretch = self.shape.years / 5
        for plan in self.plans:
            path = rng.choices([path for _weight, path in PATHS], weights)[0]
            day, last = plan.first_day, -1
            for status in path:
                bodies = STATUS_RESULTS[status][0]
                position = next(
                    (
                        index
                        for index in range(last + 1, len(held))
                        if held[index].date >= day
                        and held[index].body_key in bodies
                        and plan.discussed_by(held[index].body_key)
                    ),
                    None,
                )
                if position is None:
                    break
                events[position].append((plan, status))
                plan.changes.append((held[position].date, status))
                last = position
                day = held[position].date + datetime.timedelta(
                    days=int(rng.randint(30, 150) * stretch)
                )
        return events

    def create_measures(self) -> None:
        rng = self.rng
        fields = {}
        for order, name in enumerate(self.field_names, start=1):
            fields[name] = add_field_of_action(cooperation=self.cooperation, name=name, order=order)
        for plan in self.plans:
            final = plan.changes[-1][1] if plan.changes else None
            decided = next((date for date, status in plan.changes if status == S.DECIDED), None)
            planned_start = (
                decided + datetime.timedelta(days=rng.randint(14, 90)) if decided else None
            )
            members = (
                list(self.municipalities)
                if rng.random() < 0.5
                else rng.sample(self.municipalities, rng.randint(3, 6))
            )
            progress = PROGRESS.get(final, 0)
            if final == S.IN_PROGRESS:
                progress = rng.randint(2, 9) * 10
            decision_due = None
            if final == S.DECISION_PENDING:
                decision_due = plan.changes[-1][0] + datetime.timedelta(days=rng.randint(45, 120))
            plan.measure = add_measure(
                cooperation=self.cooperation,
                title=plan.title,
                field_of_action=fields[plan.field_name],
                parent=plan.parent.measure if plan.parent else None,
                description=f"Gemeinsames Vorhaben der Mitgliedskommunen: {plan.title}.",
                lead_municipality=rng.choice(members) if rng.random() < 0.6 else None,
                is_public=rng.random() < 0.8,
                planned_start=planned_start,
                planned_end=planned_start + datetime.timedelta(days=rng.randint(180, 720))
                if planned_start
                else None,
                decision_due=decision_due,
                progress=progress,
                municipalities=members,
            )

    # 5–6: meetings, agendas, results --------------------------------------------

    def plan_meetings(self) -> list[Meeting]:
        """Each body's meetings spread evenly over the years, unsaved, in date order."""
        rng = self.rng
        total_days = (self.end - self.start).days
        meetings = []
        for body_index, (key, _name, _kind, per_year, times, _description) in enumerate(BODIES):
            count = max(1, round(per_year * self.shape.years * self.shape.meeting_rate))
            slot = total_days / count
            for index in range(count):
                offset = int(index * slot) + rng.randint(0, max(0, int(slot) - 5))
                date = self.start + datetime.timedelta(days=offset)
                while date.weekday() > 3:  # Monday to Thursday
                    date += datetime.timedelta(days=1)
                if date >= self.end:
                    break
                if date < self.as_of:
                    state = Meeting.State.CANCELLED if rng.random() < 0.06 else Meeting.State.HELD
                elif (date - self.as_of).days < 30:
                    state = Meeting.State.INVITED
                else:
                    state = Meeting.State.PLANNED
                place = (
                    self.municipalities[(index + body_index) % len(self.municipalities)]
                    if key in ("steering", "project")
                    else rng.choice(self.municipalities)
                )
                title = rng.choice(MEETING_TITLES.get(key, [""]))
                meeting = Meeting(
                    body=self.bodies[key],
                    title=title,
                    date=date,
                    start_time=datetime.time(times[0], times[1]),
                    end_time=datetime.time(times[2], times[3]),
                    location=place,
                    venue=rng.choice(VENUES).format(place=place.name) if rng.random() < 0.7 else "",
                    state=state,
                    is_public=rng.random() < PUBLIC_SHARE[key],
                )
                meeting.body_key = key
                meeting.body_index = body_index
                meetings.append(meeting)
        meetings.sort(key=lambda meeting: (meeting.date, meeting.body_index))
        numbers = defaultdict(int)
        for meeting in meetings:
            if meeting.state != Meeting.State.CANCELLED:
                numbers[meeting.body_key] += 1
                meeting.number = numbers[meeting.body_key]
        return meetings

    def save_meetings(self, meetings: list[Meeting]) -> None:
        # Saving loses the planning attributes; they are kept beside the rows.
        keys = [(meeting.body_key, meeting.body_index) for meeting in meetings]
        meetings = _bulk(Meeting, meetings)
        for meeting, (key, body_index) in zip(meetings, keys, strict=True):
            meeting.body_key, meeting.body_index = key, body_index
        self.all_meetings = meetings
        self.held = [meeting for meeting in meetings if meeting.state == Meeting.State.HELD]
        self.by_body = defaultdict(list)
        for meeting in meetings:
            if meeting.state != Meeting.State.CANCELLED:
                self.by_body[meeting.body_key].append(meeting)

    def next_meeting(self, body_key: str, after: datetime.date) -> Meeting | None:
        meetings = self.by_body[body_key]
        index = bisect_right([meeting.date for meeting in meetings], after)
        return meetings[index] if index < len(meetings) else None

    def agendas(self) -> None:
        leitbild_day = self.start + (self.as_of - self.start) * 0.15
        self.leitbild_meeting = next(
            (m for m in self.held if m.body_key == "steering" and m.date >= leitbild_day), None
        )
        self.topics = {}
        items, links = [], []
        held_position = {meeting.pk: index for index, meeting in enumerate(self.held)}
        for meeting in self.all_meetings:
            if meeting.state == Meeting.State.CANCELLED:
                continue
            events = self.status_events.get(held_position.get(meeting.pk), [])
            topics = self.plan_agenda(meeting, events)
            self.topics[meeting.pk] = topics
            for order, topic in enumerate(topics, start=1):
                topic.item = AgendaItem(
                    meeting=meeting,
                    order=order,
                    number=str(order),
                    title=topic.title,
                    is_public=topic.is_public,
                    presenter_person=topic.presenter
                    if isinstance(topic.presenter, Person)
                    else None,
                    presenter_partner=topic.presenter
                    if isinstance(topic.presenter, Partner)
                    else None,
                )
                items.append(topic.item)
        _bulk(AgendaItem, items)
        for topics in self.topics.values():
            for topic in topics:
                if topic.plan is not None:
                    links.append(
                        AgendaItem.measures.through(
                            agendaitem_id=topic.item.pk, measure_id=topic.plan.measure.pk
                        )
                    )
        AgendaItem.measures.through.objects.bulk_create(links, batch_size=BATCH)

    def attendance(self) -> None:
        """Who attended each held meeting: every member municipality, mostly present,
        now and then excused."""
        rows = [
            Attendance(
                meeting=meeting,
                municipality=municipality,
                state=Attendance.State.PRESENT
                if self.attendance_rng.random() < 0.9
                else Attendance.State.EXCUSED,
            )
            for meeting in self.held
            for municipality in self.municipalities
        ]
        _bulk(Attendance, rows)

    def plan_agenda(self, meeting: Meeting, events: list) -> list[_Topic]:
        rng = self.rng
        key = meeting.body_key
        words = self.words(meeting)
        topics = [_Topic(OPENING.get(key, OPENING_DEFAULT), role="opening")]
        for plan, status in events:
            title = rng.choice(STATUS_RESULTS[status][2]).format(m=plan.title)
            topics.append(_Topic(title, plan=plan, status=status, presenter=self.presenter(key)))
        if meeting is self.leitbild_meeting:
            topics.append(_Topic(LEITBILD_TOPIC, results=[(K.DECISION, LEITBILD_RESULT)]))
        wanted = rng.randint(*self.shape.agenda_items)
        generic = [topic for topic in GENERIC_TOPICS if key in topic[1]]
        for title, _bodies, results in rng.sample(generic, min(len(generic), rng.randint(1, 3))):
            topics.append(_Topic(title.format(**words), results=results))
        day = min(meeting.date, self.as_of)
        busy = {plan for plan, _status in events}
        active = [
            plan
            for plan in self.plans
            if plan not in busy and plan.active_on(day) and plan.discussed_by(key)
        ]
        room = max(0, wanted - len(topics) - 1)
        for plan in rng.sample(active, min(room, len(active))):
            # A measure whose first status is recorded on this very day counts as an idea.
            phase = PHASES[plan.status_before(day) or S.IDEA]
            title = rng.choice(MEASURE_TOPICS[phase]).format(
                m=plan.title, partner=self.consultancy.name
            )
            presenter = self.consultancy if "durch" in title else self.presenter(key)
            topics.append(_Topic(title, plan=plan, presenter=presenter))
        # The opening first and the closing last; what lies between in a mixed order.
        middle = topics[1:]
        rng.shuffle(middle)
        for topic in middle:
            topic.is_public = rng.random() < 0.9
        return [topics[0], *middle, _Topic(CLOSING, role="closing")]

    def presenter(self, body_key: str):
        draw = self.rng.random()
        if draw < 0.3:
            return self.rng.choice(self.members[body_key])
        if draw < 0.4:
            return self.consultancy
        return None

    def words(self, meeting: Meeting) -> dict:
        key = meeting.body_key
        return {
            "Subject": SUBJECT[key],
            "subject": SUBJECT[key][0].lower() + SUBJECT[key][1:],
            "decides": DECIDES[key],
            "year": meeting.date.year + 1,
            "name": self.name,
        }

    def plan_results(self, meeting: Meeting) -> list[_Result]:
        """About ``Shape.outcomes`` results in the agenda's order: one per status topic,
        one on most other topics, a second on some measure topics, at most one
        without a topic; no text twice in a meeting."""
        rng = self.rng
        topics = self.topics[meeting.pk]
        words = self.words(meeting)
        per_topic = defaultdict(list)
        used = set()
        for topic in topics:
            if topic.status:
                _bodies, kind, _titles, texts = STATUS_RESULTS[topic.status]
                text = rng.choice(texts).format(m=topic.plan.title, **words)
                used.add(text)
                per_topic[id(topic)].append(
                    _Result(topic, kind, text, topic.plan, topic.status, topic.is_public)
                )
        room = max(0, rng.randint(*self.shape.outcomes) - len(per_topic))
        untopical = 1 if room and rng.random() < 0.5 else 0
        room -= untopical
        candidates = [topic for topic in topics if not topic.status and topic.role != "opening"]
        chosen = candidates if room >= len(candidates) else rng.sample(candidates, room)
        seconds = [topic for topic in candidates if topic.plan is not None]
        if seconds:
            chosen = chosen + [rng.choice(seconds) for _n in range(room - len(chosen))]
        if rng.random() < 0.3:
            chosen.append(topics[0])
        for topic in chosen:
            result = self.result(meeting, topic, words, used)
            if result is not None:
                used.add(result.text)
                per_topic[id(topic)].append(result)
        results = [result for topic in topics for result in per_topic[id(topic)]]
        if untopical:
            text = rng.choice(UNTOPICAL_RESULTS)
            if text not in used:
                results.insert(rng.randint(0, len(results)), _Result(None, K.INFORMATION, text))
        return results

    def result(self, meeting: Meeting, topic: _Topic, words: dict, used: set) -> _Result | None:
        """A result on ``topic`` whose text the meeting has not had yet, or None."""
        rng = self.rng
        public = topic.is_public
        if topic.role == "opening":
            return _Result(topic, K.INFORMATION, OPENING_RESULT, is_public=public)
        if topic.role == "closing":
            following = self.next_meeting(meeting.body_key, meeting.date)
            if following is None:
                return None
            text = CLOSING_RESULT.format(
                date=following.date.strftime("%d.%m.%Y"), place=following.location.name
            )
            return _Result(topic, K.INFORMATION, text, is_public=public)
        for _n in range(3):
            if topic.plan is not None:
                kind, _weight, texts = rng.choices(
                    MEASURE_RESULTS, [weight for _k, weight, _t in MEASURE_RESULTS]
                )[0]
                text = rng.choice(texts).format(m=topic.plan.title, **words)
            else:
                kind, text = rng.choice(topic.results)
                text = text.format(**words)
            if text not in used:
                return _Result(
                    topic,
                    kind,
                    text,
                    topic.plan,
                    is_public=public,
                    mission=topic.title == LEITBILD_TOPIC,
                )
        return None

    def outcomes(self) -> None:
        """Results in each meeting's order; a result that changes a status goes through
        ``record_outcome``, the others are collected and inserted in bulk just before
        it, so that its place (the end of the meeting's list) is the planned one.
        Meetings in date order keep every status history growing forward."""
        pending, links = [], []
        self.results = []
        mission = None
        for meeting in self.held:
            for order, result in enumerate(self.plan_results(meeting), start=1):
                item = result.topic.item if result.topic else None
                if result.status:
                    _bulk(Outcome, pending)
                    pending = []
                    result.outcome = record_outcome(
                        meeting=meeting,
                        text=result.text,
                        kind=result.kind,
                        agenda_item=item,
                        measures=[result.plan.measure],
                        new_status=result.status,
                        is_public=result.is_public,
                    )
                else:
                    result.outcome = Outcome(
                        meeting=meeting,
                        agenda_item=item,
                        order=order,
                        kind=result.kind,
                        text=result.text,
                        is_public=result.is_public,
                    )
                    pending.append(result.outcome)
                if result.mission:
                    mission = result
                self.results.append(result)
        _bulk(Outcome, pending)
        for result in self.results:
            if result.plan is not None and not result.status:
                links.append(
                    Outcome.measures.through(
                        outcome_id=result.outcome.pk, measure_id=result.plan.measure.pk
                    )
                )
        Outcome.measures.through.objects.bulk_create(links, batch_size=BATCH)
        if mission is not None:
            save_validated(
                MissionStatement(
                    cooperation=self.cooperation,
                    version=1,
                    text=(
                        f"Die Kommunen der Region „{self.name}“ arbeiten zusammen, damit "
                        "ihre Verwaltungen leistungsfähig bleiben, die Region für Fachkräfte "
                        "und Familien attraktiv ist und Bürgerinnen und Bürger mitreden."
                    ),
                    adopted_on=mission.outcome.meeting.date,
                    adopted_by=mission.outcome,
                )
            )
            save_validated(
                MissionStatement(
                    cooperation=self.cooperation,
                    version=2,
                    text=(
                        f"Fortschreibung: Die Region „{self.name}“ setzt zusätzlich auf "
                        "Klimaschutz und gemeinsame Digitalisierung."
                    ),
                )
            )

    # 7: tasks --------------------------------------------------------------------

    def tasks(self) -> None:
        rng = self.rng
        kind_weight = {K.MANDATE: 4, K.DECISION: 3, K.DEFERRAL: 1, K.INFORMATION: 1}
        results = self.results
        count = self.shape.tasks
        from_results = round(count * 0.85) if results else 0
        drafts = []
        if results:
            weights = [kind_weight[result.kind] for result in results]
            for result in rng.choices(results, weights, k=from_results):
                drafts.append((result.outcome.meeting.date, result))
        past_days = (self.as_of - self.start).days
        for _n in range(count - from_results):
            day = self.start + datetime.timedelta(days=rng.randint(0, past_days - 1))
            drafts.append((day, None))
        # Each task's place in the list is the order it arose in.
        drafts.sort(key=lambda draft: (draft[0], draft[1].outcome.pk if draft[1] else 0))
        tasks = [
            self.task(order, created_on, result)
            for order, (created_on, result) in enumerate(drafts, start=1)
        ]
        _bulk(Task, tasks)

    def task(self, order: int, created_on: datetime.date, result: _Result | None) -> Task:
        rng = self.rng
        plan = result.plan if result else (rng.choice(self.plans) if rng.random() < 0.5 else None)
        meeting = result.outcome.meeting if result else None
        body_key = meeting.body_key if meeting else rng.choice(["steering", "project"])
        if plan is not None:
            title = rng.choice(MEASURE_TASKS).format(m=plan.title)
        else:
            title = rng.choice(GENERIC_TASKS).format(year=created_on.year + 1)
        owner = {"owner_person": None, "owner_municipality": None, "owner_body": None}
        draw = rng.random()
        if draw < 0.45:
            owner["owner_person"] = rng.choice(self.members[body_key])
        elif draw < 0.7:
            owner["owner_municipality"] = rng.choice(self.municipalities)
        elif draw < 0.9:
            owner["owner_body"] = self.bodies[rng.choice(["steering", "project", "admin"])]
        target = created_on + datetime.timedelta(days=rng.randint(14, 120))
        draw = rng.random()
        due = {"due_precision": Task.DuePrecision.DAY, "due_date": target, "due_meeting": None}
        if draw < 0.3:
            due["due_precision"], due["due_date"] = Task.DuePrecision.MONTH, target.replace(day=1)
        elif draw < 0.45:
            due["due_precision"] = Task.DuePrecision.QUARTER
            due["due_date"] = quarter_start(target.year, quarter_of(target))
        elif draw < 0.6:
            # Due by the next meeting of the owning body, else of the one that set it.
            due_body = self.body_key(owner["owner_body"]) if owner["owner_body"] else body_key
            following = self.next_meeting(due_body, created_on)
            if following is not None:
                due = {
                    "due_precision": Task.DuePrecision.MEETING,
                    "due_date": None,
                    "due_meeting": following,
                }
        elif draw < 0.65:
            due = {"due_precision": Task.DuePrecision.NONE, "due_date": None, "due_meeting": None}
        ends = {
            Task.DuePrecision.DAY: lambda: due["due_date"],
            Task.DuePrecision.MONTH: lambda: month_end(due["due_date"]),
            Task.DuePrecision.QUARTER: lambda: quarter_end(due["due_date"]),
            Task.DuePrecision.MEETING: lambda: due["due_meeting"].date,
            Task.DuePrecision.NONE: lambda: created_on + datetime.timedelta(days=120),
        }
        due_end = ends[due["due_precision"]]()
        last_day = self.as_of - datetime.timedelta(days=1)
        # Long overdue tasks are nearly all settled; recently due ones are often still
        # open, which is what turns a light yellow or red.
        if due_end < self.as_of - datetime.timedelta(days=90):
            shares = TASK_STATES_LONG_DUE
        elif due_end < self.as_of:
            shares = TASK_STATES_RECENTLY_DUE
        else:
            shares = TASK_STATES_NOT_DUE
        state = rng.choices(list(shares), list(shares.values()))[0]
        done_on = None
        if state == Task.State.DONE:
            latest = min(last_day, due_end + datetime.timedelta(days=20))
            span = max(0, (latest - created_on).days)
            done_on = created_on + datetime.timedelta(days=rng.randint(min(1, span), span))
        return Task(
            cooperation=self.cooperation,
            title=title,
            measure=plan.measure if plan else None,
            state=state,
            created_on=created_on,
            done_on=done_on,
            origin_outcome=result.outcome if result else None,
            order=order,
            **owner,
            **due,
        )

    def body_key(self, body: Body) -> str:
        return next(key for key, value in self.bodies.items() if value == body)

    # 8: agreements and funding ---------------------------------------------------

    def agreements(self) -> None:
        rng = self.rng
        decided = [(result.plan, result) for result in self.results if result.status == S.DECIDED]
        decided.sort(key=lambda pair: (pair[0].field_name != "Verwaltung", pair[1].outcome.pk))
        for plan, decision in decided[: self.shape.agreements]:
            measure = plan.measure
            parties = list(measure.municipalities.order_by("name"))
            if len(parties) < 2:
                parties = list(self.municipalities)
            kind = rng.choice(
                [Agreement.Kind.MANDATING, Agreement.Kind.DELEGATING, Agreement.Kind.JOINT_OFFICE]
            )
            performing = measure.lead_municipality or parties[0]
            fixed = rng.random() < 0.6
            cost_model = self.cost_model(measure, parties)
            agreement = save_validated(
                Agreement(
                    cooperation=self.cooperation,
                    title=f"Zweckvereinbarung {measure.title}",
                    kind=kind,
                    performing_municipality=performing,
                    measure=measure,
                    task_catalogue=(
                        f"{performing.name} nimmt die Aufgaben „{measure.title}“ für die "
                        "beteiligten Kommunen wahr: Bearbeitung, Beratung, Berichtswesen."
                    ),
                    term=Agreement.Term.FIXED if fixed else Agreement.Term.INDEFINITE,
                    term_years=rng.choice([3, 5, 10]) if fixed else None,
                    notice_period_months=rng.choice([6, 12]),
                    cost_model=cost_model,
                )
            )
            agreement.parties.set(parties)
            path = [
                state
                for state in AGREEMENT_PATH
                if agreement.needs_supervisory_approval
                or state not in (Agreement.State.APPROVAL_REQUESTED, Agreement.State.APPROVED)
            ]
            day, reached = decision.outcome.meeting.date, None
            for index, state in enumerate(path):
                if day >= self.as_of:
                    break
                save_validated(
                    AgreementStep(
                        agreement=agreement,
                        state=state,
                        date=day,
                        outcome=decision.outcome if index == 0 else None,
                        note="" if index else "Beschluss der Lenkungsgruppe",
                    )
                )
                reached = index
                day += datetime.timedelta(days=rng.randint(30, 120))
            agreement.state = path[reached]
            agreement.save(update_fields=["state"])
            share = (reached + 1) / len(path)
            for order, text in enumerate(CHECKLIST, start=1):
                save_validated(
                    ChecklistItem(
                        agreement=agreement,
                        order=order,
                        text=text,
                        done=order / len(CHECKLIST) <= share,
                    )
                )

    def cost_model(self, measure: Measure, parties: list) -> CostModel:
        rng = self.rng
        key = rng.choice([AllocationKey.POPULATION, AllocationKey.MIXED, AllocationKey.CASES])
        weights = {"weight_population": 0, "weight_equal": 0, "weight_cases": 0}
        if key == AllocationKey.MIXED:
            weights = {"weight_population": 50, "weight_equal": 30, "weight_cases": 20}
        model = save_validated(
            CostModel(
                cooperation=self.cooperation,
                name=f"Kostenmodell {measure.title}",
                scenario="Variante A",
                measure=measure,
                key=key,
                population_date=self.population_date,
                **weights,
            )
        )
        model.municipalities.set(parties)
        items = [
            CostItem(
                kind=CostItem.Kind.STAFF,
                label="Sachbearbeitung",
                fte=Decimal(rng.choice(["0.500", "1.000", "1.500", "2.000"])),
                annual_cost_per_fte=Decimal(rng.randint(55, 75) * 1000),
            ),
            CostItem(
                kind=CostItem.Kind.MATERIAL,
                label="Arbeitsplatz und Software",
                amount=Decimal(rng.randint(5, 20) * 1000),
            ),
            CostItem(
                kind=CostItem.Kind.OVERHEAD,
                label="Gemeinkosten",
                overhead_percent=Decimal(rng.choice([10, 15, 20])),
            ),
            CostItem(
                kind=CostItem.Kind.ONE_OFF,
                label="Einrichtung",
                amount=Decimal(rng.randint(10, 50) * 1000),
                spread_years=rng.choice([3, 5]),
            ),
        ]
        for item in items:
            item.cost_model = model
            save_validated(item)
        for municipality in parties:
            if key != AllocationKey.POPULATION:
                save_validated(
                    CaseCount(
                        cost_model=model, municipality=municipality, cases=rng.randint(20, 400)
                    )
                )
            save_validated(
                StatusQuoCost(
                    cost_model=model,
                    municipality=municipality,
                    annual_cost=Decimal(rng.randint(8, 60) * 1000),
                )
            )
        return model

    def funding(self) -> None:
        rng = self.rng
        candidates = [plan for plan in self.plans if plan.changes]
        States = FundingApplication.State
        for plan in rng.sample(candidates, min(self.shape.applications, len(candidates))):
            program = rng.choice(self.programs)
            applied = Decimal(rng.randint(20, 400) * 1000)
            first = plan.changes[0][0]
            submitted = first + datetime.timedelta(days=rng.randint(60, 300))
            if submitted >= self.as_of:
                state = rng.choice([States.ELIGIBILITY_CHECK, States.PREPARING])
            else:
                state = rng.choice(
                    [States.SUBMITTED, States.GRANTED, States.REJECTED, States.PAID]
                    + [States.PROOF_DUE, States.CLOSED]
                )
            granted = paid = None
            if state in (States.GRANTED, States.PAID, States.PROOF_DUE, States.CLOSED):
                granted = (applied * Decimal(rng.randint(60, 100)) / 100).quantize(Decimal("1"))
            if state in (States.PAID, States.PROOF_DUE, States.CLOSED):
                paid = granted
            proof = None
            if granted is not None:
                proof = add_months(submitted, rng.randint(18, 36)) - datetime.timedelta(days=1)
            application = save_validated(
                FundingApplication(
                    cooperation=self.cooperation,
                    program=program,
                    title=f"Förderantrag {plan.title}",
                    amount_applied=applied,
                    amount_granted=granted,
                    amount_paid=paid,
                    own_share_key=rng.choice(AllocationKey.values),
                    state=state,
                    submission_deadline=submitted,
                    proof_deadline=proof,
                )
            )
            application.measures.set([plan.measure])

    # 9: status reports -------------------------------------------------------------

    def periods(self) -> list[tuple[datetime.date, datetime.date]]:
        """Whole months back from the present, one after another: they never overlap."""
        rng = self.rng
        available = self.shape.years * 12 - self.shape.future_months - 2
        lengths = [rng.choice([1, 2, 2, 2, 3]) for _n in range(self.shape.reports)]
        while sum(lengths) > available and any(length > 1 for length in lengths):
            longer = [index for index, length in enumerate(lengths) if length > 1]
            lengths[rng.choice(longer)] -= 1
        lengths = lengths[-available:] if available > 0 else []
        periods, first = [], self.as_of
        for length in lengths:
            start = add_months(first, -length)
            periods.append((start, first - datetime.timedelta(days=1)))
            first = start
        return periods[::-1]

    def reports(self) -> None:
        rng = self.rng
        periods = self.periods()
        last_day = self.as_of - datetime.timedelta(days=1)
        reports = []
        for index, (start, end) in enumerate(periods):
            reports.append(
                start_report(
                    cooperation=self.cooperation,
                    period_start=start,
                    period_end=end,
                    report_date=min(last_day, end + datetime.timedelta(days=rng.randint(2, 20))),
                    template=StatusReport.Template.FULL
                    if index % 4 == 3
                    else StatusReport.Template.SEED,
                )
            )
        for report in reports[len(reports) - self.shape.issued :] if self.shape.issued else []:
            issued = issue_report(report=report)
            self.issued_files.extend(issued.files.values_list("file", flat=True))
