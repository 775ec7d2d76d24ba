"""Purpose agreements in the browser: the register (list, filters, by lifecycle step,
the councils still to resolve), a new agreement, its page, its register data and parties,
and every step of its lifecycle through the client — who may read, who may act, what a
wrong entry says (in German, at its field) and that it stores nothing then."""

import datetime
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from ikz.agreements import lifecycle
from ikz.agreements.models import Agreement, AgreementStep, ChecklistItem, Party
from ikz.core.models import Body, Cooperation
from ikz.core.versions import current_version
from ikz.meetings.models import Consultation, Meeting
from tests.factories import (
    CostModelFactory,
    MeetingFactory,
    OutcomeFactory,
    ParticipationFactory,
    RoleFactory,
    SettlementFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
State = Agreement.State
DAY = datetime.date(2021, 1, 11)


def later(days: int) -> datetime.date:
    return DAY + datetime.timedelta(days=days)


def day(value: datetime.date) -> str:
    return f"{value:%d.%m.%Y}"


@pytest.fixture
def towns(cooperation, municipality):
    """Naunhof (the member's municipality), Borsdorf and Großpösna, all of the
    Landkreis Leipzig."""
    others = [
        ParticipationFactory(cooperation=cooperation, municipality__name=name).municipality
        for name in ("Borsdorf", "Großpösna")
    ]
    result = [municipality, *others]
    for town in result:
        town.district = "Landkreis Leipzig"
        town.save()
    return result


def register(cooperation, towns, kind=Agreement.Kind.DELEGATING, **fields) -> Agreement:
    fields = {
        "performing_municipality": towns[0],
        "task_catalogue": "Gewerbeanzeigen, Erlaubnisse, Auskünfte",
        "notice_period_months": 12,
        **fields,
    }
    return lifecycle.create_agreement(
        cooperation=cooperation, title="Zweckvereinbarung Gewerbeamt", kind=kind,
        parties=towns, on=DAY, **fields,
    )  # fmt: skip


@pytest.fixture
def agreement(cooperation, towns) -> Agreement:
    return register(cooperation, towns)


def settle_all(agreement: Agreement) -> None:
    for point in ChecklistItem.Point:
        lifecycle.settle_point(
            agreement, version=current_version(agreement), point=point, note="geregelt"
        )


def advance_to(agreement: Agreement, state: str) -> Agreement:
    """The agreement taken by the domain up to ``state`` (all councils approving)."""
    path = [
        State.DRAFTING,
        State.DRAFT_AVAILABLE,
        State.COUNCIL_RESOLUTIONS,
        State.APPROVAL_REQUESTED,
        State.APPROVED,
        State.IN_FORCE,
    ]
    for index, step in enumerate(path):
        if agreement.state == state:
            break
        version = current_version(agreement)
        on = later(10 * (index + 1))
        if step == State.DRAFTING:
            lifecycle.start_drafting(agreement, version=version, on=on)
            settle_all(agreement)
        elif step == State.DRAFT_AVAILABLE:
            lifecycle.mark_draft_available(agreement, version=version, on=on)
        elif step == State.COUNCIL_RESOLUTIONS:
            lifecycle.submit_to_councils(agreement, version=version, on=on)
            for party in lifecycle.active_parties(agreement):
                lifecycle.record_council_resolution(
                    agreement, version=current_version(agreement),
                    municipality=party.municipality, result="approved", resolved_on=on,
                )  # fmt: skip
        elif step == State.APPROVAL_REQUESTED and agreement.needs_supervisory_approval:
            lifecycle.request_approval(agreement, version=version, on=on)
        elif step == State.APPROVED and agreement.needs_supervisory_approval:
            lifecycle.record_approval(agreement, version=version, on=on, reference="Az. 1")
        elif step == State.IN_FORCE:
            lifecycle.record_publication(agreement, version=version, on=on, issue="Nr. 5/2021")
        agreement.refresh_from_db()
    assert agreement.state == state
    return agreement


def page_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def errors_of(page: str) -> list[str]:
    """The messages next to the fields and above the forms."""
    return [
        re.sub(r"\s+", " ", message).strip()
        for message in re.findall(
            r'class="kern-error"[^>]*>.*?<span class="kern-body">(.*?)</span>', page, re.S
        )
    ] + [
        re.sub(r"<[^>]+>", "", message).strip()
        for message in re.findall(r'<li class="kern-body">(.*?)</li>', page, re.S)
    ]


def stored(agreement: Agreement) -> tuple:
    """What a refused step must leave as it was."""
    agreement.refresh_from_db()
    return (
        agreement.state,
        agreement.revision,
        list(agreement.steps.values_list("state", "date")),
        list(agreement.checklist.values_list("point", "note")),
        list(Party.objects.filter(agreement=agreement).values_list("municipality", "left_on")),
        list(Consultation.objects.filter(agreement=agreement).values_list("result", "resolved_on")),
        current_version(agreement),
    )


def post_step(client: Client, agreement: Agreement, segment: str, prefix: str, **data):
    """A step's form sent as the agreement's page shows it (its version included)."""
    fields = {f"{prefix}-{name}": value for name, value in data.items()}
    fields.setdefault(f"{prefix}-version", current_version(agreement))
    return client.post(f"/zweckvereinbarungen/{agreement.pk}/{segment}/", fields)


# Who reads and who acts ---------------------------------------------------------------

READ_PAGES = [
    "/k/partheland/zweckvereinbarungen/",
    "/k/partheland/zweckvereinbarungen/?ansicht=verfahren",
    "/zweckvereinbarungen/{pk}/",
]
FORM_PAGES = [
    "/k/partheland/zweckvereinbarungen/neu/",
    "/zweckvereinbarungen/{pk}/bearbeiten/",
    "/zweckvereinbarungen/{pk}/beteiligte/",
]
# Each step's address and the prefix of its form.
STEPS = {
    "entwurf": "entwurf",
    "punkt": "punkt",
    "punkt-offen": "punkt-offen",
    "entwurf-liegt-vor": "vorliegend",
    "gremien": "raete",
    "ratsbeschluss": "ratsbeschluss",
    "genehmigung-beantragt": "antrag",
    "genehmigung": "genehmigung",
    "bekanntmachung": "bekanntmachung",
    "aenderung": "aenderung",
    "beendigung": "beendigung",
    "austritt": "austritt",
    "nicht-verfolgt": "nicht-verfolgt",
}


@pytest.fixture
def other_coordinator_client() -> Client:
    muldental = Cooperation.objects.create(name="Muldental", slug="muldental")
    client = Client()
    client.force_login(RoleFactory(cooperation=muldental).user)
    return client


@pytest.mark.parametrize("path", READ_PAGES + FORM_PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, agreement, path):
    path = path.format(pk=agreement.pk)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/anmelden/?next=")


@pytest.mark.parametrize("path", READ_PAGES + FORM_PAGES)
def test_another_cooperations_coordinator_is_refused(other_coordinator_client, agreement, path):
    assert other_coordinator_client.get(path.format(pk=agreement.pk)).status_code == 403


@pytest.mark.parametrize("reader", ["member_client", "observer_client"])
def test_members_and_observers_read_the_register_and_the_page_without_forms(
    request, agreement, reader
):
    client = request.getfixturevalue(reader)

    pages = [page_of(client.get(path.format(pk=agreement.pk))) for path in READ_PAGES]

    assert all("Zweckvereinbarung Gewerbeamt" in page for page in pages)
    assert "Neue Zweckvereinbarung" not in pages[0]
    assert '<form method="post"' not in pages[2].partition("<main")[2]
    assert [client.get(path.format(pk=agreement.pk)).status_code for path in FORM_PAGES] == [
        403
    ] * 3


@pytest.mark.parametrize("reader", ["member_client", "observer_client"])
def test_members_and_observers_cannot_take_a_step(request, agreement, reader):
    client = request.getfixturevalue(reader)
    before = stored(agreement)

    statuses = {
        segment: post_step(client, agreement, segment, prefix, date=day(later(1))).status_code
        for segment, prefix in STEPS.items()
    }

    assert statuses == dict.fromkeys(STEPS, 403)
    assert stored(agreement) == before


def test_steps_answer_post_only(coordinator_client, agreement):
    statuses = {
        segment: coordinator_client.get(
            f"/zweckvereinbarungen/{agreement.pk}/{segment}/"
        ).status_code
        for segment in STEPS
    }

    assert statuses == dict.fromkeys(STEPS, 405)


def test_the_work_navigation_links_the_register(member_client, agreement):
    page = page_of(member_client.get("/k/partheland/zweckvereinbarungen/"))

    assert (
        '<a href="/k/partheland/zweckvereinbarungen/" aria-current="true">Zweckvereinbarungen</a>'
        in page
    )


# The register -------------------------------------------------------------------------


def listed(page: str) -> list[str]:
    return re.findall(r'<a href="/zweckvereinbarungen/\d+/">([^<]+)</a>', page)


@pytest.fixture
def register_rows(cooperation, towns, agreement):
    """The Gewerbeamt (delegating, desired), an archive (mandate, at council
    resolutions, Borsdorf's council still to resolve) and a payroll office (not
    pursued) without Großpösna."""
    archive = register(
        cooperation, towns, kind=Agreement.Kind.MANDATING, performing_municipality=towns[1]
    )
    archive.title = "Personal Sharing Archiv"
    archive.save()
    advance_to(archive, State.DRAFT_AVAILABLE)
    lifecycle.submit_to_councils(archive, version=current_version(archive), on=later(40))
    lifecycle.record_council_resolution(
        archive, version=current_version(archive), municipality=towns[0], result="approved",
        resolved_on=later(41),
    )  # fmt: skip
    payroll = register(cooperation, towns[:2], kind=Agreement.Kind.JOINT_OFFICE)
    payroll.title = "Lohnbuchhaltung"
    payroll.save()
    lifecycle.not_pursued(payroll, version=current_version(payroll), on=later(3), reason="Zu teuer")
    return agreement, archive, payroll


def test_the_register_lists_every_agreement_with_kind_parties_state_and_vat(
    coordinator_client, register_rows, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        page = page_of(coordinator_client.get("/k/partheland/zweckvereinbarungen/"))

    assert listed(page.partition('id="raete"')[0]) == [
        "Lohnbuchhaltung",
        "Personal Sharing Archiv",
        "Zweckvereinbarung Gewerbeamt",
    ]
    assert "3 Zweckvereinbarungen" in page
    row = page.partition(">Personal Sharing Archiv<")[2].partition("</tr>")[0]
    assert "Borsdorf (erfüllend), Großpösna, Naunhof" in row
    assert '<td data-label="Status">Ratsbeschlüsse</td>' in row


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=not_pursued", ["Lohnbuchhaltung"]),
        ("art=mandating", ["Personal Sharing Archiv"]),
        ("kommune={grosspoesna}", ["Personal Sharing Archiv", "Zweckvereinbarung Gewerbeamt"]),
        ("art=delegating&status=desired", ["Zweckvereinbarung Gewerbeamt"]),
        ("art=delegating&status=in_force", []),
    ],
)
def test_the_register_filters_by_state_kind_and_party(
    coordinator_client, register_rows, towns, query, expected
):
    query = query.format(grosspoesna=towns[2].pk)

    page = page_of(coordinator_client.get(f"/k/partheland/zweckvereinbarungen/?{query}"))

    assert listed(page.partition('id="raete"')[0]) == expected


def test_the_pipeline_groups_the_agreements_by_lifecycle_step(coordinator_client, register_rows):
    page = page_of(coordinator_client.get("/k/partheland/zweckvereinbarungen/?ansicht=verfahren"))

    sections = dict(
        re.findall(r'<section aria-labelledby="schritt-(\w+)">(.*?)</section>', page, re.S)
    )
    assert {state: listed(html) for state, html in sections.items() if listed(html)} == {
        "desired": ["Zweckvereinbarung Gewerbeamt"],
        "council_resolutions": ["Personal Sharing Archiv"],
        "not_pursued": ["Lohnbuchhaltung"],
    }
    assert list(sections) == [state.value for state in State]


def test_the_register_names_the_councils_still_to_resolve(coordinator_client, register_rows):
    page = page_of(coordinator_client.get("/k/partheland/zweckvereinbarungen/"))

    section = page.partition('id="raete"')[2]
    rows = re.findall(r'<th scope="row">([^<]+)</th>(.*?)</tr>', section, re.S)
    assert [(name, listed(html)) for name, html in rows] == [
        ("Borsdorf", ["Personal Sharing Archiv"]),
        ("Großpösna", ["Personal Sharing Archiv"]),
    ]


# A new agreement, its data and parties -----------------------------------------------------


def test_a_coordinator_registers_an_agreement_desired_by_a_result(
    coordinator_client, cooperation, towns
):
    # A result of the last two years: the form offers those.
    outcome = OutcomeFactory(
        meeting=MeetingFactory(body__cooperation=cooperation, date=datetime.date.today()),
        text="Gewerbeamt zentralisieren",
    )

    response = coordinator_client.post(
        "/k/partheland/zweckvereinbarungen/neu/",
        {
            "title": "Zweckvereinbarung Meldewesen",
            "kind": "mandating",
            "parties": [towns[0].pk, towns[1].pk],
            "performing_municipality": towns[0].pk,
            "task_catalogue": "Vertretung im Meldewesen",
            "term": "fixed",
            "term_years": "5",
            "notice_period_months": "6",
            "date": "04.01.2021",
            "outcome": outcome.pk,
        },
    )

    agreement = Agreement.objects.get(title="Zweckvereinbarung Meldewesen")
    assert response.status_code == 302
    assert response["Location"] == f"/zweckvereinbarungen/{agreement.pk}/"
    assert (agreement.kind, agreement.term, agreement.term_years, agreement.state) == (
        "mandating", "fixed", 5, State.DESIRED,
    )  # fmt: skip
    assert [party.municipality for party in agreement.party_rows.all()] == [towns[1], towns[0]]
    assert list(agreement.steps.values_list("state", "date", "outcome")) == [
        (State.DESIRED, datetime.date(2021, 1, 4), outcome.pk)
    ]
    page = page_of(coordinator_client.get(response["Location"]))
    assert "Die Zweckvereinbarung „Zweckvereinbarung Meldewesen“ ist erfasst." in page
    assert "keine Genehmigung erforderlich (§ 72 Abs. 1 SächsKomZG)" in page


def test_a_new_agreement_of_fixed_term_without_years_is_refused(coordinator_client, towns):
    page = page_of(
        coordinator_client.post(
            "/k/partheland/zweckvereinbarungen/neu/",
            {"title": "Archiv", "kind": "delegating", "term": "fixed", "date": "04.01.2021"},
        )
    )

    assert "Eine feste Laufzeit braucht ihre Zahl an Jahren." in errors_of(page)
    assert not Agreement.objects.exists()


def test_the_create_form_explains_the_kinds(coordinator_client, towns):
    page = page_of(coordinator_client.get("/k/partheland/zweckvereinbarungen/neu/"))

    assert "Personal Sharing (nicht genehmigungspflichtig)" in page
    assert "<legend" in page  # the kinds and the parties as fieldsets


def edit_data(agreement: Agreement, **changes) -> dict:
    data = {
        "version": current_version(agreement),
        "title": agreement.title,
        "kind": agreement.kind,
        "performing_municipality": agreement.performing_municipality_id,
        "task_catalogue": agreement.task_catalogue,
        "term": agreement.term,
        "term_years": agreement.term_years or "",
        "notice_period_months": agreement.notice_period_months,
        "vat_public_law_basis": "ja",
        "vat_common_public_task": "ja",
        "vat_cost_reimbursement_only": "nein",
        "vat_serves_public_bodies": "",
    }
    return data | changes


def test_the_vat_criteria_are_answered_and_a_failing_one_is_flagged_with_its_date(
    coordinator_client, agreement
):
    response = coordinator_client.post(
        f"/zweckvereinbarungen/{agreement.pk}/bearbeiten/", edit_data(agreement)
    )

    agreement.refresh_from_db()
    assert response.status_code == 302
    assert (
        agreement.vat_public_law_basis,
        agreement.vat_common_public_task,
        agreement.vat_cost_reimbursement_only,
        agreement.vat_serves_public_bodies,
    ) == (True, True, False, None)
    page = page_of(coordinator_client.get(response["Location"]))
    assert "Gefährdet: Die Leistung kann ab 01.01.2027 umsatzsteuerpflichtig sein." in page
    list_page = page_of(coordinator_client.get("/k/partheland/zweckvereinbarungen/"))
    assert "gefährdet ab 01.01.2027" in list_page


def test_an_edit_based_on_an_older_version_shows_what_changed_and_stores_nothing(
    coordinator_client, agreement
):
    data = edit_data(agreement, title="Gewerbeamt Naunhof")
    lifecycle.edit_agreement(
        agreement, version=current_version(agreement), title="Gewerbeamt Partheland"
    )

    page = page_of(
        coordinator_client.post(f"/zweckvereinbarungen/{agreement.pk}/bearbeiten/", data)
    )

    agreement.refresh_from_db()
    assert agreement.title == "Gewerbeamt Partheland"
    assert "Inzwischen von jemand anderem geändert" in page


def test_the_terms_are_fixed_once_the_draft_is_available(coordinator_client, agreement):
    advance_to(agreement, State.DRAFT_AVAILABLE)
    before = stored(agreement)

    page = page_of(
        coordinator_client.post(
            f"/zweckvereinbarungen/{agreement.pk}/bearbeiten/",
            edit_data(agreement, notice_period_months="6"),
        )
    )

    assert (
        errors_of(page)
        == [
            "Die Bedingungen ändern sich nur, solange der Text entworfen wird: Beginnen Sie eine "
            "Änderung.",
        ]
        * 2
    )  # in the summary and at the field
    assert stored(agreement) == before


def test_the_parties_change_while_desired(coordinator_client, agreement, towns):
    response = coordinator_client.post(
        f"/zweckvereinbarungen/{agreement.pk}/beteiligte/",
        {"version": current_version(agreement), "parties": [towns[0].pk, towns[2].pk]},
    )

    assert response.status_code == 302
    assert [party.municipality for party in agreement.party_rows.all()] == [towns[2], towns[0]]


def test_the_parties_are_fixed_once_the_draft_is_available(coordinator_client, agreement, towns):
    advance_to(agreement, State.DRAFT_AVAILABLE)
    before = stored(agreement)

    page = page_of(
        coordinator_client.post(
            f"/zweckvereinbarungen/{agreement.pk}/beteiligte/",
            {"version": current_version(agreement), "parties": [towns[0].pk]},
        )
    )

    assert "Nicht möglich, solange die Vereinbarung im Stand „Entwurf liegt vor“ ist." in errors_of(
        page
    )
    assert stored(agreement) == before


# The lifecycle through the client ---------------------------------------------------------


def offered(page: str) -> list[str]:
    """The steps the page offers as forms, by their address."""
    return re.findall(r'action="/zweckvereinbarungen/\d+/([\w-]+)/"', page)


def test_a_delegating_agreement_passes_every_step_through_the_page(
    coordinator_client, cooperation, agreement, towns, django_assert_max_num_queries
):
    client = coordinator_client
    detail = f"/zweckvereinbarungen/{agreement.pk}/"

    assert offered(page_of(client.get(detail))) == ["entwurf", "punkt", "nicht-verfolgt"]
    response = post_step(client, agreement, "entwurf", "entwurf", date=day(later(1)), note="Los")
    assert response["Location"] == detail
    assert "Die Zweckvereinbarung wird entworfen." in page_of(client.get(detail))

    page = page_of(client.get(detail))
    assert "Fehlt noch, bevor der Entwurf als vorliegend gilt" in page
    assert "entwurf-liegt-vor" not in offered(page)  # the missing points block it
    for point in ChecklistItem.Point:
        response = post_step(client, agreement, "punkt", "punkt", point=point, note="geregelt")
        assert response.status_code == 302
    page = page_of(client.get(detail))
    assert "Nichts fehlt: Der Entwurf kann als vorliegend gelten." in page
    assert offered(page)[:3] == ["punkt-offen"] * 3  # each settled point opens again

    post_step(client, agreement, "entwurf-liegt-vor", "vorliegend", date=day(later(2)))
    post_step(client, agreement, "gremien", "raete", date=day(later(3)))
    council = Body.objects.get(municipality=towns[0], kind=Body.Kind.COUNCIL)
    meeting = MeetingFactory(body=council, date=later(5))
    for town in towns:
        response = post_step(
            client, agreement, "ratsbeschluss", "ratsbeschluss", municipality=town.pk,
            result="approved", resolved_on=day(later(5)),
            meeting=meeting.pk if town == towns[0] else "",
        )  # fmt: skip
        assert response.status_code == 302
    page = page_of(client.get(detail))
    assert f'<a href="/sitzungen/{meeting.pk}/">' in page.partition('id="ratsbeschluesse"')[2]
    assert "durch Landratsamt Landkreis Leipzig (§§ 72 Abs. 1, 74 SächsKomZG)" in page
    assert "genehmigung-beantragt" in offered(page)

    post_step(client, agreement, "genehmigung-beantragt", "antrag", date=day(later(6)))
    post_step(
        client, agreement, "genehmigung", "genehmigung", date=day(later(20)), reference="Az. 7"
    )
    post_step(
        client, agreement, "bekanntmachung", "bekanntmachung", date=day(later(30)),
        issue="SächsABl. Nr. 7/2021",
    )  # fmt: skip

    agreement.refresh_from_db()
    assert agreement.state == State.IN_FORCE
    assert lifecycle.in_force_from(agreement) == later(31)
    with django_assert_max_num_queries(40):
        page = page_of(client.get(detail))
    assert f"In Kraft seit {day(later(31))}" in page
    assert offered(page) == ["aenderung", "austritt", "beendigung"]
    assert list(agreement.steps.values_list("state", "date", "reference")) == [
        (State.DESIRED, DAY, ""),
        (State.DRAFTING, later(1), ""),
        (State.DRAFT_AVAILABLE, later(2), ""),
        (State.COUNCIL_RESOLUTIONS, later(3), ""),
        (State.APPROVAL_REQUESTED, later(6), ""),
        (State.APPROVED, later(20), "Az. 7"),
        (State.PUBLISHED, later(30), "SächsABl. Nr. 7/2021"),
        (State.IN_FORCE, later(31), ""),
    ]

    response = post_step(
        client, agreement, "austritt", "austritt", municipality=towns[2].pk,
        left_on=day(later(400)), approved_on=day(later(380)),
    )  # fmt: skip
    assert response.status_code == 302
    assert Party.objects.get(agreement=agreement, municipality=towns[2]).left_on == later(400)

    response = post_step(
        client, agreement, "beendigung", "beendigung", date=day(later(800)),
        reason="Aufgabe entfällt", approved_on=day(later(790)), reference="Az. 9",
    )  # fmt: skip
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.state == State.TERMINATED
    assert offered(page_of(client.get(detail))) == []


def test_a_mandate_is_published_without_approval(coordinator_client, cooperation, towns):
    agreement = register(cooperation, towns, kind=Agreement.Kind.MANDATING)
    advance_to(agreement, State.COUNCIL_RESOLUTIONS)
    page = page_of(coordinator_client.get(f"/zweckvereinbarungen/{agreement.pk}/"))
    assert "keine Genehmigung erforderlich (§ 72 Abs. 1 SächsKomZG)" in page
    assert "genehmigung-beantragt" not in offered(page)

    response = post_step(
        coordinator_client, agreement, "bekanntmachung", "bekanntmachung",
        date=day(later(40)), issue="SächsABl. Nr. 9/2021", in_force_from="01.07.2021",
    )  # fmt: skip

    assert response.status_code == 302
    assert lifecycle.in_force_from(agreement) == datetime.date(2021, 7, 1)


def test_an_amendment_takes_the_path_again(coordinator_client, cooperation, towns):
    agreement = advance_to(register(cooperation, towns), State.IN_FORCE)

    response = post_step(
        coordinator_client, agreement, "aenderung", "aenderung", date=day(later(100)),
        note="Borsdorf tritt bei",
    )  # fmt: skip

    agreement.refresh_from_db()
    assert response.status_code == 302
    assert (agreement.state, agreement.revision) == (State.DRAFTING, 1)
    page = page_of(coordinator_client.get(f"/zweckvereinbarungen/{agreement.pk}/"))
    assert "1. Änderung" in page


def test_a_point_opens_again(coordinator_client, agreement):
    lifecycle.settle_point(
        agreement, version=current_version(agreement), point="liability", note="Haftpflicht"
    )

    response = post_step(coordinator_client, agreement, "punkt-offen", "punkt-offen",
                         point="liability")  # fmt: skip

    assert response.status_code == 302
    assert not agreement.checklist.exists()


def test_an_agreement_not_pursued_keeps_its_reason(coordinator_client, agreement):
    response = post_step(
        coordinator_client, agreement, "nicht-verfolgt", "nicht-verfolgt",
        date=day(later(5)), reason="Keine Mehrheit",
    )  # fmt: skip

    agreement.refresh_from_db()
    assert response.status_code == 302
    assert (agreement.state, agreement.not_pursued_reason) == (State.NOT_PURSUED, "Keine Mehrheit")
    page = page_of(coordinator_client.get(f"/zweckvereinbarungen/{agreement.pk}/"))
    assert "Keine Mehrheit" in page
    assert offered(page) == []


# Wrong entries: the German message at its field, nothing stored ---------------------------


def test_a_draft_with_missing_points_is_not_available(coordinator_client, agreement):
    advance_to(agreement, State.DRAFTING)
    ChecklistItem.objects.filter(agreement=agreement, point="liability").delete()
    before = stored(agreement)

    page = page_of(
        post_step(coordinator_client, agreement, "entwurf-liegt-vor", "vorliegend",
                  date=day(later(50)))
    )  # fmt: skip

    assert "Haftung: Noch nicht geregelt." in errors_of(page)
    assert stored(agreement) == before


def test_a_step_dated_before_the_previous_one_is_refused(coordinator_client, agreement):
    before = stored(agreement)

    page = page_of(
        post_step(coordinator_client, agreement, "entwurf", "entwurf", date=day(later(-1)))
    )

    assert "Der Schritt kann nicht vor dem vorigen (11.01.2021) datiert sein." in errors_of(page)
    assert 'id="id_entwurf-date_error"' in page
    assert stored(agreement) == before


def test_a_step_the_state_does_not_allow_is_refused(coordinator_client, agreement):
    before = stored(agreement)

    page = page_of(post_step(coordinator_client, agreement, "gremien", "raete", date=day(later(1))))

    assert "Nicht möglich, solange die Vereinbarung im Stand „gewünscht“ ist." in errors_of(page)
    assert stored(agreement) == before


def test_a_resolution_before_the_submission_or_in_another_councils_meeting_is_refused(
    coordinator_client, cooperation, agreement, towns
):
    advance_to(agreement, State.DRAFT_AVAILABLE)
    lifecycle.submit_to_councils(agreement, version=current_version(agreement), on=later(30))
    other_council = Body.objects.get(municipality=towns[1], kind=Body.Kind.COUNCIL)
    before = stored(agreement)

    early = page_of(
        post_step(
            coordinator_client, agreement, "ratsbeschluss", "ratsbeschluss",
            municipality=towns[0].pk, result="approved", resolved_on=day(later(29)),
        )
    )  # fmt: skip
    elsewhere = page_of(
        post_step(
            coordinator_client, agreement, "ratsbeschluss", "ratsbeschluss",
            municipality=towns[0].pk, result="approved", resolved_on=day(later(31)),
            meeting=MeetingFactory(body=other_council, date=later(31)).pk,
        )
    )  # fmt: skip

    assert any("nachdem der Entwurf an die Räte ging" in m for m in errors_of(early)), errors_of(
        early
    )
    assert 'id="id_ratsbeschluss-resolved_on_error"' in early
    assert 'id="id_ratsbeschluss-meeting_error"' in elsewhere
    assert stored(agreement) == before
    assert Meeting.objects.filter(body=other_council).count() == 1


def test_publication_in_force_before_the_next_day_is_refused(
    coordinator_client, cooperation, towns
):
    agreement = advance_to(
        register(cooperation, towns, kind=Agreement.Kind.MANDATING), State.COUNCIL_RESOLUTIONS
    )
    before = stored(agreement)

    page = page_of(
        post_step(
            coordinator_client, agreement, "bekanntmachung", "bekanntmachung",
            date=day(later(40)), issue="Nr. 9/2021", in_force_from=day(later(40)),
        )
    )  # fmt: skip

    assert 'id="id_bekanntmachung-in_force_from_error"' in page
    assert stored(agreement) == before


def test_ending_an_agreement_that_needed_approval_needs_its_date(coordinator_client, agreement):
    advance_to(agreement, State.IN_FORCE)
    before = stored(agreement)

    page = page_of(
        post_step(coordinator_client, agreement, "beendigung", "beendigung",
                  date=day(later(500)), reason="Aufgabe entfällt")
    )  # fmt: skip

    assert 'id="id_beendigung-approved_on_error"' in page
    assert (
        "Die Vereinbarung war genehmigungspflichtig, daher braucht auch dies die Genehmigung "
        "des Landratsamt Landkreis Leipzig (§ 72 Abs. 3 SächsKomZG): Geben Sie ihr Datum an."
    ) in errors_of(page)
    assert stored(agreement) == before


def test_a_step_sent_on_an_older_version_shows_what_changed(coordinator_client, agreement):
    version = current_version(agreement)
    lifecycle.edit_agreement(agreement, version=version, title="Gewerbeamt Partheland")
    before = stored(agreement)

    page = page_of(
        post_step(coordinator_client, agreement, "entwurf", "entwurf", date=day(later(1)),
                  version=version)
    )  # fmt: skip

    assert "Inzwischen von jemand anderem geändert" in page
    assert stored(agreement) == before


def test_a_step_without_its_required_entries_names_them(coordinator_client, agreement):
    before = stored(agreement)

    page = page_of(post_step(coordinator_client, agreement, "nicht-verfolgt", "nicht-verfolgt"))

    assert "Dieses Feld ist zwingend erforderlich." in errors_of(page)
    assert stored(agreement) == before


def test_the_timeline_links_the_result_behind_a_step(coordinator_client, cooperation, agreement):
    outcome = OutcomeFactory(
        meeting=MeetingFactory(body__cooperation=cooperation, date=later(1)),
        text="Entwurf beauftragt",
    )

    post_step(
        coordinator_client, agreement, "entwurf", "entwurf", date=day(later(1)),
        outcome=outcome.pk,
    )  # fmt: skip

    step = AgreementStep.objects.get(agreement=agreement, state=State.DRAFTING)
    assert step.outcome == outcome
    timeline = page_of(coordinator_client.get(f"/zweckvereinbarungen/{agreement.pk}/")).partition(
        'id="verlauf"'
    )[2]
    assert f'<a href="/sitzungen/{outcome.meeting_id}/">' in timeline
    assert "Entwurf beauftragt" in timeline


def test_a_user_without_any_role_is_refused(agreement):
    client = Client()
    client.force_login(UserFactory())

    assert client.get(f"/zweckvereinbarungen/{agreement.pk}/").status_code == 403


def test_the_audit_log_links_an_agreements_steps_to_its_page(coordinator_client, agreement):
    lifecycle.start_drafting(agreement, version=current_version(agreement), on=later(1))

    page = page_of(coordinator_client.get("/k/partheland/protokoll/?kind=agreements.AgreementStep"))

    assert f'<a href="/zweckvereinbarungen/{agreement.pk}/">' in page


def test_the_agreements_history_is_shown_to_coordinators_only(
    coordinator_client, observer_client, agreement
):
    path = f"/zweckvereinbarungen/{agreement.pk}/"

    assert '<h2 id="audit-history">Verlauf</h2>' in page_of(coordinator_client.get(path))
    assert "audit-history" not in page_of(observer_client.get(path))


# The draft text, the council's result, joining days, the cost plan ---------------------


def test_everyone_with_a_role_downloads_the_draft_text_as_word(member_client, agreement, towns):
    import docx  # noqa: PLC0415 heavy library: python-docx, opened as a user's Word would

    response = member_client.get(f"/zweckvereinbarungen/{agreement.pk}/entwurf.docx")

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('"entwurf-zweckvereinbarung-gewerbeamt.docx"')
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert document.core_properties.title == "Zweckvereinbarung Gewerbeamt"
    assert "Gewerbeanzeigen, Erlaubnisse, Auskünfte" in text
    assert all(town.name in text for town in towns)
    assert "[offen: im Register noch nicht geregelt]" in text  # the checklist is open


def test_a_council_resolution_links_the_result_of_its_meeting(coordinator_client, agreement, towns):
    advance_to(agreement, State.DRAFT_AVAILABLE)
    lifecycle.submit_to_councils(agreement, version=current_version(agreement), on=later(30))
    council = Body.objects.get(municipality=towns[0], kind=Body.Kind.COUNCIL)
    result = OutcomeFactory(
        meeting=MeetingFactory(body=council, date=later(35)),
        text="Der Stadtrat stimmt der Zweckvereinbarung Gewerbeamt zu.",
    )
    steering = OutcomeFactory(meeting__body__cooperation=agreement.cooperation)
    page = page_of(coordinator_client.get(f"/zweckvereinbarungen/{agreement.pk}/"))
    choices = page.partition('name="ratsbeschluss-outcome"')[2].partition("</select>")[0]
    assert f'<option value="{result.pk}">' in choices
    assert f'<option value="{steering.pk}">' not in choices  # not a party's council

    response = post_step(
        coordinator_client, agreement, "ratsbeschluss", "ratsbeschluss",
        municipality=towns[0].pk, result="approved", resolved_on=day(later(35)), outcome=result.pk,
    )  # fmt: skip

    assert response.status_code == 302
    consultation = Consultation.objects.get(agreement=agreement, body=council)
    assert (consultation.meeting, consultation.outcome) == (result.meeting, result)
    page = page_of(coordinator_client.get(f"/zweckvereinbarungen/{agreement.pk}/"))
    assert "Der Stadtrat stimmt der Zweckvereinbarung Gewerbeamt zu." in page


def test_a_result_of_another_body_is_refused_at_its_field(coordinator_client, agreement, towns):
    advance_to(agreement, State.DRAFT_AVAILABLE)
    lifecycle.submit_to_councils(agreement, version=current_version(agreement), on=later(30))
    steering = OutcomeFactory(meeting__body__cooperation=agreement.cooperation)
    before = stored(agreement)

    page = page_of(
        post_step(
            coordinator_client, agreement, "ratsbeschluss", "ratsbeschluss",
            municipality=towns[0].pk, result="approved", resolved_on=day(later(35)),
            outcome=steering.pk,
        )
    )  # fmt: skip

    assert 'id="id_ratsbeschluss-outcome_error"' in page
    assert stored(agreement) == before


def test_a_party_joins_later_on_its_day(coordinator_client, agreement, towns):
    detail = f"/zweckvereinbarungen/{agreement.pk}/beteiligte/"
    data = {
        "version": current_version(agreement),
        "parties": [town.pk for town in towns],
        f"beitritt_{towns[2].pk}": "01.07.2021",
    }

    response = coordinator_client.post(detail, data)

    assert response.status_code == 302
    assert dict(agreement.party_rows.values_list("municipality", "joined_on")) == {
        towns[0].pk: None,
        towns[1].pk: None,
        towns[2].pk: datetime.date(2021, 7, 1),
    }
    page = page_of(coordinator_client.get(response["Location"]))
    assert "01.07.2021" in page.partition('id="beteiligte"')[2].partition('id="checkliste"')[0]
    form = page_of(coordinator_client.get(detail))
    assert 'value="01.07.2021"' in form


def test_a_joining_day_that_is_no_date_is_refused_at_its_field(
    coordinator_client, agreement, towns
):
    before = stored(agreement)

    page = page_of(
        coordinator_client.post(
            f"/zweckvereinbarungen/{agreement.pk}/beteiligte/",
            {
                "version": current_version(agreement),
                "parties": [town.pk for town in towns],
                f"beitritt_{towns[2].pk}": "31.02.2021",
            },
        )
    )

    assert f'id="id_beitritt_{towns[2].pk}_error"' in page
    assert stored(agreement) == before


def test_the_cost_plan_is_chosen_and_the_page_links_it_and_the_settlements(
    coordinator_client, cooperation, agreement
):
    plan = CostModelFactory(cooperation=cooperation, name="Gewerbeamt", scenario="Plan 2025")
    foreign = CostModelFactory(name="Fremd")

    refused = page_of(
        coordinator_client.post(
            f"/zweckvereinbarungen/{agreement.pk}/bearbeiten/",
            edit_data(agreement, cost_model=foreign.pk),
        )
    )
    assert 'id="id_cost_model_error"' in refused
    response = coordinator_client.post(
        f"/zweckvereinbarungen/{agreement.pk}/bearbeiten/", edit_data(agreement, cost_model=plan.pk)
    )
    settlement = SettlementFactory(
        agreement=agreement, cost_model=plan, year=2025, actual_annual_cost="131874.20"
    )

    assert response.status_code == 302
    page = page_of(coordinator_client.get(f"/zweckvereinbarungen/{agreement.pk}/"))
    costs = page.partition('id="kosten"')[2].partition('id="verlauf"')[0]
    assert f'<a href="/kostenpruefungen/{plan.pk}/">Gewerbeamt: Plan 2025</a>' in costs
    assert f'<a href="/abrechnungen/{settlement.pk}/">2025</a>' in costs
    assert "131.874,20 €" in costs


def test_a_cost_plan_of_another_cooperation_is_refused_by_the_domain(agreement):
    with pytest.raises(ValidationError) as refused:
        lifecycle.edit_agreement(
            agreement, version=current_version(agreement), cost_model=CostModelFactory()
        )

    assert "cost_model" in refused.value.message_dict


def test_a_steps_result_is_chosen_among_those_since_the_last_step(
    coordinator_client, cooperation, agreement
):
    earlier = OutcomeFactory(meeting=MeetingFactory(body__cooperation=cooperation, date=later(-30)))
    since = OutcomeFactory(meeting=MeetingFactory(body__cooperation=cooperation, date=later(2)))

    page = page_of(coordinator_client.get(f"/zweckvereinbarungen/{agreement.pk}/"))

    choices = page.partition('name="entwurf-outcome"')[2].partition("</select>")[0]
    assert f'<option value="{since.pk}">' in choices
    assert f'<option value="{earlier.pk}">' not in choices
    page = page_of(
        post_step(coordinator_client, agreement, "entwurf", "entwurf", date=day(later(3)),
                  outcome=earlier.pk)
    )  # fmt: skip
    assert 'id="id_entwurf-outcome_error"' in page
    assert not agreement.steps.filter(state=State.DRAFTING).exists()
