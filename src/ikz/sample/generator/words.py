"""The fixed texts generated data is made of, in German as users write them: names of
regions, places and people, roles, bodies, the portfolio of measures, agenda topics,
result and task texts, checklists and funding programmes, with the tables that tie
them to bodies, result kinds and statuses. Every step draws from these lists; the
order of each list is part of what a seed gives."""

from ikz.core.models import Body
from ikz.measures.models import MeasureStatus
from ikz.meetings.models import Outcome

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
TASK_COMMENTS = [
    "Zahlen liegen vor, es fehlt noch Borsdorf.",
    "Entwurf an die Hauptämter verschickt.",
    "Rückmeldung der Kommunalaufsicht steht aus.",
    "Termin mit dem Fördermittelgeber vereinbart.",
    "Erste Fassung im Laufwerk der Kooperation abgelegt.",
    "Verzögert sich wegen der Haushaltsberatungen.",
    "Abstimmung mit dem Datenschutzbeauftragten läuft.",
    "In der Projektleitungsgruppe kurz vorgestellt.",
]
# How a draft settles each point of the checklist (ChecklistItem.Point).
CHECKLIST = {
    "resources": "Die ausführende Kommune stellt Personal, Räume und IT; die Beteiligten "
    "benennen je eine Annahmestelle.",
    "costs": "Erstattung der Kosten nach dem Kostenmodell, ohne Gewinnaufschlag; Gebühren "
    "stehen der ausführenden Kommune zu.",
    "data_protection": "Vereinbarung zur Auftragsverarbeitung nach Art. 28 DSGVO als Anlage.",
    "liability": "Haftung nach den allgemeinen Regeln; Regress nur bei Vorsatz und grober "
    "Fahrlässigkeit.",
    "written_form": "Schriftform; Änderungen nur durch Nachtrag in Schriftform.",
}
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
