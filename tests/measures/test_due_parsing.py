"""parse_due: one due field reads every form the product prints a due date in."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from ikz.core.models import Body
from ikz.measures.domain import Due, parse_due
from ikz.measures.models import Task

BODIES = [
    Body(pk=1, name="Lenkungsgruppe"),
    Body(pk=2, name="Projektleitungsgruppe"),
    Body(pk=3, name="Arbeitsgruppe Tourismus"),
    Body(pk=4, name="Arbeitsgruppe Digitales"),
]
STEERING = BODIES[0]
AFTER = datetime.date(2020, 5, 11)


def parsed(text: str) -> Due:
    return parse_due(text, bodies=BODIES, after=AFTER)


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("16.06.2020", Due.on_day(datetime.date(2020, 6, 16))),
        ("bis 16.06.2020", Due.on_day(datetime.date(2020, 6, 16))),
        ("bis 16.6.", Due.on_day(datetime.date(2020, 6, 16))),
        ("2020-06-16", Due.on_day(datetime.date(2020, 6, 16))),
        ("Juli 2020", Due.in_month(2020, 7)),
        ("bis Ende Juli 2020", Due.in_month(2020, 7)),
        ("07/2020", Due.in_month(2020, 7)),
        ("by the end of July 2020", Due.in_month(2020, 7)),
        ("bis Ende April", Due.in_month(2021, 4)),
        ("Q3 2020", Due.in_quarter(2020, 3)),
        ("bis Ende Q3 2020", Due.in_quarter(2020, 3)),
        ("3. Quartal 2020", Due.in_quarter(2020, 3)),
        ("Q2", Due.in_quarter(2020, 2)),
        ("bis zur nächsten Lenkungsgruppe", Due.by_next_meeting_of(STEERING)),
        ("zur nächsten Lenkungsgruppe", Due.by_next_meeting_of(STEERING)),
        ("nächste Lenkungsgruppe", Due.by_next_meeting_of(STEERING)),
        ("nächste Lenk", Due.by_next_meeting_of(STEERING)),
        ("bis zur nächsten Lenkungsgruppe (Termin offen)", Due.by_next_meeting_of(STEERING)),
        (
            "bis zur Sitzung „2. Lenkungsgruppe in Großpösna“ am 16.06.2020",
            Due(Task.DuePrecision.MEETING, date=datetime.date(2020, 6, 16), body=STEERING),
        ),
        ("", Due()),
        ("ohne Termin", Due()),
    ],
)
def test_parse_due_reads_each_printed_form(text, due):
    assert parsed(text) == due


@pytest.mark.parametrize(
    "due",
    [
        Due.on_day(datetime.date(2020, 6, 16)),
        Due.in_month(2020, 7),
        Due.in_quarter(2020, 3),
        Due.by_next_meeting_of(STEERING),
        Due(Task.DuePrecision.MEETING, date=datetime.date(2020, 6, 16), body=STEERING),
    ],
)
def test_parse_due_reads_back_the_label_it_prints(due):
    assert parsed(due.label) == due


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "irgendwann",
            "Fällig: „irgendwann“ ist kein Termin, den dieses Feld lesen kann; schreiben Sie "
            "z. B. 16.06.2020, Juli 2020, 07/2020, Q3 2020 oder „bis zur nächsten "
            "Lenkungsgruppe“.",
        ),
        ("31.06.2020", "Fällig: „31.06.2020“ ist ein Tag, den es nicht gibt."),
        ("13/2020", "Fällig: „13/2020“ ist ein Monat, den es nicht gibt."),
        (
            "nächste Feuerwehr",
            "Fällig: Die Kooperation hat kein Gremium „Feuerwehr“; ihre Gremien sind "
            "Arbeitsgruppe Digitales, Arbeitsgruppe Tourismus, Lenkungsgruppe, "
            "Projektleitungsgruppe.",
        ),
        (
            "Lenkungsgruppe Q3 2020",
            "Fällig: „Lenkungsgruppe Q3 2020“ nennt ein Gremium und einen Monat oder ein "
            "Quartal; schreiben Sie entweder „bis zur nächsten Lenkungsgruppe“ oder ein Datum.",
        ),
    ],
)
def test_parse_due_refuses_wrong_input_naming_the_field(text, message):
    with pytest.raises(ValidationError) as excinfo:
        parsed(text)

    assert excinfo.value.message_dict == {"due": [message]}


def test_parse_due_refuses_a_body_it_cannot_tell_from_another():
    with pytest.raises(ValidationError) as excinfo:
        parsed("bis zur nächsten Arbeitsgruppe")

    assert excinfo.value.message_dict == {
        "due": [
            "Fällig: „Arbeitsgruppe“ kann Arbeitsgruppe Digitales, Arbeitsgruppe Tourismus "
            "sein; schreiben Sie den vollen Namen des Gremiums."
        ]
    }


def test_parse_due_takes_the_longest_body_name_the_text_holds():
    bodies = [STEERING, Body(pk=5, name="Lenkungsgruppe Tourismus")]

    due = parse_due("nächste Lenkungsgruppe Tourismus", bodies=bodies, after=AFTER)

    assert due == Due.by_next_meeting_of(bodies[1])


def test_open_due_label_says_the_date_is_open():
    assert Due.by_next_meeting_of(STEERING).label == (
        "bis zur nächsten Lenkungsgruppe (Termin offen)"
    )
