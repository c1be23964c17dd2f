"""The social-media content plan (UB SOP Pengelolaan Sosial Media): items, their status history,
assets and the leads and inquiries attributed to them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ContentChannel(models.TextChoices):
    INSTAGRAM = "instagram", _("Instagram")
    FACEBOOK = "facebook", _("Facebook")
    WHATSAPP = "whatsapp", _("WhatsApp")
    TIKTOK = "tiktok", _("TikTok")
    YOUTUBE = "youtube", _("YouTube")
    LINKEDIN = "linkedin", _("LinkedIn")
    WEBSITE = "website", _("Website")


# The code prefix of each channel: IG-0012 is item 12, an Instagram post.
CODE_PREFIX: dict[str, str] = {
    ContentChannel.INSTAGRAM: "IG",
    ContentChannel.FACEBOOK: "FB",
    ContentChannel.WHATSAPP: "WA",
    ContentChannel.TIKTOK: "TT",
    ContentChannel.YOUTUBE: "YT",
    ContentChannel.LINKEDIN: "LI",
    ContentChannel.WEBSITE: "WEB",
}


class ContentStatus(models.TextChoices):
    CONCEPT = "concept", _("Konsep")
    PRODUCTION = "production", _("Produksi")
    REVIEW = "review", _("Menunggu persetujuan")
    CHANGES_REQUESTED = "changes_requested", _("Perlu revisi")
    APPROVED = "approved", _("Disetujui")
    SCHEDULED = "scheduled", _("Terjadwal")
    POSTED = "posted", _("Terposting")
    CANCELLED = "cancelled", _("Dibatalkan")


class ChecklistPoint(models.TextChoices):
    """The re-check before posting (SOP step 7)."""

    TEXT = "text", _("Teks (ejaan, isi, ajakan)")
    VISUAL = "visual", _("Visual (desain/video, logo, resolusi)")
    LINK = "link", _("Tautan pelacakan berfungsi")
    HASHTAGS = "hashtags", _("Tagar dan mention")


class ContentItemQuerySet(models.QuerySet):
    def on_calendar(self):
        return self.filter(status__in=[ContentStatus.SCHEDULED, ContentStatus.POSTED])

    def in_campaign(self, campaign: str):
        return self.filter(campaign=campaign)


class ContentItem(models.Model):
    code = models.CharField(_("kode"), max_length=12, unique=True, null=True, editable=False)
    title = models.CharField(_("judul"), max_length=200)
    channel = models.CharField(_("kanal"), max_length=12, choices=ContentChannel.choices, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ContentStatus.choices, default=ContentStatus.CONCEPT
    )
    status_changed_at = models.DateTimeField(default=timezone.now)
    program = models.ForeignKey(
        "leads.StudyProgram",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="content_items",
        verbose_name=_("program studi"),
    )
    campaign = models.CharField(_("kampanye"), max_length=80, blank=True, db_index=True)
    brief = models.TextField(_("brief"), blank=True)
    caption = models.TextField(_("teks/caption"), blank=True)
    target_url = models.URLField(
        _("tujuan tautan"), blank=True, help_text=_("Kosongkan untuk formulir minat publik")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="content_items",
        verbose_name=_("penanggung jawab"),
    )
    scheduled_at = models.DateTimeField(_("jadwal tayang"), null=True, blank=True)
    posted_at = models.DateTimeField(_("tayang pada"), null=True, blank=True)
    url = models.URLField(_("URL publik"), blank=True)
    media_id = models.CharField(_("media id platform"), max_length=80, blank=True)
    cost = models.DecimalField(_("biaya (Rp)"), max_digits=14, decimal_places=0, null=True, blank=True)
    checked_points = models.JSONField(default=list, blank=True)
    link_clicks = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContentItemQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("konten")
        verbose_name_plural = _("konten")
        permissions = [("approve_contentitem", "Can approve content or send it back (coordinator)")]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="content_status_created"),
            # The calendar reads scheduled and posted items by date.
            models.Index(fields=["scheduled_at"], name="content_scheduled_at"),
            models.Index(fields=["posted_at"], name="content_posted_at"),
            # Comment webhooks find the item by the platform's media id.
            models.Index(fields=["media_id"], name="content_media_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="posted") | Q(posted_at__isnull=False), name="content_posted_has_date"
            ),
            models.CheckConstraint(
                condition=~Q(status="scheduled") | Q(scheduled_at__isnull=False),
                name="content_scheduled_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}" if self.code else self.title

    @property
    def is_open(self) -> bool:
        return self.status not in (ContentStatus.POSTED, ContentStatus.CANCELLED)

    @property
    def missing_points(self) -> list[str]:
        return [p for p in ChecklistPoint.values if p not in (self.checked_points or [])]

    @property
    def calendar_at(self):
        return self.posted_at if self.status == ContentStatus.POSTED else self.scheduled_at


class ContentStatusChange(models.Model):
    """One move of an item (who, when, from, to, note) and how long it had stayed in `from_status`."""

    item = models.ForeignKey(ContentItem, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=ContentStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ContentStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    seconds_in_step = models.PositiveIntegerField(default=0)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["changed_at", "id"]
        indexes = [models.Index(fields=["from_status", "changed_at"], name="contentchange_from_at")]


class AssetKind(models.TextChoices):
    LINK = "link", _("Tautan")
    FILE = "file", _("Berkas")


class ContentAsset(models.Model):
    item = models.ForeignKey(ContentItem, on_delete=models.CASCADE, related_name="assets")
    kind = models.CharField(max_length=8, choices=AssetKind.choices)
    name = models.CharField(_("nama"), max_length=160)
    link = models.URLField(_("tautan"), blank=True)
    file = models.FileField(upload_to="content/%Y/%m/", blank=True)
    content_type = models.CharField(max_length=80, blank=True)
    size = models.PositiveIntegerField(default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name = _("aset konten")
        verbose_name_plural = pgettext_lazy("jamak", "aset konten")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="link") & ~Q(link="")) | (Q(kind="file") & ~Q(file="")),
                name="contentasset_link_or_file",
            )
        ]

    def __str__(self) -> str:
        return self.name


class AttributionVia(models.TextChoices):
    FORM = "form", _("Formulir (utm_campaign)")
    MESSAGE = "message", _("Pesan menyebut kode")
    COMMENT = "comment", _("Komentar pada posting")
    STAFF = "staff", _("Dipilih staf")


class Attribution(models.Model):
    """A lead or inquiry attributed to an item; the first one also sets `campaign_code` on them."""

    item = models.ForeignKey(ContentItem, on_delete=models.CASCADE, related_name="attributions")
    lead = models.ForeignKey("leads.Lead", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    inquiry = models.ForeignKey(
        "inquiries.Inquiry", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    via = models.CharField(max_length=10, choices=AttributionVia.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("atribusi")
        verbose_name_plural = pgettext_lazy("jamak", "atribusi")
        constraints = [
            models.CheckConstraint(
                condition=Q(lead__isnull=False) | Q(inquiry__isnull=False), name="attribution_has_subject"
            )
        ]
