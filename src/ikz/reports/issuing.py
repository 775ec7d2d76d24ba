"""Issuing a status report: a draft is built from the data each time; a final report
keeps its data snapshot and its rendered files, with their SHA-256, unchanged forever."""

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ikz.core.versions import check_version
from ikz.reports.domain import ReportData, build_report
from ikz.reports.exporters import EXPORTERS, get_exporter
from ikz.reports.models import ReportFile, StatusReport, overlapping_current, report_file_path
from ikz.reports.periods import format_date


def report_data(report: StatusReport) -> ReportData:
    return build_report(
        cooperation=report.cooperation,
        period_start=report.period_start,
        period_end=report.period_end,
        report_date=report.report_date,
        template=report.template,
        appendix=report.appendix,
        intro=report.intro,
        decisions_text=report.decisions_text,
    )


def filename(report: StatusReport, extension: str, kind: str = "statusbericht") -> str:
    return (
        f"{kind}-{report.cooperation.slug}-"
        f"{report.period_start:%Y-%m}-{report.period_end:%Y-%m}.{extension}"
    )


def render_meeting_overview(report: StatusReport, identifier: str) -> bytes:
    """The meeting overview ("Sitzungsübersicht") of the report's period in one format:
    every result of its meetings in their wording, from the current data, whatever the
    report's state (an issued report keeps its own files; this list goes with it)."""
    data = build_report(
        cooperation=report.cooperation,
        period_start=report.period_start,
        period_end=report.period_end,
        report_date=report.report_date,
        template=StatusReport.Template.MEETINGS,
    )
    return get_exporter(identifier).render(data)


def render(report: StatusReport, identifier: str) -> bytes:
    """The report in one format: a draft freshly from the data, a final report exactly
    as issued (checked against its SHA-256, so a changed file is noticed).

    A ValidationError, with the reason, when a final report has no sound file in that
    format: none was stored, it is gone, or it was changed."""
    exporter = get_exporter(identifier)
    if report.state == StatusReport.State.DRAFT:
        return exporter.render(report_data(report))
    stored = report.files.filter(format=identifier).first()
    if stored is None:
        raise ValidationError(
            _("This report was issued without a %(format)s file.")
            % {"format": exporter.verbose_name}
        )
    try:
        with stored.file.open("rb") as file:
            content = file.read()
    except OSError:
        raise ValidationError(
            _("The stored file %(file)s cannot be read.") % {"file": stored.file.name}
        ) from None
    if hashlib.sha256(content).hexdigest() != stored.sha256:
        raise ValidationError(
            _("The stored file %(file)s does not match its SHA-256 any more.")
            % {"file": stored.file.name}
        )
    return content


def render_period(
    *,
    cooperation,
    period_start,
    period_end,
    identifier: str,
    template: str,
    report_date=None,
    appendix: bool = False,
) -> bytes:
    """The report of a period in one format, as ``render`` gives it for a stored report:
    the issued file when the period's current issued report is in this template (it is
    evidence and reads as issued), else the report built from the data, dated
    ``report_date``, else the date of the report that stands for the period (its
    current issued one, else its newest draft), else the period's end; with that
    report's introduction and decisions text.

    ValidationError when a date is asked of a report issued with another one."""
    stored = StatusReport.objects.chosen_for_period(cooperation, period_start, period_end)
    issued = (
        stored is not None
        and stored.state == StatusReport.State.FINAL
        and stored.template == template
        and stored.appendix == appendix
    )
    if issued:
        if report_date and report_date != stored.report_date:
            raise ValidationError(
                _("The report for this period was issued dated %(date)s and is written as issued.")
                % {"date": format_date(stored.report_date)},
                code="issued_date",
            )
        return render(stored, identifier)
    data = build_report(
        cooperation=cooperation,
        period_start=period_start,
        period_end=period_end,
        report_date=report_date or (stored.report_date if stored else None),
        template=template,
        appendix=appendix,
        intro=stored.intro if stored else "",
        decisions_text=stored.decisions_text if stored else "",
    )
    return get_exporter(identifier).render(data)


def _refuse_overlap(report: StatusReport) -> None:
    other = overlapping_current(report)
    if other is not None:
        raise ValidationError(
            _("The period overlaps the report “%(report)s”; a month is reported on once.")
            % {"report": other.title or other}
        )


# Issuing from the shell confirms no page: any version of the draft is issued.
ANY_VERSION = object()


def issue_report(*, report: StatusReport, by=None, version=ANY_VERSION) -> StatusReport:
    """Make a draft final, issued by ``by`` (a user, or None from the shell); when the
    period has a current issued report, the draft is its correction and supersedes it.
    With ``version`` (what the confirmation page showed), a draft changed since is not
    issued (``VersionConflict``).

    Side effects, in order:
    1. the data is built and every registered format rendered, outside any transaction,
       so that the slow part holds no lock other writers wait for;
    2. each file is stored (written under a temporary name and renamed when complete);
    3. in one short transaction, with the report row locked so that two coordinators
       cannot issue it twice, and the period's current issued report locked so that two
       corrections cannot both supersede it: that report marked superseded by this one
       (it stays as it was issued otherwise); the data snapshot (JSON), one ReportFile
       per format with its SHA-256, state final, the time of issue and the issuer;
    4. when any of 2–3 fails (a full disk, issued by someone else meanwhile, another
       current report overlapping the period, the database gone), the files stored in 2
       are deleted again and nothing is superseded: nothing is left over."""
    if report.state == StatusReport.State.FINAL:
        raise ValidationError(_("This report has been issued already."))
    _refuse_overlap(report)
    data = report_data(report)
    rendered = [
        (identifier, exporter, exporter.render(data)) for identifier, exporter in EXPORTERS.items()
    ]
    storage = ReportFile._meta.get_field("file").storage
    stored: list[str] = []
    try:
        for identifier, exporter, content in rendered:
            draft_file = ReportFile(report=report, format=identifier)
            name = report_file_path(draft_file, filename(report, exporter.extension))
            stored.append(storage.save(name, ContentFile(content)))
        with transaction.atomic():
            locked = StatusReport.objects.select_for_update().get(pk=report.pk)
            if locked.state == StatusReport.State.FINAL:
                raise ValidationError(_("This report has been issued already."))
            if version is not ANY_VERSION:
                check_version(locked, version)
            _refuse_overlap(locked)
            previous = (
                StatusReport.objects.current()
                .for_period(locked.cooperation_id, locked.period_start, locked.period_end)
                .select_for_update()
                .first()
            )
            if previous is not None:
                # Before this one becomes final: one current issued report per period.
                previous.superseded_by = locked
                previous.save(update_fields=["superseded_by"])
            for (identifier, _exporter, content), name in zip(rendered, stored, strict=True):
                ReportFile.objects.create(
                    report=locked,
                    format=identifier,
                    file=name,
                    sha256=hashlib.sha256(content).hexdigest(),
                    size=len(content),
                )
            locked.snapshot = data.as_json()
            locked.state = StatusReport.State.FINAL
            locked.issued_at = timezone.now()
            locked.issued_by = by
            locked.save(update_fields=["snapshot", "state", "issued_at", "issued_by"])
    except BaseException:
        for name in stored:
            storage.delete(name)
        raise
    return locked


def publish_report(report: StatusReport, *, public: bool) -> StatusReport:
    """Show an issued report on the cooperation's public pages, or take it off them.
    Its files and data stay as issued: only the flag changes.

    ValidationError for a draft (what is public is what was issued). Side effect: the
    StatusReport row's ``is_public`` with its history record."""
    with transaction.atomic():
        locked = StatusReport.objects.select_for_update().get(pk=report.pk)
        if locked.state != StatusReport.State.FINAL:
            raise ValidationError(_("Only an issued report can be made public."))
        locked.is_public = public
        locked.save(update_fields=["is_public"])
    return locked
