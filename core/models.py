"""Office configuration shared by every app: the working-hours calendar, approved templates, audit."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.texts import render


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
        verbose_name_plural = pgettext_lazy("jamak", "penutupan kantor")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="closure_ends_on_or_after_start"
            ),
        ]


class HoursOverride(NamedDateRange):
    """A date range with its own weekly hours (Ramadan hours, a registration wave with Saturdays)."""

    class Meta(NamedDateRange.Meta):
        verbose_name = _("jam kerja khusus")
        verbose_name_plural = pgettext_lazy("jamak", "jam kerja khusus")
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
    WHATSAPP = "whatsapp", _("Template WhatsApp (Meta)")


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
    # subject, body and whatsapp_template_name mirror the approved version (written only by
    # core.template_library.services.approve_version); drafts live in TemplateVersion rows.
    body = models.TextField(_("isi"), blank=True)
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
    approved_version = models.ForeignKey(
        "TemplateVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResponseTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("template jawaban")
        verbose_name_plural = pgettext_lazy("jamak", "template jawaban")
        permissions = [
            ("approve_responsetemplate", "Can approve response templates"),
            ("approve_faq_template", "Can approve FAQ answer templates"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Menunggu persetujuan")
    RETURNED = "returned", _("Dikembalikan untuk revisi")
    APPROVED = "approved", _("Disetujui")
    SUPERSEDED = "superseded", _("Digantikan")


# A version not yet decided: at most one per template (a database constraint below).
OPEN_VERSION_STATUSES = (VersionStatus.DRAFT, VersionStatus.SUBMITTED, VersionStatus.RETURNED)
# A version that was approved at some point (still in use or replaced since).
EVER_APPROVED_STATUSES = (VersionStatus.APPROVED, VersionStatus.SUPERSEDED)


class TemplateVersionQuerySet(models.QuerySet):
    def awaiting_approval(self):
        return self.filter(status=VersionStatus.SUBMITTED)

    def ever_approved(self):
        return self.filter(status__in=EVER_APPROVED_STATUSES)


class TemplateVersion(models.Model):
    """One numbered text of a template; only the approved one is ever used (SOP 02/03: Kadiv approves)."""

    template = models.ForeignKey(ResponseTemplate, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versi"))
    status = models.CharField(
        _("status"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT, db_index=True
    )
    subject = models.CharField(_("subjek (email)"), max_length=200, blank=True)
    body = models.TextField(_("isi"), blank=True)
    whatsapp_template_name = models.CharField(_("nama template WhatsApp"), max_length=120, blank=True)
    whatsapp_language = models.CharField(_("bahasa template WhatsApp"), max_length=10, blank=True)
    whatsapp_parameters = models.CharField(
        _("parameter template WhatsApp"),
        max_length=200,
        blank=True,
        help_text=_("Dipisah koma, diisi dari data prospek: name, full_name, program"),
    )
    change_note = models.CharField(_("catatan perubahan"), max_length=300, blank=True)
    review_note = models.TextField(_("catatan peninjau"), blank=True)
    source = models.CharField(
        max_length=20, blank=True, help_text="faq_report for proposals from /reports/faq/"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    objects = TemplateVersionQuerySet.as_manager()

    class Meta:
        ordering = ["template", "-number"]
        verbose_name = _("versi template")
        verbose_name_plural = _("versi template")
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="templateversion_unique_number"),
            models.UniqueConstraint(
                fields=["template"], condition=Q(status="approved"), name="templateversion_one_approved"
            ),
            models.UniqueConstraint(
                fields=["template"],
                condition=Q(status__in=["draft", "submitted", "returned"]),
                name="templateversion_one_open",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "superseded"]) | Q(approved_at__isnull=False),
                name="templateversion_approved_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template.name} v{self.number}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_VERSION_STATUSES

    @property
    def parameter_names(self) -> list[str]:
        return [name.strip() for name in self.whatsapp_parameters.split(",") if name.strip()]


class TemplateVersionChange(models.Model):
    """History row of every status move of a template version (who, when, from, to, note)."""

    version = models.ForeignKey(TemplateVersion, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(max_length=12, choices=VersionStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=VersionStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)  # typed, or an automatic note's words (code: `core.texts`)
    note_code = models.CharField(max_length=60, blank=True)
    note_params = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["changed_at", "id"]

    def get_note_display(self) -> str:
        return render(self.note_code, self.note_params, fallback=self.note)


class UsedIn(models.TextChoices):
    REPLY = "reply", _("Balasan")
    SEND = "send", _("Pengiriman otomatis")
    CALL = "call", _("Telepon")


class TemplateUsage(models.Model):
    """One use of an approved version: the reply, outbound message or call that carried its text.

    The using row is named by `object_type` ("inquiries.message", "automation.outboundmessage",
    "leads.interaction") and id, so core stays below the apps that use templates."""

    template = models.ForeignKey(ResponseTemplate, on_delete=models.CASCADE, related_name="usages")
    version = models.ForeignKey(
        TemplateVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="usages"
    )
    used_in = models.CharField(max_length=8, choices=UsedIn.choices)
    object_type = models.CharField(max_length=60)
    object_id = models.PositiveBigIntegerField()
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    used_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            # A re-run job re-finds its outbox row by dedup key: one use per row and template.
            models.UniqueConstraint(
                fields=["object_type", "object_id", "template"], name="templateusage_once_per_object"
            ),
        ]
        indexes = [models.Index(fields=["template", "version", "used_in"], name="templateusage_counts")]


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
        verbose_name_plural = pgettext_lazy("jamak", "log audit")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"


# --- Alerts and the automation settings row (used by the outbox and every SOP policy) ----------


class Alert(models.Model):
    """An alert sent once (SLA warning, SLA breach, overdue follow-up) — unique per key.

    Its words are a text code plus parameters (`core.texts`), shown in the reader's language;
    `message` keeps them in the office language (rows older than codes have only that). `topic`
    names what the alert is about ("inquiry:12:response", "follow_up:7"), so the alert is resolved
    when that cause is gone (the inquiry answered or closed, the follow-up done)."""

    key = models.CharField(max_length=120, unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="alerts",
        verbose_name=_("penerima peringatan"),
    )
    code = models.CharField(_("kode teks"), max_length=60, blank=True)
    params = models.JSONField(_("parameter teks"), default=dict, blank=True)
    message = models.TextField(_("pesan"))
    url = models.CharField(_("tautan"), max_length=200, blank=True)
    topic = models.CharField(_("perihal"), max_length=60, blank=True)
    created_at = models.DateTimeField(_("dibuat pada"), default=timezone.now)
    read_at = models.DateTimeField(_("dibaca pada"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)

    class Meta:
        db_table = "automation_alert"  # made by the outbox app before alerts moved here
        ordering = ["-created_at"]
        verbose_name = _("peringatan")
        verbose_name_plural = pgettext_lazy("jamak", "peringatan")
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="alert_recipient_unread"),
            # resolving the alerts about an inquiry, escalation or follow-up whose cause is gone
            models.Index(fields=["topic"], condition=Q(resolved_at__isnull=True), name="alert_open_topic"),
        ]

    def __str__(self) -> str:
        return self.get_message_display()

    def get_message_display(self) -> str:
        """The alert in the active language (the stored office-language text for old rows)."""
        return render(self.code, self.params, fallback=self.message)


class MessageDirection(models.TextChoices):
    """Direction of a message on a channel; the stored values of inquiries' and leads' Direction, for
    the lower layers (the outbox reads an inquiry's last inbound message for the WhatsApp window)."""

    INBOUND = "inbound", _("Masuk")
    OUTBOUND = "outbound", _("Keluar")


class InquirerFollowUpMode(models.TextChoices):
    MESSAGE = "message", _("Kirim pesan otomatis")
    TASK = "task", _("Buat tugas untuk Admin Marketing")


# The send task's hard time limit (outbox.tasks.send_outbound_message is killed after it). The
# stuck-send wait may never be shorter, or the sweep would re-queue a send that is still running.
OUTBOX_SEND_TIME_LIMIT_SECONDS = 90


def min_stuck_sending_minutes() -> int:
    return -(-OUTBOX_SEND_TIME_LIMIT_SECONDS // 60)  # rounded up


def validate_stuck_sending_minutes(value: int) -> None:
    if value < min_stuck_sending_minutes():
        raise ValidationError(
            _("Minimal %(minutes)s menit: batas waktu tugas kirim %(seconds)s detik."),
            code="shorter_than_time_limit",
            params={"minutes": min_stuck_sending_minutes(), "seconds": OUTBOX_SEND_TIME_LIMIT_SECONDS},
        )


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
        _("pengiriman macet setelah (menit)"),
        default=3,
        validators=[validate_stuck_sending_minutes],
        help_text=_(
            "Pengiriman yang tertahan selama ini dikirim ulang; tidak boleh lebih pendek dari batas waktu tugas kirim"
        ),
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
