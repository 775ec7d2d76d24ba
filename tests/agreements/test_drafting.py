"""The DOCX draft of a purpose agreement: every clause from the register, opened with
python-docx; a point the register does not settle yet is a marked gap."""

import datetime
import io

import docx
import pytest

from ikz.agreements import lifecycle
from ikz.agreements.drafting import GAP, draft_docx
from ikz.agreements.models import Agreement, ChecklistItem
from ikz.core.versions import current_version
from tests.factories import CooperationFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db


def text_of(content: bytes) -> list[str]:
    return [paragraph.text for paragraph in docx.Document(io.BytesIO(content)).paragraphs]


@pytest.fixture
def agreement():
    towns = [
        MunicipalityFactory(name=name, district="Landkreis Leipzig")
        for name in ("Großpösna", "Naunhof")
    ]
    return lifecycle.create_agreement(
        cooperation=CooperationFactory(name="Partheland"),
        title="Zweckvereinbarung Gewerbeamt",
        kind=Agreement.Kind.DELEGATING,
        parties=towns,
        performing_municipality=towns[1],
        task_catalogue="Gewerbeanzeigen, Erlaubnisse, Auskünfte",
        term=Agreement.Term.FIXED,
        term_years=10,
        notice_period_months=12,
        on=datetime.date(2020, 6, 16),
    )


def test_draft_holds_every_clause_from_the_register(agreement):
    lifecycle.settle_point(
        agreement, version=current_version(agreement), point=ChecklistItem.Point.LIABILITY,
        note="Haftung nach den allgemeinen Regeln.",
    )  # fmt: skip

    paragraphs = text_of(draft_docx(agreement))

    assert paragraphs[0] == "Zweckvereinbarung Gewerbeamt"
    assert "Großpösna" in paragraphs and "Naunhof" in paragraphs
    assert "Ausführende Kommune: Naunhof" in paragraphs
    assert any("mit allen Rechten und Pflichten" in text for text in paragraphs)
    assert "Gewerbeanzeigen, Erlaubnisse, Auskünfte" in paragraphs
    assert "Haftung nach den allgemeinen Regeln." in paragraphs
    assert "Die Vereinbarung gilt für 10 Jahre." in paragraphs
    assert any("Frist von 12 Monaten" in text for text in paragraphs)
    assert any("Genehmigung durch Landratsamt Landkreis Leipzig" in text for text in paragraphs)
    assert sum(text.startswith("Naunhof, den") for text in paragraphs) == 1


def test_draft_marks_what_the_register_does_not_settle_yet(agreement):
    paragraphs = text_of(draft_docx(agreement))

    # Staff, rooms and IT; costs; data protection; liability; written form.
    assert paragraphs.count(GAP) == 5


def test_draft_of_a_mandate_needs_no_approval():
    towns = [MunicipalityFactory(), MunicipalityFactory()]
    mandate = lifecycle.create_agreement(
        cooperation=CooperationFactory(), title="Archiv", kind=Agreement.Kind.MANDATING,
        parties=towns, performing_municipality=towns[0], on=datetime.date(2020, 5, 11),
    )  # fmt: skip

    paragraphs = text_of(draft_docx(mandate))

    assert "Die Vereinbarung bedarf keiner Genehmigung der Aufsichtsbehörde." in paragraphs
    assert any("im Namen und nach Weisung" in text for text in paragraphs)
    assert "Kündigungsfrist: " + GAP in paragraphs
