"""Measures in the browser: the portfolio with its filters and search, a measure's page
with its dated status history, a new measure, its edit form (no lost update) and a
status change outside a meeting, on the Partheland demo (its 7th Projektleitungsgruppe
of 11.05.2020 set the first status of most measures)."""

import datetime
import re

import pytest

from ikz.core.models import Municipality
from ikz.measures.domain import Due, create_task, status_as_of
from ikz.measures.models import Measure, MeasureStatus, StatusChange
from ikz.meetings.models import Meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def cooperation(demo):
    """The Partheland demo, whose people the role fixtures are."""
    return demo


def page_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def listed(page: str) -> list[str]:
    return re.findall(r'<a href="/massnahmen/\d+/">([^<]+)</a>', page)


def measure(title: str) -> Measure:
    return Measure.objects.get(cooperation__slug="partheland", title=title)


def test_portfolio_lists_each_measure_with_status_and_traffic_light(coordinator_client):
    page = page_of(coordinator_client.get("/k/partheland/massnahmen/"))

    assert len(listed(page)) == 16
    assert "16 Maßnahmen" in page
    row = page.partition(">Zentralisierung Gewerbeamt<")[2].partition("</tr>")[0]
    assert '<td data-label="Federführung">Naunhof</td>' in row
    assert '<td data-label="Status">In Prüfung</td>' in row
    assert 'class="light light--red"' in row and "Rot" in row
    assert "Tagen überfällig (rot nach 30 Tagen)" in row  # the rule that fired


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("suche=sharing+archiv", ["Personal Sharing Archiv"]),
        ("suche=Stadtplan", ["Online-Stadtplan"]),
        ("status=done", ["Gebührenfreie Werbung für gemeinnützige Zwecke"]),
        ("ampel=red", ["Zentralisierung Gewerbeamt"]),
        (
            "ampel=grey",
            [
                "Gebührenfreie Werbung für gemeinnützige Zwecke",
                "Personal Sharing Forderungsmanagement",
                "Personal Sharing SB Widerspruchsbearbeitung",
            ],
        ),
        ("status=decision_pending&suche=sharing", ["Personal Sharing Lohnbuchhaltung"]),
    ],
)
def test_portfolio_filters_and_searches(coordinator_client, query, expected):
    page = page_of(coordinator_client.get(f"/k/partheland/massnahmen/?{query}"))

    assert sorted(listed(page)) == expected


def test_portfolio_filters_by_field_of_action_and_municipality(coordinator_client, cooperation):
    field = cooperation.fields_of_action.get(name="Digitalisierung")
    naunhof = Municipality.objects.get(name="Naunhof")

    by_field = page_of(
        coordinator_client.get(f"/k/partheland/massnahmen/?handlungsfeld={field.pk}")
    )
    by_town = page_of(coordinator_client.get(f"/k/partheland/massnahmen/?kommune={naunhof.pk}"))

    assert sorted(listed(by_field)) == ["Online-Stadtplan", "Smart Cities"]
    # Naunhof leads one and takes part in the others that name municipalities.
    assert "Zentralisierung Gewerbeamt" in listed(by_town)
    assert "Personal Sharing Archiv" not in listed(by_town)


def test_portfolio_without_a_match_says_so_and_offers_all(coordinator_client):
    page = page_of(coordinator_client.get("/k/partheland/massnahmen/?suche=Freibad"))

    assert listed(page) == []
    assert "Keine Maßnahme passt zu diesen Filtern." in page
    assert '<a href="?">Alle zeigen</a>' in page


def test_measure_page_shows_the_dated_history_with_the_meeting_that_caused_it(coordinator_client):
    stadtplan = measure("Online-Stadtplan")
    meeting = Meeting.objects.get(body__name="Projektleitungsgruppe", number=7)

    page = page_of(coordinator_client.get(f"/massnahmen/{stadtplan.pk}/"))

    history = page.partition("<h2>Statushistorie</h2>")[2].partition("</table>")[0]
    assert '<time datetime="2020-05-11">11.05.2020</time>' in history
    assert "In Prüfung" in history
    assert f'<a href="/sitzungen/{meeting.pk}/">7. Projektleitungsgruppe in Naunhof</a>' in history
    meetings = page.partition("<h2>Sitzungen</h2>")[2]
    assert "7. Projektleitungsgruppe in Naunhof" in meetings


def test_measure_page_lists_its_tasks_and_parts(coordinator_client, cooperation):
    sharing = measure("Personal Sharing")
    create_task(
        cooperation=cooperation,
        title="Musterdienstvereinbarung entwerfen",
        measure=sharing,
        owner=Municipality.objects.get(name="Brandis"),
        due=Due.on_day(datetime.date(2020, 7, 15)),
    )

    page = page_of(coordinator_client.get(f"/massnahmen/{sharing.pk}/"))

    tasks = page.partition("<h2>Aufgaben</h2>")[2].partition("</table>")[0]
    assert "Musterdienstvereinbarung entwerfen" in tasks
    assert '<td data-label="Wer">Brandis</td>' in tasks and "bis 15.07.2020" in tasks
    parts = page.partition("<h2>Teile</h2>")[2].partition("</ul>")[0]
    assert "Personal Sharing Archiv" in parts


def test_new_measure_is_created_with_its_municipalities(coordinator_client, cooperation):
    naunhof, brandis = (Municipality.objects.get(name=name) for name in ("Naunhof", "Brandis"))
    response = coordinator_client.post(
        "/k/partheland/massnahmen/neu/",
        {
            "title": "Gemeinsamer Bauhof",
            "field_of_action": cooperation.fields_of_action.get(name="Verwaltung").pk,
            "lead_municipality": naunhof.pk,
            "municipalities": [naunhof.pk, brandis.pk],
            "planned_start": "01.09.2020",
            "planned_end": "31.12.2021",
            "progress": "0",
        },
    )

    created = measure("Gemeinsamer Bauhof")
    assert response.status_code == 302
    assert response["Location"] == f"/massnahmen/{created.pk}/"
    assert created.lead_municipality == naunhof
    assert set(created.municipalities.all()) == {naunhof, brandis}
    assert created.planned_end == datetime.date(2021, 12, 31)
    assert status_as_of(created) is None


def test_new_measure_with_wrong_entries_names_each_field_and_keeps_what_was_typed(
    coordinator_client,
):
    before = Measure.objects.count()
    response = coordinator_client.post(
        "/k/partheland/massnahmen/neu/",
        {
            "title": "",
            "description": "Ein gemeinsamer Bauhof für vier Gemeinden",
            "planned_start": "01.09.2021",
            "planned_end": "31.12.2020",
            "decision_due": "31.02.2021",
            "progress": "120",
        },
    )

    page = page_of(response)
    form = response.context["form"]
    assert set(form.errors) == {"title", "planned_end", "decision_due", "progress"}
    assert "Das geplante Ende liegt vor dem geplanten Beginn." in page
    assert "Ein gemeinsamer Bauhof für vier Gemeinden" in page
    assert 'value="01.09.2021"' in page
    assert Measure.objects.count() == before


def test_new_measure_with_a_title_the_portfolio_has_is_refused(coordinator_client):
    response = coordinator_client.post(
        "/k/partheland/massnahmen/neu/", {"title": "Online-Stadtplan", "progress": "0"}
    )

    assert "Eine Maßnahme mit diesem Titel ist bereits vorhanden." in page_of(response)
    assert Measure.objects.filter(title="Online-Stadtplan").count() == 1


def edit_form(client, measure: Measure) -> dict:
    """The edit form's values as the browser would send them back."""
    form = client.get(f"/massnahmen/{measure.pk}/bearbeiten/").context["form"]
    data = {}
    for field in form:
        value = field.value()
        if value is None or value is False:
            continue
        data[field.html_name] = (
            field.field.prepare_value(value) if field.name != "version" else value
        )
    for name in ("planned_start", "planned_end", "decision_due"):
        if name in data:
            data[name] = data[name].strftime("%d.%m.%Y")
    return data


def test_editing_a_measure_stores_the_change(coordinator_client):
    stadtplan = measure("Online-Stadtplan")
    data = edit_form(coordinator_client, stadtplan)
    data.update(progress="40", is_public="on", decision_due="30.06.2020")

    response = coordinator_client.post(f"/massnahmen/{stadtplan.pk}/bearbeiten/", data)

    assert response.status_code == 302
    stadtplan.refresh_from_db()
    assert (stadtplan.progress, stadtplan.is_public) == (40, True)
    assert stadtplan.decision_due == datetime.date(2020, 6, 30)


def test_editing_a_measure_someone_else_saved_meanwhile_is_refused_and_keeps_the_entries(
    coordinator_client,
):
    stadtplan = measure("Online-Stadtplan")
    data = edit_form(coordinator_client, stadtplan)
    stadtplan.description = "Von jemand anderem geändert"
    stadtplan.save()
    data.update(progress="55")

    response = coordinator_client.post(f"/massnahmen/{stadtplan.pk}/bearbeiten/", data)

    page = page_of(response)
    assert "in der Zwischenzeit gespeichert" in page
    # The other person's change beside one's own entry, which stays in the form.
    conflict = page.partition('id="conflict-heading"')[2].partition("</section>")[0]
    assert '<th scope="row">Beschreibung</th>' in conflict
    assert '<td data-label="Seitdem gespeichert">Von jemand anderem geändert</td>' in conflict
    assert 'value="55"' in page
    stadtplan.refresh_from_db()
    assert stadtplan.progress == 0
    # Saved again, on the version the form now carries, the entry is meant.
    data["version"] = response.context["form"].data["version"]
    assert (
        coordinator_client.post(f"/massnahmen/{stadtplan.pk}/bearbeiten/", data).status_code == 302
    )
    stadtplan.refresh_from_db()
    assert stadtplan.progress == 55


def test_a_measure_cannot_become_a_part_of_its_own_part(coordinator_client):
    sharing, archive = measure("Personal Sharing"), measure("Personal Sharing Archiv")
    data = edit_form(coordinator_client, sharing)
    data["parent"] = archive.pk

    response = coordinator_client.post(f"/massnahmen/{sharing.pk}/bearbeiten/", data)

    assert "ist ein Teil dieser Maßnahme" in page_of(response)
    sharing.refresh_from_db()
    assert sharing.parent is None


def test_a_status_change_outside_a_meeting_keeps_its_reason_in_the_history(coordinator_client):
    stadtplan = measure("Online-Stadtplan")

    response = coordinator_client.post(
        f"/massnahmen/{stadtplan.pk}/status/",
        {"to_status": "on_hold", "date": "01.06.2020", "note": "Fördermittel erst 2021"},
    )

    assert response.status_code == 302
    change = StatusChange.objects.filter(measure=stadtplan).latest("date")
    assert (change.from_status, change.to_status) == ("under_review", "on_hold")
    assert (change.note, change.outcome) == ("Fördermittel erst 2021", None)
    history = page_of(coordinator_client.get(f"/massnahmen/{stadtplan.pk}/")).partition(
        "Statushistorie"
    )[2]
    assert "In Prüfung → Zurückgestellt" in history
    assert "Fördermittel erst 2021" in history


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"to_status": "on_hold", "date": "01.06.2020", "note": "  "},
            "note",
            "Dieses Feld ist zwingend erforderlich.",
        ),
        (
            {"to_status": "on_hold", "date": "01.05.2020", "note": "nachgetragen"},
            "date",
            "zuletzt am 11.05.2020 geändert",
        ),
        (
            {"to_status": "under_review", "date": "01.06.2020", "note": "doppelt"},
            "to_status",
            "hat diesen Status schon",
        ),
        ({"to_status": "", "date": "1.13.2020", "note": "x"}, "date", "Tag.Monat.Jahr"),
    ],
)
def test_a_wrong_status_change_names_the_field_and_changes_nothing(
    coordinator_client, data, field, message
):
    stadtplan = measure("Online-Stadtplan")

    response = coordinator_client.post(f"/massnahmen/{stadtplan.pk}/status/", data)

    page = page_of(response)
    assert field in response.context["form"].errors
    assert message in page
    assert status_as_of(stadtplan, datetime.date(2030, 1, 1)) == MeasureStatus.UNDER_REVIEW


def test_members_read_measures_without_the_buttons_to_change_them(member_client):
    stadtplan = measure("Online-Stadtplan")

    assert "Neue Maßnahme" not in page_of(member_client.get("/k/partheland/massnahmen/"))
    page = page_of(member_client.get(f"/massnahmen/{stadtplan.pk}/"))
    assert f"/massnahmen/{stadtplan.pk}/status/" not in page
    assert member_client.get(f"/massnahmen/{stadtplan.pk}/bearbeiten/").status_code == 403
