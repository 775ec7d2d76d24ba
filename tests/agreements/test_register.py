"""The register's own rules and readers: the register data edited (the terms only while
the text is drafted), the steps a state offers, and what the pages read — the rows with
their filters, the pipeline, the councils still to resolve — in queries that do not grow
with the rows."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from ikz.agreements import lifecycle
from ikz.agreements.models import Agreement, ChecklistItem
from ikz.agreements.queries import (
    PIPELINE,
    agreement_of_register,
    agreement_rows,
    councils_to_resolve,
    pipeline,
)
from ikz.core.versions import VersionConflict, current_version
from tests.factories import CooperationFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db
State = Agreement.State
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


def new_agreement(cooperation, towns, kind=Agreement.Kind.DELEGATING, title="Gewerbeamt"):
    return lifecycle.create_agreement(
        cooperation=cooperation, title=title, kind=kind, parties=towns, on=DAY,
        performing_municipality=towns[-1], task_catalogue="Gewerbeanzeigen",
        notice_period_months=12,
    )  # fmt: skip


def to_councils(agreement: Agreement) -> None:
    lifecycle.start_drafting(agreement, version=current_version(agreement), on=later(1))
    for point in ChecklistItem.Point:
        lifecycle.settle_point(
            agreement, version=current_version(agreement), point=point, note="geregelt"
        )
    lifecycle.mark_draft_available(agreement, version=current_version(agreement), on=later(2))
    lifecycle.submit_to_councils(agreement, version=current_version(agreement), on=later(3))


def test_edit_agreement_stores_the_register_data_and_the_vat_answers(cooperation, towns):
    agreement = new_agreement(cooperation, towns)

    lifecycle.edit_agreement(
        agreement, version=current_version(agreement), title="Gewerbeamt Naunhof",
        term=Agreement.Term.FIXED, term_years=3, vat_public_law_basis=True,
    )  # fmt: skip

    agreement.refresh_from_db()
    assert (agreement.title, agreement.term_years, agreement.vat_public_law_basis) == (
        "Gewerbeamt Naunhof", 3, True,
    )  # fmt: skip


def test_edit_agreement_refuses_an_older_version(cooperation, towns):
    agreement = new_agreement(cooperation, towns)
    version = current_version(agreement)
    lifecycle.edit_agreement(agreement, version=version, title="Gewerbeamt Partheland")

    with pytest.raises(VersionConflict):
        lifecycle.edit_agreement(agreement, version=version, title="Gewerbeamt Naunhof")

    agreement.refresh_from_db()
    assert agreement.title == "Gewerbeamt Partheland"


def test_edit_agreement_keeps_the_terms_once_the_draft_is_available(cooperation, towns):
    agreement = new_agreement(cooperation, towns)
    to_councils(agreement)

    with pytest.raises(ValidationError) as refused:
        lifecycle.edit_agreement(
            agreement, version=current_version(agreement), kind=Agreement.Kind.MANDATING,
            title="Gewerbeamt Naunhof",
        )  # fmt: skip

    assert list(refused.value.message_dict) == ["kind"]
    agreement.refresh_from_db()
    assert (agreement.kind, agreement.title) == (Agreement.Kind.DELEGATING, "Gewerbeamt")
    # The title and the § 2b answers change at any step; the terms as they are, too.
    lifecycle.edit_agreement(
        agreement, version=current_version(agreement), kind=Agreement.Kind.DELEGATING,
        title="Gewerbeamt Naunhof", vat_serves_public_bodies=False,
    )  # fmt: skip
    agreement.refresh_from_db()
    assert (agreement.title, agreement.vat_serves_public_bodies) == ("Gewerbeamt Naunhof", False)


def test_edit_agreement_refuses_a_fixed_term_without_years(cooperation, towns):
    agreement = new_agreement(cooperation, towns)

    with pytest.raises(ValidationError):
        lifecycle.edit_agreement(
            agreement, version=current_version(agreement), term=Agreement.Term.FIXED
        )


def test_available_steps_follow_the_state(cooperation, towns):
    agreement = new_agreement(cooperation, towns)
    desired = lifecycle.available_steps(agreement)
    lifecycle.start_drafting(agreement, version=current_version(agreement), on=later(1))
    drafting_incomplete = lifecycle.available_steps(agreement)
    for point in ChecklistItem.Point:
        lifecycle.settle_point(
            agreement, version=current_version(agreement), point=point, note="geregelt"
        )
    drafting_complete = lifecycle.available_steps(agreement)
    lifecycle.mark_draft_available(agreement, version=current_version(agreement), on=later(2))
    available = lifecycle.available_steps(agreement)
    lifecycle.submit_to_councils(agreement, version=current_version(agreement), on=later(3))
    pending = lifecycle.available_steps(agreement)
    for town in towns:
        lifecycle.record_council_resolution(
            agreement, version=current_version(agreement), municipality=town,
            result="approved", resolved_on=later(4),
        )  # fmt: skip
    resolved = lifecycle.available_steps(agreement)

    opening = {"set_parties", "settle_point", "reopen_point", "not_pursued"}
    assert desired == opening | {"start_drafting"}
    assert drafting_incomplete == opening
    assert drafting_complete == opening | {"mark_draft_available"}
    assert available == {"submit_to_councils", "not_pursued"}
    assert pending == {"record_council_resolution", "not_pursued"}
    assert resolved == {"record_council_resolution", "request_approval", "not_pursued"}


def test_available_steps_of_a_mandate_skip_the_approval(cooperation, towns):
    agreement = new_agreement(cooperation, towns, kind=Agreement.Kind.MANDATING)
    to_councils(agreement)
    for town in towns:
        lifecycle.record_council_resolution(
            agreement, version=current_version(agreement), municipality=town,
            result="approved", resolved_on=later(4),
        )  # fmt: skip

    assert lifecycle.available_steps(agreement) == {
        "record_council_resolution", "record_publication", "not_pursued",
    }  # fmt: skip

    lifecycle.record_publication(
        agreement, version=current_version(agreement), on=later(5), issue="Nr. 1/2021"
    )
    agreement.refresh_from_db()
    assert lifecycle.available_steps(agreement) == {
        "start_amendment", "terminate", "record_party_leaving",
    }  # fmt: skip
    lifecycle.terminate(
        agreement, version=current_version(agreement), on=later(400), reason="entfällt"
    )
    agreement.refresh_from_db()
    assert lifecycle.available_steps(agreement) == set()


def test_rows_filter_by_state_kind_and_party(cooperation, towns):
    trade = new_agreement(cooperation, towns)
    archive = new_agreement(cooperation, towns[:2], Agreement.Kind.MANDATING, title="Archiv")
    to_councils(archive)

    assert agreement_rows(cooperation) == [archive, trade]
    assert agreement_rows(cooperation, state=State.COUNCIL_RESOLUTIONS) == [archive]
    assert agreement_rows(cooperation, kind=Agreement.Kind.DELEGATING) == [trade]
    assert agreement_rows(cooperation, municipality=towns[2]) == [trade]
    assert agreement_rows(CooperationFactory()) == []


def test_pipeline_lists_every_step_in_order(cooperation, towns):
    trade = new_agreement(cooperation, towns)

    groups = pipeline(agreement_rows(cooperation))

    assert [state for state, _label, _rows in groups] == list(PIPELINE)
    assert {state: rows for state, _label, rows in groups if rows} == {State.DESIRED: [trade]}


def test_councils_to_resolve_by_municipality(cooperation, towns):
    trade = new_agreement(cooperation, towns)
    archive = new_agreement(cooperation, towns[:2], Agreement.Kind.MANDATING, title="Archiv")
    for agreement in (trade, archive):
        to_councils(agreement)
    lifecycle.record_council_resolution(
        trade, version=current_version(trade), municipality=towns[0], result="approved",
        resolved_on=later(4),
    )  # fmt: skip
    lifecycle.record_council_resolution(
        archive, version=current_version(archive), municipality=towns[1], result="rejected",
        resolved_on=later(4),
    )  # fmt: skip

    pending = councils_to_resolve(agreement_rows(cooperation))

    assert [(entry.municipality, entry.agreements) for entry in pending] == [
        (towns[0], [archive]),
        (towns[1], [archive, trade]),
        (towns[2], [trade]),
    ]


def test_the_register_reads_in_queries_that_do_not_grow(
    cooperation, towns, django_assert_num_queries
):
    for number in range(3):
        to_councils(new_agreement(cooperation, towns, title=f"Zweckvereinbarung {number}"))

    with django_assert_num_queries(4):  # agreements, parties, consultations, checklists
        rows = agreement_rows(cooperation)
        councils_to_resolve(rows)
        [lifecycle.missing_points(row) for row in rows]
        [lifecycle.vat_assessment(row) for row in rows]
    with django_assert_num_queries(6):  # and the settlements, the steps with their results
        agreement = agreement_of_register(rows[0])
        lifecycle.resolutions(agreement)
        list(agreement.steps.all())
        list(agreement.settlements.all())
