"""In a real Chromium: a Brandis member finds Brandis's tasks under "meine Aufgaben",
marks one done on a past day and opens it again with a reason."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ikz.core.models import Municipality, Role
from ikz.measures.domain import Due, create_task
from ikz.measures.models import Task
from ikz.sample.demo import load_partheland
from tests.factories import RoleFactory, UserFactory
from tests.web import test_browser
from tests.web.test_browser import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Chromium with axe-core, as the other browser tests have it.
page = test_browser.page


def test_brandis_member_marks_their_task_done_on_a_day_and_opens_it_again(live_server, page):
    cooperation = load_partheland()
    brandis = Municipality.objects.get(name="Brandis")
    user = UserFactory(
        username="brandis", email="hauptamt@brandis.de", first_name="Bernd", last_name="Brandt"
    )
    RoleFactory(user=user, cooperation=cooperation, kind=Role.Kind.MEMBER, municipality=brandis)
    today = timezone.localdate()
    create_task(
        cooperation=cooperation, title="Stadtplan drucken lassen", owner=brandis,
        created_on=today - datetime.timedelta(days=10),
        due=Due.on_day(today + datetime.timedelta(days=7)),
    )  # fmt: skip
    create_task(
        cooperation=cooperation, title="Raum in Naunhof buchen",
        owner=Municipality.objects.get(name="Naunhof"),
    )  # fmt: skip

    page.goto(live_server.url + "/k/partheland/aufgaben/")
    sign_in(page, "hauptamt@brandis.de")
    page.get_by_label("zeigen").select_option(label="meine Aufgaben")
    page.get_by_role("button", name="Zeigen").click()
    expect(page.get_by_role("row", name="Stadtplan drucken lassen")).to_be_visible()
    expect(page.get_by_role("row", name="Raum in Naunhof buchen")).to_have_count(0)
    screenshot(page, "my-tasks-brandis")
    assert_accessible(page)

    page.get_by_role("link", name="Stadtplan drucken lassen").click()
    done_on = today - datetime.timedelta(days=2)
    page.get_by_label("Erledigt am").fill(f"{done_on:%d.%m.%Y}")
    page.get_by_role("button", name="Als erledigt markieren").click()
    expect(page.get_by_text(f"erledigt am {done_on:%d.%m.%Y}").first).to_be_visible()
    task = Task.objects.get(title="Stadtplan drucken lassen")
    assert (task.state, task.done_on) == ("done", done_on)
    screenshot(page, "task-done-on-a-day")
    assert_accessible(page)

    page.get_by_label("Grund").fill("Die Druckerei hat die falsche Fassung gedruckt.")
    page.get_by_role("button", name="Wieder öffnen").click()
    expect(page.get_by_text("„Stadtplan drucken lassen“ ist wieder offen.")).to_be_visible()
    history = page.get_by_role("table", name="Erledigt und wieder geöffnet")
    expect(history).to_contain_text("Die Druckerei hat die falsche Fassung gedruckt.")
    expect(history).to_contain_text("Bernd Brandt")
    task.refresh_from_db()
    assert (task.state, task.done_on) == ("open", None)
    screenshot(page, "task-open-again")
    assert_accessible(page)
