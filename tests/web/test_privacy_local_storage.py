"""The privacy notice names what the session notice keeps in the browser: the entry
"ikz-session" in localStorage (static ikz/session.js), beside the cookies."""

from pathlib import Path

import pytest

from tests.factories import CooperationFactory

pytestmark = pytest.mark.django_db

SESSION_SCRIPT = Path(__file__).parents[2] / "src/ikz/web/static/ikz/session.js"


def test_the_privacy_notice_names_the_local_storage_entry_with_the_cookies(client):
    CooperationFactory(slug="partheland")

    page = client.get("/k/partheland/datenschutz/").content.decode()

    cookies = page.index("(csrftoken)")
    storage = page.index("im lokalen Speicher Ihres Browsers (localStorage)")
    assert cookies < storage < page.index('id="accounts"')
    assert "unter dem Namen ikz-session ab" in page
    assert "wird nicht an den Server übertragen" in page


def test_the_name_in_the_notice_is_the_one_the_script_uses():
    assert 'var STORE = "ikz-session";' in SESSION_SCRIPT.read_text()
