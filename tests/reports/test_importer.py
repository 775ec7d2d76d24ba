"""Importing a status report in the seed's form: into an empty database it creates the
cooperation, the meeting with its topics and results, the planned meetings and tasks;
with the demo's portfolio it links results to the most specific measures. It is all or
nothing, writes nothing in a dry run, creates nothing twice, and names the line of any
malformed input."""

import datetime
import re

import pytest
from django.apps import apps

from ikz.core.models import Body, Cooperation, Municipality, Partner
from ikz.measures.domain import status_as_of
from ikz.measures.models import Measure, Task
from ikz.meetings.domain import publication_version, publish_meeting, schedule_meeting
from ikz.meetings.models import Meeting, Outcome
from ikz.reports.models import StatusReport
from ikz.reports.parsing import parse_blocks, parse_period_label, propose_status
from ikz.reports.periods import period_label
from ikz.reports.readers import ReportImportError, read_file, read_markdown
from ikz.reports.storing import import_report
from ikz.sample.demo import DEMO_REPORT, load_partheland

SEED = DEMO_REPORT
TITLE = (
    "Steuerung und Begleitung des Kooperationsprozesses einer interkommunalen "
    "Zusammenarbeit in der Region „Partheland“"
)
MAY_11 = datetime.date(2020, 5, 11)
MAY_25 = datetime.date(2020, 5, 25)
MAY_31 = datetime.date(2020, 5, 31)
JUNE_9 = datetime.date(2020, 6, 9)
JUNE_16 = datetime.date(2020, 6, 16)

SEED_TOPICS = [
    "Projektvorstellung „Smart Cities“ durch DSK-BIG",
    "Vorstellung der ersten Entwürfe für eine Corporate Identity + Logo",
    "Umsetzung gemeinsamer Stellenbörse und vernetzte Fachkräfteausbildung",
    "Fördermöglichkeiten für Online-Stadtplan",
    "Zentralisierung Gewerbeamt in Naunhof",
    "weiteres Vorgehen Rad- und Wanderwegekonzept",
    "Kosten und Einbindung Kulturserver",
    "Prüfung und Konkretisierung von Personal Sharing-Möglichkeiten",
]
CORPORATE_IDENTITY = (
    "Corporate Identity: Favorisierung des ersten Entwurfs, endgültige Entscheidung im "
    "Leitbild-Workshop"
)
STELLENBOERSE = "Gemeinsame Stellenbörse: Veröffentlichung nach Relaunch der Website"
AUSBILDUNGSPLAN = (
    "Kein gemeinsamer Ausbildungsplan forciert, Kooperation nur im Sinne der Vernetzung"
)
STADTPLAN = "Online-Stadtplan: Förderfähigkeit prüfen"
GEWERBEAMT = (
    "Gewerbeamt: Rücksprache mit dem Ordnungsamt ist erfolgt, Zeitplan für nächste "
    "Lenkungsgruppe konkretisieren"
)
RADWEGE = (
    "Rad- und Wanderwegekonzept wird in Zusammenarbeit mit Tourismusverein Leipziger "
    "Neuseenland erstellt"
)
WERBUNG = "Gebührenfreie Werbung für gemeinnützige Zwecke ist in allen Gemeinden möglich"
KULTURSERVER = "Kulturserver: Einbindung ist gewünscht, Kostenfrage noch offen"
ZWECKVEREINBARUNGEN = (
    "Zweckvereinbarungen für Personal Sharing in den Bereichen Archiv, "
    "Brandschutz/Löschhilfen und Vertretungsregelung Meldewesen sind gewünscht und z. T. "
    "vorliegend"
)
NICHT_VERFOLGT = (
    "Personal Sharing für das Forderungsmanagement und den SB Widerspruchsbearbeitung "
    "wird nicht verfolgt"
)
LOHNBUCHHALTUNG = (
    "Entscheidung zu Personal Sharing in der Lohnbuchhaltung steht aus, Kostenprüfung für "
    "interkommunale Zusammenarbeit vornehmen"
)
# The seed's second list with the position (1-based) of the topic each result answers.
SEED_RESULTS = [
    (CORPORATE_IDENTITY, 2),
    (STELLENBOERSE, 3),
    (AUSBILDUNGSPLAN, 3),
    (STADTPLAN, 4),
    (GEWERBEAMT, 5),
    (RADWEGE, 6),
    (WERBUNG, None),
    (KULTURSERVER, 7),
    (ZWECKVEREINBARUNGEN, 8),
    (NICHT_VERFOLGT, 8),
    (LOHNBUCHHALTUNG, 8),
]
ZEITPLAN_TASK = "Erstellung eines konkreten Zeitplans für die Zentralisierung des Gewerbeamts"
KULTURSERVER_TASK = "Klärung der Kosten für die Einbindung des Kulturservers auf partheland.de"
PERSONAL_SHARING_TASK = (
    "weitere Forcierung des Themas Personal Sharing, Vorbereitung der Schließung erster "
    "Zweckvereinbarungen (z. B. Meldewesen, vorbeugender Brandschutz)"
)
AKQUISE_TASK = (
    "Akquise Anschlussförderung für die Umsetzung offener Gemeinschaftsprojekte "
    "(z.B. Tourismus, Digitalisierung)"
)
BUERGERWERKSTATT_TASK = "Planung der nächsten Bürgerwerkstatt zur Präsentation des Leitbildes"
SEED_TASKS = [
    ZEITPLAN_TASK,
    KULTURSERVER_TASK,
    PERSONAL_SHARING_TASK,
    AKQUISE_TASK,
    BUERGERWERKSTATT_TASK,
]
WORKSHOP_LINE = "Leitbild-Workshop in der Lenkungsgruppe: 09.06.2020"
STEERING_LINE = "nächster Termin Lenkungsgruppe: 16.06.20 in Großpösna"


def import_seed(*, dry_run=False):
    return import_report(blocks=read_file(SEED), dry_run=dry_run)


def row_counts() -> dict[str, int]:
    """Rows of every model, history tables included."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def seed_meeting() -> Meeting:
    return Meeting.objects.get(body__name="Projektleitungsgruppe", number=7)


# Reading Markdown -------------------------------------------------------------------


def test_read_markdown_joins_a_line_ending_in_two_spaces_with_the_next():
    blocks = read_markdown(SEED.read_text(encoding="utf-8"))

    content = [(b.kind, b.text) for b in blocks if b.kind != "break"][:3]

    assert content == [
        ("heading", TITLE),
        ("paragraph", "Statusbericht April/Mai 2020"),
        ("paragraph", "25.05.2020"),
    ]


def test_read_markdown_items_with_dash_star_and_bullet():
    blocks = read_markdown("- eins\n* zwei\n• drei")

    assert [(b.kind, b.text) for b in blocks] == [
        ("item", "eins"),
        ("item", "zwei"),
        ("item", "drei"),
    ]


def test_read_file_reads_utf8_with_byte_order_mark(tmp_path):
    path = tmp_path / "bericht.md"
    path.write_bytes("# Titel „Partheland“\n".encode("utf-8-sig"))

    blocks = read_file(path)

    assert [(b.kind, b.text, b.level) for b in blocks] == [("heading", "Titel „Partheland“", 1)]


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_read_file_reads_windows_1252_and_latin_1_text(tmp_path, encoding):
    text = "# Bericht für März\n\n- Straßenbau in Großpösna\n"
    if encoding == "cp1252":
        text += "- Kosten: 1.200 € „brutto“\n"
    path = tmp_path / "bericht.txt"
    path.write_bytes(text.encode(encoding))

    blocks = read_file(path)

    assert [b.text for b in blocks if b.kind != "break"] == [
        line.lstrip("#- ") for line in text.splitlines() if line
    ]


@pytest.mark.django_db
def test_import_report_seed_in_windows_1252_imports_like_the_utf8_seed(tmp_path):
    path = tmp_path / "statusbericht.md"
    path.write_bytes(SEED.read_text(encoding="utf-8").encode("cp1252"))
    expected = import_report(blocks=read_file(SEED), dry_run=True)

    summary = import_report(blocks=read_file(path), dry_run=True)

    assert (summary.created, summary.links) == (expected.created, expected.links)


def test_read_file_unreadable_names_the_file_as_the_user_knows_it(tmp_path):
    missing = tmp_path / "upload-3f9a.md"

    with pytest.raises(ReportImportError) as excinfo:
        read_file(missing, "Statusbericht Mai.md")

    assert str(excinfo.value).startswith("Statusbericht Mai.md: die Datei kann nicht gelesen")


@pytest.mark.parametrize(
    ("line", "iso", "where"),
    [("11.05.2020", "2020-05-11", "Zeile 19"), ("25.05.2020", "2020-05-25", "Zeile 9")],
    ids=["meeting-date", "report-date"],
)
def test_parse_blocks_iso_date_line_says_how_dates_are_written(line, iso, where):
    text = SEED.read_text(encoding="utf-8").replace(f"\n{line}\n", f"\n{iso}\n")

    with pytest.raises(ReportImportError) as excinfo:
        parse_blocks(read_markdown(text))

    assert str(excinfo.value) == (
        f"{where}: „{iso}“: Daten werden als 11.05.2020 geschrieben, nicht als 2020-05-11."
    )


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (datetime.date(2020, 6, 1), datetime.date(2020, 6, 30)),
        (datetime.date(2020, 4, 1), datetime.date(2020, 5, 31)),
        (datetime.date(2020, 7, 1), datetime.date(2020, 9, 30)),
        (datetime.date(2020, 12, 1), datetime.date(2021, 1, 31)),
        (datetime.date(2020, 11, 1), datetime.date(2021, 1, 31)),
    ],
)
def test_parse_period_label_reads_what_period_label_writes(start, end):
    label = period_label(start, end)

    assert parse_period_label(label, "Zeile 3") == (start, end)


def test_parse_period_label_year_turn_without_first_year():
    result = parse_period_label("Dezember/Januar 2021", "Zeile 3")

    assert result == (datetime.date(2020, 12, 1), datetime.date(2021, 1, 31))


# The seed into an empty database -----------------------------------------------------


@pytest.mark.django_db
def test_import_report_seed_creates_the_cooperation_partheland():
    summary = import_seed()

    cooperation = Cooperation.objects.get()
    assert (
        cooperation.name,
        cooperation.slug,
        cooperation.report_title,
        summary.cooperation,
    ) == ("Partheland", "partheland", TITLE, cooperation)


@pytest.mark.django_db
def test_import_report_seed_creates_the_draft_status_report():
    import_seed()

    report = StatusReport.objects.get()
    assert (
        report.cooperation.slug,
        report.period_start,
        report.period_end,
        report.report_date,
        report.state,
        report.title,
    ) == (
        "partheland",
        datetime.date(2020, 4, 1),
        MAY_31,
        MAY_25,
        "draft",
        "Statusbericht April/Mai 2020",
    )


@pytest.mark.django_db
def test_import_report_seed_creates_the_two_bodies_with_their_kinds():
    import_seed()

    bodies = Body.objects.order_by("name")

    assert [(b.name, b.kind, b.cooperation.slug) for b in bodies] == [
        ("Lenkungsgruppe", "steering_group", "partheland"),
        ("Projektleitungsgruppe", "project_group", "partheland"),
    ]


@pytest.mark.django_db
def test_import_report_seed_creates_the_places_without_ags():
    import_seed()

    places = Municipality.objects.order_by("name")

    assert [(m.name, m.ags) for m in places] == [("Großpösna", None), ("Naunhof", None)]


@pytest.mark.django_db
def test_import_report_seed_creates_the_7th_project_group_meeting_held_in_naunhof():
    import_seed()

    meeting = seed_meeting()

    assert (
        meeting.number,
        meeting.date,
        meeting.location.name,
        meeting.state,
        meeting.is_public,
        meeting.heading,
    ) == (7, MAY_11, "Naunhof", "held", False, "7. Projektleitungsgruppe in Naunhof")


@pytest.mark.django_db
def test_import_report_seed_topics_in_order():
    import_seed()

    items = seed_meeting().agenda_items.order_by("order")

    assert [(item.order, item.number, item.title) for item in items] == [
        (position, str(position), topic) for position, topic in enumerate(SEED_TOPICS, start=1)
    ]


@pytest.mark.django_db
def test_import_report_seed_results_in_order_linked_to_their_topics():
    import_seed()

    outcomes = seed_meeting().outcomes.order_by("order").select_related("agenda_item")

    assert [
        (outcome.text, outcome.agenda_item.order if outcome.agenda_item else None)
        for outcome in outcomes
    ] == SEED_RESULTS


@pytest.mark.django_db
def test_import_report_seed_result_kinds_follow_their_wording():
    import_seed()

    outcomes = seed_meeting().outcomes.order_by("order")

    assert [outcome.kind for outcome in outcomes] == [
        "deferral",  # endgültige Entscheidung im Leitbild-Workshop
        "decision",  # Veröffentlichung
        "decision",  # nur im Sinne der Vernetzung
        "mandate",  # prüfen
        "mandate",  # konkretisieren
        "information",  # wird … erstellt
        "information",  # ist in allen Gemeinden möglich
        "deferral",  # noch offen
        "decision",  # gewünscht
        "decision",  # nicht verfolgt
        "deferral",  # steht aus
    ]


@pytest.mark.django_db
def test_import_report_seed_dsk_big_presents_the_first_topic():
    import_seed()

    items = seed_meeting().agenda_items.order_by("order")

    assert (
        [(p.name, p.cooperation.slug) for p in Partner.objects.all()],
        [item.presenter.name if item.presenter else None for item in items],
    ) == ([("DSK-BIG", "partheland")], ["DSK-BIG"] + [None] * 7)


@pytest.mark.django_db
def test_import_report_seed_plans_the_two_steering_group_meetings():
    import_seed()

    planned = Meeting.objects.filter(state=Meeting.State.PLANNED).order_by("date")

    assert [
        (m.date, m.body.name, m.title, m.location.name if m.location else None, m.announcement)
        for m in planned
    ] == [
        (JUNE_9, "Lenkungsgruppe", "Leitbild-Workshop", None, WORKSHOP_LINE),
        (JUNE_16, "Lenkungsgruppe", "", "Großpösna", STEERING_LINE),
    ]


@pytest.mark.django_db
def test_import_report_seed_creates_five_open_tasks_from_the_meeting_or_the_report_date():
    import_seed()

    tasks = Task.objects.order_by("order")

    # A task that follows from a result was set at that meeting (11.05.); the others
    # exist from the report's date on.
    assert [(t.title, t.created_on, t.state, t.cooperation.slug) for t in tasks] == [
        (ZEITPLAN_TASK, MAY_11, "open", "partheland"),
        (KULTURSERVER_TASK, MAY_11, "open", "partheland"),
        (PERSONAL_SHARING_TASK, MAY_11, "open", "partheland"),
        (AKQUISE_TASK, MAY_25, "open", "partheland"),
        (BUERGERWERKSTATT_TASK, MAY_25, "open", "partheland"),
    ]


@pytest.mark.django_db
def test_import_report_seed_tasks_and_planned_meetings_share_the_next_steps_order():
    import_seed()

    tasks = list(Task.objects.values_list("order", "title"))
    meetings = list(
        Meeting.objects.filter(state="planned").values_list("next_step_order", "announcement")
    )

    assert [text for _order, text in sorted(tasks + meetings)] == [
        ZEITPLAN_TASK,
        KULTURSERVER_TASK,
        PERSONAL_SHARING_TASK,
        AKQUISE_TASK,
        WORKSHOP_LINE,
        STEERING_LINE,
        BUERGERWERKSTATT_TASK,
    ]


@pytest.mark.django_db
def test_import_report_seed_tasks_arise_from_the_results_they_follow_from():
    import_seed()

    tasks = Task.objects.order_by("order").select_related("origin_outcome")

    assert [
        (task.title, task.origin_outcome.text if task.origin_outcome else None) for task in tasks
    ] == [
        (ZEITPLAN_TASK, GEWERBEAMT),
        (KULTURSERVER_TASK, KULTURSERVER),
        (PERSONAL_SHARING_TASK, ZWECKVEREINBARUNGEN),
        (AKQUISE_TASK, None),
        (BUERGERWERKSTATT_TASK, None),
    ]


@pytest.mark.django_db
def test_import_report_seed_schedule_task_is_due_by_the_steering_group_of_june_16():
    import_seed()

    task = Task.objects.get(title=ZEITPLAN_TASK)

    assert (
        task.due_precision,
        task.due_date,
        task.due_meeting.date,
        task.due_meeting.body.name,
        task.due_meeting.location.name if task.due_meeting.location else None,
    ) == ("meeting", None, JUNE_16, "Lenkungsgruppe", "Großpösna")


@pytest.mark.django_db
def test_import_report_seed_tasks_without_a_deadline_have_none():
    import_seed()

    tasks = Task.objects.exclude(title=ZEITPLAN_TASK).order_by("order")

    assert [(t.due_precision, t.due_date, t.due_meeting) for t in tasks] == [
        ("none", None, None)
    ] * 4


@pytest.mark.django_db
def test_import_report_seed_without_portfolio_each_topic_becomes_a_measure():
    import_seed()

    items = seed_meeting().agenda_items.order_by("order").prefetch_related("measures")

    assert [[m.title for m in item.measures.all()] for item in items] == [
        ["Smart Cities"],  # the quoted name
        [SEED_TOPICS[1]],
        [SEED_TOPICS[2]],
        [SEED_TOPICS[3]],
        [SEED_TOPICS[4]],
        [SEED_TOPICS[5]],
        [SEED_TOPICS[6]],
        [SEED_TOPICS[7]],
    ]


@pytest.mark.django_db
def test_import_report_seed_without_portfolio_statuses_as_of_may_31():
    import_seed()

    measures = Measure.objects.prefetch_related("status_changes")

    assert {m.title: status_as_of(m, MAY_31) for m in measures} == {
        "Smart Cities": None,
        SEED_TOPICS[1]: "decision_pending",
        # Two results on the measure: its status is left to the coordinator.
        SEED_TOPICS[2]: None,
        SEED_TOPICS[3]: "under_review",
        SEED_TOPICS[4]: "under_review",
        SEED_TOPICS[5]: "in_progress",
        SEED_TOPICS[6]: "decision_pending",
        SEED_TOPICS[7]: None,  # three results, three different proposals
    }


@pytest.mark.django_db
def test_import_report_seed_result_without_topic_concerns_no_measure_without_portfolio():
    import_seed()

    outcome = Outcome.objects.get(text=WERBUNG)

    assert (outcome.agenda_item, list(outcome.measures.all()), outcome.status_changes.count()) == (
        None,
        [],
        0,
    )


@pytest.mark.parametrize(
    ("text", "status"),
    [
        (CORPORATE_IDENTITY, "decision_pending"),
        (STELLENBOERSE, "decided"),
        (AUSBILDUNGSPLAN, "decided"),
        (STADTPLAN, "under_review"),  # prüfen
        (GEWERBEAMT, "under_review"),  # konkretisieren
        (RADWEGE, "in_progress"),  # wird … erstellt
        (WERBUNG, "done"),  # ist in allen Gemeinden möglich
        (KULTURSERVER, "decision_pending"),  # gewünscht, but the cost is still open
        (ZWECKVEREINBARUNGEN, "decided"),  # gewünscht
        (NICHT_VERFOLGT, "not_pursued"),  # wird nicht verfolgt
        (LOHNBUCHHALTUNG, "decision_pending"),  # steht aus
        (SEED_TOPICS[0], None),
    ],
    ids=[
        "endgueltige-entscheidung",
        "veroeffentlichung",
        "nur-im-sinne",
        "pruefen",
        "konkretisieren",
        "wird-erstellt",
        "ist-moeglich",
        "gewuenscht-noch-offen",
        "gewuenscht",
        "nicht-verfolgt",
        "steht-aus",
        "no-wording",
    ],
)
def test_propose_status_from_the_seeds_wording(text, status):
    result = propose_status(text)

    assert result == status


# The seed with the demo's portfolio --------------------------------------------------


@pytest.mark.django_db
def test_import_report_with_portfolio_results_concern_the_most_specific_measures():
    load_partheland()

    outcomes = seed_meeting().outcomes.order_by("order").prefetch_related("measures")

    assert [(o.text, sorted(m.title for m in o.measures.all())) for o in outcomes] == [
        (CORPORATE_IDENTITY, ["Corporate Identity und Logo"]),
        (STELLENBOERSE, ["Gemeinsame Stellenbörse"]),
        (AUSBILDUNGSPLAN, ["Vernetzte Fachkräfteausbildung"]),
        (STADTPLAN, ["Online-Stadtplan"]),
        (GEWERBEAMT, ["Zentralisierung Gewerbeamt"]),
        (RADWEGE, ["Rad- und Wanderwegekonzept"]),
        (WERBUNG, ["Gebührenfreie Werbung für gemeinnützige Zwecke"]),
        (KULTURSERVER, ["Einbindung Kulturserver"]),
        (
            ZWECKVEREINBARUNGEN,
            [
                "Personal Sharing Archiv",
                "Personal Sharing Brandschutz/Löschhilfen",
                "Personal Sharing Vertretungsregelung Meldewesen",
            ],
        ),
        (
            NICHT_VERFOLGT,
            [
                "Personal Sharing Forderungsmanagement",
                "Personal Sharing SB Widerspruchsbearbeitung",
            ],
        ),
        (LOHNBUCHHALTUNG, ["Personal Sharing Lohnbuchhaltung"]),
    ]


@pytest.mark.django_db
def test_import_report_with_portfolio_zweckvereinbarungen_not_on_the_parent_measure():
    load_partheland()

    outcome = Outcome.objects.get(text=ZWECKVEREINBARUNGEN)
    parent = Measure.objects.get(title="Personal Sharing")

    assert (
        sorted(m.title for m in outcome.measures.all()),
        outcome.measures.filter(pk=parent.pk).exists(),
        parent.status_changes.count(),
    ) == (
        [
            "Personal Sharing Archiv",
            "Personal Sharing Brandschutz/Löschhilfen",
            "Personal Sharing Vertretungsregelung Meldewesen",
        ],
        False,
        0,
    )


@pytest.mark.django_db
def test_import_report_with_portfolio_topics_concern_their_measures():
    load_partheland()

    items = seed_meeting().agenda_items.order_by("order").prefetch_related("measures")

    assert [sorted(m.title for m in item.measures.all()) for item in items] == [
        ["Smart Cities"],
        ["Corporate Identity und Logo"],
        ["Gemeinsame Stellenbörse", "Vernetzte Fachkräfteausbildung"],
        ["Online-Stadtplan"],
        ["Zentralisierung Gewerbeamt"],
        ["Rad- und Wanderwegekonzept"],
        ["Einbindung Kulturserver"],
        ["Personal Sharing"],  # the topic names the whole, its results the parts
    ]


@pytest.mark.django_db
def test_import_report_with_portfolio_status_as_of_may_31():
    load_partheland()

    measures = Measure.objects.prefetch_related("status_changes")

    assert {m.title: status_as_of(m, MAY_31) for m in measures} == {
        "Corporate Identity und Logo": "decision_pending",
        "Einbindung Kulturserver": "decision_pending",
        "Gebührenfreie Werbung für gemeinnützige Zwecke": "done",
        "Gemeinsame Stellenbörse": "decided",
        "Online-Stadtplan": "under_review",
        "Personal Sharing": None,
        "Personal Sharing Archiv": "decided",
        "Personal Sharing Brandschutz/Löschhilfen": "decided",
        "Personal Sharing Forderungsmanagement": "not_pursued",
        "Personal Sharing Lohnbuchhaltung": "decision_pending",
        "Personal Sharing SB Widerspruchsbearbeitung": "not_pursued",
        "Personal Sharing Vertretungsregelung Meldewesen": "decided",
        "Rad- und Wanderwegekonzept": "in_progress",
        "Smart Cities": None,
        "Vernetzte Fachkräfteausbildung": "decided",
        "Zentralisierung Gewerbeamt": "under_review",
    }


@pytest.mark.django_db
def test_import_report_seed_again_after_the_demo_creates_nothing():
    load_partheland()
    counts = (Measure.objects.count(), Partner.objects.count())

    summary = import_seed()  # the demo report is the seed: nothing new

    assert (summary.created, (Measure.objects.count(), Partner.objects.count())) == ([], counts)


@pytest.mark.django_db
def test_import_report_with_portfolio_single_measure_result_gives_its_task_the_measure():
    load_partheland()

    tasks = Task.objects.order_by("order").select_related("measure")

    assert [(t.title, t.measure.title if t.measure else None) for t in tasks] == [
        (ZEITPLAN_TASK, "Zentralisierung Gewerbeamt"),
        (KULTURSERVER_TASK, "Einbindung Kulturserver"),
        (PERSONAL_SHARING_TASK, None),  # its result concerns three measures
        (AKQUISE_TASK, None),
        (BUERGERWERKSTATT_TASK, None),
    ]


# Dry run and importing twice ---------------------------------------------------------


@pytest.mark.django_db
def test_import_report_dry_run_writes_nothing():
    before = row_counts()

    summary = import_seed(dry_run=True)

    assert (row_counts(), len(summary.created) > 0) == (before, True)


@pytest.mark.django_db
def test_import_report_dry_run_tells_what_the_import_creates():
    dry = import_seed(dry_run=True)

    real = import_seed()

    assert (dry.created, dry.links) == (real.created, real.links)


@pytest.mark.django_db
def test_import_report_twice_creates_nothing_twice():
    import_seed()
    after_first = row_counts()

    summary = import_seed()

    assert (row_counts(), summary.created, summary.cooperation) == (
        after_first,
        [],
        Cooperation.objects.get(slug="partheland"),
    )


# Malformed input ---------------------------------------------------------------------

HEAD = [
    "# Kooperation „Testland“",  # 1
    "",
    "Statusbericht April/Mai 2020",  # 3
    "",
    "25.05.2020",  # 5
    "",
    "# Aktueller Status",  # 7
    "",
]
MEETING = [
    "11.05.2020",  # 9
    "",
    "## 7. Projektleitungsgruppe in Naunhof",  # 11
    "",
    "- Zentralisierung Gewerbeamt in Naunhof",  # 13
    "",
    "- Gewerbeamt: Zeitplan für nächste Lenkungsgruppe konkretisieren",  # 15
    "",
]
NEXT = [
    "# Nächste Schritte",  # 17
    "",
    "- nächster Termin Lenkungsgruppe: 16.06.20 in Großpösna",  # 19
    "- Erstellung eines Zeitplans für das Gewerbeamt",  # 20
]


def text(*lines: str) -> str:
    return "\n".join(lines)


def line_number(error: ReportImportError) -> int:
    """The number in the error's location, whatever language names the line."""
    (number,) = re.findall(r"\d+", error.where)
    return int(number)


def quotes(text: str, message: str) -> bool:
    """Whether ``message`` quotes ``text``, in English “…” or German „…“ quotes."""
    return re.search(rf"[„“]{re.escape(text)}[“”]", message) is not None


def import_error(source: str) -> ReportImportError:
    with pytest.raises(ReportImportError) as excinfo:
        import_report(blocks=read_markdown(source))
    return excinfo.value


@pytest.mark.django_db
def test_import_report_minimal_report_is_accepted():
    summary = import_report(blocks=read_markdown(text(*HEAD, *MEETING, *NEXT)))

    meeting = Meeting.objects.get(state="held")
    assert (
        summary.cooperation.name,
        meeting.heading,
        list(meeting.agenda_items.values_list("title", flat=True)),
        list(meeting.outcomes.values_list("text", flat=True)),
        list(Task.objects.values_list("title", flat=True)),
    ) == (
        "Testland",
        "7. Projektleitungsgruppe in Naunhof",
        ["Zentralisierung Gewerbeamt in Naunhof"],
        ["Gewerbeamt: Zeitplan für nächste Lenkungsgruppe konkretisieren"],
        ["Erstellung eines Zeitplans für das Gewerbeamt"],
    )


MALFORMED = [
    pytest.param("", 1, None, id="empty"),
    pytest.param("\n  \n\n", 1, None, id="blank-lines-only"),
    pytest.param(
        text("Statusbericht April/Mai 2020", "", "25.05.2020"),
        1,
        "Statusbericht April/Mai 2020",
        id="first-line-not-a-heading",
    ),
    pytest.param(text("# Kooperation „Testland“"), 1, None, id="title-only"),
    pytest.param(
        text("# Kooperation „Testland“", "", "25.05.2020", "", "# Aktueller Status"),
        3,
        None,
        id="statusbericht-line-missing",
    ),
    pytest.param(
        text("# Kooperation „Testland“", "", "Statusbericht Aprill 2020", "", "25.05.2020"),
        3,
        "Aprill 2020",
        id="statusbericht-month-garbled",
    ),
    pytest.param(
        text("# Kooperation „Testland“", "", "Statusbericht Mai 2020/April 2020", "", "25.05.2020"),
        3,
        "Mai 2020/April 2020",
        id="period-ends-before-it-starts",
    ),
    pytest.param(
        text("# Kooperation „Testland“", "", "Statusbericht April/Mai 2020", "", "32.05.2020"),
        5,
        "32.05.2020",
        id="report-date-invalid",
    ),
    pytest.param(
        text("# Kooperation „Testland“", "", "Statusbericht April/Mai 2020", "", "Mai 2020"),
        5,
        "Mai 2020",
        id="report-date-missing",
    ),
    pytest.param(
        text(*HEAD, "## 7. Projektleitungsgruppe in Naunhof"),
        9,
        "7. Projektleitungsgruppe in Naunhof",
        id="meeting-without-date",
    ),
    pytest.param(
        text(*HEAD, "11.06.2020", "", "## 7. Projektleitungsgruppe in Naunhof"),
        11,
        None,  # the date is named unquoted, see below
        id="meeting-outside-period",
    ),
    pytest.param(
        text(*HEAD, "- Zentralisierung Gewerbeamt in Naunhof"),
        9,
        "Zentralisierung Gewerbeamt in Naunhof",
        id="item-before-any-meeting",
    ),
    pytest.param(
        text(*HEAD, *MEETING, "- eine dritte Liste"),
        17,
        None,
        id="third-list-under-a-meeting",
    ),
    pytest.param(
        text(*HEAD, *MEETING, *NEXT, "- Leitbild-Workshop in der Lenkungsgruppe: 31.06.2020"),
        21,
        "31.06.2020",
        id="next-step-date-invalid",
    ),
    pytest.param(text(*HEAD, "11.05.2020"), 9, None, id="date-without-meeting-heading"),
    pytest.param(text(*HEAD, "Irgendein Absatz"), 9, "Irgendein Absatz", id="unexpected-paragraph"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "number", "offending"), MALFORMED)
def test_import_report_malformed_input_names_the_line(source, number, offending):
    error = import_error(source)

    assert (
        line_number(error),
        str(error).startswith(f"{error.where}: "),
        offending is None or quotes(offending, str(error)),
        Cooperation.objects.count(),
    ) == (number, True, True, 0)


@pytest.mark.django_db
def test_import_report_meeting_outside_period_names_date_and_period():
    error = import_error(text(*HEAD, "11.06.2020", "", "## 7. Projektleitungsgruppe in Naunhof"))

    assert (line_number(error), "11.06.2020" in str(error), "April/Mai 2020" in str(error)) == (
        11,
        True,
        True,
    )


def test_read_file_unknown_file_type_names_the_file(tmp_path):
    path = tmp_path / "x.pdf"
    path.write_bytes(b"%PDF-1.7\n")

    with pytest.raises(ReportImportError) as excinfo:
        read_file(path)

    error = excinfo.value
    assert (error.where, str(error).startswith("x.pdf: "), quotes(".pdf", str(error))) == (
        "x.pdf",
        True,
        True,
    )


SECOND_MEETING_HEADING = "## 8. Projektleitungsgruppe in Brandis"


@pytest.mark.django_db
def test_import_report_malformed_second_meeting_changes_nothing():
    source = text(*HEAD, *MEETING, "30.06.2020", "", SECOND_MEETING_HEADING, "", *NEXT)
    before = row_counts()

    error = import_error(source)

    assert (line_number(error), "30.06.2020" in str(error), row_counts()) == (19, True, before)


@pytest.mark.django_db
def test_import_report_failing_while_storing_rolls_back_the_first_meeting():
    # Both meetings call themselves the 7th: the second fails after the first is stored.
    source = text(*HEAD, *MEETING, "20.05.2020", "", MEETING[2], "", "- Thema", "", *NEXT)
    before = row_counts()

    with pytest.raises(ReportImportError) as excinfo:
        import_report(blocks=read_markdown(source))

    assert (str(excinfo.value), row_counts()) == (
        "Zeile 19: Dieses Gremium hat bereits eine Sitzung mit dieser Nummer.",
        before,
    )


@pytest.mark.django_db
def test_import_report_failing_import_keeps_existing_data():
    import_seed()
    before = row_counts()
    source = text(
        "# " + TITLE,
        "",
        "Statusbericht Juni 2020",
        "",
        "30.06.2020",
        "",
        "# Aktueller Status",
        "",
        "16.06.2020",
        "",
        "## Lenkungsgruppe in Großpösna",
        "",
        "- Zeitplan Gewerbeamt",
        "",
        "- Zeitplan beschlossen",
        "",
        "31.07.2020",
        "",
        "## 8. Projektleitungsgruppe in Naunhof",
    )

    error = import_error(source)

    assert (line_number(error), row_counts()) == (19, before)


JUNE_REPORT = text(
    "# " + TITLE,
    "",
    "Statusbericht Juni 2020",
    "",
    "30.06.2020",
    "",
    "# Aktueller Status",
    "",
    "Projektstatus im Monat Juni 2020",
    "",
    "16.06.2020",
    "",
    "## Lenkungsgruppe in Großpösna",
    "",
    "- Zentralisierung Gewerbeamt in Naunhof",
    "",
    "- Gewerbeamt: Zentralisierung wird umgesetzt",
    "",
    "# Nächste Schritte",
    "",
    "- Umsetzung der Zentralisierung des Gewerbeamts",
)


@pytest.mark.django_db
def test_import_report_follow_up_fills_the_meeting_the_earlier_report_announced():
    import_seed()
    announced = Meeting.objects.get(date=datetime.date(2020, 6, 16))

    summary = import_report(blocks=read_markdown(JUNE_REPORT))

    meeting = Meeting.objects.get(date=datetime.date(2020, 6, 16))
    assert (meeting.pk, meeting.state, meeting.location.name) == (announced.pk, "held", "Großpösna")
    assert [item.title for item in meeting.agenda_items.all()] == [
        "Zentralisierung Gewerbeamt in Naunhof"
    ]
    assert [outcome.text for outcome in meeting.outcomes.all()] == [
        "Gewerbeamt: Zentralisierung wird umgesetzt"
    ]
    assert "Sitzung abgehalten (war geplant): 16.06.2020 Lenkungsgruppe in Großpösna" in (
        summary.created
    )


@pytest.mark.django_db
def test_import_report_older_report_after_newer_keeps_the_later_status():
    import_report(blocks=read_markdown(JUNE_REPORT))
    gewerbeamt = Measure.objects.get(title="Zentralisierung Gewerbeamt in Naunhof")

    summary = import_report(blocks=read_file(SEED))

    changes = list(gewerbeamt.status_changes.values_list("date", "to_status"))
    assert changes == [(datetime.date(2020, 6, 16), "in_progress")]
    assert (
        "„Gewerbeamt: Rücksprache mit dem Ordnungsamt ist erfolgt, Zeitplan für nächste "
        "Lenkungsgruppe konkretisieren“ → TOP 5 „Zentralisierung Gewerbeamt in Naunhof“; "
        "Maßnahmen: Zentralisierung Gewerbeamt in Naunhof; Status: in Prüfung; "
        "Zentralisierung Gewerbeamt in Naunhof: ein späterer Status besteht, beibehalten"
    ) in summary.links


# Due dates written in the next steps ---------------------------------------------------

DUE_STEPS = [
    "- nächster Termin Lenkungsgruppe: 16.06.20 in Großpösna",
    "- Kostenprüfung Lohnbuchhaltung bis 15.07.2020",
    "- Entwurf Zweckvereinbarung Archiv bis Ende Juni",
    "- Förderantrag Online-Stadtplan bis Q3 2020",
    "- Bericht zur Stellenbörse zur nächsten Lenkungsgruppe",
    "- Abstimmung Kulturserver bis Ende des 4. Quartals",
    "- Planung der nächsten Bürgerwerkstatt",
]


def due_report() -> str:
    return text(*HEAD, *MEETING, "# Nächste Schritte", "", *DUE_STEPS)


@pytest.mark.django_db
def test_import_report_keeps_the_due_dates_the_next_steps_write():
    import_report(blocks=read_markdown(due_report()))

    steering = Meeting.objects.get(date=datetime.date(2020, 6, 16))
    tasks = Task.objects.order_by("order")
    assert [(t.title, t.due_precision, t.due_date, t.due_meeting) for t in tasks] == [
        (DUE_STEPS[1][2:], "day", datetime.date(2020, 7, 15), None),
        (DUE_STEPS[2][2:], "month", datetime.date(2020, 6, 1), None),
        (DUE_STEPS[3][2:], "quarter", datetime.date(2020, 7, 1), None),
        (DUE_STEPS[4][2:], "meeting", None, steering),
        (DUE_STEPS[5][2:], "quarter", datetime.date(2020, 10, 1), None),
        (DUE_STEPS[6][2:], "none", None, None),
    ]


@pytest.mark.django_db
def test_import_report_dry_run_lists_the_due_dates():
    summary = import_report(blocks=read_markdown(due_report()), dry_run=True)

    # Tasks that follow from a result are listed with it, the others after the meetings.
    assert sorted(line for line in summary.created if line.startswith("Aufgabe: ")) == sorted(
        [
            "Aufgabe: Kostenprüfung Lohnbuchhaltung bis 15.07.2020 (bis 15.07.2020)",
            "Aufgabe: Entwurf Zweckvereinbarung Archiv bis Ende Juni (bis Ende Juni 2020)",
            "Aufgabe: Förderantrag Online-Stadtplan bis Q3 2020 (bis Ende Q3 2020)",
            "Aufgabe: Bericht zur Stellenbörse zur nächsten Lenkungsgruppe "
            "(bis zur Sitzung „Lenkungsgruppe in Großpösna“ am 16.06.2020)",
            "Aufgabe: Abstimmung Kulturserver bis Ende des 4. Quartals (bis Ende Q4 2020)",
            "Aufgabe: Planung der nächsten Bürgerwerkstatt",
        ]
    )
    assert Task.objects.count() == 0


@pytest.mark.django_db
def test_import_report_month_without_year_before_the_report_is_next_years():
    source = text(*HEAD, *MEETING, "# Nächste Schritte", "", "- Haushaltsplanung bis Ende März")

    import_report(blocks=read_markdown(source))

    assert Task.objects.get().due_date == datetime.date(2021, 3, 1)


@pytest.mark.django_db
def test_import_report_due_by_a_meeting_not_planned_yet_keeps_it_open():
    source = text(
        *HEAD, *MEETING, "# Nächste Schritte", "", "- Bericht zur nächsten Bürgerwerkstatt"
    )

    summary = import_report(blocks=read_markdown(source))

    assert summary.created[-1] == (
        "Aufgabe: Bericht zur nächsten Bürgerwerkstatt "
        "(bis zur nächsten Bürgerwerkstatt (Termin offen))"
    )
    task = Task.objects.get(title="Bericht zur nächsten Bürgerwerkstatt")
    workshop = Body.objects.get(name__iexact="Bürgerwerkstatt")
    assert (task.due_precision, task.due_body, task.due_meeting) == ("meeting", workshop, None)


@pytest.mark.django_db
def test_import_report_open_due_takes_the_meeting_when_it_is_planned():
    source = text(
        *HEAD, *MEETING, "# Nächste Schritte", "", "- Bericht zur nächsten Bürgerwerkstatt"
    )
    import_report(blocks=read_markdown(source))
    workshop = Body.objects.get(name__iexact="Bürgerwerkstatt")

    meeting = schedule_meeting(body=workshop, date=datetime.date(2020, 9, 1))

    task = Task.objects.get(title="Bericht zur nächsten Bürgerwerkstatt")
    assert (task.due_precision, task.due_body, task.due_meeting) == ("meeting", None, meeting)


@pytest.mark.django_db
def test_import_report_due_by_the_next_of_no_body_has_no_due_date_and_says_so():
    source = text(*HEAD, *MEETING, "# Nächste Schritte", "", "- Bericht zur nächsten Sitzung")

    summary = import_report(blocks=read_markdown(source))

    assert summary.created[-1] == (
        "Aufgabe: Bericht zur nächsten Sitzung "
        "(fällig zur nächsten Sitzung – kein Gremium dieses Namens: ohne Fälligkeit)"
    )
    assert Task.objects.get(title="Bericht zur nächsten Sitzung").due_precision == "none"
    assert not Body.objects.filter(name__iexact="Sitzung").exists()


@pytest.mark.django_db
def test_import_report_invalid_due_day_is_refused_with_its_line():
    source = text(*HEAD, *MEETING, "# Nächste Schritte", "", "- Kostenprüfung bis 31.06.2020")

    error = import_error(source)

    assert (line_number(error), quotes("31.06.2020", str(error))) == (19, True)


# Drafts may overlap; issued reports do not ---------------------------------------------


@pytest.mark.django_db
def test_import_report_whose_period_overlaps_a_draft_is_a_draft_of_its_own():
    import_seed()  # April/Mai 2020, a draft
    may = JUNE_REPORT.replace("Statusbericht Juni 2020", "Statusbericht Mai 2020").replace(
        "16.06.2020", "18.05.2020"
    )

    import_report(blocks=read_markdown(may))

    # Drafts may overlap; only the issued reports tell a month once.
    assert list(StatusReport.objects.values_list("title", "state")) == [
        ("Statusbericht Mai 2020", "draft"),
        ("Statusbericht April/Mai 2020", "draft"),
    ]
    assert Meeting.objects.filter(date=datetime.date(2020, 5, 18), state="held").exists()


# Nothing becomes public by import ------------------------------------------------------

CONFIDENTIAL = "VERTRAULICH: Personalkosten Gewerbeamt je Kommune"


@pytest.mark.django_db
def test_import_report_filling_a_public_planned_meeting_publishes_nothing(client):
    import_seed()
    announced = Meeting.objects.get(date=datetime.date(2020, 6, 16))
    announced.is_public = True  # the announcement went out publicly
    announced.save()
    june = JUNE_REPORT.replace(
        "- Gewerbeamt: Zentralisierung wird umgesetzt",
        f"- Gewerbeamt: Zentralisierung wird umgesetzt\n- {CONFIDENTIAL}",
    )

    summary = import_report(blocks=read_markdown(june))

    meeting = Meeting.objects.get(pk=announced.pk)
    assert (
        meeting.is_public,
        [item.is_public for item in meeting.agenda_items.all()],
        [outcome.is_public for outcome in meeting.outcomes.all()],
    ) == (False, [False], [False, False])
    assert CONFIDENTIAL not in client.get("/").content.decode()
    assert summary.notices == [
        "Importierte Sitzungen, Themen und Ergebnisse sind intern: Auf den öffentlichen Seiten "
        "erscheint nichts, bis eine Koordinatorin oder ein Koordinator die Sitzung "
        "veröffentlicht."
    ]


@pytest.mark.django_db
def test_import_report_dry_run_says_that_nothing_becomes_public():
    summary = import_seed(dry_run=True)

    assert [str(notice) for notice in summary.notices] == [
        "Importierte Sitzungen, Themen und Ergebnisse sind intern: Auf den öffentlichen Seiten "
        "erscheint nichts, bis eine Koordinatorin oder ein Koordinator die Sitzung "
        "veröffentlicht."
    ]
    assert Outcome.objects.count() == 0


@pytest.mark.django_db
def test_import_report_results_become_public_when_the_coordinator_publishes(client):
    import_seed()

    meeting = seed_meeting()

    publish_meeting(meeting=meeting, version=publication_version(meeting))

    assert "Kulturserver: Einbindung ist gewünscht" in client.get("/").content.decode()
