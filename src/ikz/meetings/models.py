"""Meetings of the bodies, their agenda, what they concluded, and council consultations."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ikz.core.models import Body, Municipality, Partner, Person


class Meeting(models.Model):
    class State(models.TextChoices):
        PLANNED = "planned", _("planned")
        INVITED = "invited", _("invited")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("body")
    )
    number = models.PositiveIntegerField(
        _("number"),
        null=True,
        blank=True,
        help_text=_("Running number per body, e.g. 7 for the 7th Projektleitungsgruppe."),
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("For special meetings, e.g. Leitbild-Workshop."),
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    location = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("place"),
    )
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    chair = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chaired_meetings",
        verbose_name=_("chair"),
        help_text=_("Who chairs the meeting; the minutes name them."),
    )
    minute_taker = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="minuted_meetings",
        verbose_name=_("minute-taker"),
        help_text=_("Who takes the minutes; they sign them with the chair."),
    )
    state = models.CharField(_("state"), max_length=20, choices=State, default=State.PLANNED)
    cancellation_reason = models.CharField(
        _("reason for the cancellation"), max_length=300, blank=True
    )
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_(
            "Public meetings, their public topics and outcomes appear on the public pages."
        ),
    )
    announcement = models.CharField(
        _("announced as"),
        max_length=300,
        blank=True,
        help_text=_(
            "How the next steps announce the meeting, e.g. "
            "“nächster Termin Lenkungsgruppe: 16.06.20 in Großpösna”."
        ),
    )
    # Shares the numbering of Task.order, so that a report lists tasks and announced
    # meetings in the order the coordinator wrote them.
    next_step_order = models.PositiveIntegerField(
        _("position among the next steps"), null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "-start_time"]
        # Reports and calendars ask for a body's meetings in a span of days.
        indexes = [models.Index(fields=["body", "date"], name="meeting_body_date")]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "number"],
                name="meeting_number_unique_per_body",
                violation_error_message=_("This body already has a meeting with this number."),
            ),
            models.CheckConstraint(
                condition=Q(start_time__isnull=True)
                | Q(end_time__isnull=True)
                | Q(end_time__gt=models.F("start_time")),
                name="meeting_ends_after_start",
                violation_error_message=_("A meeting ends after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__gte=1),
                name="meeting_number_positive",
                violation_error_message=_("Meeting numbers start at 1."),
            ),
        ]

    def __str__(self):
        return self.heading

    def clean(self):
        # An announced meeting is filled in when it takes place; a second row for the
        # same day would leave the announcement planned forever.
        if self.body_id and self.date:
            planned = (
                Meeting.objects.filter(
                    body_id=self.body_id,
                    date=self.date,
                    state__in=[self.State.PLANNED, self.State.INVITED],
                )
                .exclude(pk=self.pk)
                .select_related("body", "location")
                .first()
            )
            if planned is not None:
                raise ValidationError(
                    {
                        "date": _(
                            "On %(date)s the meeting “%(meeting)s” is planned already; "
                            "fill it in instead of creating another one."
                        )
                        % {
                            "date": date_format(self.date, "SHORT_DATE_FORMAT"),
                            "meeting": planned.heading,
                        }
                    }
                )

    @property
    def heading(self) -> str:
        """As the reports write it: "7. Projektleitungsgruppe in Naunhof"."""
        label = self.title or self.body.name
        if self.number:
            label = f"{self.number}. {label}"
        if self.location_id:
            label = f"{label} in {self.location.name}"
        return label

    @property
    def audit_name(self) -> str:
        """As the audit log names it: "7. Projektleitungsgruppe, 11.05.2020" (the day,
        not the place, tells a body's meetings apart)."""
        label = self.title or self.body.name
        if self.number:
            label = f"{self.number}. {label}"
        return f"{label}, {date_format(self.date, 'SHORT_DATE_FORMAT')}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    order = models.PositiveIntegerField(_("order"))
    number = models.CharField(_("number"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=500)
    is_public = models.BooleanField(_("public"), default=True)
    presenter_person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="presented_items",
        verbose_name=_("presented by (person)"),
    )
    presenter_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="presented_items",
        verbose_name=_("presented by (municipality)"),
    )
    presenter_partner = models.ForeignKey(
        Partner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="presented_items",
        verbose_name=_("presented by (partner)"),
    )
    measures = models.ManyToManyField(
        "measures.Measure", blank=True, related_name="agenda_items", verbose_name=_("measures")
    )
    # The standard first topic: a decision on it approves that meeting's minutes.
    approves_minutes_of = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="minutes_approval_items",
        verbose_name=_("approves the minutes of"),
    )
    # Each record holds the measures as they were: a change of them is a change of the
    # topic (``save_with_links``).
    history = HistoricalRecords(m2m_fields=["measures"])

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting_id", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "order"],
                name="agenda_item_order_unique",
                violation_error_message=_(
                    "This meeting already has an agenda item at this position."
                ),
            ),
            models.CheckConstraint(
                condition=Q(presenter_person__isnull=True, presenter_municipality__isnull=True)
                | Q(presenter_person__isnull=True, presenter_partner__isnull=True)
                | Q(presenter_municipality__isnull=True, presenter_partner__isnull=True),
                name="agenda_item_one_presenter",
                violation_error_message=_(
                    "An agenda item is presented by one person, municipality or partner."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def presenter(self):
        return self.presenter_person or self.presenter_municipality or self.presenter_partner


class Outcome(models.Model):
    """What a meeting concluded: usually on an agenda item, sometimes on none."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("decision")
        INFORMATION = "information", _("information")
        MANDATE = "mandate", _("mandate to examine (Prüfauftrag)")
        DEFERRAL = "deferral", _("deferral")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("meeting")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outcomes",
        verbose_name=_("agenda item"),
        help_text=_("Empty for a result without its own topic."),
    )
    order = models.PositiveIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.INFORMATION)
    text = models.TextField(_("text"))
    is_public = models.BooleanField(_("public"), default=True)
    measures = models.ManyToManyField(
        "measures.Measure", blank=True, related_name="outcomes", verbose_name=_("measures")
    )
    # The vote, if one was taken: the counts, and (in ``votes``) how each member voted
    # when that was recorded; the counts then follow from those votes.
    votes_yes = models.PositiveIntegerField(_("yes"), null=True, blank=True)
    votes_no = models.PositiveIntegerField(_("no"), null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)
    # A correction after the meeting was published stays visible: who made it and when.
    corrected_at = models.DateTimeField(_("corrected on"), null=True, blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("corrected by"),
    )
    history = HistoricalRecords(m2m_fields=["measures"])

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["meeting_id", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "order"],
                name="outcome_order_unique",
                violation_error_message=_("This meeting already has an outcome at this position."),
            ),
            models.CheckConstraint(
                condition=Q(
                    votes_yes__isnull=True, votes_no__isnull=True, votes_abstain__isnull=True
                )
                | Q(votes_yes__isnull=False, votes_no__isnull=False, votes_abstain__isnull=False),
                name="outcome_vote_complete",
                violation_error_message=_("A vote has all three counts: yes, no and abstentions."),
            ),
        ]

    def __str__(self):
        # Cut where it is marked as cut: the audit log and messages name it so.
        return Truncator(self.text).chars(80)

    def clean(self):
        if (
            self.agenda_item_id
            and self.meeting_id
            and self.agenda_item.meeting_id != self.meeting_id
        ):
            raise ValidationError(
                {
                    "agenda_item": _("The agenda item “%(item)s” belongs to another meeting.")
                    % {"item": self.agenda_item.title}
                }
            )

    def correction_note(self) -> str:
        """ "Berichtigt am 12.07.2020 von Karin Koch" for a result corrected after its
        meeting was published; "" otherwise. Public pages show it too: the corrector is
        named by their name, never by their account (an e-mail address)."""
        if self.corrected_at is None:
            return ""
        who = self.corrected_by.get_full_name() if self.corrected_by else ""
        return gettext("Corrected on %(date)s by %(who)s") % {
            "date": date_format(timezone.localtime(self.corrected_at), "SHORT_DATE_FORMAT"),
            "who": who or gettext("the coordination"),
        }

    @property
    def has_vote(self) -> bool:
        return self.votes_yes is not None

    def vote_summary(self) -> str:
        """The counts as minutes write them: "Vote: 5 yes, 1 no, 1 abstention"; "" for
        a result without a vote."""
        if not self.has_vote:
            return ""
        abstentions = ngettext(
            "%(count)d abstention", "%(count)d abstentions", self.votes_abstain
        ) % {"count": self.votes_abstain}
        return gettext("Vote: %(yes)d yes, %(no)d no, %(abstentions)s") % {
            "yes": self.votes_yes,
            "no": self.votes_no,
            "abstentions": abstentions,
        }


class OutcomeVote(models.Model):
    """How one member municipality voted on an outcome."""

    class Vote(models.TextChoices):
        YES = "yes", _("yes")
        NO = "no", _("no")
        ABSTAIN = "abstain", _("abstention")

    outcome = models.ForeignKey(
        Outcome, on_delete=models.CASCADE, related_name="votes", verbose_name=_("outcome")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="outcome_votes",
        verbose_name=_("municipality"),
    )
    vote = models.CharField(_("vote"), max_length=10, choices=Vote)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["outcome_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["outcome", "municipality"],
                name="outcome_vote_unique_municipality",
                violation_error_message=_("This municipality's vote is recorded already."),
            )
        ]

    def __str__(self):
        return f"{self.municipality}: {self.get_vote_display()}"


class Consultation(models.Model):
    """One body's dealing with a matter, as in OParl: e.g. a member council's
    resolution on a purpose agreement."""

    class Result(models.TextChoices):
        PENDING = "pending", _("pending")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        DEFERRED = "deferred", _("deferred")

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="consultations", verbose_name=_("body")
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("agreement"),
    )
    measure = models.ForeignKey(
        "measures.Measure",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("measure"),
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("meeting"),
    )
    outcome = models.ForeignKey(
        Outcome,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("outcome"),
    )
    # An agreement's councils resolve on each revision (the agreement, each amendment).
    agreement_revision = models.PositiveSmallIntegerField(
        _("revision of the agreement"), null=True, blank=True
    )
    result = models.CharField(_("result"), max_length=20, choices=Result, default=Result.PENDING)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["body_id", "resolved_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(agreement__isnull=False) | Q(measure__isnull=False),
                name="consultation_has_subject",
                violation_error_message=_("A consultation concerns an agreement or a measure."),
            ),
            models.CheckConstraint(
                condition=Q(result="pending") | Q(resolved_on__isnull=False),
                name="consultation_resolved_has_date",
                violation_error_message=_(
                    "A resolved consultation needs the date of the resolution."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.body}: {self.agreement or self.measure}"


class Attendance(models.Model):
    """Who took part in a meeting for a member municipality or a partner: present,
    excused or absent, and by whom (names as the minutes list them)."""

    class State(models.TextChoices):
        PRESENT = "present", _("present")
        EXCUSED = "excused", _("excused")
        ABSENT = "absent", _("absent")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("meeting")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendances",
        verbose_name=_("municipality"),
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendances",
        verbose_name=_("partner"),
    )
    state = models.CharField(_("attendance"), max_length=10, choices=State)
    names = models.CharField(
        _("represented by"),
        max_length=300,
        blank=True,
        help_text=_("E.g. Bürgermeister Müller, Hauptamtsleiterin Schulze."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["meeting_id", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(municipality__isnull=True, partner__isnull=False)
                | Q(municipality__isnull=False, partner__isnull=True),
                name="attendance_of_municipality_or_partner",
                violation_error_message=_(
                    "An attendance is that of a municipality or of a partner."
                ),
            ),
            models.UniqueConstraint(
                fields=["meeting", "municipality"],
                name="attendance_unique_municipality",
                violation_error_message=_("This municipality's attendance is recorded already."),
            ),
            models.UniqueConstraint(
                fields=["meeting", "partner"],
                name="attendance_unique_partner",
                violation_error_message=_("This partner's attendance is recorded already."),
            ),
        ]

    def __str__(self):
        return f"{self.party}: {self.get_state_display()}"

    @property
    def party(self):
        """The municipality or the partner whose attendance it is."""
        return self.municipality or self.partner
