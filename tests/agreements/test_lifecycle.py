"""The lifecycle of a purpose agreement under the SächsKomZG: each rule of
``ikz.agreements.lifecycle`` with a test — the checklist before "draft available", every
council before the next step, approval exactly where § 72 (1) asks for it and by the
authority § 74 names, "in force" never before approval and the day after publication,
amendments on the same path, termination and leaving with approval where it was needed,
"not pursued" with its reason, and the § 2b UStG verdict."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from ikz.agreements import lifecycle
from ikz.agreements.models import Agreement, AgreementStep, ChecklistItem, Party
from ikz.core.models import Body
from ikz.core.versions import VersionConflict, current_version
from ikz.meetings.models import Consultation
from tests.factories import (
    BodyFactory,
    CooperationFactory,
    MeetingFactory,
    MunicipalityFactory,
    OutcomeFactory,
)

pytestmark = pytest.mark.django_db
State = Agreement.State
Result = Consultation.Result
DAY = datetime.date(2021, 1, 11)


def later(days: int) -> datetime.date:
    return DAY + datetime.timedelta(days=days)


@pytest.fixture
def cooperation():
    return CooperationFactory(name="Partheland")


@pytest.fixture
def towns():
    return [
        MunicipalityFactory(name=name, district="Landkreis Leipzig")
        for name in ("Borsdorf", "Großpösna", "Naunhof")
    ]


def new_agreement(cooperation, towns, kind=Agreement.Kind.DELEGATING, **fields) -> Agreement:
    fields = {
        "performing_municipality": towns[-1],
        "task_catalogue": "Gewerbeanzeigen, Erlaubnisse, Auskünfte",
        "notice_period_months": 12,
        **fields,
    }
    return lifecycle.create_agreement(
        cooperation=cooperation,
        title="Zweckvereinbarung Gewerbeamt",
        kind=kind,
        parties=towns,
        on=DAY,
        **fields,
    )


def v(agreement) -> int:
    return current_version(agreement)


def settle_all(agreement) -> None:
    for point in ChecklistItem.Point:
        lifecycle.settle_point(agreement, version=v(agreement), point=point, note="geregelt")


def to_councils(agreement) -> Agreement:
    """Drafted, every point settled, the draft available and sent to the councils."""
    lifecycle.start_drafting(agreement, version=v(agreement), on=later(10))
    settle_all(agreement)
    lifecycle.mark_draft_available(agreement, version=v(agreement), on=later(20))
    lifecycle.submit_to_councils(agreement, version=v(agreement), on=later(30))
    return agreement


def all_councils_approve(agreement, on=None) -> None:
    for party in lifecycle.active_parties(agreement):
        lifecycle.record_council_resolution(
            agreement,
            version=v(agreement),
            municipality=party.municipality,
            result=Result.APPROVED,
            resolved_on=on or later(40),
        )


def messages(error: ValidationError) -> str:
    return " ".join(error.value.messages)


def states(agreement) -> list[tuple[int, str, datetime.date]]:
    return list(
        AgreementStep.objects.filter(agreement=agreement)
        .order_by("revision", "date", "pk")
        .values_list("revision", "state", "date")
    )


# Desired, drafting and the checklist ---------------------------------------------------


def test_a_new_agreement_is_desired_with_its_parties_and_the_decision(cooperation, towns):
    decision = OutcomeFactory(meeting__body__cooperation=cooperation)

    agreement = lifecycle.create_agreement(
        cooperation=cooperation,
        title="Zweckvereinbarung Archiv",
        kind=Agreement.Kind.MANDATING,
        parties=towns,
        on=DAY,
        outcome=decision,
    )

    assert agreement.state == State.DESIRED
    assert [party.municipality.name for party in agreement.party_rows.all()] == [
        "Borsdorf",
        "Großpösna",
        "Naunhof",
    ]
    assert agreement.steps.get().outcome == decision


def test_draft_available_is_refused_while_points_are_missing_and_lists_them_all(cooperation):
    lone = MunicipalityFactory(name="Naunhof")
    agreement = lifecycle.create_agreement(
        cooperation=cooperation, title="Archiv", kind=Agreement.Kind.MANDATING, parties=[lone],
        on=DAY,
    )  # fmt: skip
    lifecycle.start_drafting(agreement, version=v(agreement), on=later(1))

    with pytest.raises(ValidationError) as error:
        lifecycle.mark_draft_available(agreement, version=v(agreement), on=later(2))

    assert error.value.messages == [
        "Beteiligte: Eine Zweckvereinbarung bindet mindestens zwei Kommunen: Fügen Sie die "
        "Beteiligten hinzu.",
        "Aufgabenkatalog: Beschreiben Sie die Aufgaben, die die Vereinbarung umfasst "
        "(Aufgabenkatalog).",
        "wer Personal, Räume und IT stellt: Noch nicht geregelt.",
        "Kostenteilung und Entgelte (nur Kostenerstattung): Noch nicht geregelt.",
        "Laufzeit und Kündigung: Geben Sie die Kündigungsfrist an (bei befristeter Laufzeit "
        "auch die Jahre).",
        "Datenschutz (Art. 28 DSGVO, wo personenbezogene Daten für einen anderen Beteiligten "
        "verarbeitet werden): Noch nicht geregelt.",
        "Haftung: Noch nicht geregelt.",
        "Schriftform (§ 72 Abs. 1 SächsKomZG): Noch nicht geregelt.",
    ]
    assert Agreement.objects.get(pk=agreement.pk).state == State.DRAFTING


def test_the_performing_municipality_must_be_a_party(cooperation, towns):
    agreement = new_agreement(cooperation, towns, performing_municipality=MunicipalityFactory())

    assert [point.point for point in lifecycle.missing_points(agreement)] == [
        "parties", *ChecklistItem.Point.values,
    ]  # fmt: skip


def test_draft_available_once_every_point_is_settled(cooperation, towns):
    agreement = new_agreement(cooperation, towns)
    lifecycle.start_drafting(agreement, version=v(agreement), on=later(1))
    settle_all(agreement)

    lifecycle.mark_draft_available(agreement, version=v(agreement), on=later(2))

    assert agreement.state == State.DRAFT_AVAILABLE
    assert lifecycle.missing_points(agreement) == []


def test_a_point_is_settled_with_a_note_only(cooperation, towns):
    agreement = new_agreement(cooperation, towns)

    with pytest.raises(ValidationError) as error:
        lifecycle.settle_point(agreement, version=v(agreement), point="liability", note=" ")

    assert messages(error) == "Geben Sie an, wie der Punkt geregelt ist."


def test_a_step_is_never_dated_before_the_previous_one(cooperation, towns):
    agreement = new_agreement(cooperation, towns)

    with pytest.raises(ValidationError) as error:
        lifecycle.start_drafting(agreement, version=v(agreement), on=later(-1))

    assert "11.01.21" in messages(error) or "11.01.2021" in messages(error)
    assert agreement.steps.count() == 1


def test_a_step_based_on_an_old_version_is_refused(cooperation, towns):
    agreement = new_agreement(cooperation, towns)
    old = v(agreement)
    lifecycle.settle_point(agreement, version=old, point="liability", note="geregelt")

    with pytest.raises(VersionConflict):
        lifecycle.start_drafting(agreement, version=old - 1, on=later(1))


# Council resolutions ---------------------------------------------------------------------


def test_the_draft_goes_to_every_partys_council(cooperation, towns):
    BodyFactory(cooperation=cooperation, kind=Body.Kind.COUNCIL, municipality=towns[2],
                name="Stadtrat Naunhof")  # fmt: skip

    agreement = to_councils(new_agreement(cooperation, towns))

    councils = sorted(
        agreement.consultations.values_list("body__name", "result", "agreement_revision")
    )
    assert councils == [
        ("Gemeinderat Borsdorf", "pending", 0),
        ("Gemeinderat Großpösna", "pending", 0),
        ("Stadtrat Naunhof", "pending", 0),
    ]
    assert lifecycle.councils_still_to_resolve(agreement) == towns


def test_no_step_past_council_resolutions_while_a_party_has_not_resolved(cooperation, towns):
    agreement = to_councils(new_agreement(cooperation, towns))
    lifecycle.record_council_resolution(
        agreement, version=v(agreement), municipality=towns[0], result=Result.APPROVED,
        resolved_on=later(40),
    )  # fmt: skip
    lifecycle.record_council_resolution(
        agreement, version=v(agreement), municipality=towns[1], result=Result.REJECTED,
        resolved_on=later(41),
    )  # fmt: skip

    with pytest.raises(ValidationError) as error:
        lifecycle.request_approval(agreement, version=v(agreement), on=later(50))

    assert messages(error) == ("Noch zu beschließen: die Räte von Großpösna, Naunhof.")
    assert lifecycle.councils_still_to_resolve(agreement) == towns[1:]
    assert Agreement.objects.get(pk=agreement.pk).state == State.COUNCIL_RESOLUTIONS


def test_a_resolution_links_the_councils_meeting_and_its_result(cooperation, towns):
    agreement = to_councils(new_agreement(cooperation, towns))
    council = Body.objects.get(municipality=towns[0], kind=Body.Kind.COUNCIL)
    outcome = OutcomeFactory(meeting=MeetingFactory(body=council, date=later(40)))

    consultation = lifecycle.record_council_resolution(
        agreement, version=v(agreement), municipality=towns[0], result=Result.APPROVED,
        resolved_on=later(40), outcome=outcome,
    )  # fmt: skip

    assert (consultation.meeting, consultation.outcome) == (outcome.meeting, outcome)


def test_a_resolution_in_another_bodys_meeting_is_refused(cooperation, towns):
    agreement = to_councils(new_agreement(cooperation, towns))
    other = MeetingFactory(body__cooperation=cooperation)

    with pytest.raises(ValidationError) as error:
        lifecycle.record_council_resolution(
            agreement, version=v(agreement), municipality=towns[0], result=Result.APPROVED,
            resolved_on=later(40), meeting=other,
        )  # fmt: skip

    assert messages(error) == "Die Sitzung ist keine von Gemeinderat Borsdorf."


def test_a_resolution_before_the_draft_went_to_the_councils_is_refused(cooperation, towns):
    agreement = to_councils(new_agreement(cooperation, towns))

    with pytest.raises(ValidationError):
        lifecycle.record_council_resolution(
            agreement, version=v(agreement), municipality=towns[0], result=Result.APPROVED,
            resolved_on=later(29),
        )  # fmt: skip


def test_a_municipality_that_is_no_party_cannot_resolve(cooperation, towns):
    agreement = to_councils(new_agreement(cooperation, towns))

    with pytest.raises(ValidationError) as error:
        lifecycle.record_council_resolution(
            agreement, version=v(agreement), municipality=MunicipalityFactory(name="Brandis"),
            result=Result.APPROVED, resolved_on=later(40),
        )  # fmt: skip

    assert messages(error) == "Brandis ist nicht an dieser Vereinbarung beteiligt."


# Approval (§ 72 (1), § 74) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "needed"),
    [
        (Agreement.Kind.DELEGATING, True),
        (Agreement.Kind.JOINT_OFFICE, True),
        (Agreement.Kind.MANDATING, False),
        (Agreement.Kind.OTHER, False),
    ],
)
def test_approval_is_needed_exactly_for_a_task_transferred_or_a_joint_office(kind, needed):
    assert Agreement(kind=kind).needs_supervisory_approval is needed


def test_a_mandate_skips_approval_and_is_published_after_the_councils(cooperation, towns):
    agreement = to_councils(new_agreement(cooperation, towns, kind=Agreement.Kind.MANDATING))
    all_councils_approve(agreement)

    with pytest.raises(ValidationError) as error:
        lifecycle.request_approval(agreement, version=v(agreement), on=later(50))
    lifecycle.record_publication(
        agreement, version=v(agreement), on=later(60), issue="SächsABl. Nr. 9/2021"
    )

    assert "keine Genehmigung" in messages(error)
    assert [state for _revision, state, _date in states(agreement)] == [
        "desired", "drafting", "draft_available", "council_resolutions", "published", "in_force",
    ]  # fmt: skip


def test_a_delegation_is_not_published_before_its_approval(cooperation, towns):
    agreement = to_councils(new_agreement(cooperation, towns))
    all_councils_approve(agreement)

    with pytest.raises(ValidationError) as error:
        lifecycle.record_publication(
            agreement, version=v(agreement), on=later(60), issue="SächsABl. Nr. 9/2021"
        )
    lifecycle.request_approval(agreement, version=v(agreement), on=later(45))
    with pytest.raises(ValidationError):
        lifecycle.record_publication(
            agreement, version=v(agreement), on=later(60), issue="SächsABl. Nr. 9/2021"
        )

    assert "Genehmigung des Landratsamt Landkreis Leipzig" in messages(error)
    assert Agreement.objects.get(pk=agreement.pk).state == State.APPROVAL_REQUESTED


def test_approval_is_requested_from_the_district_office_where_all_parties_belong(
    cooperation, towns
):
    agreement = to_councils(new_agreement(cooperation, towns))
    all_councils_approve(agreement)

    step = lifecycle.request_approval(agreement, version=v(agreement), on=later(45))

    assert step.note == "Landratsamt Landkreis Leipzig"


@pytest.mark.parametrize("district", ["Landkreis Nordsachsen", ""])
def test_approval_is_the_landesdirektions_across_districts_or_with_a_free_city(
    cooperation, towns, district
):
    towns[0].district = district
    towns[0].save()

    assert lifecycle.supervisory_authority(new_agreement(cooperation, towns)) == (
        "Landesdirektion Sachsen"
    )


# Publication and coming into force -----------------------------------------------------


def published(cooperation, towns, **publication) -> Agreement:
    agreement = to_councils(new_agreement(cooperation, towns))
    all_councils_approve(agreement)
    lifecycle.request_approval(agreement, version=v(agreement), on=later(45))
    lifecycle.record_approval(agreement, version=v(agreement), on=later(55), reference="Az. 1")
    lifecycle.record_publication(
        agreement, version=v(agreement), on=later(60), issue="SächsABl. Nr. 9/2021", **publication
    )
    return agreement


def test_in_force_on_the_day_after_publication(cooperation, towns):
    agreement = published(cooperation, towns)

    assert agreement.state == State.IN_FORCE
    assert states(agreement)[-2:] == [(0, "published", later(60)), (0, "in_force", later(61))]
    assert lifecycle.in_force_from(agreement) == later(61)


def test_in_force_from_a_later_day_set(cooperation, towns):
    agreement = published(cooperation, towns, in_force_from=datetime.date(2021, 7, 1))

    assert lifecycle.in_force_from(agreement) == datetime.date(2021, 7, 1)


@pytest.mark.parametrize("days", [0, -5])
def test_never_in_force_before_the_day_after_publication(cooperation, towns, days):
    with pytest.raises(ValidationError) as error:
        published(cooperation, towns, in_force_from=later(60 + days))

    assert "frühestens" in messages(error)
    assert not AgreementStep.objects.filter(state=State.PUBLISHED).exists()


def test_publication_is_never_dated_before_the_approval(cooperation, towns):
    agreement = to_councils(new_agreement(cooperation, towns))
    all_councils_approve(agreement)
    lifecycle.request_approval(agreement, version=v(agreement), on=later(45))
    lifecycle.record_approval(agreement, version=v(agreement), on=later(55))

    with pytest.raises(ValidationError):
        lifecycle.record_publication(
            agreement, version=v(agreement), on=later(50), issue="SächsABl. Nr. 9/2021"
        )

    assert lifecycle.in_force_from(agreement) is None


def test_publication_names_its_issue(cooperation, towns):
    agreement = to_councils(new_agreement(cooperation, towns, kind=Agreement.Kind.MANDATING))
    all_councils_approve(agreement)

    with pytest.raises(ValidationError) as error:
        lifecycle.record_publication(agreement, version=v(agreement), on=later(60), issue="")

    assert messages(error) == "Geben Sie die Ausgabe des Sächsischen Amtsblatts an."


# Amendment, termination, leaving, not pursued -------------------------------------------


def test_an_amendment_takes_the_same_path_while_the_agreement_stays_in_force(cooperation, towns):
    agreement = published(cooperation, towns)

    lifecycle.start_amendment(agreement, version=v(agreement), on=later(200))
    assert lifecycle.missing_points(agreement) != []
    settle_all(agreement)
    lifecycle.mark_draft_available(agreement, version=v(agreement), on=later(210))
    lifecycle.submit_to_councils(agreement, version=v(agreement), on=later(220))
    assert lifecycle.councils_still_to_resolve(agreement) == towns
    all_councils_approve(agreement, on=later(230))
    lifecycle.request_approval(agreement, version=v(agreement), on=later(240))
    lifecycle.record_approval(agreement, version=v(agreement), on=later(250))
    lifecycle.record_publication(
        agreement, version=v(agreement), on=later(260), issue="SächsABl. Nr. 30/2021"
    )

    assert (agreement.revision, agreement.state) == (1, State.IN_FORCE)
    assert states(agreement)[-1] == (1, "in_force", later(261))
    assert lifecycle.in_force_from(agreement) == later(61)


def test_an_amendment_not_pursued_leaves_the_agreement_in_force(cooperation, towns):
    agreement = published(cooperation, towns)
    lifecycle.start_amendment(agreement, version=v(agreement), on=later(200))

    lifecycle.not_pursued(agreement, version=v(agreement), on=later(210), reason="verworfen")

    assert Agreement.objects.get(pk=agreement.pk).state == State.IN_FORCE
    assert states(agreement)[-1] == (1, "not_pursued", later(210))


def test_termination_needs_approval_where_the_agreement_did(cooperation, towns):
    agreement = published(cooperation, towns)

    with pytest.raises(ValidationError) as error:
        lifecycle.terminate(agreement, version=v(agreement), on=later(400), reason="Kündigung")
    lifecycle.terminate(
        agreement, version=v(agreement), on=later(400), reason="Kündigung",
        approved_on=later(390),
    )  # fmt: skip

    assert "§ 72 Abs. 3 SächsKomZG" in messages(error)
    assert agreement.state == State.TERMINATED


def test_termination_of_a_mandate_needs_no_approval(cooperation, towns):
    agreement = to_councils(new_agreement(cooperation, towns, kind=Agreement.Kind.MANDATING))
    all_councils_approve(agreement)
    lifecycle.record_publication(
        agreement, version=v(agreement), on=later(60), issue="SächsABl. Nr. 9/2021"
    )

    with pytest.raises(ValidationError):
        lifecycle.terminate(
            agreement, version=v(agreement), on=later(400), reason="Kündigung",
            approved_on=later(390),
        )  # fmt: skip
    lifecycle.terminate(agreement, version=v(agreement), on=later(400), reason="Kündigung")

    assert agreement.state == State.TERMINATED


def test_only_an_agreement_in_force_is_terminated(cooperation, towns):
    agreement = to_councils(new_agreement(cooperation, towns))

    with pytest.raises(ValidationError) as error:
        lifecycle.terminate(agreement, version=v(agreement), on=later(400), reason="Kündigung")

    assert messages(error) == "Nur eine geltende Zweckvereinbarung kann beendet werden."


def test_a_party_leaves_with_the_approval_the_agreement_needed(cooperation, towns):
    agreement = published(cooperation, towns)

    with pytest.raises(ValidationError):
        lifecycle.record_party_leaving(
            agreement, version=v(agreement), municipality=towns[0], left_on=later(400)
        )
    lifecycle.record_party_leaving(
        agreement, version=v(agreement), municipality=towns[0], left_on=later(400),
        approved_on=later(380),
    )  # fmt: skip

    assert [party.municipality for party in lifecycle.active_parties(agreement)] == towns[1:]
    assert [p.municipality for p in lifecycle.active_parties(agreement, later(399))] == towns


def test_with_two_parties_one_leaving_ends_the_agreement(cooperation, towns):
    agreement = published(cooperation, towns[1:])

    with pytest.raises(ValidationError) as error:
        lifecycle.record_party_leaving(
            agreement, version=v(agreement), municipality=towns[1], left_on=later(400),
            approved_on=later(380),
        )  # fmt: skip

    assert "beenden Sie sie" in messages(error)
    assert Party.objects.filter(left_on__isnull=False).count() == 0


@pytest.mark.parametrize("steps", [0, 1, 3, 4])
def test_not_pursued_at_any_step_before_force_with_its_reason(cooperation, towns, steps):
    agreement = new_agreement(cooperation, towns)
    moves = [
        lambda: lifecycle.start_drafting(agreement, version=v(agreement), on=later(1)),
        lambda: settle_all(agreement),
        lambda: lifecycle.mark_draft_available(agreement, version=v(agreement), on=later(2)),
        lambda: lifecycle.submit_to_councils(agreement, version=v(agreement), on=later(3)),
    ]
    for move in moves[:steps]:
        move()

    with pytest.raises(ValidationError) as error:
        lifecycle.not_pursued(agreement, version=v(agreement), on=later(5), reason="")
    lifecycle.not_pursued(
        agreement, version=v(agreement), on=later(5), reason="Kein Einsparpotenzial"
    )

    assert messages(error) == "Geben Sie an, warum die Vereinbarung nicht weiterverfolgt wird."
    stored = Agreement.objects.get(pk=agreement.pk)
    assert (stored.state, stored.not_pursued_reason) == (State.NOT_PURSUED, "Kein Einsparpotenzial")


def test_an_agreement_in_force_is_not_dropped(cooperation, towns):
    agreement = published(cooperation, towns)

    with pytest.raises(ValidationError):
        lifecycle.not_pursued(agreement, version=v(agreement), on=later(100), reason="egal")


# § 2b UStG ---------------------------------------------------------------------------------


def vat(**answers) -> lifecycle.VatAssessment:
    criteria = {
        "vat_public_law_basis": True,
        "vat_common_public_task": True,
        "vat_cost_reimbursement_only": True,
        "vat_serves_public_bodies": True,
    }
    term = {"term": Agreement.Term.INDEFINITE, "term_years": None}
    return lifecycle.vat_assessment(Agreement(**(criteria | term | answers)))


def test_vat_all_criteria_and_a_long_term_put_the_service_outside_vat():
    assessment = vat()

    assert (assessment.verdict, assessment.flagged) == ("outside", False)
    assert assessment.applies_from == datetime.date(2027, 1, 1)


def test_vat_a_failing_criterion_flags_the_agreement_with_its_reason():
    assessment = vat(vat_cost_reimbursement_only=False)

    assert (assessment.verdict, assessment.flagged) == ("at_risk", True)
    assert "Die ausführende Kommune erhält mehr als ihre Kosten." in assessment.reasons


@pytest.mark.parametrize(("years", "verdict"), [(4, "at_risk"), (5, "outside"), (10, "outside")])
def test_vat_a_term_of_five_years_or_more_counts_as_long_term(years, verdict):
    assert vat(term=Agreement.Term.FIXED, term_years=years).verdict == verdict


def test_vat_an_unanswered_criterion_leaves_the_verdict_open():
    assessment = vat(vat_serves_public_bodies=None)

    assert (assessment.verdict, assessment.flagged) == ("open", False)
    assert assessment.reasons[3] == (
        "Noch nicht beantwortet: ausführende Kommune dient überwiegend öffentlichen Stellen"
    )
