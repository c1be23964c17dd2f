"""Office configuration shared by every app: the working-hours calendar, approved templates, audit."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Senin")
    TUESDAY = 1, _("Selasa")
    WEDNESDAY = 2, _("Rabu")
    THURSDAY = 3, _("Kamis")
    FRIDAY = 4, _("Jumat")
    SATURDAY = 5, _("Sabtu")
    SUNDAY = 6, _("Minggu")


class OfficeHoursBlock(models.Model):
    """One block of regular office hours on a weekday (a day may have several: lunch, Friday prayer)."""

    weekday = models.PositiveSmallIntegerField(_("hari"), choices=Weekday.choices)
    starts_at = models.TimeField(_("mulai"))
    ends_at = models.TimeField(_("selesai"))

    class Meta:
        ordering = ["weekday", "starts_at"]
        verbose_name = _("blok jam kerja")
        verbose_name_plural = _("jam kerja mingguan")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="officehours_block_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts_at:%H:%M}-{self.ends_at:%H:%M}"


class NamedDateRange(models.Model):
    """A named, inclusive range of office dates (the calendar's closures and hour overrides)."""

    name = models.CharField(_("nama"), max_length=120)
    starts_on = models.DateField(_("dari tanggal"))
    ends_on = models.DateField(_("sampai tanggal"))

    class Meta:
        abstract = True
        ordering = ["starts_on"]

    def __str__(self) -> str:
        return f"{self.name} ({self.starts_on} - {self.ends_on})"


class OfficeClosure(NamedDateRange):
    """Days the office is closed besides public holidays (cuti bersama, campus events)."""

    class Meta(NamedDateRange.Meta):
        verbose_name = _("penutupan kantor")
        verbose_name_plural = _("penutupan kantor")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="closure_ends_on_or_after_start"
            ),
        ]


class HoursOverride(NamedDateRange):
    """A date range with its own weekly hours (Ramadan hours, a registration wave with Saturdays)."""

    class Meta(NamedDateRange.Meta):
        verbose_name = _("jam kerja khusus")
        verbose_name_plural = _("jam kerja khusus")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="override_ends_on_or_after_start"
            ),
        ]


class HoursOverrideBlock(models.Model):
    override = models.ForeignKey(HoursOverride, on_delete=models.CASCADE, related_name="blocks")
    weekday = models.PositiveSmallIntegerField(_("hari"), choices=Weekday.choices)
    starts_at = models.TimeField(_("mulai"))
    ends_at = models.TimeField(_("selesai"))

    class Meta:
        ordering = ["weekday", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="override_block_ends_after_start"
            ),
        ]


class TemplateKind(models.TextChoices):
    FAQ = "faq", _("Jawaban FAQ")
    SCRIPT = "script", _("Skrip telepon")
    AUTO_REPLY = "auto_reply", _("Balasan otomatis di luar jam kerja")
    REDIRECT = "redirect", _("Pengalihan kanal")
    WELCOME = "welcome", _("Pesan selamat datang")
    FOLLOW_UP = "follow_up", _("Tindak lanjut 3 hari")
    NEWSLETTER = "newsletter", _("Newsletter")
    SURVEY = "survey", _("Survei kepuasan")


class ResponseTemplateQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(approved_at__isnull=False, is_active=True)

    def of_kind(self, kind: str):
        return self.filter(kind=kind)


class ResponseTemplate(models.Model):
    """An approved answer, script or message text; placeholders like {name} and {program}."""

    kind = models.CharField(_("jenis"), max_length=20, choices=TemplateKind.choices, db_index=True)
    name = models.CharField(_("nama"), max_length=120)
    category = models.CharField(_("kategori"), max_length=80, blank=True)
    track = models.CharField(_("jalur"), max_length=20, blank=True, help_text=_("Kosong = semua jalur"))
    language = models.CharField(_("bahasa"), max_length=10, default="id")
    subject = models.CharField(_("subjek (email)"), max_length=200, blank=True)
    body = models.TextField(_("isi"))
    whatsapp_template_name = models.CharField(
        _("nama template WhatsApp"),
        max_length=120,
        blank=True,
        help_text=_("Template resmi Meta untuk kirim di luar jendela 24 jam"),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("disetujui pada"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResponseTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("template jawaban")
        verbose_name_plural = _("template jawaban")
        permissions = [("approve_responsetemplate", "Can approve response templates")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"


class AuditLog(models.Model):
    """Append-only record of sensitive actions (exports, erasures, merges, imports)."""

    action = models.CharField(max_length=40, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("log audit")
        verbose_name_plural = _("log audit")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"


# --- Alerts and the automation settings row (used by the outbox and every SOP policy) ----------


class Alert(models.Model):
    """An alert sent once (SLA warning, SLA breach, overdue follow-up) — unique per key."""

    key = models.CharField(max_length=120, unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="alerts"
    )
    message = models.TextField()
    url = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "automation_alert"  # made by the outbox app before alerts moved here
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="alert_recipient_unread")]

    def __str__(self) -> str:
        return self.message


class InquirerFollowUpMode(models.TextChoices):
    MESSAGE = "message", _("Kirim pesan otomatis")
    TASK = "task", _("Buat tugas untuk Admin Marketing")


class AutomationSettings(models.Model):
    """The office's automation switches (one row, edited in the admin)."""

    inquirer_follow_up_mode = models.CharField(
        _("tindak lanjut penanya"),
        max_length=10,
        choices=InquirerFollowUpMode.choices,
        default=InquirerFollowUpMode.MESSAGE,
    )
    inquirer_follow_up_days = models.PositiveSmallIntegerField(
        _("hari setelah pertanyaan pertama"), default=3
    )
    catch_up_days = models.PositiveSmallIntegerField(
        _("batas susulan (hari)"),
        default=14,
        help_text=_("Prospek yang lebih lama dari ini tidak disusul lagi"),
    )
    sla_warning_minutes = models.PositiveSmallIntegerField(
        _("peringatan SLA (menit kerja tersisa)"), default=30
    )
    hot_call_within_days = models.PositiveSmallIntegerField(
        _("prospek hot ditelepon dalam (hari)"), default=1
    )
    warm_call_from_day = models.PositiveSmallIntegerField(
        _("prospek warm ditelepon mulai hari ke-"), default=2
    )
    warm_call_until_day = models.PositiveSmallIntegerField(
        _("prospek warm ditelepon paling lambat hari ke-"), default=3
    )
    call_task_advance_days = models.PositiveSmallIntegerField(
        _("tugas telepon dibuat lebih awal (hari)"),
        default=1,
        help_text=_("Tugas telepon prospek warm muncul sekian hari sebelum jatuh tempo"),
    )
    stuck_sending_minutes = models.PositiveSmallIntegerField(
        _("pengiriman macet setelah (menit)"), default=10
    )
    max_send_attempts = models.PositiveSmallIntegerField(_("maksimum percobaan kirim"), default=5)
    retry_base_seconds = models.PositiveSmallIntegerField(
        _("jeda coba ulang awal (detik)"),
        default=10,
        help_text=_("Berlipat dua tiap percobaan, paling lama 5 menit"),
    )

    class Meta:
        db_table = "automation_automationsettings"
        verbose_name = _("pengaturan otomasi")
        verbose_name_plural = _("pengaturan otomasi")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="automationsettings_single_row")]

    def __str__(self) -> str:
        return str(_("Pengaturan otomasi"))

    @classmethod
    def current(cls) -> AutomationSettings:
        row, _created = cls.objects.get_or_create(pk=1)
        return row
