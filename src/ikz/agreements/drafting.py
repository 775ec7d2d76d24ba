"""The draft text of a purpose agreement as a Word document, from the register: the
parties, the task and its legal basis, the kind, the checklist's clauses, cost sharing,
term and termination, approval and coming into force — a first draft for the lawyers
to refine, each clause from what the register holds and a marked gap where it holds
nothing yet.

python-docx is imported inside ``draft_docx``: only a download loads it."""

import io
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ikz.agreements.lifecycle import active_parties, supervisory_authority
from ikz.agreements.models import Agreement, ChecklistItem

# What the law says each kind does (§ 71 SächsKomZG), as the draft's § 1 states it.
KIND_CLAUSES = {
    Agreement.Kind.DELEGATING: (
        "Die Beteiligten übertragen der ausführenden Kommune die Aufgabe mit allen Rechten "
        "und Pflichten; die Befugnisse der übrigen Beteiligten gehen insoweit auf sie über "
        "(§ 71 Abs. 1 SächsKomZG)."
    ),
    Agreement.Kind.MANDATING: (
        "Die ausführende Kommune erfüllt die Aufgabe im Namen und nach Weisung der übrigen "
        "Beteiligten; Zuständigkeit und Verantwortung bleiben bei ihnen (§ 71 Abs. 2 "
        "SächsKomZG). Sie stellt dafür Personal mit einem Zeitanteil zur Verfügung."
    ),
    Agreement.Kind.JOINT_OFFICE: (
        "Die Beteiligten richten bei der ausführenden Kommune eine gemeinsame Dienststelle "
        "ein; jede Beteiligte unterhält eine Annahmestelle (§ 71 Abs. 4 SächsKomZG)."
    ),
    Agreement.Kind.OTHER: "Die Beteiligten schließen einen öffentlich-rechtlichen Vertrag.",
}
GAP = "[offen: im Register noch nicht geregelt]"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Clause:
    heading: str
    paragraphs: list[str]


def _day(value) -> str:
    return date_format(value, "d.m.Y")


def clauses(agreement: Agreement) -> list[Clause]:
    """The draft's paragraphs (§§) in order, from the register. Reads the parties, the
    checklist and the performing municipality."""
    parties = active_parties(agreement)
    performer = agreement.performing_municipality
    settled = {item.point: item.note for item in agreement.checklist.all()}

    def point(name: str) -> str:
        return settled.get(name) or GAP

    party_lines = [
        party.municipality.name + (f" (ab {_day(party.joined_on)})" if party.joined_on else "")
        for party in parties
    ]
    if agreement.term == Agreement.Term.FIXED:
        term = f"Die Vereinbarung gilt für {agreement.term_years} Jahre."
    else:
        term = "Die Vereinbarung gilt auf unbestimmte Zeit."
    notice = (
        f"Sie kann von jeder Beteiligten mit einer Frist von "
        f"{agreement.notice_period_months} Monaten zum Ende eines Haushaltsjahres schriftlich "
        "gekündigt werden."
        if agreement.notice_period_months is not None
        else f"Kündigungsfrist: {GAP}"
    )
    if agreement.needs_supervisory_approval:
        approval = (
            f"Die Vereinbarung bedarf der Genehmigung durch {supervisory_authority(agreement)} "
            "(§ 72 Abs. 1 SächsKomZG); ihre Kündigung und der Austritt einer Beteiligten "
            "ebenso (§ 72 Abs. 3 SächsKomZG)."
        )
    else:
        approval = "Die Vereinbarung bedarf keiner Genehmigung der Aufsichtsbehörde."
    cost_model = agreement.cost_model
    costs = [point(ChecklistItem.Point.COSTS)]
    if cost_model is not None:
        costs.append(
            f"Die Kosten werden nach dem Kostenmodell „{cost_model}“ "
            f"({cost_model.get_key_display()}) verteilt; die Berechnung ist Anlage 1."
        )
    return [
        Clause(
            "Beteiligte",
            [
                "Die folgenden Kommunen schließen diese Zweckvereinbarung:",
                *party_lines,
                "Ausführende Kommune: " + (performer.name if performer else GAP),
            ],
        ),
        Clause(
            "§ 1 Gegenstand und Rechtsgrundlage",
            [
                f"Gegenstand ist „{agreement.title}“ nach §§ 71 ff. des Sächsischen Gesetzes "
                "über kommunale Zusammenarbeit (SächsKomZG).",
                KIND_CLAUSES[agreement.kind],
            ],
        ),
        Clause("§ 2 Aufgaben", [agreement.task_catalogue.strip() or GAP]),
        Clause("§ 3 Personal, Räume und IT", [point(ChecklistItem.Point.RESOURCES)]),
        Clause("§ 4 Kosten und Entgelte", costs),
        Clause("§ 5 Datenschutz", [point(ChecklistItem.Point.DATA_PROTECTION)]),
        Clause("§ 6 Haftung", [point(ChecklistItem.Point.LIABILITY)]),
        Clause("§ 7 Laufzeit und Kündigung", [term, notice]),
        Clause(
            "§ 8 Genehmigung, Bekanntmachung und Inkrafttreten",
            [
                approval,
                "Sie wird im Sächsischen Amtsblatt bekannt gemacht und tritt am Tag nach der "
                "Bekanntmachung in Kraft, sofern kein späterer Tag bestimmt ist.",
            ],
        ),
        Clause("§ 9 Schriftform", [point(ChecklistItem.Point.WRITTEN_FORM)]),
    ]


def draft_docx(agreement: Agreement) -> bytes:
    """The draft as a Word document (A4, German), signature lines for every party."""
    import docx  # noqa: PLC0415 heavy library: python-docx, for a download only
    from docx.oxml.ns import qn  # noqa: PLC0415 heavy library: python-docx
    from docx.shared import Cm  # noqa: PLC0415 heavy library: python-docx

    document = docx.Document()
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(2.5)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    for language in defaults.iter(qn("w:lang")):
        language.set(qn("w:val"), "de-DE")
    document.core_properties.title = agreement.title
    document.core_properties.language = "de-DE"
    document.add_heading(agreement.title, level=0)
    document.add_paragraph(_("Draft from the register of %(cooperation)s") % {
        "cooperation": agreement.cooperation.name
    })  # fmt: skip
    for clause in clauses(agreement):
        document.add_heading(clause.heading, level=1)
        for text in clause.paragraphs:
            document.add_paragraph(text)
    document.add_heading("Unterschriften", level=1)
    for party in active_parties(agreement):
        document.add_paragraph(
            f"{party.municipality.name}, den ____________\n\n"
            "______________________________\n(Bürgermeisterin / Bürgermeister)"
        )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
