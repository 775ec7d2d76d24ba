"""The vote on a result (``record_outcome(vote=...)``), a municipality presenting a
topic, and a meeting's chair."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ikz.measures.models import MeasureStatus, StatusChange
from ikz.meetings.domain import Vote, add_agenda_item, hold_meeting, record_outcome
from ikz.meetings.models import AgendaItem, Outcome, OutcomeVote
from tests.factories import (
    MeasureFactory,
    MeetingFactory,
    MunicipalityFactory,
    ParticipationFactory,
    PartnerFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    return MeetingFactory(date=datetime.date(2020, 6, 10))


@pytest.fixture
def members(meeting):
    cooperation = meeting.body.cooperation
    return [
        ParticipationFactory(
            cooperation=cooperation, municipality=MunicipalityFactory(name=name)
        ).municipality
        for name in ("Belgershain", "Brandis", "Naunhof")
    ]


def counts(outcome: Outcome) -> tuple:
    outcome.refresh_from_db()
    return (outcome.votes_yes, outcome.votes_no, outcome.votes_abstain)


def test_a_result_without_a_vote_has_no_counts(meeting):
    outcome = record_outcome(meeting=meeting, text="Bericht zur Kenntnis genommen.").outcome

    assert counts(outcome) == (None, None, None)
    assert outcome.vote_summary() == ""


def test_a_vote_by_counts_stores_them_and_a_count_not_given_is_zero(meeting):
    outcome = record_outcome(meeting=meeting, text="Beschlossen.", vote=Vote(yes=5, no=1)).outcome

    assert counts(outcome) == (5, 1, 0)
    assert not outcome.votes.exists()


def test_a_vote_per_municipality_gives_the_counts(meeting, members):
    belgershain, brandis, naunhof = members

    outcome = record_outcome(
        meeting=meeting,
        text="Beschlossen.",
        vote=Vote(by_municipality=((belgershain, "yes"), (brandis, "yes"), (naunhof, "abstain"))),
    ).outcome

    assert counts(outcome) == (2, 0, 1)
    assert {(vote.municipality.name, vote.vote) for vote in outcome.votes.all()} == {
        ("Belgershain", "yes"), ("Brandis", "yes"), ("Naunhof", "abstain"),
    }  # fmt: skip
    assert outcome.votes.first().history.count() == 1


def test_typed_counts_that_agree_with_the_municipalities_votes_are_kept(meeting, members):
    outcome = record_outcome(
        meeting=meeting,
        text="Beschlossen.",
        vote=Vote(yes=1, no=0, by_municipality=((members[0], "yes"),)),
    ).outcome

    assert counts(outcome) == (1, 0, 0)


def test_typed_counts_that_disagree_with_the_municipalities_votes_name_the_field(meeting, members):
    with pytest.raises(ValidationError) as refused:
        record_outcome(
            meeting=meeting,
            text="Beschlossen.",
            vote=Vote(yes=3, by_municipality=((members[0], "yes"), (members[1], "no"))),
        )

    assert set(refused.value.message_dict) == {"votes_yes"}
    assert "3" in refused.value.message_dict["votes_yes"][0]
    assert not Outcome.objects.exists()


def test_a_negative_count_names_the_field_and_stores_nothing(meeting):
    measure = MeasureFactory(cooperation=meeting.body.cooperation)
    changes = StatusChange.objects.count()

    with pytest.raises(ValidationError) as refused:
        record_outcome(
            meeting=meeting,
            text="Beschlossen.",
            measures=[measure],
            new_status=MeasureStatus.DECIDED,
            vote=Vote(yes=4, no=-1),
        )

    assert set(refused.value.message_dict) == {"votes_no"}
    assert not Outcome.objects.exists()
    assert StatusChange.objects.count() == changes


def test_a_municipality_that_is_no_member_on_the_meetings_day_cannot_vote(meeting, members):
    late = ParticipationFactory(
        cooperation=meeting.body.cooperation, joined_on=datetime.date(2021, 1, 1)
    ).municipality
    stranger = MunicipalityFactory(name="Leipzig")

    with pytest.raises(ValidationError) as refused:
        record_outcome(
            meeting=meeting,
            text="Beschlossen.",
            vote=Vote(by_municipality=((members[0], "yes"), (late, "no"), (stranger, "no"))),
        )

    assert set(refused.value.message_dict) == {"municipality_votes"}
    message = refused.value.message_dict["municipality_votes"][0]
    assert "Leipzig" in message and late.name in message and "10.06.2020" in message
    assert not Outcome.objects.exists() and not OutcomeVote.objects.exists()


def test_a_municipality_votes_once_and_only_yes_no_or_abstain(meeting, members):
    with pytest.raises(ValidationError) as twice:
        record_outcome(
            meeting=meeting,
            text="Beschlossen.",
            vote=Vote(by_municipality=((members[0], "yes"), (members[0], "no"))),
        )
    with pytest.raises(ValidationError) as unknown:
        record_outcome(
            meeting=meeting,
            text="Beschlossen.",
            vote=Vote(by_municipality=((members[0], "maybe"),)),
        )

    assert set(twice.value.message_dict) == {"municipality_votes"}
    assert set(unknown.value.message_dict) == {"municipality_votes"}
    assert not Outcome.objects.exists()


def test_an_incomplete_vote_is_refused_by_the_database(meeting):
    with pytest.raises(IntegrityError), transaction.atomic():
        Outcome.objects.create(meeting=meeting, order=1, text="Beschlossen.", votes_yes=3)


def test_a_municipality_presents_a_topic(meeting, members):
    item = add_agenda_item(meeting=meeting, title="Gewerbeamt", presenter=members[2])

    item.refresh_from_db()
    assert (item.presenter_municipality, item.presenter_person, item.presenter_partner) == (
        members[2], None, None,
    )  # fmt: skip
    assert item.presenter == members[2]


def test_a_person_and_a_partner_still_present_topics(meeting):
    person = PersonFactory(cooperation=meeting.body.cooperation)
    partner = PartnerFactory(cooperation=meeting.body.cooperation)

    by_person = add_agenda_item(meeting=meeting, title="Stellenbörse", presenter=person)
    by_partner = add_agenda_item(meeting=meeting, title="Smart Cities", presenter=partner)

    assert (by_person.presenter, by_person.presenter_municipality) == (person, None)
    assert (by_partner.presenter, by_partner.presenter_municipality) == (partner, None)


def test_a_topic_has_at_most_one_presenter(meeting, members):
    person = PersonFactory(cooperation=meeting.body.cooperation)
    item = AgendaItem(
        meeting=meeting,
        order=1,
        title="Gewerbeamt",
        presenter_person=person,
        presenter_municipality=members[0],
    )

    with pytest.raises(ValidationError):
        item.full_clean()


def test_holding_a_meeting_names_its_chair(meeting):
    chair = PersonFactory(cooperation=meeting.body.cooperation, name="Carina Vorsitz")

    hold_meeting(meeting=meeting, chair=chair)

    meeting.refresh_from_db()
    assert meeting.chair == chair
    # Held again without a chair: the one named stays.
    hold_meeting(meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.chair == chair
