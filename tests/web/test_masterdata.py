"""The master data in the browser: the cooperation's settings, member municipalities,
bodies and their members, partners, fields of action and people, kept by its
coordinators; every form refuses wrong entries with a German message at the field, and
every save leaves its history record."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ikz.core.models import (
    Body,
    Cooperation,
    Membership,
    Municipality,
    Participation,
    Partner,
    Person,
)
from ikz.core.versions import current_version
from ikz.measures.models import FieldOfAction
from tests.conftest import signed_in
from tests.factories import (
    BodyFactory,
    CooperationFactory,
    FieldOfActionFactory,
    MeasureFactory,
    ParticipationFactory,
    PartnerFactory,
    PersonFactory,
    RoleFactory,
)

pytestmark = pytest.mark.django_db

BASE = "/k/partheland/stammdaten"


@pytest.fixture
def body(cooperation):
    return BodyFactory(
        cooperation=cooperation, name="Lenkungsgruppe", kind=Body.Kind.STEERING_GROUP
    )


@pytest.fixture
def person(cooperation, municipality):
    return PersonFactory(
        cooperation=cooperation, municipality=municipality, role="Bürgermeister Naunhof",
        name="Volker Zocher",
    )  # fmt: skip


@pytest.fixture
def partner(cooperation):
    return PartnerFactory(cooperation=cooperation, name="Tourismusverein")


@pytest.fixture
def field(cooperation):
    return FieldOfActionFactory(cooperation=cooperation, name="Verwaltung")


@pytest.fixture
def membership(body, person):
    return Membership.objects.create(body=body, person=person, role=Membership.Role.MEMBER)


def field_errors(response, name: str) -> list[str]:
    form = response.context["form"]
    return form.errors.get(name, [])


def png(width=2, height=2) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "#1f5f8b").save(buffer, "PNG")
    return buffer.getvalue()


def settings_data(cooperation, **changes) -> dict:
    data = {
        "name": cooperation.name,
        "report_title": "",
        "region": "Landkreis Leipzig",
        "website": "",
        "primary_colour": "#1F5F8B",
        "secondary_colour": "",
        "contact_email": "kontakt@partheland.de",
        "contact_phone": "",
        "publisher": "Stadt Naunhof, Markt 1, 04683 Naunhof",
        "publisher_representative": "",
        "content_responsible": "",
        "data_protection_officer": "",
        "supervisory_authority": "",
        "privacy_addendum": "",
        "accessibility_status": "partial",
        "version": current_version(cooperation),
    }
    return data | changes


# Every page ------------------------------------------------------------------------------


def pages(cooperation, municipality, body, membership, partner, field, person) -> list[str]:
    return [
        f"{BASE}/einstellungen/",
        f"{BASE}/kommunen/",
        f"{BASE}/kommunen/{municipality.pk}/",
        f"{BASE}/gremien/",
        f"{BASE}/gremien/{body.pk}/",
        f"{BASE}/gremien/{body.pk}/mitglieder/{membership.pk}/",
        f"{BASE}/partner/",
        f"{BASE}/partner/{partner.pk}/",
        f"{BASE}/handlungsfelder/",
        f"{BASE}/handlungsfelder/{field.pk}/",
        f"{BASE}/personen/",
        f"{BASE}/personen/{person.pk}/",
    ]


def test_every_page_opens_for_a_coordinator_and_shows_in_the_work_navigation(
    coordinator_client, cooperation, municipality, body, membership, partner, field, person
):
    for path in pages(cooperation, municipality, body, membership, partner, field, person):
        response = coordinator_client.get(path)
        assert response.status_code == 200, path
        assert f'href="{BASE}/einstellungen/" aria-current="true">Stammdaten</a>' in (
            response.content.decode()
        ), path


@pytest.mark.parametrize("visitor", ["member", "observer"])
def test_members_and_observers_may_neither_open_nor_save_master_data(
    request, cooperation, municipality, body, membership, partner, field, person, visitor
):
    client = signed_in(request.getfixturevalue(visitor))
    for path in pages(cooperation, municipality, body, membership, partner, field, person):
        assert client.get(path).status_code == 403, path
        assert client.post(path, {"name": "Gekapert"}).status_code == 403, path
    for path in (
        f"{BASE}/partner/{partner.pk}/loeschen/",
        f"{BASE}/kommunen/{municipality.pk}/austritt/",
        f"{BASE}/gremien/{body.pk}/mitglieder/neu/",
    ):
        assert client.post(path, {"version": ""}).status_code == 403, path
    assert Partner.objects.filter(pk=partner.pk).exists()
    assert not client.get("/k/partheland/sitzungen/").content.decode().count("Stammdaten")


def test_the_coordinator_of_another_cooperation_is_refused(
    cooperation, municipality, body, membership, partner, field, person
):
    other = RoleFactory(cooperation=CooperationFactory(name="Muldental", slug="muldental")).user
    client = signed_in(other)
    for path in pages(cooperation, municipality, body, membership, partner, field, person):
        assert client.get(path).status_code == 403, path
    assert client.post(f"{BASE}/partner/{partner.pk}/loeschen/", {}).status_code == 403
    # Nor are the Partheland's objects reached through the address of their own.
    assert client.get(f"/k/muldental/stammdaten/partner/{partner.pk}/").status_code == 404
    assert client.get(f"/k/muldental/stammdaten/kommunen/{municipality.pk}/").status_code == 404


def test_the_data_link_to_the_admin_shows_to_superusers_only(
    coordinator_client, cooperation, django_user_model
):
    page = coordinator_client.get("/k/partheland/sitzungen/").content.decode()
    assert 'href="/admin/"' not in page
    root = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    assert 'href="/admin/"' in signed_in(root).get("/k/partheland/sitzungen/").content.decode()


def test_the_imprint_without_publisher_links_coordinators_to_the_settings(
    client, coordinator_client, member_client, cooperation
):
    link = f'<a href="{BASE}/einstellungen/">Einstellungen der Kooperation</a>'
    for path in ("/k/partheland/impressum/", "/k/partheland/datenschutz/"):
        assert link in coordinator_client.get(path).content.decode()
        # Whom the settings refuse reads where they are, without a link into a refusal.
        for visitor in (client, member_client):
            page = visitor.get(path).content.decode()
            assert link not in page and "in den Einstellungen der Kooperation ein" in page


# The cooperation's settings ----------------------------------------------------------------


def test_settings_are_saved_with_their_history(coordinator, coordinator_client, cooperation):
    upload = SimpleUploadedFile("logo.png", png(), content_type="image/png")
    response = coordinator_client.post(
        f"{BASE}/einstellungen/", settings_data(cooperation) | {"logo": upload}
    )

    assert response.status_code == 302
    cooperation.refresh_from_db()
    assert (cooperation.region, cooperation.primary_colour, cooperation.publisher) == (
        "Landkreis Leipzig", "#1F5F8B", "Stadt Naunhof, Markt 1, 04683 Naunhof",
    )  # fmt: skip
    assert cooperation.logo.name.startswith("logos/logo")
    latest = cooperation.history.latest()
    assert (latest.history_user, latest.region) == (coordinator, "Landkreis Leipzig")


def test_a_colour_too_light_for_text_is_refused_with_its_contrast(coordinator_client, cooperation):
    response = coordinator_client.post(
        f"{BASE}/einstellungen/", settings_data(cooperation, primary_colour="#ffcc00")
    )

    assert response.status_code == 200
    assert field_errors(response, "primary_colour") == [
        "Die Farbe #ffcc00 erreicht auf Weiß nur ein Kontrastverhältnis von 1,5 : 1; "
        "nötig sind 4,5 : 1."
    ]
    cooperation.refresh_from_db()
    assert cooperation.primary_colour == ""


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "Dieses Feld ist zwingend erforderlich."),
        ({"secondary_colour": "blau"}, "secondary_colour",
         "Bitte geben Sie eine Farbe im Format #RRGGBB an, z. B. #1F5F8B."),
        ({"secondary_colour": "#000080"}, "secondary_colour",
         "Die Farbe #000080 ist als Hintergrund für Text zu dunkel: Text darauf erreicht nur "
         "ein Kontrastverhältnis von 1,0 : 1; nötig sind 4,5 : 1."),
        ({"contact_email": "kein-at"}, "contact_email", "Bitte gültige E-Mail-Adresse eingeben."),
    ],
)  # fmt: skip
def test_settings_with_a_wrong_entry_name_the_field(
    coordinator_client, cooperation, changes, field, message
):
    response = coordinator_client.post(
        f"{BASE}/einstellungen/", settings_data(cooperation, **changes)
    )

    assert response.status_code == 200
    assert field_errors(response, field) == [message]


def test_a_logo_that_is_no_picture_is_refused(coordinator_client, cooperation):
    for name, content, message in [
        ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>",
         "Das Logo ist ein Bild als .png, .jpg oder .jpeg, nicht „.svg“."),
        ("logo.png", b"%PDF-1.7 kein Bild",
         "Die Datei „logo.png“ lässt sich nicht als „.png“-Datei lesen; vielleicht ist sie "
         "beschädigt, unvollständig oder umbenannt."),
    ]:  # fmt: skip
        upload = SimpleUploadedFile(name, content)
        response = coordinator_client.post(
            f"{BASE}/einstellungen/", settings_data(cooperation) | {"logo": upload}
        )
        assert field_errors(response, "logo") == [message]
    cooperation.refresh_from_db()
    assert not cooperation.logo


def test_settings_saved_meanwhile_by_another_are_not_overwritten(coordinator_client, cooperation):
    stale = current_version(cooperation)
    cooperation.region = "Muldental"
    cooperation.save()

    response = coordinator_client.post(
        f"{BASE}/einstellungen/", settings_data(cooperation, version=stale)
    )

    assert response.status_code == 200
    assert response.context["form"].conflict is not None
    cooperation.refresh_from_db()
    assert cooperation.region == "Muldental"


# Member municipalities -----------------------------------------------------------------------


def municipality_data(**changes) -> dict:
    data = {
        "name": "Belgershain",
        "kind": "municipality",
        "ags": "14729020",
        "population": "3500",
        "population_date": "31.12.2019",
        "population_source": "",
        "area_km2": "",
        "website": "",
        "joined_on": "01.01.2019",
    }
    return data | changes


def test_a_new_municipality_joins_with_its_history(coordinator, coordinator_client, cooperation):
    response = coordinator_client.post(f"{BASE}/kommunen/", municipality_data())

    assert response.status_code == 302
    participation = Participation.objects.get(municipality__name="Belgershain")
    assert (participation.cooperation, participation.joined_on) == (
        cooperation, datetime.date(2019, 1, 1)
    )  # fmt: skip
    municipality = participation.municipality
    assert (municipality.ags, municipality.population) == ("14729020", 3500)
    assert municipality.history.get().history_user == coordinator
    assert participation.history.get().history_user == coordinator


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ags": "1472902"}, "ags",
         "Der Amtliche Gemeindeschlüssel (AGS) hat genau 8 Ziffern, nicht 7."),
        ({"ags": "1472902x"}, "ags",
         "Der Amtliche Gemeindeschlüssel (AGS) besteht nur aus Ziffern; „1472902x“ enthält "
         "andere Zeichen."),
        ({"population_date": ""}, "population_date",
         "Bitte geben Sie zur Einwohnerzahl den Stichtag an, auf den sie sich bezieht."),
        ({"population": ""}, "population",
         "Ein Stichtag braucht die Einwohnerzahl, die er datiert."),
        ({"joined_on": "morgen"}, "joined_on",
         "Bitte geben Sie den Tag als Tag.Monat.Jahr an, z. B. 16.06.2020."),
        ({"name": ""}, "name", "Dieses Feld ist zwingend erforderlich."),
    ],
)  # fmt: skip
def test_a_new_municipality_with_a_wrong_entry_names_the_field(
    coordinator_client, cooperation, changes, field, message
):
    response = coordinator_client.post(f"{BASE}/kommunen/", municipality_data(**changes))

    assert response.status_code == 200
    assert field_errors(response, field) == [message]
    assert not Municipality.objects.filter(name="Belgershain").exists()


def test_a_municipality_is_edited_leaves_and_joins_again(
    coordinator, coordinator_client, cooperation, municipality
):
    path = f"{BASE}/kommunen/{municipality.pk}/"
    data = municipality_data(name="Naunhof", ags="14729300") | {
        "version": current_version(municipality)
    }
    assert coordinator_client.post(path, data).status_code == 302
    municipality.refresh_from_db()
    assert (municipality.ags, municipality.population_date) == (
        "14729300", datetime.date(2019, 12, 31)
    )  # fmt: skip
    assert municipality.history.latest().history_user == coordinator

    participation = Participation.objects.get(cooperation=cooperation, municipality=municipality)
    early = coordinator_client.post(
        f"{path}austritt/", {"left_on": "31.12.2018", "version": current_version(participation)}
    )
    assert early.context["leave_form"].errors["left_on"] == [
        "Naunhof kann nicht vor seinem Beitritt am 01.01.2019 austreten."
    ]
    left = coordinator_client.post(
        f"{path}austritt/", {"left_on": "30.06.2021", "version": current_version(participation)}
    )
    assert left.status_code == 302
    participation.refresh_from_db()
    assert participation.left_on == datetime.date(2021, 6, 30)
    assert participation.history.latest().history_user == coordinator

    overlapping = coordinator_client.post(f"{path}beitritt/", {"joined_on": "01.01.2021"})
    assert overlapping.context["join_form"].errors["joined_on"] == [
        "Naunhof ist zu diesem Zeitpunkt bereits Mitglied."
    ]
    assert (
        coordinator_client.post(f"{path}beitritt/", {"joined_on": "01.01.2023"}).status_code == 302
    )
    assert Participation.objects.filter(
        municipality=municipality, joined_on=datetime.date(2023, 1, 1), left_on=None
    ).exists()


def test_a_municipality_with_a_wrong_ags_is_not_saved(coordinator_client, municipality):
    data = municipality_data(name="Naunhof", ags="147 29300") | {
        "version": current_version(municipality)
    }
    response = coordinator_client.post(f"{BASE}/kommunen/{municipality.pk}/", data)

    assert field_errors(response, "ags") == [
        "Der Amtliche Gemeindeschlüssel (AGS) besteht nur aus Ziffern; „147 29300“ enthält "
        "andere Zeichen."
    ]
    assert "kern-form-input--error" in response.content.decode()


# Bodies and their members --------------------------------------------------------------------


def test_a_body_is_created_edited_and_given_members(
    coordinator, coordinator_client, cooperation, person
):
    created = coordinator_client.post(
        f"{BASE}/gremien/",
        {"name": "Arbeitsgruppe Digitales", "kind": "working_group", "municipality": "",
         "description": ""},
    )  # fmt: skip
    assert created.status_code == 302
    body = Body.objects.get(name="Arbeitsgruppe Digitales")
    assert body.history.get().history_user == coordinator

    edited = coordinator_client.post(
        f"{BASE}/gremien/{body.pk}/",
        {"name": "AG Digitales", "kind": "working_group", "municipality": "",
         "description": "Trifft sich monatlich.", "version": current_version(body)},
    )  # fmt: skip
    assert edited.status_code == 302
    body.refresh_from_db()
    assert (body.name, body.description) == ("AG Digitales", "Trifft sich monatlich.")

    added = coordinator_client.post(
        f"{BASE}/gremien/{body.pk}/mitglieder/neu/",
        {"member-person": person.pk, "member-role": "chair", "member-start": "01.01.2020",
         "member-end": ""},
    )  # fmt: skip
    assert added.status_code == 302
    membership = Membership.objects.get(body=body, person=person)
    assert (membership.role, membership.start) == ("chair", datetime.date(2020, 1, 1))

    changed = coordinator_client.post(
        f"{BASE}/gremien/{body.pk}/mitglieder/{membership.pk}/",
        {"person": person.pk, "role": "deputy", "start": "01.01.2020", "end": "",
         "version": current_version(membership)},
    )  # fmt: skip
    assert changed.status_code == 302
    ended = coordinator_client.post(
        f"{BASE}/gremien/{body.pk}/mitglieder/{membership.pk}/ende/",
        {"end": "31.12.2020", "version": current_version(membership)},
    )
    assert ended.status_code == 302
    membership.refresh_from_db()
    assert (membership.role, membership.end) == ("deputy", datetime.date(2020, 12, 31))
    assert [record.history_user for record in membership.history.all()] == [coordinator] * 3


def test_body_and_membership_forms_with_wrong_entries_name_the_field(
    coordinator_client, cooperation, body, membership, person
):
    council = coordinator_client.post(
        f"{BASE}/gremien/", {"name": "Stadtrat", "kind": "council", "municipality": ""}
    )
    assert field_errors(council, "kind") + field_errors(council, "municipality") + list(
        council.context["form"].non_field_errors()
    ) == ["Bitte geben Sie für einen Gemeinderat die Kommune an, zu der er gehört."]

    twice = coordinator_client.post(
        f"{BASE}/gremien/", {"name": "Lenkungsgruppe", "kind": "steering_group"}
    )
    assert list(twice.context["form"].non_field_errors()) == [
        "Ein Gremium mit diesem Namen ist bereits vorhanden."
    ]

    backwards = coordinator_client.post(
        f"{BASE}/gremien/{body.pk}/mitglieder/neu/",
        {"member-person": person.pk, "member-role": "member", "member-start": "01.01.2021",
         "member-end": "01.01.2020"},
    )  # fmt: skip
    assert backwards.context["member_form"].errors["end"] == [
        "Eine Mitgliedschaft kann nicht enden, bevor sie beginnt."
    ]
    stranger = PersonFactory(role="Fremd")
    foreign = coordinator_client.post(
        f"{BASE}/gremien/{body.pk}/mitglieder/neu/",
        {"member-person": stranger.pk, "member-role": "member"},
    )
    assert foreign.context["member_form"].errors["person"] == [
        "Bitte eine gültige Auswahl treffen. Dies ist keine gültige Auswahl."
    ]
    no_end = coordinator_client.post(
        f"{BASE}/gremien/{body.pk}/mitglieder/{membership.pk}/ende/",
        {"end": "", "version": current_version(membership)},
    )
    assert no_end.context["end_form"].errors["end"] == ["Dieses Feld ist zwingend erforderlich."]


def test_a_body_with_members_is_not_deleted_and_says_why(
    coordinator_client, cooperation, body, membership
):
    response = coordinator_client.post(
        f"{BASE}/gremien/{body.pk}/loeschen/", {"version": current_version(body)}, follow=True
    )

    assert Body.objects.filter(pk=body.pk).exists()
    assert [str(message) for message in response.context["messages"]] == [
        "„Lenkungsgruppe“ kann nicht gelöscht werden: darauf verweisen noch Mitgliedschaften (1)."
    ]


def test_a_body_without_anything_is_deleted_with_its_history(
    coordinator, coordinator_client, cooperation, body
):
    response = coordinator_client.post(
        f"{BASE}/gremien/{body.pk}/loeschen/", {"version": current_version(body)}
    )

    assert response["Location"] == f"{BASE}/gremien/"
    assert not Body.objects.filter(pk=body.pk).exists()
    assert body.history.latest().history_type == "-"
    assert body.history.latest().history_user == coordinator


# Partners, fields of action, people ----------------------------------------------------------


def test_a_partner_is_created_edited_and_deleted(coordinator, coordinator_client, cooperation):
    assert (
        coordinator_client.post(
            f"{BASE}/partner/", {"name": "Tourismusverein", "kind": "association", "website": ""}
        ).status_code
        == 302
    )
    partner = Partner.objects.get(name="Tourismusverein")
    assert coordinator_client.post(
        f"{BASE}/partner/{partner.pk}/",
        {"name": "Tourismusverein Partheland", "kind": "association", "website": "",
         "version": current_version(partner)},
    ).status_code == 302  # fmt: skip
    partner.refresh_from_db()
    assert partner.name == "Tourismusverein Partheland"
    assert (
        coordinator_client.post(
            f"{BASE}/partner/{partner.pk}/loeschen/", {"version": current_version(partner)}
        ).status_code
        == 302
    )
    assert not Partner.objects.filter(pk=partner.pk).exists()
    assert [record.history_type for record in partner.history.all()] == ["-", "~", "+"]
    assert {record.history_user for record in partner.history.all()} == {coordinator}


def test_a_partner_with_people_is_not_deleted(coordinator_client, cooperation, partner):
    PersonFactory(cooperation=cooperation, partner=partner, municipality=None, role="Vorstand")

    response = coordinator_client.post(
        f"{BASE}/partner/{partner.pk}/loeschen/", {"version": current_version(partner)}, follow=True
    )

    assert Partner.objects.filter(pk=partner.pk).exists()
    assert [str(message) for message in response.context["messages"]] == [
        "„Tourismusverein“ kann nicht gelöscht werden: darauf verweisen noch Personen (1)."
    ]


def test_a_deletion_based_on_an_older_version_is_refused(coordinator_client, partner):
    stale = current_version(partner)
    partner.name = "Tourismusverein e. V."
    partner.save()

    response = coordinator_client.post(
        f"{BASE}/partner/{partner.pk}/loeschen/", {"version": stale}, follow=True
    )

    assert Partner.objects.filter(pk=partner.pk).exists()
    assert "in der Zwischenzeit geändert" in str(list(response.context["messages"])[0])


def test_partner_and_field_forms_with_wrong_entries_name_the_field(
    coordinator_client, cooperation, partner, field
):
    twice = coordinator_client.post(
        f"{BASE}/partner/", {"name": "Tourismusverein", "kind": "other"}
    )
    assert list(twice.context["form"].non_field_errors()) == [
        "Ein Partner mit diesem Namen ist bereits vorhanden."
    ]
    website = coordinator_client.post(
        f"{BASE}/partner/", {"name": "Neu", "kind": "other", "website": "keine adresse"}
    )
    assert field_errors(website, "website") == ["Bitte eine gültige Adresse eingeben."]
    order = coordinator_client.post(
        f"{BASE}/handlungsfelder/", {"name": "Tourismus", "order": "-1", "description": ""}
    )
    assert field_errors(order, "order") == ["Dieser Wert muss größer oder gleich 0 sein."]


def test_a_field_of_action_is_created_edited_and_kept_while_measures_belong_to_it(
    coordinator, coordinator_client, cooperation
):
    assert (
        coordinator_client.post(
            f"{BASE}/handlungsfelder/", {"name": "Tourismus", "order": "3", "description": "Rad"}
        ).status_code
        == 302
    )
    field = FieldOfAction.objects.get(name="Tourismus")
    assert (field.order, field.description) == (3, "Rad")
    assert coordinator_client.post(
        f"{BASE}/handlungsfelder/{field.pk}/",
        {"name": "Tourismus und Freizeit", "order": "1", "description": "Rad",
         "version": current_version(field)},
    ).status_code == 302  # fmt: skip
    MeasureFactory(cooperation=cooperation, field_of_action=field)

    response = coordinator_client.post(
        f"{BASE}/handlungsfelder/{field.pk}/loeschen/",
        {"version": current_version(field)},
        follow=True,
    )

    assert FieldOfAction.objects.filter(pk=field.pk).exists()
    assert [str(message) for message in response.context["messages"]][-1:] == [
        "„Tourismus und Freizeit“ kann nicht gelöscht werden: darauf verweisen noch Maßnahmen (1)."
    ]
    assert field.history.latest().history_user == coordinator


def person_data(**changes) -> dict:
    data = {"name": "Anna Berg", "role": "Hauptamtsleitung", "email": "berg@naunhof.de",
            "municipality": "", "partner": ""}  # fmt: skip
    return data | changes


def test_a_person_is_created_edited_and_deleted(
    coordinator, coordinator_client, cooperation, municipality, partner
):
    assert (
        coordinator_client.post(
            f"{BASE}/personen/", person_data(municipality=municipality.pk)
        ).status_code
        == 302
    )
    person = Person.objects.get(name="Anna Berg")
    assert (person.municipality, person.email) == (municipality, "berg@naunhof.de")
    assert (
        coordinator_client.post(
            f"{BASE}/personen/{person.pk}/",
            person_data(partner=partner.pk) | {"version": current_version(person)},
        ).status_code
        == 302
    )
    person.refresh_from_db()
    assert (person.municipality, person.partner) == (None, partner)
    assert (
        coordinator_client.post(
            f"{BASE}/personen/{person.pk}/loeschen/", {"version": current_version(person)}
        ).status_code
        == 302
    )
    assert not Person.objects.filter(pk=person.pk).exists()
    assert {record.history_user for record in person.history.all()} == {coordinator}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({}, "municipality", "Wählen Sie die Kommune oder den Partner, für die die Person handelt."),
        ({"role": "", "municipality": "MUNICIPALITY"}, "role", "Dieses Feld ist zwingend erforderlich."),
        ({"email": "berg", "municipality": "MUNICIPALITY"}, "email",
         "Bitte gültige E-Mail-Adresse eingeben."),
        ({"municipality": "MUNICIPALITY", "partner": "PARTNER"}, "partner",
         "Eine Person gehört entweder zu einer Kommune oder zu einem Partner. Bitte wählen Sie "
         "genau eines von beiden."),
    ],
)  # fmt: skip
def test_a_person_with_a_wrong_entry_names_the_field(
    coordinator_client, cooperation, municipality, partner, changes, field, message
):
    ids = {"MUNICIPALITY": municipality.pk, "PARTNER": partner.pk}
    data = person_data(**{key: ids.get(value, value) for key, value in changes.items()})

    response = coordinator_client.post(f"{BASE}/personen/", data)

    assert field_errors(response, field) == [message]
    assert not Person.objects.filter(name="Anna Berg").exists()


def test_a_person_in_a_body_is_not_deleted(coordinator_client, person, membership):
    response = coordinator_client.post(
        f"{BASE}/personen/{person.pk}/loeschen/", {"version": current_version(person)}, follow=True
    )

    assert Person.objects.filter(pk=person.pk).exists()
    assert [str(message) for message in response.context["messages"]] == [
        "„Volker Zocher (Bürgermeister Naunhof)“ kann nicht gelöscht werden: darauf "
        "verweisen noch Mitgliedschaften (1)."
    ]


def test_a_person_of_another_cooperation_is_not_reached(coordinator_client, cooperation):
    stranger = PersonFactory(cooperation=CooperationFactory())
    assert coordinator_client.get(f"{BASE}/personen/{stranger.pk}/").status_code == 404
    other = ParticipationFactory().municipality
    assert coordinator_client.get(f"{BASE}/kommunen/{other.pk}/").status_code == 404
    assert Cooperation.objects.count() == 3
