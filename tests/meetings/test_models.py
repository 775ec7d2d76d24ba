"""Rules of meetings, agenda items, outcomes and consultations (ikz.meetings.models)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ikz.meetings.domain import schedule_meeting
from ikz.meetings.models import AgendaItem, Consultation, Meeting, Outcome
from tests.factories import (
    AgendaItemFactory,
    AgreementFactory,
    BodyFactory,
    MeasureFactory,
    MeetingFactory,
    MunicipalityFactory,
    PartnerFactory,
    PersonFactory,
)

# What a German user reads (src/ikz/locale/de/LC_MESSAGES/django.po).
MEETING_NUMBER_TAKEN = "Dieses Gremium hat bereits eine Sitzung mit dieser Nummer."
MEETING_ENDS_BEFORE_START = "Das Ende einer Sitzung muss nach ihrem Beginn liegen."
MEETING_NUMBER_ZERO = "Sitzungsnummern beginnen bei 1."
AGENDA_POSITION_TAKEN = "Diese Sitzung hat an dieser Position bereits einen Tagesordnungspunkt."
TWO_PRESENTERS = (
    "Ein Tagesordnungspunkt wird von einer Person, einer Kommune oder einem Partner vorgestellt."
)
CONSULTATION_WITHOUT_SUBJECT = (
    "Bitte geben Sie an, welche Zweckvereinbarung oder Maßnahme die Beratung betrifft."
)
RESOLVED_WITHOUT_DATE = (
    "Bitte geben Sie für eine abgeschlossene Beratung das Datum des Beschlusses an."
)

MAY_11 = datetime.date(2020, 5, 11)
SECOND_ON_A_PLANNED_DAY = (
    "Am 11.05.2020 ist die Sitzung „Lenkungsgruppe in Naunhof“ bereits geplant; bitte tragen "
    "Sie die Ergebnisse dort ein, statt eine weitere anzulegen."
)


# Meeting numbers


@pytest.mark.django_db
def test_meeting_number_taken_in_the_same_body_is_refused_with_user_message():
    body = BodyFactory(name="Projektleitungsgruppe")
    schedule_meeting(body=body, date=datetime.date(2020, 4, 6), number=7)

    with pytest.raises(ValidationError) as excinfo:
        schedule_meeting(body=body, date=MAY_11, number=7)

    assert excinfo.value.message_dict == {"__all__": [MEETING_NUMBER_TAKEN]}
    assert Meeting.objects.filter(body=body).count() == 1


@pytest.mark.django_db
def test_meeting_number_taken_in_the_same_body_is_refused_by_database():
    body = BodyFactory()
    MeetingFactory(body=body, number=7)

    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(body=body, number=7, date=MAY_11)

    assert Meeting.objects.filter(body=body).count() == 1


@pytest.mark.django_db
def test_meeting_number_used_by_another_body_is_allowed():
    cooperation_body = BodyFactory(name="Lenkungsgruppe")
    schedule_meeting(body=cooperation_body, date=MAY_11, number=7)
    other_body = BodyFactory(name="Projektleitungsgruppe", cooperation=cooperation_body.cooperation)

    meeting = schedule_meeting(body=other_body, date=MAY_11, number=7)

    assert meeting.number == 7
    assert Meeting.objects.filter(number=7).count() == 2


@pytest.mark.django_db
def test_meeting_without_number_may_occur_twice_in_a_body():
    body = BodyFactory()
    schedule_meeting(body=body, date=MAY_11, title="Leitbild-Workshop")

    schedule_meeting(body=body, date=datetime.date(2020, 6, 9), title="Leitbild-Workshop")
    Meeting.objects.create(body=body, date=datetime.date(2020, 7, 1))

    assert Meeting.objects.filter(body=body, number=None).count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["planned", "invited"])
def test_meeting_second_of_a_body_on_a_day_one_is_planned_points_to_it(state):
    body = BodyFactory(name="Lenkungsgruppe")
    schedule_meeting(
        body=body, date=MAY_11, location=MunicipalityFactory(name="Naunhof"), state=state
    )

    with pytest.raises(ValidationError) as excinfo:
        schedule_meeting(body=body, date=MAY_11, number=7, state="held")

    assert excinfo.value.message_dict == {"date": [SECOND_ON_A_PLANNED_DAY]}
    assert Meeting.objects.filter(body=body).count() == 1


@pytest.mark.django_db
def test_meeting_on_a_day_another_body_or_a_held_meeting_has_is_allowed():
    body = BodyFactory(name="Lenkungsgruppe")
    schedule_meeting(body=body, date=MAY_11, state="held")
    schedule_meeting(body=BodyFactory(cooperation=body.cooperation), date=MAY_11)

    schedule_meeting(body=body, date=MAY_11, title="Leitbild-Workshop")

    assert Meeting.objects.filter(date=MAY_11).count() == 3


@pytest.mark.django_db
def test_meeting_planned_itself_can_be_saved_again():
    meeting = schedule_meeting(body=BodyFactory(), date=MAY_11)
    meeting.venue = "Rathaus"

    meeting.full_clean()


@pytest.mark.django_db
def test_outcome_on_an_agenda_item_of_another_meeting_is_refused_by_the_model():
    item = AgendaItemFactory(title="Stellenbörse")
    outcome = Outcome(meeting=MeetingFactory(), agenda_item=item, order=1, text="Beschlossen.")

    with pytest.raises(ValidationError) as excinfo:
        outcome.full_clean()

    assert excinfo.value.message_dict == {
        "agenda_item": ["Der Tagesordnungspunkt „Stellenbörse“ gehört zu einer anderen Sitzung."]
    }


@pytest.mark.django_db
def test_meeting_number_zero_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        schedule_meeting(body=BodyFactory(), date=MAY_11, number=0)

    assert excinfo.value.message_dict == {"__all__": [MEETING_NUMBER_ZERO]}


@pytest.mark.django_db
def test_meeting_number_zero_is_refused_by_database():
    with pytest.raises(IntegrityError, match="meeting_number_positive"), transaction.atomic():
        Meeting.objects.create(body=BodyFactory(), number=0, date=MAY_11)


@pytest.mark.django_db
def test_schedule_meeting_stores_what_it_was_given():
    body = BodyFactory(name="Lenkungsgruppe")
    grosspoesna = MunicipalityFactory(name="Großpösna")

    meeting = schedule_meeting(
        body=body,
        date=datetime.date(2020, 6, 16),
        number=12,
        location=grosspoesna,
        state=Meeting.State.INVITED,
        is_public=True,
    )

    stored = Meeting.objects.get(pk=meeting.pk)
    assert (stored.body, stored.date, stored.number, stored.title, stored.location) == (
        body,
        datetime.date(2020, 6, 16),
        12,
        "",
        grosspoesna,
    )
    assert (stored.state, stored.is_public) == ("invited", True)


@pytest.mark.django_db
def test_schedule_meeting_defaults_to_planned_and_internal():
    meeting = schedule_meeting(body=BodyFactory(), date=MAY_11)

    assert (meeting.state, meeting.is_public) == ("planned", False)


# Meeting times


@pytest.mark.django_db
def test_meeting_ending_after_start_is_valid():
    meeting = MeetingFactory.build(
        body=BodyFactory(), start_time=datetime.time(17, 0), end_time=datetime.time(19, 30)
    )

    meeting.full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "end"),
    [(datetime.time(17, 0), None), (None, datetime.time(19, 0)), (None, None)],
)
def test_meeting_with_open_start_or_end_is_valid(start, end):
    meeting = MeetingFactory.build(body=BodyFactory(), start_time=start, end_time=end)

    meeting.full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize("end", [datetime.time(16, 0), datetime.time(17, 0)])
def test_meeting_ending_before_or_at_its_start_is_refused(end):
    meeting = MeetingFactory.build(
        body=BodyFactory(), start_time=datetime.time(17, 0), end_time=end
    )

    with pytest.raises(ValidationError) as excinfo:
        meeting.full_clean()

    assert excinfo.value.message_dict == {"__all__": [MEETING_ENDS_BEFORE_START]}


@pytest.mark.django_db
def test_meeting_ending_before_its_start_is_refused_by_database():
    with pytest.raises(IntegrityError, match="meeting_ends_after_start"), transaction.atomic():
        Meeting.objects.create(
            body=BodyFactory(),
            date=MAY_11,
            start_time=datetime.time(17, 0),
            end_time=datetime.time(16, 0),
        )


# Meeting heading


@pytest.mark.django_db
def test_meeting_heading_names_number_body_and_place():
    meeting = MeetingFactory(
        body=BodyFactory(name="Projektleitungsgruppe"),
        number=7,
        location=MunicipalityFactory(name="Naunhof"),
    )

    assert meeting.heading == "7. Projektleitungsgruppe in Naunhof"
    assert str(meeting) == "7. Projektleitungsgruppe in Naunhof"


@pytest.mark.django_db
def test_meeting_heading_uses_title_instead_of_body():
    meeting = MeetingFactory(
        body=BodyFactory(name="Projektleitungsgruppe"),
        number=None,
        title="Leitbild-Workshop",
        location=MunicipalityFactory(name="Brandis"),
    )

    assert meeting.heading == "Leitbild-Workshop in Brandis"


@pytest.mark.django_db
def test_meeting_heading_numbers_a_titled_meeting():
    meeting = MeetingFactory(body=BodyFactory(), number=2, title="Bürgerwerkstatt")

    assert meeting.heading == "2. Bürgerwerkstatt"


@pytest.mark.django_db
def test_meeting_heading_without_number_or_place_is_the_body_name():
    meeting = MeetingFactory(body=BodyFactory(name="Lenkungsgruppe"), number=None)

    assert meeting.heading == "Lenkungsgruppe"


# Agenda items


@pytest.mark.django_db
def test_agenda_item_position_taken_in_the_same_meeting_is_refused():
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, order=1)
    duplicate = AgendaItem(meeting=meeting, order=1, title="Stellenbörse")

    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()

    assert excinfo.value.message_dict == {"__all__": [AGENDA_POSITION_TAKEN]}


@pytest.mark.django_db
def test_agenda_item_position_taken_is_refused_by_database():
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, order=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(meeting=meeting, order=1, title="Stellenbörse")

    assert meeting.agenda_items.count() == 1


@pytest.mark.django_db
def test_agenda_item_position_used_in_another_meeting_is_allowed():
    AgendaItemFactory(order=1)
    item = AgendaItem(meeting=MeetingFactory(), order=1, title="Stellenbörse")

    item.full_clean()


@pytest.mark.django_db
def test_agenda_item_presented_by_person_and_partner_is_refused():
    meeting = MeetingFactory()
    cooperation = meeting.body.cooperation
    item = AgendaItem(
        meeting=meeting,
        order=1,
        title="Stellenbörse",
        presenter_person=PersonFactory(cooperation=cooperation),
        presenter_partner=PartnerFactory(cooperation=cooperation),
    )

    with pytest.raises(ValidationError) as excinfo:
        item.full_clean()

    assert excinfo.value.message_dict == {"__all__": [TWO_PRESENTERS]}


@pytest.mark.django_db
def test_agenda_item_presented_by_person_and_partner_is_refused_by_database():
    meeting = MeetingFactory()
    cooperation = meeting.body.cooperation

    with pytest.raises(IntegrityError, match="agenda_item_one_presenter"), transaction.atomic():
        AgendaItem.objects.create(
            meeting=meeting,
            order=1,
            title="Stellenbörse",
            presenter_person=PersonFactory(cooperation=cooperation),
            presenter_partner=PartnerFactory(cooperation=cooperation),
        )


@pytest.mark.django_db
def test_agenda_item_presenter_is_the_person_or_the_partner():
    meeting = MeetingFactory()
    person = PersonFactory(cooperation=meeting.body.cooperation)
    partner = PartnerFactory(cooperation=meeting.body.cooperation)

    by_person = AgendaItemFactory(meeting=meeting, presenter_person=person)
    by_partner = AgendaItemFactory(meeting=meeting, presenter_partner=partner)
    by_nobody = AgendaItemFactory(meeting=meeting)

    assert (by_person.presenter, by_partner.presenter, by_nobody.presenter) == (
        person,
        partner,
        None,
    )


# Consultation


@pytest.mark.django_db
def test_consultation_on_an_agreement_is_valid():
    body = BodyFactory()
    consultation = Consultation(body=body, agreement=AgreementFactory(cooperation=body.cooperation))

    consultation.full_clean()


@pytest.mark.django_db
def test_consultation_on_a_measure_is_valid():
    body = BodyFactory()
    consultation = Consultation(body=body, measure=MeasureFactory(cooperation=body.cooperation))

    consultation.full_clean()


@pytest.mark.django_db
def test_consultation_without_agreement_or_measure_is_refused():
    consultation = Consultation(body=BodyFactory())

    with pytest.raises(ValidationError) as excinfo:
        consultation.full_clean()

    assert excinfo.value.message_dict == {"__all__": [CONSULTATION_WITHOUT_SUBJECT]}


@pytest.mark.django_db
def test_consultation_without_agreement_or_measure_is_refused_by_database():
    with pytest.raises(IntegrityError, match="consultation_has_subject"), transaction.atomic():
        Consultation.objects.create(body=BodyFactory())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "result",
    [Consultation.Result.APPROVED, Consultation.Result.REJECTED, Consultation.Result.DEFERRED],
)
def test_consultation_resolved_without_date_is_refused(result):
    body = BodyFactory()
    consultation = Consultation(
        body=body, agreement=AgreementFactory(cooperation=body.cooperation), result=result
    )

    with pytest.raises(ValidationError) as excinfo:
        consultation.full_clean()

    assert excinfo.value.message_dict == {"__all__": [RESOLVED_WITHOUT_DATE]}


@pytest.mark.django_db
def test_consultation_resolved_without_date_is_refused_by_database():
    body = BodyFactory()

    with (
        pytest.raises(IntegrityError, match="consultation_resolved_has_date"),
        transaction.atomic(),
    ):
        Consultation.objects.create(
            body=body,
            agreement=AgreementFactory(cooperation=body.cooperation),
            result=Consultation.Result.APPROVED,
        )


@pytest.mark.django_db
def test_consultation_resolved_with_date_is_valid():
    body = BodyFactory()
    consultation = Consultation(
        body=body,
        agreement=AgreementFactory(cooperation=body.cooperation),
        result=Consultation.Result.APPROVED,
        resolved_on=datetime.date(2020, 9, 14),
    )

    consultation.full_clean()


@pytest.mark.django_db
def test_consultation_pending_needs_no_date():
    body = BodyFactory()
    consultation = Consultation(body=body, measure=MeasureFactory(cooperation=body.cooperation))

    consultation.full_clean()

    assert consultation.result == Consultation.Result.PENDING
