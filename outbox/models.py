"""The outbox: one row per outbound message, and the approved WhatsApp templates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.texts import render


class OutboundChannel(models.TextChoices):
    EMAIL = "email", _("Email")
    WHATSAPP = "whatsapp", _("WhatsApp")
    MESSENGER = "facebook", _("Messenger")
    INSTAGRAM = "instagram", _("Instagram")


class Purpose(models.TextChoices):
    WELCOME = "welcome", _("Selamat datang")
    REPLY = "reply", _("Balasan")
    FOLLOW_UP = "follow_up", _("Tindak lanjut")
    NEWSLETTER = "newsletter", _("Newsletter")
    ALERT = "alert", _("Peringatan")
    REPORT = "report", _("Laporan")
    SURVEY = "survey", _("Survei")
    AUTO_REPLY = "auto_reply", _("Balasan otomatis")


class OutboundStatus(models.TextChoices):
    QUEUED = "queued", _("Antre")
    SENDING = "sending", _("Mengirim")
    SENT = "sent", _("Terkirim")
    DELIVERED = "delivered", _("Diterima")
    READ = "read", _("Dibaca")
    FAILED = "failed", _("Gagal")
    CANCELLED = "cancelled", _("Dibatalkan")


# Forward-only order for provider status callbacks: read then a late delivered stays read.
STATUS_RANK = {
    OutboundStatus.QUEUED: 0,
    OutboundStatus.SENDING: 1,
    OutboundStatus.SENT: 2,
    OutboundStatus.DELIVERED: 3,
    OutboundStatus.READ: 4,
}


class OutboundMessage(models.Model):
    """One logical outbound message; sent once by a Celery task that claims the row."""

    channel = models.CharField(max_length=12, choices=OutboundChannel.choices)
    recipient = models.CharField(max_length=200)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    html_body = models.TextField(blank=True)
    template_name = models.CharField(max_length=120, blank=True)
    template_language = models.CharField(max_length=10, blank=True)
    template_params = models.JSONField(default=list, blank=True)
    purpose = models.CharField(max_length=12, choices=Purpose.choices, db_index=True)
    status = models.CharField(
        max_length=10, choices=OutboundStatus.choices, default=OutboundStatus.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    # last_error in the office language, or a provider's own words; our texts also as a code with
    # parameters (`outbox.texts`), shown in the reader's language by get_last_error_display().
    last_error = models.TextField(blank=True)
    last_error_code = models.CharField(max_length=60, blank=True)
    last_error_params = models.JSONField(default=dict, blank=True)
    error_code = models.CharField(max_length=20, blank=True)  # the provider's (or outside_window)
    provider_message_id = models.CharField(max_length=200, null=True, blank=True, unique=True)
    dedup_key = models.CharField(
        max_length=120, null=True, blank=True, unique=True, help_text="One logical message per key"
    )
    lead = models.ForeignKey(
        "leads.Lead", null=True, blank=True, on_delete=models.SET_NULL, related_name="outbound_messages"
    )
    inquiry = models.ForeignKey(
        "inquiries.Inquiry",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outbound_messages",
    )
    campaign = models.ForeignKey(
        "leads.Campaign", null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # The Celery task id that holds the claim: a redelivery of the same task after its worker died
    # may take the row back; a duplicate task (another id) may not.
    claim_task_id = models.CharField(max_length=64, blank=True)
    # Set on the newsletter a lead unsubscribed from (per-campaign unsubscribe counts).
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pesan keluar")
        verbose_name_plural = _("kotak keluar")
        indexes = [
            models.Index(fields=["lead", "-created_at"], name="outbound_lead_time"),
            # The stuck-send sweep and the failed list filter on status and time.
            models.Index(fields=["status", "claimed_at"], name="outbound_status_claimed"),
            models.Index(fields=["campaign", "status"], name="outbound_campaign_status"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.recipient} ({self.get_status_display()})"

    def get_last_error_display(self) -> str:
        """Why it failed, in the active language (a provider's own words as they came)."""
        return render(self.last_error_code, self.last_error_params, fallback=self.last_error)

    @property
    def is_marketing(self) -> bool:
        return self.purpose == Purpose.NEWSLETTER

    @property
    def is_free_form_whatsapp(self) -> bool:
        return self.channel == OutboundChannel.WHATSAPP and not self.template_name


class WhatsAppTemplate(models.Model):
    """An approved WhatsApp message template (Meta) used outside the 24-hour window."""

    purpose = models.CharField(max_length=12, choices=Purpose.choices)
    name = models.CharField(max_length=120)
    language = models.CharField(max_length=10, default="id")
    body_preview = models.TextField(blank=True)
    parameters = models.CharField(
        max_length=200,
        blank=True,
        default="first_name",
        help_text="Comma-separated body parameters filled from the lead: first_name, full_name, program",
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("template WhatsApp")
        verbose_name_plural = pgettext_lazy("jamak", "template WhatsApp")
        constraints = [
            models.UniqueConstraint(fields=["name", "language"], name="watemplate_unique_name_lang")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"
