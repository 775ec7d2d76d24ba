"""The lifecycle of a purpose agreement as the Saxon law on municipal cooperation
(SächsKomZG) sets it, one function per step:

desired → drafting → draft available (the checklist complete) → council resolutions
(every party's council resolves; the agreement moves on only when all approved) →
approval requested → approved (only where § 72 (1) requires approval, from the
authority § 74 names) → published in the Sächsisches Amtsblatt → in force (the day after
publication or a later day set, never before approval and publication) → amended (a new
revision takes the same path while the agreement stays in force) → terminated, or a
party leaves (with approval where the agreement needed it, § 72 (3)); or not pursued at
any step before it is in force, with its reason.

Each function checks the agreement's version (no lost updates), dates the step, links
what caused it and sets the agreement's state, in one transaction; a broken rule raises
a ValidationError naming it and stores nothing."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ikz.agreements.models import Agreement, AgreementStep, ChecklistItem, Party
from ikz.core.domain import add_body, save_validated
from ikz.core.models import Body, Municipality
from ikz.core.versions import check_version
from ikz.meetings.models import Consultation, Meeting, Outcome

State = Agreement.State
# § 2b UStG applies to every municipality from this day (the transition of § 27 (22)
# UStG ends on 31.12.2026).
VAT_RULE_FROM = datetime.date(2027, 1, 1)
# § 74 SächsKomZG: the Landratsamt where all parties belong to one district, otherwise
# the state's authority.
STATE_AUTHORITY = "Landesdirektion Sachsen"
# The steps before the agreement binds anyone: where "not pursued" may end it.
BEFORE_FORCE = (
    State.DESIRED,
    State.DRAFTING,
    State.DRAFT_AVAILABLE,
    State.COUNCIL_RESOLUTIONS,
    State.APPROVAL_REQUESTED,
    State.APPROVED,
)


def _short(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


# Reading an agreement ---------------------------------------------------------------


def active_parties(agreement: Agreement, day: datetime.date | None = None) -> list[Party]:
    """The parties bound on ``day`` (all who have not left, without a day). Reads
    ``agreement.party_rows.all()``: a caller listing many agreements prefetches them
    with their municipalities."""
    return [
        party
        for party in agreement.party_rows.all()
        if (day is None and party.left_on is None)
        or (
            day is not None
            and (party.joined_on is None or party.joined_on <= day)
            and (party.left_on is None or party.left_on > day)
        )
    ]


def supervisory_authority(agreement: Agreement) -> str:
    """§ 74 SächsKomZG: the Landratsamt of the district all parties belong to; the
    Landesdirektion Sachsen where they belong to several or one is district-free."""
    districts = {party.municipality.district for party in active_parties(agreement)}
    if len(districts) == 1 and "" not in districts:
        district = districts.pop()
        return _("Landratsamt %(district)s") % {"district": district}
    return STATE_AUTHORITY


@dataclass(frozen=True)
class MissingPoint:
    point: str
    label: str
    message: str


# What the register settles itself, and the points a coordinator ticks with a note.
REGISTER_POINTS = {
    "parties": gettext_lazy("parties"),
    "tasks": gettext_lazy("task catalogue"),
    "term": gettext_lazy("term and termination"),
}


def missing_points(agreement: Agreement) -> list[MissingPoint]:
    """What a draft has not yet settled, in the checklist's order: the parties (at
    least two, the performing municipality among them), the task catalogue, who
    provides staff, rooms and IT, cost sharing and fees, term and termination, data
    protection, liability, written form. Empty: the draft may count as available."""
    missing = []
    parties = [party.municipality_id for party in active_parties(agreement)]
    if len(parties) < 2:
        missing.append(
            MissingPoint(
                "parties",
                str(REGISTER_POINTS["parties"]),
                _("An agreement binds at least two municipalities: add its parties."),
            )
        )
    elif agreement.performing_municipality_id not in parties and agreement.kind != (
        Agreement.Kind.OTHER
    ):
        missing.append(
            MissingPoint(
                "parties",
                str(REGISTER_POINTS["parties"]),
                _("Name the performing municipality, one of the parties."),
            )
        )
    if not agreement.task_catalogue.strip():
        missing.append(
            MissingPoint(
                "tasks",
                str(REGISTER_POINTS["tasks"]),
                _("Describe the tasks the agreement covers (task catalogue)."),
            )
        )
    settled = {item.point for item in agreement.checklist.all()}

    def unsettled(*points: ChecklistItem.Point) -> list[MissingPoint]:
        return [
            MissingPoint(point, str(point.label), _("Not yet settled."))
            for point in points
            if point not in settled
        ]

    Point = ChecklistItem.Point
    missing += unsettled(Point.RESOURCES, Point.COSTS)
    if agreement.notice_period_months is None:
        missing.append(
            MissingPoint(
                "term",
                str(REGISTER_POINTS["term"]),
                _("Enter the notice period (and for a fixed term its years)."),
            )
        )
    missing += unsettled(Point.DATA_PROTECTION, Point.LIABILITY, Point.WRITTEN_FORM)
    return missing


@dataclass(frozen=True)
class Resolution:
    """A party's council on the current revision: pending until it resolved."""

    party: Party
    consultation: Consultation | None

    @property
    def result(self) -> str:
        return self.consultation.result if self.consultation else Consultation.Result.PENDING


def resolutions(agreement: Agreement) -> list[Resolution]:
    """Each active party's council resolution on the current revision, in the parties'
    order. Reads the agreement's parties and its consultations (prefetch
    ``party_rows__municipality`` and ``consultations__body`` for many)."""
    by_municipality = {
        consultation.body.municipality_id: consultation
        for consultation in agreement.consultations.all()
        if consultation.agreement_revision == agreement.revision
    }
    return [
        Resolution(party, by_municipality.get(party.municipality_id))
        for party in active_parties(agreement)
    ]


def _unapproved(current: list[Resolution]) -> list[Municipality]:
    return [r.party.municipality for r in current if r.result != Consultation.Result.APPROVED]


def councils_still_to_resolve(agreement: Agreement) -> list[Municipality]:
    """The parties whose council has not yet approved the current revision."""
    return _unapproved(resolutions(agreement))


@dataclass
class VatAssessment:
    """§ 2b (3) no. 2 UStG for the agreement: ``verdict`` is "outside" (not taxable),
    "at_risk" (a criterion fails: the service may be taxable from 01.01.2027) or
    "open" (a criterion not yet answered), with the reasons in the criteria's order."""

    verdict: str
    reasons: list[str] = field(default_factory=list)
    applies_from: datetime.date = VAT_RULE_FROM

    @property
    def flagged(self) -> bool:
        return self.verdict == "at_risk"


VAT_CRITERIA = (
    (
        "vat_public_law_basis",
        gettext_lazy("The service rests on a public-law agreement."),
        gettext_lazy("The service does not rest on a public-law agreement."),
    ),
    (
        "vat_common_public_task",
        gettext_lazy("It fulfils a public task all parties share."),
        gettext_lazy("It does not fulfil a public task all parties share."),
    ),
    (
        "vat_cost_reimbursement_only",
        gettext_lazy("The performer is paid its costs only."),
        gettext_lazy("The performer is paid more than its costs."),
    ),
    (
        "vat_serves_public_bodies",
        gettext_lazy("The performer serves mainly public bodies."),
        gettext_lazy("The performer does not serve mainly public bodies."),
    ),
)


def vat_assessment(agreement: Agreement) -> VatAssessment:
    """The § 2b UStG verdict from the four criteria and the term (five years or more,
    or indefinite, counts as long-term: a shorter term fails the criterion of a
    long-term public-law agreement)."""
    reasons, failing, open_ = [], False, False
    for name, holds, fails in VAT_CRITERIA:
        answer = getattr(agreement, name)
        if answer is None:
            open_ = True
            reasons.append(
                _("Not yet answered: %(criterion)s")
                % {"criterion": agreement._meta.get_field(name).verbose_name}
            )
        elif answer:
            reasons.append(str(holds))
        else:
            failing = True
            reasons.append(str(fails))
    if agreement.is_long_term:
        reasons.append(_("The term is long-term (five years or more, or indefinite)."))
    else:
        failing = True
        reasons.append(
            _("The term of %(years)s years is not long-term (five years or more).")
            % {"years": agreement.term_years}
        )
    verdict = "at_risk" if failing else "open" if open_ else "outside"
    return VatAssessment(verdict, reasons)


# The steps -------------------------------------------------------------------------


def _last_step(agreement: Agreement) -> AgreementStep | None:
    return (
        AgreementStep.objects.filter(agreement=agreement, revision=agreement.revision)
        .order_by("-date", "-pk")
        .first()
    )


def _step(
    agreement: Agreement,
    state: str,
    on: datetime.date,
    *,
    outcome: Outcome | None = None,
    reference: str = "",
    note: str = "",
) -> AgreementStep:
    """The step dated ``on`` (never before the revision's last step) and the
    agreement's new state."""
    last = _last_step(agreement)
    if last is not None and on < last.date:
        raise ValidationError(
            {
                "date": _("The step cannot be dated before the previous one (%(date)s).")
                % {"date": _short(last.date)}
            }
        )
    if outcome is not None and outcome.meeting.body.cooperation_id != agreement.cooperation_id:
        raise ValidationError({"outcome": _("The result belongs to another cooperation.")})
    step = save_validated(
        AgreementStep(
            agreement=agreement,
            revision=agreement.revision,
            state=state,
            date=on,
            outcome=outcome,
            reference=reference,
            note=note,
        )
    )
    agreement.state = state
    agreement.save(update_fields=["state"])
    return step


def _checked(agreement: Agreement, version: int | None) -> None:
    """The agreement still at ``version`` (its row locked), its state read anew."""
    check_version(agreement, version)
    agreement.refresh_from_db(fields=["state", "revision"])


def _require(agreement: Agreement, *states: str) -> None:
    if agreement.state not in states:
        raise ValidationError(
            _("Not possible while the agreement is “%(state)s”.")
            % {"state": agreement.get_state_display()}
        )


def create_agreement(
    *,
    cooperation,
    title: str,
    kind: str,
    parties: Iterable[Municipality] = (),
    on: datetime.date,
    outcome: Outcome | None = None,
    note: str = "",
    **fields,
) -> Agreement:
    """A new agreement, desired from ``on``.

    Side effects, in one transaction: the Agreement row; a Party row per municipality
    (from the start); the step "desired" linked to the decision that wished for it."""
    with transaction.atomic():
        agreement = save_validated(
            Agreement(cooperation=cooperation, title=title, kind=kind, **fields)
        )
        for municipality in parties:
            save_validated(Party(agreement=agreement, municipality=municipality))
        _step(agreement, State.DESIRED, on, outcome=outcome, note=note)
    return agreement


# What the register holds about the agreement's terms: they change only while the text
# is open (desired or drafting, the agreement's or an amendment's).
TERMS = (
    "kind",
    "performing_municipality",
    "task_catalogue",
    "term",
    "term_years",
    "notice_period_months",
)
# What may change at any step: the title, the measure it serves, the cost check's
# scenario that plans its costs, the § 2b UStG answers.
REGISTER = (
    "title",
    "measure",
    "cost_model",
    *(name for name, _holds, _fails in VAT_CRITERIA),
)


def edit_agreement(agreement: Agreement, *, version: int | None, **fields) -> Agreement:
    """The register's data as an edit form sends it (``TERMS`` and ``REGISTER``): the
    title, measure, cost plan and § 2b UStG answers at any step, the terms only while the text is
    open (desired or drafting): afterwards an amendment changes them.

    Side effects, in one transaction: the version checked; the Agreement row, validated
    first (with its history record)."""
    unknown = set(fields) - set(TERMS) - set(REGISTER)
    if unknown:
        raise TypeError(f"not a register field: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        _checked(agreement, version)
        if agreement.state not in (State.DESIRED, State.DRAFTING):
            changed = [
                name
                for name in TERMS
                if name in fields and getattr(agreement, name) != fields[name]
            ]
            if changed:
                raise ValidationError(
                    {
                        name: _(
                            "The terms change only while the text is drafted: start an amendment."
                        )
                        for name in changed
                    }
                )
        for name, value in fields.items():
            setattr(agreement, name, value)
        agreement.full_clean()
        agreement.save()
    return agreement


def set_parties(
    agreement: Agreement,
    *,
    version: int | None,
    municipalities: Sequence[Municipality],
    joined_on: dict[int, datetime.date | None] | None = None,
) -> None:
    """The parties while the terms are open (desired or drafting, the agreement's or an
    amendment's): new ones added, missing ones removed, joining days as given.

    Side effects, in one transaction: the version checked; Party rows added, removed or
    changed."""
    joined_on = joined_on or {}
    with transaction.atomic():
        _checked(agreement, version)
        _require(agreement, State.DESIRED, State.DRAFTING)
        wanted = {municipality.pk: municipality for municipality in municipalities}
        for party in Party.objects.filter(agreement=agreement):
            if party.municipality_id not in wanted:
                party.delete()
                continue
            day = joined_on.get(party.municipality_id, party.joined_on)
            if day != party.joined_on:
                party.joined_on = day
                party.full_clean()
                party.save()
            del wanted[party.municipality_id]
        for pk, municipality in wanted.items():
            save_validated(
                Party(agreement=agreement, municipality=municipality, joined_on=joined_on.get(pk))
            )
        # Recorded in the agreement's history: its parties changed.
        agreement.save()


def start_drafting(
    agreement: Agreement,
    *,
    version: int | None,
    on: datetime.date,
    outcome: Outcome | None = None,
    note: str = "",
) -> AgreementStep:
    """Desired → drafting. Side effects: the version checked; the step; the state."""
    with transaction.atomic():
        _checked(agreement, version)
        _require(agreement, State.DESIRED)
        return _step(agreement, State.DRAFTING, on, outcome=outcome, note=note)


def settle_point(
    agreement: Agreement, *, version: int | None, point: str, note: str
) -> ChecklistItem:
    """A checklist point settled, with how (a note is required).

    Side effects: the version checked; the ChecklistItem row (its note replaced where
    it was settled already)."""
    if not note.strip():
        raise ValidationError({"note": _("Say how the point is settled.")})
    with transaction.atomic():
        _checked(agreement, version)
        _require(agreement, State.DESIRED, State.DRAFTING)
        item, _created = ChecklistItem.objects.get_or_create(
            agreement=agreement, point=point, defaults={"note": note}
        )
        if item.note != note:
            item.note = note
            item.save()
        return item


def reopen_point(agreement: Agreement, *, version: int | None, point: str) -> None:
    """A checklist point no longer settled. Side effects: the version checked; the
    ChecklistItem row deleted."""
    with transaction.atomic():
        _checked(agreement, version)
        _require(agreement, State.DESIRED, State.DRAFTING)
        ChecklistItem.objects.filter(agreement=agreement, point=point).delete()


def mark_draft_available(
    agreement: Agreement, *, version: int | None, on: datetime.date, note: str = ""
) -> AgreementStep:
    """Drafting → draft available, only with the checklist complete.

    Side effects: the version checked; the missing points checked (a ValidationError
    lists them all); the step; the state."""
    with transaction.atomic():
        _checked(agreement, version)
        _require(agreement, State.DRAFTING)
        missing = missing_points(agreement)
        if missing:
            raise ValidationError(
                [
                    _("%(point)s: %(message)s") % {"point": point.label, "message": point.message}
                    for point in missing
                ]
            )
        return _step(agreement, State.DRAFT_AVAILABLE, on, note=note)


def council_of(agreement: Agreement, municipality: Municipality) -> Body:
    """The municipality's council among the cooperation's bodies; added where the
    cooperation has not recorded it yet."""
    council = Body.objects.filter(
        cooperation=agreement.cooperation, kind=Body.Kind.COUNCIL, municipality=municipality
    ).first()
    if council is not None:
        return council
    name = (
        _("Town council of %(name)s")
        if municipality.kind == Municipality.Kind.TOWN
        else _("Municipal council of %(name)s")
    ) % {"name": municipality.name}
    return add_body(
        cooperation=agreement.cooperation,
        name=name,
        kind=Body.Kind.COUNCIL,
        municipality=municipality,
    )


def submit_to_councils(
    agreement: Agreement, *, version: int | None, on: datetime.date, note: str = ""
) -> AgreementStep:
    """Draft available → council resolutions: the draft goes to every party's council.

    Side effects, in one transaction: the version checked; the step; the state; a
    pending Consultation of each party's council on this revision (the council's Body
    added where missing)."""
    with transaction.atomic():
        _checked(agreement, version)
        _require(agreement, State.DRAFT_AVAILABLE)
        step = _step(agreement, State.COUNCIL_RESOLUTIONS, on, note=note)
        for party in active_parties(agreement):
            save_validated(
                Consultation(
                    body=council_of(agreement, party.municipality),
                    agreement=agreement,
                    agreement_revision=agreement.revision,
                )
            )
        return step


def record_council_resolution(
    agreement: Agreement,
    *,
    version: int | None,
    municipality: Municipality,
    result: str,
    resolved_on: datetime.date,
    meeting: Meeting | None = None,
    outcome: Outcome | None = None,
) -> Consultation:
    """A party's council resolved on the current revision (approved, rejected or
    deferred), linked to that council's meeting and its result where recorded.

    Side effects, in one transaction: the version checked; the party's Consultation
    updated (the agreement's state stays: it moves on by the next step's function)."""
    if result == Consultation.Result.PENDING:
        raise ValidationError({"result": _("Choose what the council resolved.")})
    with transaction.atomic():
        _checked(agreement, version)
        _require(agreement, State.COUNCIL_RESOLUTIONS)
        consultation = Consultation.objects.filter(
            agreement=agreement,
            agreement_revision=agreement.revision,
            body__municipality=municipality,
        ).first()
        if consultation is None:
            raise ValidationError(
                {
                    "municipality": _("%(name)s is no party of this agreement.")
                    % {"name": municipality.name}
                }
            )
        submitted = _last_step(agreement)
        if resolved_on < submitted.date:
            raise ValidationError(
                {
                    "resolved_on": _(
                        "A council resolves after the draft went to the councils (%(date)s)."
                    )
                    % {"date": _short(submitted.date)}
                }
            )
        if outcome is not None and meeting is None:
            meeting = outcome.meeting
        if meeting is not None and meeting.body_id != consultation.body_id:
            raise ValidationError(
                {"meeting": _("The meeting is not one of %(body)s.") % {"body": consultation.body}}
            )
        if outcome is not None and outcome.meeting_id != meeting.pk:
            raise ValidationError({"outcome": _("The result is not one of that meeting.")})
        consultation.result = result
        consultation.resolved_on = resolved_on
        consultation.meeting = meeting
        consultation.outcome = outcome
        consultation.full_clean()
        consultation.save()
        # Recorded in the agreement's history too: a council resolved on it.
        agreement.save()
        return consultation


def _all_councils_approved(agreement: Agreement, on: datetime.date) -> None:
    # Read once: the parties and their councils' resolutions.
    current = resolutions(agreement)
    missing = _unapproved(current)
    if missing:
        raise ValidationError(
            _("Still to resolve: the councils of %(names)s.")
            % {"names": ", ".join(municipality.name for municipality in missing)}
        )
    last = max(resolution.consultation.resolved_on for resolution in current)
    if on < last:
        raise ValidationError(
            {
                "date": _("The step follows the last council resolution (%(date)s).")
                % {"date": _short(last)}
            }
        )


def request_approval(
    agreement: Agreement, *, version: int | None, on: datetime.date, reference: str = ""
) -> AgreementStep:
    """Council resolutions → approval requested from the authority § 74 names, where
    § 72 (1) requires approval, once every party's council approved.

    Side effects: the version checked; the step, its note naming the authority; the
    state."""
    with transaction.atomic():
        _checked(agreement, version)
        _require(agreement, State.COUNCIL_RESOLUTIONS)
        if not agreement.needs_supervisory_approval:
            raise ValidationError(
                _(
                    "A mandate needs no approval of the supervisory authority (§ 72 (1) "
                    "SächsKomZG): publish it."
                )
            )
        _all_councils_approved(agreement, on)
        return _step(
            agreement,
            State.APPROVAL_REQUESTED,
            on,
            reference=reference,
            note=supervisory_authority(agreement),
        )


def record_approval(
    agreement: Agreement, *, version: int | None, on: datetime.date, reference: str = ""
) -> AgreementStep:
    """Approval requested → approved (the authority's decision, its file number as the
    reference). Side effects: the version checked; the step; the state."""
    with transaction.atomic():
        _checked(agreement, version)
        _require(agreement, State.APPROVAL_REQUESTED)
        return _step(
            agreement,
            State.APPROVED,
            on,
            reference=reference,
            note=supervisory_authority(agreement),
        )


def record_publication(
    agreement: Agreement,
    *,
    version: int | None,
    on: datetime.date,
    issue: str,
    in_force_from: datetime.date | None = None,
) -> AgreementStep:
    """Published in the Sächsisches Amtsblatt (its day and issue); in force on the day
    after publication unless a later day is set — never before approval and
    publication. From council resolutions (all approved) where no approval is needed,
    from approved where it is.

    Side effects, in one transaction: the version checked; the step "published"; the
    step "in force" dated on its day (a day still to come shows as "in force from");
    the state "in force"."""
    if not issue.strip():
        raise ValidationError({"issue": _("Enter the issue of the Sächsisches Amtsblatt.")})
    earliest = on + datetime.timedelta(days=1)
    if in_force_from is not None and in_force_from < earliest:
        raise ValidationError(
            {
                "in_force_from": _(
                    "An agreement comes into force on the day after its publication "
                    "(%(date)s) at the earliest."
                )
                % {"date": _short(earliest)}
            }
        )
    with transaction.atomic():
        _checked(agreement, version)
        if agreement.needs_supervisory_approval:
            if agreement.state == State.COUNCIL_RESOLUTIONS:
                raise ValidationError(
                    _(
                        "This agreement needs the approval of %(authority)s before it is "
                        "published (§ 72 (1) SächsKomZG)."
                    )
                    % {"authority": supervisory_authority(agreement)}
                )
            _require(agreement, State.APPROVED)
        else:
            _require(agreement, State.COUNCIL_RESOLUTIONS)
            _all_councils_approved(agreement, on)
        step = _step(agreement, State.PUBLISHED, on, reference=issue)
        _step(agreement, State.IN_FORCE, in_force_from or earliest)
        return step


def in_force_from(agreement: Agreement) -> datetime.date | None:
    """The day the agreement (its first revision) came or comes into force. Reads the
    steps a page has read in advance (``queries.agreement_of_register``)."""
    return next(
        (
            step.date
            for step in agreement.steps.all()
            if step.revision == 0 and step.state == State.IN_FORCE
        ),
        None,
    )


def last_step_day(agreement: Agreement) -> datetime.date | None:
    """The day of the current revision's last step: what causes the next one (a result,
    a council's meeting) lies on or after it. Reads the steps as ``in_force_from``."""
    days = [step.date for step in agreement.steps.all() if step.revision == agreement.revision]
    return max(days, default=None)


def start_amendment(
    agreement: Agreement,
    *,
    version: int | None,
    on: datetime.date,
    outcome: Outcome | None = None,
    note: str = "",
) -> AgreementStep:
    """An agreement in force is amended: a new revision takes the same path (drafting,
    draft available, council resolutions, approval where needed, publication), while
    the agreement in force stays so.

    Side effects: the version checked; the revision counted up; the step "drafting"
    of the new revision; the state."""
    with transaction.atomic():
        _checked(agreement, version)
        _require(agreement, State.IN_FORCE)
        previous = _last_step(agreement)
        if on < previous.date:
            raise ValidationError(
                {
                    "date": _("An amendment starts once the agreement is in force (%(date)s).")
                    % {"date": _short(previous.date)}
                }
            )
        agreement.revision += 1
        agreement.save(update_fields=["revision"])
        # The checklist is settled again for the amended text.
        ChecklistItem.objects.filter(agreement=agreement).delete()
        return _step(agreement, State.DRAFTING, on, outcome=outcome, note=note)


def _approval_for_ending(
    agreement: Agreement, on: datetime.date, approved_on: datetime.date | None
) -> None:
    """§ 72 (3): ending or leaving an agreement that needed approval needs it too."""
    if not agreement.needs_supervisory_approval:
        if approved_on is not None:
            raise ValidationError(
                {"approved_on": _("This agreement needed no approval, nor does its end.")}
            )
        return
    if approved_on is None:
        raise ValidationError(
            {
                "approved_on": _(
                    "The agreement needed approval, so this needs the approval of "
                    "%(authority)s too (§ 72 (3) SächsKomZG): enter its date."
                )
                % {"authority": supervisory_authority(agreement)}
            }
        )
    if approved_on > on:
        raise ValidationError(
            {"approved_on": _("The approval comes before the day it takes effect.")}
        )


def terminate(
    agreement: Agreement,
    *,
    version: int | None,
    on: datetime.date,
    reason: str,
    approved_on: datetime.date | None = None,
    reference: str = "",
) -> AgreementStep:
    """An agreement in force ends on ``on`` (by notice or by consent), with the approval
    where it needed one (§ 72 (3)).

    Side effects: the version checked; the step "terminated" with the reason (and the
    approval's date and reference); the state."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the agreement ends.")})
    with transaction.atomic():
        _checked(agreement, version)
        if in_force_from(agreement) is None or agreement.state in (
            State.TERMINATED,
            State.NOT_PURSUED,
        ):
            raise ValidationError(_("Only an agreement in force can be terminated."))
        _approval_for_ending(agreement, on, approved_on)
        note = reason
        if approved_on is not None:
            note += "\n" + _("Approved on %(date)s by %(authority)s.") % {
                "date": _short(approved_on),
                "authority": supervisory_authority(agreement),
            }
        return _step(agreement, State.TERMINATED, on, reference=reference, note=note)


def record_party_leaving(
    agreement: Agreement,
    *,
    version: int | None,
    municipality: Municipality,
    left_on: datetime.date,
    approved_on: datetime.date | None = None,
) -> Party:
    """A party leaves an agreement in force from ``left_on``, with the approval where
    the agreement needed one (§ 72 (3)); with fewer than two parties left the agreement
    must be terminated instead.

    Side effects: the version checked; the Party row's leaving day and approval."""
    with transaction.atomic():
        _checked(agreement, version)
        if in_force_from(agreement) is None or agreement.state == State.TERMINATED:
            raise ValidationError(_("A party can only leave an agreement in force."))
        party = Party.objects.filter(
            agreement=agreement, municipality=municipality, left_on__isnull=True
        ).first()
        if party is None:
            raise ValidationError(
                {
                    "municipality": _("%(name)s is no party of this agreement.")
                    % {"name": municipality.name}
                }
            )
        if len(active_parties(agreement)) <= 2:
            raise ValidationError(
                _("With one party left the agreement ends: terminate it instead.")
            )
        _approval_for_ending(agreement, left_on, approved_on)
        party.left_on = left_on
        party.leave_approved_on = approved_on
        party.full_clean()
        party.save()
        agreement.save()
        return party


def not_pursued(
    agreement: Agreement,
    *,
    version: int | None,
    on: datetime.date,
    reason: str,
    outcome: Outcome | None = None,
) -> AgreementStep:
    """The agreement — or its amendment — is not pursued, at any step before it is in
    force, with its reason. An amendment dropped leaves the agreement in force as it
    was.

    Side effects: the version checked; the reason; the step "not pursued" of the
    current revision; the state ("in force" again after an amendment)."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the agreement is not pursued.")})
    with transaction.atomic():
        _checked(agreement, version)
        _require(agreement, *BEFORE_FORCE)
        step = _step(agreement, State.NOT_PURSUED, on, outcome=outcome, note=reason)
        if agreement.revision:
            agreement.state = State.IN_FORCE
            agreement.save(update_fields=["state"])
        else:
            agreement.not_pursued_reason = reason
            agreement.save(update_fields=["not_pursued_reason"])
        return step


def available_steps(agreement: Agreement) -> set[str]:
    """The names of the step functions the agreement's state allows now, for a page to
    offer only those (each function checks again): "set_parties", "settle_point",
    "reopen_point", "start_drafting", "mark_draft_available" (once nothing is
    missing), "submit_to_councils", "record_council_resolution", "request_approval" or
    "record_publication" (where § 72 (1) asks for approval or not), "record_approval",
    "start_amendment", "terminate", "record_party_leaving", "not_pursued"."""
    state = agreement.state
    steps = set()
    if state in (State.DESIRED, State.DRAFTING):
        steps |= {"set_parties", "settle_point", "reopen_point"}
    if state == State.DESIRED:
        steps.add("start_drafting")
    if state == State.DRAFTING and not missing_points(agreement):
        steps.add("mark_draft_available")
    if state == State.DRAFT_AVAILABLE:
        steps.add("submit_to_councils")
    if state == State.COUNCIL_RESOLUTIONS:
        steps.add("record_council_resolution")
        if not councils_still_to_resolve(agreement):
            steps.add(
                "request_approval" if agreement.needs_supervisory_approval else "record_publication"
            )
    if state == State.APPROVAL_REQUESTED:
        steps.add("record_approval")
    if state == State.APPROVED:
        steps.add("record_publication")
    if state == State.IN_FORCE:
        steps.add("start_amendment")
    if state not in (State.TERMINATED, State.NOT_PURSUED) and in_force_from(agreement):
        steps |= {"terminate", "record_party_leaving"}
    if state in BEFORE_FORCE:
        steps.add("not_pursued")
    return steps
