"""The Partheland's purpose agreements along its story, through the lifecycle's
domain functions: the seed's agreements in their states of May 2020 (Personal Sharing
for the archive, fire prevention and the registration office's substitution wished for,
the last one's draft available; receivables and the objections clerk not pursued;
payroll waiting for its cost check), then each step dated after the result that caused
it — the substitution in force from December 2020, the Gewerbeamt in Naunhof for
Großpösna from 01.07.2021 and, amended, for Borsdorf from 01.01.2023, the archive and
fire prevention from February 2022, payroll drafted after its cost comparison in 2023.
A step dated after ``today`` is not taken, nor any after it."""

import datetime
from collections.abc import Callable
from decimal import Decimal

from ikz.agreements import lifecycle
from ikz.agreements.models import (
    Agreement,
    CostItem,
    CostModel,
    KeyFigure,
    Settlement,
    StatusQuoCost,
)
from ikz.core.domain import save_validated
from ikz.core.models import Cooperation, Municipality
from ikz.core.versions import current_version
from ikz.measures.models import AllocationKey, Measure
from ikz.meetings.models import Consultation, Outcome
from ikz.sample.generator.words import CHECKLIST

Kind = Agreement.Kind
APPROVED = Consultation.Result.APPROVED
# § 2b UStG answered for an agreement priced as reimbursement of costs.
PUBLIC_SERVICE = {
    "vat_public_law_basis": True,
    "vat_common_public_task": True,
    "vat_cost_reimbursement_only": True,
    "vat_serves_public_bodies": True,
}


# The payroll cost check (Kostenprüfung Lohnbuchhaltung): a joint payroll office in
# Brandis for 3, 5 or all 7 municipalities, split by the employees each pays a month
# (2022), against what each pays for its own payroll today.
PAYROLL = "Lohnbuchhaltung"
PAYROLL_EMPLOYEES_2022 = {
    "Belgershain": 38, "Borsdorf": 96, "Brandis": 142, "Großpösna": 61, "Machern": 74,
    "Naunhof": 118, "Parthenstein": 41,
}  # fmt: skip
PAYROLL_TODAY = {
    "Belgershain": "21400.00", "Borsdorf": "52800.00", "Brandis": "71300.00",
    "Großpösna": "33900.00", "Machern": "40200.00", "Naunhof": "61500.00",
    "Parthenstein": "23100.00",
}  # fmt: skip
# scenario: (municipalities, FTE in the payroll office, software licence a year)
PAYROLL_SCENARIOS = {
    "3 Kommunen": (("Borsdorf", "Brandis", "Naunhof"), "2.000", "6000.00"),
    "5 Kommunen": (("Borsdorf", "Brandis", "Großpösna", "Machern", "Naunhof"), "3.000", "8500.00"),
    "7 Kommunen": (tuple(PAYROLL_EMPLOYEES_2022), "3.500", "11000.00"),
}  # fmt: skip
# The Gewerbeamt's plan: trade notifications (Gewerbeanzeigen) of 2024 give the advances
# of 2025; those of 2025 and the year's accounts (Jahresrechnung) settle it.
TRADE_CASES = {
    2024: {"Borsdorf": 167, "Großpösna": 118, "Naunhof": 212},
    2025: {"Borsdorf": 174, "Großpösna": 131, "Naunhof": 205},
}
TRADE_SETTLED_YEAR = 2025
TRADE_ACTUAL_COST = Decimal("131874.20")


def d(year: int, month: int, day: int = 1) -> datetime.date:
    return datetime.date(year, month, day)


class _Story:
    """The steps of one agreement in date order; the first one after ``today`` ends
    it."""

    def __init__(self, today: datetime.date):
        self.today = today
        self.stopped = False

    def on(self, day: datetime.date, step: Callable[[datetime.date], object]) -> None:
        if self.stopped or day > self.today:
            self.stopped = True
            return
        step(day)


def _result(cooperation: Cooperation, start: str) -> Outcome | None:
    return (
        Outcome.objects.filter(meeting__body__cooperation=cooperation, text__startswith=start)
        .select_related("meeting")
        .order_by("meeting__date")
        .first()
    )


def _v(agreement: Agreement) -> int | None:
    return current_version(agreement)


def _settle_all(agreement: Agreement) -> None:
    for point, note in CHECKLIST.items():
        lifecycle.settle_point(agreement, version=_v(agreement), point=point, note=note)


def _councils(agreement: Agreement, first: datetime.date, story: _Story) -> None:
    """Every party's council approves, a week apart from ``first`` on."""
    for number, party in enumerate(lifecycle.active_parties(agreement)):
        story.on(
            first + datetime.timedelta(days=7 * number),
            lambda day, municipality=party.municipality: lifecycle.record_council_resolution(
                agreement,
                version=_v(agreement),
                municipality=municipality,
                result=APPROVED,
                resolved_on=day,
            ),
        )


def _draft_to_councils(
    agreement: Agreement, story: _Story, available: datetime.date, submitted: datetime.date
) -> None:
    story.on(available, lambda day: _settle_all(agreement))
    story.on(
        available,
        lambda day: lifecycle.mark_draft_available(agreement, version=_v(agreement), on=day),
    )
    story.on(
        submitted,
        lambda day: lifecycle.submit_to_councils(agreement, version=_v(agreement), on=day),
    )


def _new(
    cooperation: Cooperation,
    towns: dict[str, Municipality],
    *,
    title: str,
    measure: str,
    kind: str,
    parties: tuple[str, ...],
    performing: str,
    on: datetime.date,
    outcome: Outcome | None,
    **fields,
) -> Agreement:
    return lifecycle.create_agreement(
        cooperation=cooperation,
        title=title,
        kind=kind,
        parties=[towns[name] for name in parties],
        performing_municipality=towns[performing],
        measure=Measure.objects.filter(cooperation=cooperation, title=measure).first(),
        on=on,
        outcome=outcome,
        **fields,
    )


def add_agreements(cooperation: Cooperation, *, today: datetime.date) -> None:
    """The agreements and their steps up to ``today`` (see the module's docstring).

    Side effects: those of the lifecycle's functions (agreements, parties, steps,
    checklist items, consultations, the member councils as bodies)."""
    towns = {town.name: town for town in Municipality.objects.filter(
        participations__cooperation=cooperation
    )}  # fmt: skip
    everyone = tuple(sorted(towns))
    seed = _result(cooperation, "Zweckvereinbarungen für Personal Sharing")
    dropped = _result(cooperation, "Personal Sharing für das Forderungsmanagement")
    payroll = _result(cooperation, "Entscheidung zu Personal Sharing in der Lohnbuchhaltung")
    seed_day = seed.meeting.date

    # The registration offices stand in for each other: drafted by May 2020, in force
    # from December 2020 after its signing.
    story = _Story(today)
    substitution = _new(
        cooperation, towns, title="Zweckvereinbarung Vertretungsregelung Meldewesen",
        measure="Personal Sharing Vertretungsregelung Meldewesen", kind=Kind.MANDATING,
        parties=everyone, performing="Brandis", on=seed_day, outcome=seed,
        task_catalogue="Gegenseitige Vertretung der Meldebehörden bei Urlaub und Krankheit: "
        "An- und Abmeldungen, Melde- und Lebensbescheinigungen, Auskünfte.",
        term=Agreement.Term.INDEFINITE, notice_period_months=6, **PUBLIC_SERVICE,
    )  # fmt: skip
    story.on(seed_day, lambda day: lifecycle.start_drafting(
        substitution, version=_v(substitution), on=day
    ))  # fmt: skip
    _draft_to_councils(substitution, story, seed_day, d(2020, 6, 22))
    _councils(substitution, d(2020, 7, 6), story)
    signed = _result(cooperation, "Zweckvereinbarung Vertretungsregelung Meldewesen unterzeichnet")
    story.on(
        signed.meeting.date + datetime.timedelta(days=18) if signed else d(2020, 11, 27),
        lambda day: lifecycle.record_publication(
            substitution, version=_v(substitution), on=day, issue="SächsABl. Nr. 48/2020",
            in_force_from=d(2020, 12, 1),
        ),
    )  # fmt: skip

    # The archive and fire prevention: wished for in 2020, drafted by the working group
    # from 2021, resolved in December 2021. The archive is paid by an hourly rate with a
    # surcharge: its § 2b UStG check fails.
    for title, measure, parties, performing, vat in (
        (
            "Zweckvereinbarung Archiv", "Personal Sharing Archiv",
            ("Borsdorf", "Brandis", "Machern", "Naunhof"), "Naunhof",
            PUBLIC_SERVICE | {"vat_cost_reimbursement_only": False},
        ),
        (
            "Zweckvereinbarung Brandschutz/Löschhilfen", "Personal Sharing Brandschutz/Löschhilfen",
            ("Belgershain", "Borsdorf", "Großpösna", "Parthenstein"), "Borsdorf", PUBLIC_SERVICE,
        ),
    ):  # fmt: skip
        story = _Story(today)
        agreement = _new(
            cooperation, towns, title=title, measure=measure, kind=Kind.MANDATING,
            parties=parties, performing=performing, on=seed_day, outcome=seed,
            task_catalogue="Personal der ausführenden Kommune mit einem Zeitanteil für die "
            "Beteiligten: Sichtung, Beratung, Bearbeitung nach Weisung der Beteiligten.",
            term=Agreement.Term.FIXED, term_years=10, notice_period_months=12, **vat,
        )  # fmt: skip
        story.on(d(2021, 2, 1), lambda day, agreement=agreement: lifecycle.start_drafting(
            agreement, version=_v(agreement), on=day
        ))  # fmt: skip
        _draft_to_councils(agreement, story, d(2021, 9, 20), d(2021, 10, 4))
        _councils(agreement, d(2021, 10, 18), story)
        story.on(d(2022, 1, 28), lambda day, agreement=agreement: lifecycle.record_publication(
            agreement, version=_v(agreement), on=day, issue="SächsABl. Nr. 4/2022",
        ))  # fmt: skip

    # Receivables and the objections clerk: not pursued in May 2020.
    for title, measure in (
        ("Zweckvereinbarung Forderungsmanagement", "Personal Sharing Forderungsmanagement"),
        (
            "Zweckvereinbarung SB Widerspruchsbearbeitung",
            "Personal Sharing SB Widerspruchsbearbeitung",
        ),
    ):
        agreement = _new(
            cooperation, towns, title=title, measure=measure, kind=Kind.MANDATING,
            parties=everyone, performing="Naunhof", on=seed_day, outcome=None,
        )  # fmt: skip
        lifecycle.not_pursued(
            agreement, version=_v(agreement), on=seed_day, outcome=dropped,
            reason="Zu geringe Fallzahlen in den Kommunen; kein Einsparpotenzial.",
        )  # fmt: skip

    # Payroll waits for its cost check, drafted once the comparison favoured Brandis.
    story = _Story(today)
    payroll_check = _payroll_cost_check(cooperation, towns)
    wages = _new(
        cooperation, towns, title="Zweckvereinbarung Lohnbuchhaltung",
        measure="Personal Sharing Lohnbuchhaltung", kind=Kind.MANDATING, parties=everyone,
        performing="Brandis", on=seed_day, outcome=payroll, cost_model=payroll_check,
    )  # fmt: skip
    compared = _result(cooperation, "Lohnbuchhaltung: Kostenvergleich liegt vor")
    if compared is not None:
        story.on(compared.meeting.date, lambda day: lifecycle.start_drafting(
            wages, version=_v(wages), on=day, outcome=compared
        ))  # fmt: skip

    _trade_office(cooperation, towns, today)


def _trade_office(cooperation: Cooperation, towns: dict, today: datetime.date) -> None:
    """The Gewerbeamt: a task transferred to Naunhof (§ 71 (1)), approved by the
    Landratsamt; Großpösna from 01.07.2021, Borsdorf by an amendment from 01.01.2023."""
    drafting = _result(cooperation, "Gewerbeamt: Naunhof erarbeitet den Entwurf")
    if drafting is None:
        return
    story = _Story(today)
    plan = _trade_cost_model(cooperation, towns)
    trade = _new(
        cooperation, towns, title="Zweckvereinbarung Gewerbeamt", measure="Zentralisierung Gewerbeamt",
        cost_model=plan,
        kind=Kind.DELEGATING, parties=("Großpösna", "Naunhof"), performing="Naunhof",
        on=drafting.meeting.date, outcome=drafting,
        task_catalogue="Naunhof übernimmt die Aufgaben der Gewerbebehörde nach GewO mit "
        "Recht und Pflicht: Gewerbeanzeigen, Erlaubnisse, Untersagungen, Auskünfte.",
        term=Agreement.Term.INDEFINITE, notice_period_months=12, **PUBLIC_SERVICE,
    )  # fmt: skip
    story.on(drafting.meeting.date, lambda day: lifecycle.start_drafting(
        trade, version=_v(trade), on=day, outcome=drafting
    ))  # fmt: skip
    _draft_to_councils(trade, story, d(2020, 12, 1), d(2021, 1, 11))
    _councils(trade, d(2021, 2, 18), story)
    story.on(d(2021, 3, 18), lambda day: lifecycle.request_approval(
        trade, version=_v(trade), on=day
    ))  # fmt: skip
    story.on(d(2021, 5, 4), lambda day: lifecycle.record_approval(
        trade, version=_v(trade), on=day, reference="Az. 14.1-0152/21"
    ))  # fmt: skip
    story.on(d(2021, 5, 28), lambda day: lifecycle.record_publication(
        trade, version=_v(trade), on=day, issue="SächsABl. Nr. 21/2021",
        in_force_from=d(2021, 7, 1),
    ))  # fmt: skip
    joining = _result(cooperation, "Gewerbeamt: Borsdorf tritt der Zweckvereinbarung")
    if joining is None:
        return
    story.on(joining.meeting.date, lambda day: lifecycle.start_amendment(
        trade, version=_v(trade), on=day, outcome=joining,
        note="Beitritt Borsdorf zum 01.01.2023",
    ))  # fmt: skip
    story.on(joining.meeting.date, lambda day: lifecycle.set_parties(
        trade, version=_v(trade),
        municipalities=[towns["Borsdorf"], towns["Großpösna"], towns["Naunhof"]],
        joined_on={towns["Borsdorf"].pk: d(2023, 1, 1)},
    ))  # fmt: skip
    _draft_to_councils(trade, story, d(2022, 9, 20), d(2022, 9, 26))
    _councils(trade, d(2022, 10, 6), story)
    story.on(d(2022, 10, 24), lambda day: lifecycle.request_approval(
        trade, version=_v(trade), on=day
    ))  # fmt: skip
    story.on(d(2022, 11, 21), lambda day: lifecycle.record_approval(
        trade, version=_v(trade), on=day, reference="Az. 14.1-0388/22"
    ))  # fmt: skip
    story.on(d(2022, 12, 9), lambda day: lifecycle.record_publication(
        trade, version=_v(trade), on=day, issue="SächsABl. Nr. 49/2022",
        in_force_from=d(2023, 1, 1),
    ))  # fmt: skip
    # The year settled once its accounts are closed (the end of January after it).
    if today >= d(TRADE_SETTLED_YEAR + 1, 2, 1):
        save_validated(
            Settlement(
                agreement=trade,
                cost_model=plan,
                year=TRADE_SETTLED_YEAR,
                advance_schedule=Settlement.Schedule.QUARTERLY,
                actual_annual_cost=TRADE_ACTUAL_COST,
                note="Abrechnung nach der Jahresrechnung 2025 der Stadt Naunhof",
            )
        )


def _cost_model(cooperation: Cooperation, towns: dict, paying, items, **fields) -> CostModel:
    model = save_validated(CostModel(cooperation=cooperation, **fields))
    model.municipalities.set([towns[name] for name in paying])
    for item in items:
        item.cost_model = model
        save_validated(item)
    return model


def _payroll_cost_check(cooperation: Cooperation, towns: dict) -> CostModel:
    """The three scenarios of the payroll cost check; returns the one of all seven."""
    measure = Measure.objects.filter(
        cooperation=cooperation, title="Personal Sharing Lohnbuchhaltung"
    )
    for scenario, (paying, fte, licence) in PAYROLL_SCENARIOS.items():
        model = _cost_model(
            cooperation, towns, paying,
            [
                CostItem(kind=CostItem.Kind.STAFF, label="Sachbearbeitung Entgeltabrechnung (E 9a)",
                         fte=Decimal(fte), annual_cost_per_fte=Decimal("68500.00")),
                CostItem(kind=CostItem.Kind.MATERIAL, label="Lizenz Abrechnungssoftware",
                         amount=Decimal(licence)),
                CostItem(kind=CostItem.Kind.OVERHEAD, label="Gemeinkosten",
                         overhead_percent=Decimal("15.00")),
                CostItem(kind=CostItem.Kind.ONE_OFF, label="Datenübernahme und Schulung",
                         amount=Decimal("18000.00"), spread_years=5),
            ],
            name=PAYROLL, scenario=scenario, measure=measure.first(), key=AllocationKey.CASES,
            figures_year=2022,
        )  # fmt: skip
        for name in paying:
            save_validated(KeyFigure(
                cost_model=model, municipality=towns[name], kind=KeyFigure.Kind.CASES,
                year=2022, value=PAYROLL_EMPLOYEES_2022[name],
            ))  # fmt: skip
            save_validated(StatusQuoCost(
                cost_model=model, municipality=towns[name],
                annual_cost=Decimal(PAYROLL_TODAY[name]),
            ))  # fmt: skip
    return model


def _trade_cost_model(cooperation: Cooperation, towns: dict) -> CostModel:
    measure = Measure.objects.filter(cooperation=cooperation, title="Zentralisierung Gewerbeamt")
    model = _cost_model(
        cooperation, towns, ("Borsdorf", "Großpösna", "Naunhof"),
        [
            CostItem(kind=CostItem.Kind.STAFF, label="Sachbearbeitung Gewerbe (E 8)",
                     fte=Decimal("1.600"), annual_cost_per_fte=Decimal("64800.00")),
            CostItem(kind=CostItem.Kind.MATERIAL, label="Fachverfahren Gewerbe",
                     amount=Decimal("7500.00")),
            CostItem(kind=CostItem.Kind.OVERHEAD, label="Gemeinkosten",
                     overhead_percent=Decimal("12.00")),
        ],
        name="Gewerbeamt", scenario="Naunhof, Großpösna und Borsdorf", measure=measure.first(),
        key=AllocationKey.CASES, figures_year=2024,
    )  # fmt: skip
    for year, cases in TRADE_CASES.items():
        for name, value in cases.items():
            save_validated(KeyFigure(
                cost_model=model, municipality=towns[name], kind=KeyFigure.Kind.CASES,
                year=year, value=value,
            ))  # fmt: skip
    return model
