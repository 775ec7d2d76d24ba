"""The demo's bodies have members and a letter, so that a new user's first invitation
lists its addressees and opens with the body's letter: the steering group the mayors
of the seven members, one of them chairing; no invented personal names."""

import datetime

import pytest

from ikz.core.models import Body, Membership, Person
from ikz.meetings import minutes
from ikz.meetings.models import Meeting
from ikz.sample.demo import load_partheland

pytestmark = pytest.mark.django_db

MAYORS = [
    "Bürgermeister/in Naunhof – Vorsitz",
    "Bürgermeister/in Belgershain",
    "Bürgermeister/in Borsdorf",
    "Bürgermeister/in Brandis",
    "Bürgermeister/in Großpösna",
    "Bürgermeister/in Machern",
    "Bürgermeister/in Parthenstein",
]


def test_the_steering_groups_invitation_lists_the_mayors_chair_first():
    cooperation = load_partheland()
    meeting = Meeting.objects.get(body__cooperation=cooperation, date=datetime.date(2020, 6, 16))

    invitation = minutes.build_document(meeting, minutes.INVITATION)

    assert invitation.addressees == MAYORS
    assert invitation.letter[0] == "Sehr geehrte Bürgermeisterinnen und Bürgermeister,"
    assert len(invitation.letter) == 3


def test_every_body_has_members_a_letter_and_its_public_default():
    cooperation = load_partheland()
    bodies = {body.name: body for body in Body.objects.filter(cooperation=cooperation)}

    counts = {name: Membership.objects.filter(body=body).count() for name, body in bodies.items()}
    assert counts == {"Lenkungsgruppe": 7, "Projektleitungsgruppe": 8, "Bürgerwerkstatt": 1}
    assert all(body.invitation_text for body in bodies.values())
    assert {name: body.is_public for name, body in bodies.items()} == {
        "Lenkungsgruppe": False, "Projektleitungsgruppe": False, "Bürgerwerkstatt": True,
    }  # fmt: skip
    chairs = Membership.objects.filter(body__cooperation=cooperation, role="chair")
    assert sorted(str(row.person) for row in chairs) == [
        "Bürgermeister/in Naunhof",
        "Prozessbegleitung, DSK-BIG",
    ]
    # Offices only: the report names nobody, so neither does the demo.
    assert not Person.objects.filter(cooperation=cooperation).exclude(name="").exists()
