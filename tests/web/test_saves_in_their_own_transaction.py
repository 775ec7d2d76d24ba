"""The forms that check a version lock a row from the check to the save: each in a
transaction of its own. Here without the transaction every other test runs in, as a
real request (on PostgreSQL, a row lock outside a transaction is an error)."""

import datetime

import pytest

from ikz.core.models import Municipality
from ikz.measures.models import Measure, Task
from ikz.meetings.models import Meeting
from ikz.sample.demo import load_partheland
from tests.factories import RoleFactory

pytestmark = pytest.mark.django_db(transaction=True)


def form_values(client, url: str) -> dict:
    """What the page's form sends back unchanged: its initial values and version."""
    form = client.get(url).context["form"]
    return {
        field.html_name: field.value() for field in form if field.value() not in (None, False, [])
    }


def test_every_versioned_form_saves_outside_a_test_transaction(client):
    partheland = load_partheland()
    client.force_login(RoleFactory(cooperation=partheland).user)
    meeting = Meeting.objects.get(body__cooperation=partheland, number=7)
    measure = Measure.objects.get(cooperation=partheland, title="Online-Stadtplan")
    task = Task.objects.filter(cooperation=partheland, state="open").first()
    brandis = Municipality.objects.get(name="Brandis")

    data = form_values(client, f"/massnahmen/{measure.pk}/bearbeiten/")
    data.update(progress="30", municipalities=[brandis.pk])
    assert client.post(f"/massnahmen/{measure.pk}/bearbeiten/", data).status_code == 302

    url = f"/aufgaben/{task.pk}/termin/"
    version = client.get(url).context["form"]["version"].value()
    moved = {"due": "09/2031", "reason": "Urlaub", "version": version}
    assert client.post(url, moved).status_code == 302

    url = f"/aufgaben/{task.pk}/zuweisen/"
    version = client.get(url).context["form"]["version"].value()
    given = {"owner": f"municipality:{brandis.pk}", "version": version}
    assert client.post(url, given).status_code == 302

    url = f"/sitzungen/{meeting.pk}/anwesenheit/"
    version = client.get(url).context["version"]
    assert client.post(url, {"party-0-state": "present", "version": version}).status_code == 302

    url = f"/sitzungen/{meeting.pk}/veroeffentlichen/"
    version = client.get(url).context["version"]
    assert client.post(f"{url}freigeben/", {"version": version}).status_code == 302

    measure.refresh_from_db()
    task.refresh_from_db()
    assert measure.progress == 30
    assert (task.due_date, task.owner) == (datetime.date(2031, 9, 1), brandis)
    assert meeting.attendances.count() == 1
