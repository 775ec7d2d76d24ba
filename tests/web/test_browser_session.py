"""In a real Chromium: a form sent after the session ended is saved after signing in
again; the notice before the idle timeout keeps one signed in; signing out in another
tab shows in this one."""

import re

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from ikz.core.models import Role
from ikz.measures.models import Measure
from tests.factories import MeasureFactory, RoleFactory, UserFactory, partheland
from tests.web import test_browser
from tests.web.test_browser import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "koordination@partheland.de"


# test_browser's Chromium page (a fixture).
page = test_browser.page


@pytest.fixture
def stadtplan():
    cooperation = partheland()
    user = UserFactory(username="koordination", email=EMAIL)
    RoleFactory(user=user, cooperation=cooperation, kind=Role.Kind.COORDINATOR)
    return MeasureFactory(cooperation=cooperation, title="Online-Stadtplan")


def test_form_sent_after_the_session_expired_is_saved_after_signing_in_again(
    live_server, page, stadtplan
):
    edit = f"{live_server.url}/massnahmen/{stadtplan.pk}/bearbeiten/"
    page.goto(edit)
    sign_in(page, EMAIL)
    expect(page).to_have_url(edit)
    page.locator("[name=title]").fill("Stadtplan für alle")
    page.locator("[name=description]").fill("Eine Stunde Protokoll, die nicht verloren geht.")
    # The session ends on the server (the idle timeout) while the page stays open.
    Session.objects.all().delete()

    page.get_by_role("button", name="Speichern").click()

    expect(
        page.get_by_text("Ihre Sitzung war abgelaufen: Ihre Eingaben sind aufbewahrt")
    ).to_be_visible()
    assert_accessible(page)
    assert Measure.objects.get(pk=stadtplan.pk).title == "Online-Stadtplan"
    sign_in(page, EMAIL)
    expect(page).to_have_url(edit)
    notice = page.locator("#kept-entries")
    expect(notice).to_contain_text("Ihre Eingaben stehen wieder im Formular")
    expect(notice).to_be_focused()
    expect(page.locator("[name=title]")).to_have_value("Stadtplan für alle")
    expect(page.locator("[name=description]")).to_have_value(
        "Eine Stunde Protokoll, die nicht verloren geht."
    )
    assert_accessible(page)
    # Shown again, not saved until sent once more.
    assert Measure.objects.get(pk=stadtplan.pk).title == "Online-Stadtplan"

    page.get_by_role("button", name="Speichern").click()

    expect(page).to_have_url(re.compile(rf"/massnahmen/{stadtplan.pk}/$"))
    saved = Measure.objects.get(pk=stadtplan.pk)
    assert (saved.title, saved.description) == (
        "Stadtplan für alle",
        "Eine Stunde Protokoll, die nicht verloren geht.",
    )
    expect(page.locator("#kept-entries")).to_have_count(0)


def test_notice_before_the_idle_timeout_keeps_one_signed_in_and_hears_of_another_tab(
    live_server, page, stadtplan
):
    page.clock.install()
    page.goto(f"{live_server.url}/massnahmen/{stadtplan.pk}/")
    sign_in(page, EMAIL)
    notice = page.get_by_role("alertdialog")
    expect(notice).to_be_hidden()

    # 55 minutes without a request: five are left.
    page.clock.fast_forward("55:30")

    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Sie werden bald abgemeldet")
    stay = notice.get_by_role("button", name="Angemeldet bleiben")
    expect(stay).to_be_focused()
    assert_accessible(page)
    page.keyboard.press("Enter")
    expect(notice).to_be_hidden()
    page.clock.fast_forward("30:00")
    expect(notice).to_be_hidden()

    other = page.context.new_page()
    other.goto(f"{live_server.url}/massnahmen/{stadtplan.pk}/")
    other.get_by_role("button", name="Abmelden").click()

    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Sie sind abgemeldet")
    expect(notice).to_contain_text("in einem anderen Fenster abgemeldet")
    notice.get_by_role("button", name="Schließen").click()
    expect(notice).to_be_hidden()
