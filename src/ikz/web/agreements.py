"""Purpose agreements (Zweckvereinbarungen) in the browser: the cooperation's register
with filters, by lifecycle step and with the councils still to resolve; a new agreement;
an agreement's page with its parties, checklist, § 2b UStG check, council resolutions,
approval authority and timeline, and a form for each step its state allows (one POST
view per step); its register data and its parties. The rules are
``ikz.agreements.lifecycle``'s; who may act is ``ikz.core.permissions``'."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ikz.agreements import lifecycle
from ikz.agreements.drafting import DOCX, draft_docx
from ikz.agreements.models import Agreement, ChecklistItem
from ikz.agreements.queries import (
    agreement_of_register,
    agreement_rows,
    councils_to_resolve,
    pipeline,
)
from ikz.core.files import safe_download_headers
from ikz.core.models import Cooperation
from ikz.core.permissions import can
from ikz.core.queries import document_rows
from ikz.core.versions import VersionConflict, current_version
from ikz.web.access import requires
from ikz.web.audit import history_for
from ikz.web.form_layout import add_domain_error
from ikz.web.forms.agreements import (
    PIPELINE_VIEW,
    AgreementFilter,
    AgreementForm,
    AmendmentForm,
    ApprovalForm,
    ApprovalRequestForm,
    DraftAvailableForm,
    DraftingForm,
    LeavingForm,
    NewAgreementForm,
    NotPursuedForm,
    PartiesForm,
    PublicationForm,
    ReopenPointForm,
    ResolutionForm,
    SettlePointForm,
    SubmitForm,
    TerminateForm,
)

# The page's form of each step function (``lifecycle.available_steps``), in the order
# the page shows them: (form, URL name, heading and button).
STEP_FORMS = {
    "start_drafting": (DraftingForm, "agreement_start_drafting", _("Start drafting")),
    "settle_point": (SettlePointForm, "agreement_settle_point", _("Settle a point")),
    "mark_draft_available": (
        DraftAvailableForm,
        "agreement_draft_available",
        _("Draft available"),
    ),
    "submit_to_councils": (SubmitForm, "agreement_submit", _("Submit to the councils")),
    "record_council_resolution": (
        ResolutionForm,
        "agreement_resolution",
        _("Record a council resolution"),
    ),
    "request_approval": (
        ApprovalRequestForm,
        "agreement_request_approval",
        _("Request approval"),
    ),
    "record_approval": (ApprovalForm, "agreement_approval", _("Record the approval")),
    "record_publication": (
        PublicationForm,
        "agreement_publication",
        _("Record the publication"),
    ),
    "start_amendment": (AmendmentForm, "agreement_amendment", _("Start an amendment")),
    "record_party_leaving": (LeavingForm, "agreement_party_leaving", _("A party leaves")),
    "terminate": (TerminateForm, "agreement_terminate", _("Terminate")),
    "not_pursued": (NotPursuedForm, "agreement_not_pursued", _("Not pursued")),
    # Shown only when sent with an error: each settled point has its own button.
    "reopen_point": (ReopenPointForm, "agreement_reopen_point", _("Open a point again")),
}


@require_safe
@requires("view_internal", Cooperation, lookup="slug")
def agreement_list(request, cooperation):
    """Everyone with a role: the register, filtered by state, kind and party, as a list
    or by lifecycle step (``ansicht=verfahren``); and per municipality the agreements
    its council still has to resolve on."""
    filters = AgreementFilter(request.GET, cooperation=cooperation)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    rows = agreement_rows(
        cooperation,
        state=chosen.get("status", ""),
        kind=chosen.get("art", ""),
        municipality=chosen.get("kommune"),
    )
    by_step = chosen.get("ansicht") == PIPELINE_VIEW
    return render(
        request,
        "web/agreements/list.html",
        {
            "cooperation": cooperation,
            "filters": filters,
            "rows": [(row, lifecycle.vat_assessment(row)) for row in rows],
            "pipeline": pipeline(rows) if by_step else None,
            "councils": councils_to_resolve(rows),
            "filtered": any(value for name, value in chosen.items() if name != "ansicht"),
            "may_change": can(request.user, "change", cooperation),
        },
    )


def agreement_page(request, agreement, *, status=200, sent=None):
    """The agreement's page; ``sent`` the step form as sent where it was refused, the
    others empty."""
    agreement = agreement_of_register(agreement)
    may_change = can(request.user, "change", agreement)
    steps = lifecycle.available_steps(agreement) if may_change else set()
    version = current_version(agreement) if steps else None
    step_forms = []
    for name, (form_class, url_name, heading) in STEP_FORMS.items():
        if sent is not None and type(sent) is form_class:
            # Shown with what was refused, even where the state no longer offers it.
            step_forms.append((name, sent, url_name, heading))
        elif name in steps and name != "reopen_point":
            form = form_class(agreement=agreement, version=version)
            step_forms.append((name, form, url_name, heading))
    settled = {item.point: item for item in agreement.checklist.all()}
    resolutions = lifecycle.resolutions(agreement)
    return render(
        request,
        "web/agreements/detail.html",
        {
            "cooperation": agreement.cooperation,
            "agreement": agreement,
            "parties": list(agreement.party_rows.all()),
            "missing": lifecycle.missing_points(agreement),
            "checklist": [
                (point, label, settled.get(point)) for point, label in ChecklistItem.Point.choices
            ],
            "vat": lifecycle.vat_assessment(agreement),
            "resolutions": resolutions,
            "submitted": any(resolution.consultation for resolution in resolutions),
            "authority": lifecycle.supervisory_authority(agreement)
            if agreement.needs_supervisory_approval
            else None,
            "in_force_from": lifecycle.in_force_from(agreement),
            "steps": list(agreement.steps.all()),
            "settlements": list(agreement.settlements.all()),
            "documents": document_rows(agreement.documents.all()),
            "upload_url": may_change
            and reverse("web:agreement_document_upload", args=[agreement.pk]),
            "today": timezone.localdate(),
            "may_change": may_change,
            "may_set_parties": "set_parties" in steps,
            "may_reopen": "reopen_point" in steps,
            "version": version,
            "step_forms": step_forms,
            "audit_history": history_for(request.user, agreement),
        },
        status=status,
    )


@require_safe
@requires("view_internal", Agreement)
def agreement_detail(request, agreement):
    """Everyone with a role: the agreement's register data, parties, checklist, § 2b
    UStG check, council resolutions, approval authority and timeline; for coordinators
    the forms of the steps its state allows."""
    return agreement_page(request, agreement)


@require_safe
@requires("view_internal", Agreement)
def agreement_draft_docx(request, agreement):
    """Everyone with a role: the draft text from the register as a Word document, for
    the lawyers to refine."""
    agreement = agreement_of_register(agreement)
    response = HttpResponse(draft_docx(agreement), content_type=DOCX)
    name = f"entwurf-{slugify(agreement.title) or agreement.pk}.docx"
    return safe_download_headers(response, name)


@require_http_methods(["GET", "POST"])
@requires("change", Cooperation, lookup="slug")
def agreement_create(request, cooperation):
    """Coordinators: a new agreement, desired from the day given, with its parties and
    the result that wished for it."""
    form = NewAgreementForm(
        request.POST or None,
        cooperation=cooperation,
        initial={"date": timezone.localdate(), "measure": request.GET.get("massnahme")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agreement = lifecycle.create_agreement(
                cooperation=cooperation, parties=data["parties"], on=data["date"],
                outcome=data["outcome"], note=data["note"], **form.terms(),
            )  # fmt: skip
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("The agreement “%(agreement)s” is registered.") % {"agreement": agreement},
            )
            return redirect("web:agreement", pk=agreement.pk)
    return render(
        request,
        "web/agreements/form.html",
        {"cooperation": cooperation, "form": form, "agreement": None},
    )


@require_http_methods(["GET", "POST"])
@requires("change", Agreement)
def agreement_edit(request, agreement):
    """Coordinators: the register's data and the § 2b UStG criteria; the terms only
    while the text is drafted. A save based on an older version than the stored one is
    refused with what changed in between."""
    form = AgreementForm(request.POST or None, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.edit_agreement(
                agreement, version=form.cleaned_data["version"], **form.register_fields()
            )
        except VersionConflict as error:
            form.show_conflict(error.conflict)
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("The agreement “%(agreement)s” is saved.") % {"agreement": agreement}
            )
            return redirect("web:agreement", pk=agreement.pk)
    return render(
        request,
        "web/agreements/form.html",
        {"cooperation": agreement.cooperation, "form": form, "agreement": agreement},
    )


@require_http_methods(["GET", "POST"])
@requires("change", Agreement)
def agreement_parties(request, agreement):
    """Coordinators: the parties, while the agreement (or its amendment) is desired or
    drafted."""
    form = PartiesForm(request.POST or None, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.set_parties(
                agreement,
                version=form.cleaned_data["version"],
                municipalities=form.cleaned_data["parties"],
                joined_on=form.joining_days(),
            )
        except VersionConflict as error:
            form.show_conflict(error.conflict)
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The parties are saved."))
            return redirect("web:agreement", pk=agreement.pk)
    return render(
        request,
        "web/agreements/parties.html",
        {"cooperation": agreement.cooperation, "form": form, "agreement": agreement},
    )


def take_step(request, agreement, form_class, step, message):
    """The step's form as sent, and ``step(data)`` (the lifecycle's function) called
    with its data; back to the page with ``message``, or the page with the form and
    what the domain refused at its fields. A form sent on an older version shows what
    changed since."""
    form = form_class(request.POST, agreement=agreement, version=None)
    if form.is_valid():
        try:
            step(form.cleaned_data)
        except VersionConflict as error:
            form.show_conflict(error.conflict)
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, message)
            return redirect("web:agreement", pk=agreement.pk)
    return agreement_page(request, agreement, sent=form)


@require_POST
@requires("change", Agreement)
def agreement_start_drafting(request, agreement):
    """Coordinators: desired → drafting."""
    return take_step(
        request, agreement, DraftingForm,
        lambda data: lifecycle.start_drafting(
            agreement, version=data["version"], on=data["date"], outcome=data["outcome"],
            note=data["note"],
        ),
        _("The agreement is being drafted."),
    )  # fmt: skip


@require_POST
@requires("change", Agreement)
def agreement_settle_point(request, agreement):
    """Coordinators: a checklist point settled, with how."""
    return take_step(
        request, agreement, SettlePointForm,
        lambda data: lifecycle.settle_point(
            agreement, version=data["version"], point=data["point"], note=data["note"]
        ),
        _("The point is settled."),
    )  # fmt: skip


@require_POST
@requires("change", Agreement)
def agreement_reopen_point(request, agreement):
    """Coordinators: a checklist point open again."""
    return take_step(
        request, agreement, ReopenPointForm,
        lambda data: lifecycle.reopen_point(
            agreement, version=data["version"], point=data["point"]
        ),
        _("The point is open again."),
    )  # fmt: skip


@require_POST
@requires("change", Agreement)
def agreement_draft_available(request, agreement):
    """Coordinators: drafting → draft available, once nothing is missing."""
    return take_step(
        request, agreement, DraftAvailableForm,
        lambda data: lifecycle.mark_draft_available(
            agreement, version=data["version"], on=data["date"], note=data["note"]
        ),
        _("The draft is available."),
    )  # fmt: skip


@require_POST
@requires("change", Agreement)
def agreement_submit(request, agreement):
    """Coordinators: the draft goes to every party's council."""
    return take_step(
        request, agreement, SubmitForm,
        lambda data: lifecycle.submit_to_councils(
            agreement, version=data["version"], on=data["date"], note=data["note"]
        ),
        _("The draft is with the councils."),
    )  # fmt: skip


@require_POST
@requires("change", Agreement)
def agreement_resolution(request, agreement):
    """Coordinators: a party's council resolved, in one of its meetings."""
    return take_step(
        request, agreement, ResolutionForm,
        lambda data: lifecycle.record_council_resolution(
            agreement, version=data["version"], municipality=data["municipality"],
            result=data["result"], resolved_on=data["resolved_on"], meeting=data["meeting"],
            outcome=data["outcome"],
        ),
        _("The council’s resolution is recorded."),
    )  # fmt: skip


@require_POST
@requires("change", Agreement)
def agreement_request_approval(request, agreement):
    """Coordinators: approval requested from the authority § 74 names."""
    return take_step(
        request, agreement, ApprovalRequestForm,
        lambda data: lifecycle.request_approval(
            agreement, version=data["version"], on=data["date"], reference=data["reference"]
        ),
        _("The approval is requested."),
    )  # fmt: skip


@require_POST
@requires("change", Agreement)
def agreement_approval(request, agreement):
    """Coordinators: the supervisory authority approved."""
    return take_step(
        request, agreement, ApprovalForm,
        lambda data: lifecycle.record_approval(
            agreement, version=data["version"], on=data["date"], reference=data["reference"]
        ),
        _("The approval is recorded."),
    )  # fmt: skip


@require_POST
@requires("change", Agreement)
def agreement_publication(request, agreement):
    """Coordinators: published in the Sächsisches Amtsblatt, in force from the next day
    or a later one."""
    return take_step(
        request, agreement, PublicationForm,
        lambda data: lifecycle.record_publication(
            agreement, version=data["version"], on=data["date"], issue=data["issue"],
            in_force_from=data["in_force_from"],
        ),
        _("The publication is recorded; the agreement is in force."),
    )  # fmt: skip


@require_POST
@requires("change", Agreement)
def agreement_amendment(request, agreement):
    """Coordinators: an amendment of the agreement in force is drafted."""
    return take_step(
        request, agreement, AmendmentForm,
        lambda data: lifecycle.start_amendment(
            agreement, version=data["version"], on=data["date"], outcome=data["outcome"],
            note=data["note"],
        ),
        _("The amendment is being drafted."),
    )  # fmt: skip


@require_POST
@requires("change", Agreement)
def agreement_terminate(request, agreement):
    """Coordinators: the agreement ends, with the approval where it needed one."""
    return take_step(
        request, agreement, TerminateForm,
        lambda data: lifecycle.terminate(
            agreement, version=data["version"], on=data["date"], reason=data["reason"],
            approved_on=data["approved_on"], reference=data["reference"],
        ),
        _("The agreement is terminated."),
    )  # fmt: skip


@require_POST
@requires("change", Agreement)
def agreement_party_leaving(request, agreement):
    """Coordinators: a party leaves the agreement in force."""
    return take_step(
        request, agreement, LeavingForm,
        lambda data: lifecycle.record_party_leaving(
            agreement, version=data["version"], municipality=data["municipality"],
            left_on=data["left_on"], approved_on=data["approved_on"],
        ),
        _("The party’s leaving is recorded."),
    )  # fmt: skip


@require_POST
@requires("change", Agreement)
def agreement_not_pursued(request, agreement):
    """Coordinators: the agreement (or its amendment) is not pursued, with its reason."""
    return take_step(
        request, agreement, NotPursuedForm,
        lambda data: lifecycle.not_pursued(
            agreement, version=data["version"], on=data["date"], reason=data["reason"],
            outcome=data["outcome"],
        ),
        _("The agreement is not pursued."),
    )  # fmt: skip
