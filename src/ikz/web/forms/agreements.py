"""The register's filters, a new agreement, its register data, its parties, and one form
per step of its lifecycle (``ikz.agreements.lifecycle``). The step forms share the
agreement's page, so each has its own prefix: their fields' ids stay apart."""

import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ikz.agreements.lifecycle import VAT_CRITERIA, active_parties, last_step_day
from ikz.agreements.models import Agreement, ChecklistItem, CostModel
from ikz.core.domain import members_on
from ikz.core.models import Body, Municipality
from ikz.measures.models import Measure
from ikz.meetings.models import Consultation, Meeting, Outcome
from ikz.web.form_layout import DayField, KernForm
from ikz.web.forms.versioned import VersionedForm

KIND_HELP = _(
    "§ 71 (1): the task passes to the performing municipality with its rights, duties "
    "and powers (needs approval). § 71 (2): the performer acts in the others’ name and on "
    "their instructions, also with staff on a time share – Personal Sharing (no approval "
    "needed). Joint office, § 71 (4): one office for all, with an intake point in every "
    "party (needs approval). Other: another public-law contract."
)
# The list's "ansicht": the table, or the register grouped by lifecycle step.
PIPELINE_VIEW = "verfahren"


class AgreementFilter(KernForm, forms.Form):
    """The register's filters, read from the address (a link to a filtered list works)."""

    ansicht = forms.ChoiceField(
        label=_("view"), required=False,
        choices=[("", _("list")), (PIPELINE_VIEW, _("by lifecycle step"))],
    )  # fmt: skip
    status = forms.ChoiceField(
        label=_("state"), required=False, choices=[("", _("all"))] + Agreement.State.choices
    )
    art = forms.ChoiceField(
        label=_("kind"), required=False, choices=[("", _("all"))] + Agreement.Kind.choices
    )
    kommune = forms.ModelChoiceField(
        Municipality.objects.none(), label=_("party"), required=False, empty_label=_("all")
    )

    def __init__(self, *args, cooperation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kommune"].queryset = Municipality.objects.filter(
            Q(participations__cooperation=cooperation) | Q(agreements__cooperation=cooperation)
        ).distinct().order_by("name")  # fmt: skip


# A new agreement's choice of the result that wished for it: those of the last two
# years, as a list of every result since the cooperation began would be thousands long.
RECENT_RESULTS = datetime.timedelta(days=730)


def outcomes_of(cooperation, *, since: datetime.date | None = None):
    """The cooperation's results, newest first; those of meetings held on or after
    ``since`` where given."""
    outcomes = (
        Outcome.objects.filter(meeting__body__cooperation=cooperation)
        .select_related("meeting__body", "meeting__location")
        .order_by("-meeting__date", "order")
    )
    return outcomes if since is None else outcomes.filter(meeting__date__gte=since)


class OutcomeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.meeting.date:%d.%m.%Y} {obj.meeting.heading}: {obj}"


def vat_field(name: str) -> forms.TypedChoiceField:
    """A § 2b UStG criterion as yes, no or still open (None)."""
    field = Agreement._meta.get_field(name)
    return forms.TypedChoiceField(
        label=field.verbose_name, help_text=field.help_text, required=False,
        choices=[("", _("open")), ("ja", _("yes")), ("nein", _("no"))],
        coerce=lambda value: value == "ja", empty_value=None, widget=forms.RadioSelect,
    )  # fmt: skip


def vat_initial(agreement: Agreement) -> dict:
    answers = {True: "ja", False: "nein", None: ""}
    return {name: answers[getattr(agreement, name)] for name, _holds, _fails in VAT_CRITERIA}


class TermsMixin(forms.Form):
    """What the register holds about the agreement's terms."""

    title = forms.CharField(label=_("title"), max_length=300)
    kind = forms.ChoiceField(
        label=_("kind"), choices=Agreement.Kind.choices, widget=forms.RadioSelect,
        help_text=KIND_HELP,
    )  # fmt: skip
    measure = forms.ModelChoiceField(
        Measure.objects.none(), label=_("measure"), required=False, empty_label=_("none"),
    )  # fmt: skip
    performing_municipality = forms.ModelChoiceField(
        Municipality.objects.none(), label=_("performing municipality"), required=False,
        empty_label=_("not yet chosen"),
        help_text=_("The party that performs the task for the others."),
    )  # fmt: skip
    task_catalogue = forms.CharField(
        label=_("task catalogue"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The tasks the agreement covers, one per line."),
    )  # fmt: skip
    term = forms.ChoiceField(
        label=_("term"), choices=Agreement.Term.choices, widget=forms.RadioSelect,
        initial=Agreement.Term.INDEFINITE,
    )  # fmt: skip
    term_years = forms.IntegerField(
        label=_("term in years"), required=False, min_value=1, max_value=99,
        help_text=_("Only for a fixed term. Five years or more count as long-term (§ 2b UStG)."),
    )  # fmt: skip
    notice_period_months = forms.IntegerField(
        label=_("notice period in months"), required=False, min_value=0, max_value=120
    )
    cost_model = forms.ModelChoiceField(
        CostModel.objects.none(), label=_("cost plan"), required=False, empty_label=_("none"),
        help_text=_("The scenario of a cost check whose allocation the parties pay."),
    )  # fmt: skip

    def setup_terms(self, cooperation, municipalities):
        self.fields["measure"].queryset = cooperation.measures.order_by("title")
        self.fields["cost_model"].queryset = cooperation.cost_models.order_by("name", "scenario")
        self.fields["cost_model"].label_from_instance = lambda model: (
            f"{model.name}: {model.scenario}" if model.scenario else model.name
        )
        self.fields["performing_municipality"].queryset = municipalities

    def clean(self):
        data = super().clean()
        if data.get("term") == Agreement.Term.FIXED and not data.get("term_years"):
            self.add_error("term_years", _("A fixed term needs its number of years."))
        if data.get("term") == Agreement.Term.INDEFINITE:
            if data.get("term_years"):
                self.add_error("term_years", _("An indefinite term has no number of years."))
            data["term_years"] = None
        return data

    def terms(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in (
                "title", "kind", "measure", "performing_municipality", "task_catalogue",
                "term", "term_years", "notice_period_months", "cost_model",
            )
        }  # fmt: skip


class NewAgreementForm(KernForm, TermsMixin):
    """A new agreement: its register data, its parties and the day it was wished for,
    with the result that wished for it."""

    parties = forms.ModelMultipleChoiceField(
        Municipality.objects.none(), label=_("parties"), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    date = DayField(label=_("desired since"))
    outcome = OutcomeChoice(
        Outcome.objects.none(), label=_("wished for by the result"), required=False,
        empty_label=_("none"),
        help_text=_("The meeting’s result that asked for the agreement (of the last two years)."),
    )  # fmt: skip
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    field_order = [
        "title", "kind", "measure", "parties", "performing_municipality", "task_catalogue",
        "term", "term_years", "notice_period_months", "date", "outcome", "note",
    ]  # fmt: skip

    def __init__(self, *args, cooperation, **kwargs):
        super().__init__(*args, **kwargs)
        members = members_on(cooperation, timezone.localdate())
        self.setup_terms(cooperation, members)
        self.fields["parties"].queryset = members
        self.fields["outcome"].queryset = outcomes_of(
            cooperation, since=timezone.localdate() - RECENT_RESULTS
        )


class AgreementForm(VersionedForm, TermsMixin):
    """The register's data and the four § 2b UStG criteria (yes, no, open)."""

    vat_public_law_basis = vat_field("vat_public_law_basis")
    vat_common_public_task = vat_field("vat_common_public_task")
    vat_cost_reimbursement_only = vat_field("vat_cost_reimbursement_only")
    vat_serves_public_bodies = vat_field("vat_serves_public_bodies")

    def __init__(self, *args, agreement, **kwargs):
        initial = {
            "title": agreement.title,
            "kind": agreement.kind,
            "measure": agreement.measure_id,
            "performing_municipality": agreement.performing_municipality_id,
            "task_catalogue": agreement.task_catalogue,
            "term": agreement.term,
            "term_years": agreement.term_years,
            "notice_period_months": agreement.notice_period_months,
            "cost_model": agreement.cost_model_id,
            **vat_initial(agreement),
        }
        super().__init__(*args, edited=agreement, initial=initial, **kwargs)
        cooperation = agreement.cooperation
        # A party that left the cooperation keeps its place on the agreement.
        municipalities = Municipality.objects.filter(
            Q(pk__in=members_on(cooperation, timezone.localdate()))
            | Q(pk__in=agreement.party_rows.values("municipality"))
        ).order_by("name")
        self.setup_terms(cooperation, municipalities)

    def register_fields(self) -> dict:
        return self.terms() | {name: self.cleaned_data[name] for name, *_texts in VAT_CRITERIA}


class PartiesForm(VersionedForm):
    """The parties, and for each the day it becomes one where that is not the
    agreement's (or the amendment's) start."""

    parties = forms.ModelMultipleChoiceField(
        Municipality.objects.none(), label=_("parties"), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args, agreement, **kwargs):
        current = {party.municipality_id: party for party in active_parties(agreement)}
        initial = {
            "parties": list(current),
            **{f"beitritt_{pk}": party.joined_on for pk, party in current.items()},
        }
        super().__init__(*args, edited=agreement, initial=initial, **kwargs)
        municipalities = Municipality.objects.filter(
            Q(pk__in=members_on(agreement.cooperation, timezone.localdate()))
            | Q(pk__in=agreement.party_rows.values("municipality"))
        ).order_by("name")
        self.fields["parties"].queryset = municipalities
        for municipality in municipalities:
            self.fields[f"beitritt_{municipality.pk}"] = DayField(
                label=_("%(name)s: party from") % {"name": municipality.name},
                required=False,
                help_text=_("Only if it joins later than the others; empty: from the start."),
            )

    def joining_days(self) -> dict[int, datetime.date | None]:
        """The chosen parties' joining days (None: from the start)."""
        return {
            municipality.pk: self.cleaned_data.get(f"beitritt_{municipality.pk}")
            for municipality in self.cleaned_data["parties"]
        }


class StepForm(VersionedForm):
    """A step on the agreement's page: it carries the agreement's version (read once
    for all its forms by the page) and the agreement, for its choices."""

    def __init__(self, *args, agreement, version, **kwargs):
        super().__init__(*args, initial={"version": version, **self.initial_values()}, **kwargs)
        self.agreement = agreement
        self.setup(agreement)

    def initial_values(self) -> dict:
        return {"date": timezone.localdate()} if "date" in self.base_fields else {}

    def setup(self, agreement):
        if "outcome" in self.fields:
            self.fields["outcome"].queryset = outcomes_of(
                agreement.cooperation, since=last_step_day(agreement)
            )


def note_field(label=None, required=False) -> forms.CharField:
    return forms.CharField(
        label=label or _("note"), required=required, widget=forms.Textarea(attrs={"rows": 2})
    )


class DraftingForm(StepForm):
    prefix = "entwurf"
    date = DayField(label=_("drafting since"))
    outcome = OutcomeChoice(Outcome.objects.none(), label=_("decided by the result"),
                            required=False, empty_label=_("none"))  # fmt: skip
    note = note_field()


class SettlePointForm(StepForm):
    prefix = "punkt"
    point = forms.ChoiceField(
        label=_("point"), choices=[("", _("Please choose"))] + ChecklistItem.Point.choices
    )
    note = note_field(_("how it is settled"), required=True)


class ReopenPointForm(StepForm):
    prefix = "punkt-offen"
    point = forms.ChoiceField(label=_("point"), choices=ChecklistItem.Point.choices)


class DraftAvailableForm(StepForm):
    prefix = "vorliegend"
    date = DayField(label=_("draft available since"))
    note = note_field()


class SubmitForm(StepForm):
    prefix = "raete"
    date = DayField(label=_("sent to the councils on"))
    note = note_field()


class ResolutionForm(StepForm):
    prefix = "ratsbeschluss"
    municipality = forms.ModelChoiceField(
        Municipality.objects.none(), label=_("council of"), empty_label=_("Please choose")
    )
    result = forms.ChoiceField(
        label=_("resolution"),
        choices=[("", _("Please choose"))]
        + [c for c in Consultation.Result.choices if c[0] != Consultation.Result.PENDING],
    )
    resolved_on = DayField(label=_("resolved on"))
    meeting = forms.ModelChoiceField(
        Meeting.objects.none(), label=_("in the meeting"), required=False, empty_label=_("none"),
        help_text=_("The council’s meeting that resolved, if it is recorded."),
    )  # fmt: skip
    outcome = OutcomeChoice(
        Outcome.objects.none(), label=_("its result"), required=False, empty_label=_("none"),
        help_text=_("The result recorded in that meeting, if there is one; it names the meeting."),
    )  # fmt: skip

    def initial_values(self) -> dict:
        return {"resolved_on": timezone.localdate()}

    def setup(self, agreement):
        parties = [party.municipality_id for party in active_parties(agreement)]
        self.fields["municipality"].queryset = Municipality.objects.filter(pk__in=parties).order_by(
            "name"
        )
        # The councils resolve after the draft went to them.
        since = last_step_day(agreement)
        self.fields["meeting"].queryset = (
            Meeting.objects.filter(
                body__cooperation=agreement.cooperation,
                body__kind=Body.Kind.COUNCIL,
                body__municipality__in=parties,
                **({"date__gte": since} if since else {}),
            )
            .select_related("body", "location")
            .order_by("-date")
        )
        self.fields["meeting"].label_from_instance = lambda meeting: (
            f"{meeting.date:%d.%m.%Y} {meeting.heading}"
        )
        self.fields["outcome"].queryset = outcomes_of(agreement.cooperation, since=since).filter(
            meeting__body__kind=Body.Kind.COUNCIL, meeting__body__municipality__in=parties
        )


class ApprovalRequestForm(StepForm):
    prefix = "antrag"
    date = DayField(label=_("approval requested on"))
    reference = forms.CharField(label=_("reference"), required=False, max_length=300)


class ApprovalForm(StepForm):
    prefix = "genehmigung"
    date = DayField(label=_("approved on"))
    reference = forms.CharField(label=_("file number"), required=False, max_length=300)


class PublicationForm(StepForm):
    prefix = "bekanntmachung"
    date = DayField(label=_("published on"))
    issue = forms.CharField(
        label=_("issue of the Sächsisches Amtsblatt"), max_length=300,
        help_text=_("E.g. SächsABl. Nr. 27/2021, S. 812."),
    )  # fmt: skip
    in_force_from = DayField(
        label=_("in force from"), required=False,
        help_text=_("Only for a later day than the day after publication; as day.month.year."),
    )  # fmt: skip


class AmendmentForm(StepForm):
    prefix = "aenderung"
    date = DayField(label=_("amendment drafted since"))
    outcome = OutcomeChoice(Outcome.objects.none(), label=_("decided by the result"),
                            required=False, empty_label=_("none"))  # fmt: skip
    note = note_field(_("what is to change"))


class TerminateForm(StepForm):
    prefix = "beendigung"
    date = DayField(label=_("ends on"))
    reason = note_field(_("reason"), required=True)
    approved_on = DayField(
        label=_("approved on"), required=False,
        help_text=_("Where the agreement needed approval, its end needs it too (§ 72 (3) "
                    "SächsKomZG); as day.month.year."),
    )  # fmt: skip
    reference = forms.CharField(label=_("file number"), required=False, max_length=300)


class LeavingForm(StepForm):
    prefix = "austritt"
    municipality = forms.ModelChoiceField(
        Municipality.objects.none(), label=_("party leaving"), empty_label=_("Please choose")
    )
    left_on = DayField(label=_("party until"))
    approved_on = DayField(
        label=_("approved on"), required=False,
        help_text=_("Where the agreement needed approval, leaving needs it too (§ 72 (3) "
                    "SächsKomZG); as day.month.year."),
    )  # fmt: skip

    def initial_values(self) -> dict:
        return {}

    def setup(self, agreement):
        parties = [party.municipality_id for party in active_parties(agreement)]
        self.fields["municipality"].queryset = Municipality.objects.filter(pk__in=parties).order_by(
            "name"
        )


class NotPursuedForm(StepForm):
    prefix = "nicht-verfolgt"
    date = DayField(label=_("not pursued since"))
    reason = note_field(_("reason"), required=True)
    outcome = OutcomeChoice(Outcome.objects.none(), label=_("decided by the result"),
                            required=False, empty_label=_("none"))  # fmt: skip
