"""Rules of the cooperation's master data: municipalities, memberships, people, bodies,
the Leitbild and documents. Each rule is checked where a user meets it (full_clean, the
German message) and where the database enforces it (the constraint)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ikz.core.models import (
    Body,
    Cooperation,
    Document,
    MissionStatement,
    Municipality,
    Participation,
    Person,
)
from tests.factories import (
    AgreementFactory,
    BodyFactory,
    CooperationFactory,
    MeasureFactory,
    MeetingFactory,
    MunicipalityFactory,
    ParticipationFactory,
    PartnerFactory,
    PersonFactory,
)

# What a German user reads (src/ikz/locale/de/LC_MESSAGES/django.po).
AGS_INVALID = (
    "Der Amtliche Gemeindeschlüssel (AGS) hat genau 8 Ziffern, z. B. 14729300 für Naunhof."
)
AGS_TAKEN = "Eine Kommune mit diesem Amtlichen Gemeindeschlüssel (AGS) ist bereits vorhanden."
# Django's own message for max_length.
AGS_TOO_LONG = (
    "Bitte sicherstellen, dass der Wert aus höchstens 8 Zeichen besteht. "
    "(Er besteht aus 9 Zeichen.)"
)
POPULATION_WITHOUT_DATE = (
    "Bitte geben Sie zur Einwohnerzahl den Stichtag an, auf den sie sich bezieht."
)
LEFT_BEFORE_JOINED = "Das Austrittsdatum darf nicht vor dem Beitrittsdatum liegen."
PERSON_ORGANISATION = (
    "Eine Person gehört entweder zu einer Kommune oder zu einem Partner. "
    "Bitte wählen Sie genau eines von beiden."
)
COUNCIL_WITHOUT_MUNICIPALITY = (
    "Bitte geben Sie für einen Gemeinderat die Kommune an, zu der er gehört."
)
BODY_NAME_TAKEN = "Ein Gremium mit diesem Namen ist bereits vorhanden."
COLOUR_INVALID = "Bitte geben Sie eine Farbe im Format #RRGGBB an, z. B. #1F5F8B."
MISSION_STATEMENT_VERSION_TAKEN = "Diese Version des Leitbilds ist bereits vorhanden."
DOCUMENT_ATTACHMENT = "Ein Dokument gehört zu genau einer Sitzung, Maßnahme oder Zweckvereinbarung."


# Municipality


@pytest.mark.django_db
def test_municipality_with_eight_digit_ags_is_valid():
    municipality = Municipality(name="Naunhof", kind="town", ags="14729300")

    municipality.full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize("ags", ["1472930", "1472930A", "14 72930", "AGS-NAUN"])
def test_municipality_ags_not_eight_digits_is_refused(ags):
    municipality = Municipality(name="Naunhof", ags=ags)

    with pytest.raises(ValidationError) as excinfo:
        municipality.full_clean()

    assert excinfo.value.message_dict == {"ags": [AGS_INVALID]}


@pytest.mark.django_db
def test_municipality_ags_of_nine_digits_is_refused_as_too_long_and_invalid():
    municipality = Municipality(name="Naunhof", ags="147293001")

    with pytest.raises(ValidationError) as excinfo:
        municipality.full_clean()

    assert excinfo.value.message_dict == {"ags": [AGS_INVALID, AGS_TOO_LONG]}


@pytest.mark.django_db
@pytest.mark.parametrize("ags", ["1472930", "1472930A", "AGS-NAUN"])
def test_municipality_ags_not_eight_digits_is_refused_by_database(ags):
    with pytest.raises(IntegrityError, match="municipality_ags_8_digits"), transaction.atomic():
        Municipality.objects.create(name="Naunhof", ags=ags)

    assert Municipality.objects.count() == 0


@pytest.mark.django_db
def test_municipality_empty_ags_is_stored_as_none():
    municipality = Municipality(name="Ort aus dem Bericht", ags="")

    municipality.full_clean()
    municipality.save()

    assert Municipality.objects.get().ags is None


@pytest.mark.django_db
def test_municipality_several_without_ags_are_allowed():
    for name in ["Ort A", "Ort B"]:
        municipality = Municipality(name=name, ags="")
        municipality.full_clean()
        municipality.save()

    assert list(Municipality.objects.values_list("name", "ags")) == [
        ("Ort A", None),
        ("Ort B", None),
    ]


@pytest.mark.django_db
def test_municipality_ags_taken_by_another_municipality_is_refused():
    MunicipalityFactory(name="Naunhof", ags="14729300")
    duplicate = Municipality(name="Naunhof (Dublette)", ags="14729300")

    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()

    assert excinfo.value.message_dict == {"ags": [AGS_TAKEN]}


@pytest.mark.django_db
def test_municipality_ags_taken_is_refused_by_database():
    MunicipalityFactory(ags="14729300")

    with pytest.raises(IntegrityError), transaction.atomic():
        Municipality.objects.create(name="Naunhof (Dublette)", ags="14729300")

    assert Municipality.objects.count() == 1


@pytest.mark.django_db
def test_municipality_population_with_date_is_valid():
    municipality = Municipality(
        name="Naunhof", ags="14729300", population=8700, population_date=datetime.date(2019, 12, 31)
    )

    municipality.full_clean()


@pytest.mark.django_db
def test_municipality_without_population_needs_no_date():
    municipality = Municipality(name="Naunhof", ags="14729300")

    municipality.full_clean()


@pytest.mark.django_db
def test_municipality_population_without_date_is_refused():
    municipality = Municipality(name="Naunhof", ags="14729300", population=8700)

    with pytest.raises(ValidationError) as excinfo:
        municipality.full_clean()

    assert excinfo.value.message_dict == {"__all__": [POPULATION_WITHOUT_DATE]}


@pytest.mark.django_db
def test_municipality_population_without_date_is_refused_by_database():
    with (
        pytest.raises(IntegrityError, match="municipality_population_has_date"),
        transaction.atomic(),
    ):
        Municipality.objects.create(name="Naunhof", ags="14729300", population=8700)


# Participation


@pytest.mark.django_db
def test_participation_left_on_joining_day_is_valid():
    participation = ParticipationFactory.build(
        cooperation=CooperationFactory(),
        municipality=MunicipalityFactory(),
        joined_on=datetime.date(2020, 1, 1),
        left_on=datetime.date(2020, 1, 1),
    )

    participation.full_clean()


@pytest.mark.django_db
def test_participation_left_before_joined_is_refused():
    participation = ParticipationFactory.build(
        cooperation=CooperationFactory(),
        municipality=MunicipalityFactory(),
        joined_on=datetime.date(2020, 6, 1),
        left_on=datetime.date(2020, 5, 31),
    )

    with pytest.raises(ValidationError) as excinfo:
        participation.full_clean()

    assert excinfo.value.message_dict == {"__all__": [LEFT_BEFORE_JOINED]}


@pytest.mark.django_db
def test_participation_left_before_joined_is_refused_by_database():
    with (
        pytest.raises(IntegrityError, match="participation_left_after_joined"),
        transaction.atomic(),
    ):
        Participation.objects.create(
            cooperation=CooperationFactory(),
            municipality=MunicipalityFactory(),
            joined_on=datetime.date(2020, 6, 1),
            left_on=datetime.date(2020, 5, 31),
        )


# Person


@pytest.mark.django_db
def test_person_of_a_municipality_is_valid():
    person = Person(
        cooperation=CooperationFactory(), role="Bürgermeister", municipality=MunicipalityFactory()
    )

    person.full_clean()


@pytest.mark.django_db
def test_person_of_a_partner_is_valid():
    cooperation = CooperationFactory()
    person = Person(
        cooperation=cooperation,
        role="Prozessbegleitung",
        partner=PartnerFactory(cooperation=cooperation),
    )

    person.full_clean()


@pytest.mark.django_db
def test_person_without_municipality_or_partner_is_refused():
    person = Person(cooperation=CooperationFactory(), role="Bürgermeister")

    with pytest.raises(ValidationError) as excinfo:
        person.full_clean()

    assert excinfo.value.message_dict == {"__all__": [PERSON_ORGANISATION]}


@pytest.mark.django_db
def test_person_of_municipality_and_partner_is_refused():
    cooperation = CooperationFactory()
    person = Person(
        cooperation=cooperation,
        role="Bürgermeister",
        municipality=MunicipalityFactory(),
        partner=PartnerFactory(cooperation=cooperation),
    )

    with pytest.raises(ValidationError) as excinfo:
        person.full_clean()

    assert excinfo.value.message_dict == {"__all__": [PERSON_ORGANISATION]}


@pytest.mark.django_db
@pytest.mark.parametrize("organisations", ["neither", "both"])
def test_person_organisation_rule_is_enforced_by_database(organisations):
    cooperation = CooperationFactory()
    municipality = MunicipalityFactory() if organisations == "both" else None
    partner = PartnerFactory(cooperation=cooperation) if organisations == "both" else None

    with (
        pytest.raises(IntegrityError, match="person_belongs_to_municipality_or_partner"),
        transaction.atomic(),
    ):
        Person.objects.create(
            cooperation=cooperation,
            role="Bürgermeister",
            municipality=municipality,
            partner=partner,
        )


# Body


@pytest.mark.django_db
def test_body_council_of_a_municipality_is_valid():
    body = Body(
        cooperation=CooperationFactory(),
        name="Stadtrat Naunhof",
        kind=Body.Kind.COUNCIL,
        municipality=MunicipalityFactory(name="Naunhof"),
    )

    body.full_clean()


@pytest.mark.django_db
def test_body_joint_body_needs_no_municipality():
    body = Body(
        cooperation=CooperationFactory(), name="Lenkungsgruppe", kind=Body.Kind.STEERING_GROUP
    )

    body.full_clean()


@pytest.mark.django_db
def test_body_council_without_municipality_is_refused():
    body = Body(cooperation=CooperationFactory(), name="Stadtrat", kind=Body.Kind.COUNCIL)

    with pytest.raises(ValidationError) as excinfo:
        body.full_clean()

    assert excinfo.value.message_dict == {"__all__": [COUNCIL_WITHOUT_MUNICIPALITY]}


@pytest.mark.django_db
def test_body_council_without_municipality_is_refused_by_database():
    with pytest.raises(IntegrityError, match="body_council_has_municipality"), transaction.atomic():
        Body.objects.create(cooperation=CooperationFactory(), name="Stadtrat", kind="council")


@pytest.mark.django_db
def test_body_name_taken_in_the_same_cooperation_is_refused():
    cooperation = CooperationFactory()
    BodyFactory(cooperation=cooperation, name="Lenkungsgruppe")
    duplicate = Body(cooperation=cooperation, name="Lenkungsgruppe", kind=Body.Kind.STEERING_GROUP)

    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()

    assert excinfo.value.message_dict == {"__all__": [BODY_NAME_TAKEN]}


@pytest.mark.django_db
def test_body_name_taken_in_the_same_cooperation_is_refused_by_database():
    cooperation = CooperationFactory()
    BodyFactory(cooperation=cooperation, name="Lenkungsgruppe")

    with pytest.raises(IntegrityError), transaction.atomic():
        Body.objects.create(cooperation=cooperation, name="Lenkungsgruppe", kind="steering_group")

    assert Body.objects.filter(cooperation=cooperation).count() == 1


@pytest.mark.django_db
def test_body_name_used_in_another_cooperation_is_valid():
    BodyFactory(cooperation=CooperationFactory(), name="Lenkungsgruppe")
    body = Body(
        cooperation=CooperationFactory(), name="Lenkungsgruppe", kind=Body.Kind.STEERING_GROUP
    )

    body.full_clean()
    body.save()

    assert Body.objects.filter(name="Lenkungsgruppe").count() == 2


# Cooperation


@pytest.mark.django_db
@pytest.mark.parametrize("colour", ["#1F5F8B", "#1f5f8b", ""])
def test_cooperation_colour_as_hex_or_empty_is_valid(colour):
    cooperation = Cooperation(
        name="Partheland", slug="partheland", primary_colour=colour, secondary_colour=colour
    )

    cooperation.full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize("colour", ["1F5F8B", "#1F5F8", "#GG5F8B", "blau", "#1F5F8 "])
def test_cooperation_colour_not_rrggbb_is_refused(colour):
    cooperation = Cooperation(
        name="Partheland", slug="partheland", primary_colour=colour, secondary_colour=colour
    )

    with pytest.raises(ValidationError) as excinfo:
        cooperation.full_clean()

    assert excinfo.value.message_dict == {
        "primary_colour": [COLOUR_INVALID],
        "secondary_colour": [COLOUR_INVALID],
    }


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["primary_colour", "secondary_colour"])
def test_cooperation_colour_not_rrggbb_is_refused_by_database(field):
    constraint = f"cooperation_{field}_hex"

    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        Cooperation.objects.create(name="Partheland", slug="partheland", **{field: "blau"})


def _statement(cooperation, version, adopted_on=None):
    return MissionStatement.objects.create(
        cooperation=cooperation, version=version, text=f"Leitbild v{version}", adopted_on=adopted_on
    )


@pytest.mark.django_db
def test_cooperation_mission_statement_is_latest_adopted_version():
    cooperation = CooperationFactory()
    _statement(cooperation, 1, adopted_on=datetime.date(2020, 6, 9))
    adopted = _statement(cooperation, 2, adopted_on=datetime.date(2021, 3, 1))
    _statement(cooperation, 3)

    assert cooperation.mission_statement == adopted


@pytest.mark.django_db
def test_cooperation_mission_statement_is_none_with_only_drafts():
    cooperation = CooperationFactory()
    _statement(cooperation, 1)
    _statement(cooperation, 2)

    assert cooperation.mission_statement is None


@pytest.mark.django_db
def test_cooperation_mission_statement_ignores_other_cooperations():
    cooperation = CooperationFactory()
    _statement(CooperationFactory(), 1, adopted_on=datetime.date(2020, 6, 9))

    assert cooperation.mission_statement is None


@pytest.mark.django_db
def test_mission_statement_is_public_once_adopted():
    cooperation = CooperationFactory()
    draft = _statement(cooperation, 1)
    adopted = _statement(cooperation, 2, adopted_on=datetime.date(2020, 6, 9))

    assert (draft.is_public, adopted.is_public) == (False, True)


@pytest.mark.django_db
def test_mission_statement_version_taken_is_refused():
    cooperation = CooperationFactory()
    _statement(cooperation, 1)
    duplicate = MissionStatement(cooperation=cooperation, version=1, text="Noch einmal v1")

    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()

    assert excinfo.value.message_dict == {"__all__": [MISSION_STATEMENT_VERSION_TAKEN]}


# Document


def _document(cooperation, **attached_to):
    return Document(
        cooperation=cooperation, title="Protokoll", file="documents/1/protokoll.pdf", **attached_to
    )


@pytest.mark.django_db
@pytest.mark.parametrize("attached_to", ["meeting", "measure", "agreement"])
def test_document_attached_to_one_thing_is_valid(attached_to):
    cooperation = CooperationFactory()
    targets = {
        "meeting": lambda: MeetingFactory(body__cooperation=cooperation),
        "measure": lambda: MeasureFactory(cooperation=cooperation),
        "agreement": lambda: AgreementFactory(cooperation=cooperation),
    }
    document = _document(cooperation, **{attached_to: targets[attached_to]()})

    document.full_clean()


@pytest.mark.django_db
def test_document_attached_to_nothing_is_refused():
    document = _document(CooperationFactory())

    with pytest.raises(ValidationError) as excinfo:
        document.full_clean()

    assert excinfo.value.message_dict == {"__all__": [DOCUMENT_ATTACHMENT]}


@pytest.mark.django_db
def test_document_attached_to_meeting_and_measure_is_refused():
    cooperation = CooperationFactory()
    document = _document(
        cooperation,
        meeting=MeetingFactory(body__cooperation=cooperation),
        measure=MeasureFactory(cooperation=cooperation),
    )

    with pytest.raises(ValidationError) as excinfo:
        document.full_clean()

    assert excinfo.value.message_dict == {"__all__": [DOCUMENT_ATTACHMENT]}


@pytest.mark.django_db
def test_document_attached_to_all_three_is_refused():
    cooperation = CooperationFactory()
    document = _document(
        cooperation,
        meeting=MeetingFactory(body__cooperation=cooperation),
        measure=MeasureFactory(cooperation=cooperation),
        agreement=AgreementFactory(cooperation=cooperation),
    )

    with pytest.raises(ValidationError) as excinfo:
        document.full_clean()

    assert excinfo.value.message_dict == {"__all__": [DOCUMENT_ATTACHMENT]}


@pytest.mark.django_db
def test_document_attached_to_nothing_is_refused_by_database():
    with (
        pytest.raises(IntegrityError, match="document_attached_to_exactly_one"),
        transaction.atomic(),
    ):
        _document(CooperationFactory()).save()


@pytest.mark.django_db
def test_person_factory_builds_a_valid_person():
    PersonFactory().full_clean()


# Places named in reports, without an AGS yet


@pytest.mark.django_db
def test_municipality_place_without_ags_is_unique_by_name_whatever_its_case():
    Municipality.objects.create(name="Großpösna")

    with pytest.raises(ValidationError) as excinfo:
        Municipality(name="großpösna").full_clean()

    assert excinfo.value.messages == [
        "Ein Ort dieses Namens ohne AGS ist bereits vorhanden; geben Sie den AGS an, um zwei "
        "Kommunen gleichen Namens zu unterscheiden."
    ]


@pytest.mark.django_db
def test_municipality_place_without_ags_twice_is_refused_by_database():
    Municipality.objects.create(name="Großpösna")

    with pytest.raises(IntegrityError), transaction.atomic():
        Municipality.objects.create(name="großpösna")


@pytest.mark.django_db
def test_municipalities_of_the_same_name_with_their_ags_are_allowed():
    Municipality.objects.create(name="Neustadt", ags="07337059")
    Municipality.objects.create(name="Neustadt", ags="16073116")

    Municipality(name="Neustadt").full_clean()
