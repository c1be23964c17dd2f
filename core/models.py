"""Office configuration shared by every app: the working-hours calendar, approved templates, audit."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
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


class OfficeClosure(models.Model):
    """Days the office is closed besides public holidays (cuti bersama, campus events)."""

    name = models.CharField(_("nama"), max_length=120)
    starts_on = models.DateField(_("dari tanggal"))
    ends_on = models.DateField(_("sampai tanggal"))

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("penutupan kantor")
        verbose_name_plural = _("penutupan kantor")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="closure_ends_on_or_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.starts_on} - {self.ends_on})"


class HoursOverride(models.Model):
    """A date range with its own weekly hours (Ramadan hours, a registration wave with Saturdays)."""

    name = models.CharField(_("nama"), max_length=120)
    starts_on = models.DateField(_("dari tanggal"))
    ends_on = models.DateField(_("sampai tanggal"))

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("jam kerja khusus")
        verbose_name_plural = _("jam kerja khusus")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="override_ends_on_or_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.starts_on} - {self.ends_on})"


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

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None


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
