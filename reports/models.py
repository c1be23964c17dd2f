"""Reports read the other apps' rows; this app owns the permissions to see them, the marketing costs,
the extra report addresses and the files attached to report emails."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leads.models import LeadSource


class ReportAccess(models.Model):
    """Carrier of the report permissions; no rows are stored."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_reports", "Can view dashboards and reports"),
            # SOP 02: Admin Media Sosial owns the daily interaction report (not costs, not ROI).
            ("view_daily_report", "Can view the daily report"),
        ]


class SourceCost(models.Model):
    """Marketing spend of a lead source (or one event of it) in a month, for the monthly ROI report."""

    source = models.CharField(_("sumber"), max_length=20, choices=LeadSource.choices)
    event = models.CharField(
        _("acara"),
        max_length=200,
        blank=True,
        default="",
        help_text=_(
            "Kosongkan untuk biaya sumber secara umum; untuk satu acara tulis persis seperti detail sumber"
        ),
    )
    month = models.DateField(_("bulan"), help_text=_("Tanggal 1 bulan itu"))
    amount = models.DecimalField(_("biaya (Rp)"), max_digits=14, decimal_places=0)
    note = models.CharField(_("keterangan"), max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["month", "source", "event"]
        verbose_name = _("biaya pemasaran")
        verbose_name_plural = _("biaya pemasaran")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "event", "month"], name="sourcecost_unique_event_month"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="sourcecost_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.source} {self.event}".strip()


class ReportRecipient(models.Model):
    """An address that receives report emails besides the Kadiv and Supervisor users (set in the admin)."""

    email = models.EmailField(_("email"), unique=True)
    name = models.CharField(_("nama"), max_length=120, blank=True)
    gets_daily = models.BooleanField(_("laporan harian"), default=True)
    gets_weekly = models.BooleanField(_("laporan mingguan"), default=True)
    gets_monthly = models.BooleanField(_("laporan bulanan"), default=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["email"]
        verbose_name = _("penerima laporan")
        verbose_name_plural = _("penerima laporan")

    def __str__(self) -> str:
        return self.email


class ReportAttachment(models.Model):
    """The file attached to one report email (the outbox row's id: the outbox knows nothing of reports)."""

    outbound_message_id = models.BigIntegerField(unique=True)
    filename = models.CharField(max_length=120)
    content_type = models.CharField(max_length=120)
    content = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)


class CohortDay(models.Model):
    """Daily roll-up of the cohort funnel (`reports.rollups`): how many leads entered on `day` (office
    zone) per channel of first contact, source, event, programme and track, by the furthest funnel
    stage each ever reached (`rank`, the index in `leads.filters.FUNNEL`). Derived data: rebuilt
    from the leads by `manage.py rebuild_report_rollups`, kept current through `RollupMark`."""

    day = models.DateField()
    channel = models.CharField(max_length=12, blank=True)  # "" = never wrote an inquiry
    source = models.CharField(max_length=20)
    source_detail = models.CharField(max_length=200, blank=True)
    # No database constraint: the roll-up never blocks deleting a programme (that marks its days).
    program = models.ForeignKey(
        "leads.StudyProgram",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    track = models.CharField(max_length=20)
    rank = models.PositiveSmallIntegerField()
    leads = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["day"], name="cohortday_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.channel or '-'} {self.source} r{self.rank}: {self.leads}"


class RollupMark(models.Model):
    """A day whose `CohortDay` rows may be stale: written in the same transaction as the change
    (append-only, so writers never wait for each other); the refresh deletes exactly the marks it
    saw before recounting."""

    day = models.DateField(db_index=True)
