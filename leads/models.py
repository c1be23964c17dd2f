"""Prospects (SOP 03): the lead record, its contacts, consent ledger, status history, interactions."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.texts import render


class Track(models.TextChoices):
    SCHOLARSHIP = "scholarship", _("Beasiswa")
    REGULAR = "regular", _("Reguler")
    EXECUTIVE = "executive", _("Eksekutif")


class Temperature(models.TextChoices):
    HOT = "hot", _("Hot")
    WARM = "warm", _("Warm")
    COLD = "cold", _("Cold")


class LeadStatus(models.TextChoices):
    NEW = "new", _("Baru")
    INQUIRED = "inquired", _("Bertanya")
    CONTACTED = "contacted", _("Dihubungi")
    INTERESTED = "interested", _("Berminat")
    REGISTERED = "registered", _("Mendaftar")
    ENROLLED = "enrolled", _("Daftar ulang")
    NOT_INTERESTED = "not_interested", _("Tidak berminat")


class LeadSource(models.TextChoices):
    SOCIAL_MEDIA = "social_media", _("Media sosial")
    WEBSITE = "website", _("Website")
    SCHOOL_VISIT = "school_visit", _("Kunjungan sekolah")
    EXHIBITION = "exhibition", _("Pameran")
    ONLINE_FORM = "online_form", _("Formulir online")
    REFERRAL = "referral", _("Referensi")
    WALK_IN = "walk_in", _("Datang langsung")
    INDUSTRY = "industry", _("Industri")
    IMPORT = "import", _("Impor")
    OTHER = "other", _("Lainnya")


class VerificationState(models.TextChoices):
    MISSING = "missing", _("Kosong")
    UNVERIFIED = "unverified", _("Belum diverifikasi")
    VERIFIED = "verified", _("Terverifikasi")
    INVALID = "invalid", _("Tidak valid")


class StudyProgram(models.Model):
    code = models.SlugField(_("kode"), max_length=20, unique=True)
    name = models.CharField(_("nama program studi"), max_length=120)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("program studi")
        verbose_name_plural = pgettext_lazy("jamak", "program studi")

    def __str__(self) -> str:
        return self.name


class InstitutionKind(models.TextChoices):
    SCHOOL = "school", _("Sekolah")
    COMPANY = "company", _("Perusahaan")


class Institution(models.Model):
    """A school (with its NPSN) or a company a lead comes from."""

    kind = models.CharField(
        _("jenis"), max_length=10, choices=InstitutionKind.choices, default=InstitutionKind.SCHOOL
    )
    name = models.CharField(_("nama"), max_length=160)
    npsn = models.CharField(_("NPSN"), max_length=8, blank=True)
    city = models.CharField(_("kota/kabupaten"), max_length=80, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("institusi")
        verbose_name_plural = pgettext_lazy("jamak", "institusi")
        constraints = [
            models.UniqueConstraint(fields=["npsn"], condition=~Q(npsn=""), name="institution_unique_npsn"),
            models.UniqueConstraint(fields=["kind", "name", "city"], name="institution_unique_name_city"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.city})" if self.city else self.name


def new_unsubscribe_token() -> str:
    return secrets.token_urlsafe(24)


class LeadQuerySet(models.QuerySet):
    def not_erased(self):
        """Leads still holding personal data (an erased lead is kept only as an anonymous count)."""
        return self.filter(is_erased=False)

    def newsletter_audience(self):
        """Who a newsletter may reach: marketing consent, not erased, with an email (UU PDP)."""
        return self.not_erased().filter(has_marketing_consent=True).exclude(email="")

    def open(self):
        return self.exclude(status__in=[LeadStatus.ENROLLED, LeadStatus.NOT_INTERESTED]).not_erased()


class Lead(models.Model):
    full_name = models.CharField(_("nama lengkap"), max_length=160)
    phone = models.CharField(
        _("telepon"), max_length=20, blank=True, help_text=_("E.164, mis. +6281234567890")
    )
    whatsapp = models.CharField(_("WhatsApp"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    instagram = models.CharField(_("Instagram"), max_length=80, blank=True)
    facebook = models.CharField(_("Facebook"), max_length=120, blank=True)
    linkedin = models.CharField(_("LinkedIn"), max_length=160, blank=True)
    identity_number = models.CharField(_("NISN / nomor identitas"), max_length=20, blank=True)

    source = models.CharField(
        _("sumber"), max_length=20, choices=LeadSource.choices, default=LeadSource.OTHER, db_index=True
    )
    source_detail = models.CharField(
        _("detail sumber"), max_length=200, blank=True, help_text=_("Acara atau kampanye")
    )
    obtained_at = models.DateTimeField(_("diperoleh pada"), default=timezone.now)
    entered_at = models.DateTimeField(_("diinput pada"), default=timezone.now)
    is_late_entry = models.BooleanField(_("input terlambat"), default=False, db_index=True)

    track = models.CharField(
        _("jalur"), max_length=20, choices=Track.choices, default=Track.REGULAR, db_index=True
    )
    institution = models.ForeignKey(
        Institution,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
        verbose_name=_("asal sekolah/industri"),
    )
    program = models.ForeignKey(
        StudyProgram,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
        verbose_name=_("minat program studi"),
    )
    temperature = models.CharField(
        _("suhu"), max_length=10, choices=Temperature.choices, default=Temperature.WARM, db_index=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=LeadStatus.choices, default=LeadStatus.NEW, db_index=True
    )
    status_changed_at = models.DateTimeField(_("status berubah pada"), default=timezone.now)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_leads",
        verbose_name=_("pemilik"),
    )
    notes = models.TextField(_("catatan"), blank=True)
    # The content item (its code, e.g. IG-0012) the lead came through; written by content's attribution.
    campaign_code = models.CharField(_("kode konten"), max_length=12, null=True, blank=True, db_index=True)

    phone_state = models.CharField(
        max_length=12, choices=VerificationState.choices, default=VerificationState.MISSING
    )
    email_state = models.CharField(
        max_length=12, choices=VerificationState.choices, default=VerificationState.MISSING
    )
    name_state = models.CharField(
        max_length=12, choices=VerificationState.choices, default=VerificationState.UNVERIFIED
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)

    has_marketing_consent = models.BooleanField(_("setuju menerima pemasaran"), default=False, db_index=True)
    unsubscribe_token = models.CharField(
        max_length=40, unique=True, default=new_unsubscribe_token, editable=False
    )
    last_inbound_whatsapp_at = models.DateTimeField(
        null=True, blank=True, help_text="Opens WhatsApp's 24-hour window"
    )
    is_erased = models.BooleanField(default=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The import that created the lead: its welcome dispatcher walks (import_job, id) in chunks.
    import_job = models.ForeignKey(
        "leads.ImportJob", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )

    objects = LeadQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calon mahasiswa")
        verbose_name_plural = _("calon mahasiswa")
        permissions = [
            ("import_leads", "Can import leads"),
            ("export_leads", "Can export leads"),
            ("verify_lead", "Can verify lead data"),
            ("merge_leads", "Can merge leads"),
            ("transition_lead", "Can move a lead through the pipeline"),
            ("view_callqueue", "Can work the call queue"),
            ("erase_lead", "Can export or erase a lead's personal data (UU PDP)"),
        ]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="lead_status_created"),
            models.Index(fields=["owner", "status"], name="lead_owner_status"),
            # Search (leads.filters.search_leads): prefix matches on the normalised contacts; the
            # pattern opclass lets PostgreSQL use the index for LIKE 'prefix%' under any collation.
            models.Index(fields=["phone"], name="lead_phone_prefix", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["whatsapp"], name="lead_whatsapp_prefix", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["email"], name="lead_email_prefix", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["full_name"], name="lead_full_name"),
            models.Index(fields=["obtained_at"], name="lead_obtained_at"),
            models.Index(fields=["verified_at", "-created_at"], name="lead_to_verify"),
            models.Index(fields=["import_job", "id"], name="lead_import_job"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def first_name(self) -> str:
        """The first word of the full name: how messages greet the prospect."""
        return (self.full_name or "").split(" ")[0]


class ContactKind(models.TextChoices):
    PHONE = "phone", _("Telepon/WhatsApp")
    EMAIL = "email", _("Email")
    INSTAGRAM = "instagram", _("Instagram")
    FACEBOOK = "facebook", _("Facebook")


class LeadContact(models.Model):
    """A normalised contact point owned by exactly one lead.

    The unique constraint on (kind, value) is what guarantees that two leads never share a phone,
    WhatsApp number or email, even when two requests create them at the same moment: phone and
    WhatsApp share kind `phone`, so a phone matching another lead's WhatsApp is a duplicate too.
    """

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(max_length=12, choices=ContactKind.choices)
    value = models.CharField(max_length=160)

    class Meta:
        verbose_name = _("kontak calon mahasiswa")
        verbose_name_plural = _("kontak calon mahasiswa")
        constraints = [models.UniqueConstraint(fields=["kind", "value"], name="leadcontact_unique_value")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"


class LeadStatusChange(models.Model):
    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=LeadStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=LeadStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now, db_index=True)
    # a typed note, or the words of an automatic one ("Bertanya lewat WhatsApp") whose code and
    # parameters (`core.texts`) show it in the reader's language
    note = models.TextField(blank=True)
    note_code = models.CharField(max_length=60, blank=True)
    note_params = models.JSONField(default=dict, blank=True)
    reason = models.CharField(
        max_length=200, blank=True, help_text="Why the move was made without a logged interaction"
    )

    class Meta:
        verbose_name = _("perubahan status")
        verbose_name_plural = _("perubahan status")
        ordering = ["-changed_at", "-id"]
        indexes = [
            models.Index(fields=["to_status", "changed_at"], name="statuschange_to_at"),
            # "Reached a stage" (leads.filters.reached_stage): the leads ever moved to these statuses, read
            # from the index alone (120,000 history rows at a million leads: 200 ms from the table, 20 here).
            models.Index(fields=["to_status", "lead"], name="statuschange_to_lead"),
            # The reports' moves to registered / enrolled in a period, per lead, off the index alone.
            models.Index(fields=["to_status", "changed_at", "lead"], name="statuschange_to_at_lead"),
        ]

    def get_note_display(self) -> str:
        return render(self.note_code, self.note_params, fallback=self.note)


class ConsentChannel(models.TextChoices):
    EMAIL = "email", _("Email")
    WHATSAPP = "whatsapp", _("WhatsApp")
    ALL = "all", _("Semua kanal")


class ConsentRecord(models.Model):
    """Consent ledger (UU PDP): every grant and withdrawal, with the wording the person saw."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="consents")
    channel = models.CharField(max_length=10, choices=ConsentChannel.choices, default=ConsentChannel.ALL)
    is_granted = models.BooleanField()
    recorded_at = models.DateTimeField(default=timezone.now)
    wording = models.TextField(blank=True)
    source = models.CharField(
        max_length=60, help_text="public_form, import, api, staff, unsubscribe_link, ..."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("catatan persetujuan")
        verbose_name_plural = _("catatan persetujuan")
        ordering = ["-recorded_at", "-id"]


class InteractionKind(models.TextChoices):
    CALL = "call", _("Telepon")
    WHATSAPP = "whatsapp", _("WhatsApp")
    EMAIL = "email", _("Email")
    DM = "dm", _("Pesan langsung (DM)")
    MEETING = "meeting", _("Pertemuan")
    VISIT = "visit", _("Kunjungan")
    NOTE = "note", _("Catatan")


class Direction(models.TextChoices):
    INBOUND = "inbound", _("Masuk")
    OUTBOUND = "outbound", _("Keluar")


class Outcome(models.TextChoices):
    REACHED = "reached", _("Terhubung")
    NO_ANSWER = "no_answer", _("Tidak diangkat")
    BUSY = "busy", _("Sibuk")
    WRONG_NUMBER = "wrong_number", _("Nomor salah")
    CALL_BACK = "call_back", _("Minta dihubungi lagi")
    NOT_INTERESTED = "not_interested", _("Tidak berminat")


class Interaction(models.Model):
    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="interactions")
    kind = models.CharField(_("jenis"), max_length=10, choices=InteractionKind.choices)
    direction = models.CharField(
        _("arah"), max_length=10, choices=Direction.choices, default=Direction.OUTBOUND
    )
    outcome = models.CharField(_("hasil"), max_length=20, choices=Outcome.choices, blank=True)
    note = models.TextField(_("catatan"), blank=True)  # typed, or an automatic note's words
    note_code = models.CharField(max_length=60, blank=True)  # ... whose code (`core.texts`)
    note_params = models.JSONField(default=dict, blank=True)
    occurred_at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    next_follow_up_at = models.DateTimeField(_("tindak lanjut berikutnya"), null=True, blank=True)

    class Meta:
        verbose_name = _("interaksi")
        verbose_name_plural = _("interaksi")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["lead", "-occurred_at"], name="interaction_lead_time"),
            # The reports' interactions per staff member in a period, counted off the index.
            models.Index(fields=["occurred_at", "created_by", "id"], name="interaction_time_staff"),
        ]

    def get_note_display(self) -> str:
        return render(self.note_code, self.note_params, fallback=self.note)


class FollowUpKind(models.TextChoices):
    CALL = "call", _("Telepon")
    MESSAGE = "message", _("Pesan")
    MEETING = "meeting", _("Pertemuan MoU")
    CALLBACK = "callback", _("Telepon ulang")


class FollowUpQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(completed_at__isnull=True, cancelled_at__isnull=True)

    def due_by(self, moment):
        return self.pending().filter(due_at__lte=moment)

    def overdue(self, now):
        return self.pending().filter(due_at__lt=now)


class FollowUp(models.Model):
    """A task with a due time and an owner (call, message, MoU meeting).

    `dedup_key` makes automatic follow-ups idempotent: a beat job that runs twice, late or from two
    beat processes writes one row per lead and period, enforced by the unique constraint.
    """

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="follow_ups")
    kind = models.CharField(
        _("jenis"), max_length=10, choices=FollowUpKind.choices, default=FollowUpKind.CALL
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
        verbose_name=_("petugas"),
    )
    due_at = models.DateTimeField(_("jatuh tempo"), db_index=True)
    # `reason` as typed, or in the office language; automatic reasons also as a text code with
    # parameters (`leads.texts`, `inquiries.texts`), shown in the reader's language.
    reason = models.CharField(_("alasan"), max_length=200, blank=True)
    reason_code = models.CharField(_("kode alasan"), max_length=60, blank=True)
    reason_params = models.JSONField(_("parameter alasan"), default=dict, blank=True)
    dedup_key = models.CharField(max_length=80, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by_interaction = models.ForeignKey(
        Interaction, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    overdue_alerted_at = models.DateTimeField(null=True, blank=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")
        ordering = ["due_at"]
        indexes = [
            models.Index(fields=["owner", "completed_at", "due_at"], name="followup_owner_due"),
            # The call queue and the home page's "calls today": one agent's pending tasks in due order, read
            # straight off this index (the one above also holds the cancelled ones and every done one).
            models.Index(
                fields=["owner", "due_at", "id"],
                condition=Q(completed_at__isnull=True, cancelled_at__isnull=True),
                name="followup_pending_owner_due",
            ),
        ]

    @property
    def is_open(self) -> bool:
        return self.completed_at is None and self.cancelled_at is None

    def get_reason_display(self) -> str:
        """The reason in the active language (a typed reason as it was typed)."""
        return render(self.reason_code, self.reason_params, fallback=self.reason)


class SavedSegment(models.Model):
    """A named lead filter (the list's query string) that users reopen and newsletters target."""

    name = models.CharField(_("nama"), max_length=120)
    query = models.CharField(_("filter"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_shared = models.BooleanField(_("dibagikan"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Leads added by hand from the list's bulk action, in the segment whatever its filter says.
    members = models.ManyToManyField(
        "Lead", blank=True, related_name="segments", verbose_name=_("anggota tambahan")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("segmen")
        verbose_name_plural = pgettext_lazy("jamak", "segmen")

    def __str__(self) -> str:
        return self.name


class LeadMerge(models.Model):
    """Record of a merge: `merged_lead_id` no longer exists, its rows now belong to `kept`.

    The snapshots and `moved_rows` are what an undo within a day needs to put both records back:
    the merged lead's fields and contacts, the kept lead's fields before the merge, and the ids of
    every row that moved (per "app_label.Model.field"). Erase clears both snapshots.
    """

    kept = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="merges")
    merged_lead_id = models.BigIntegerField()
    merged_snapshot = models.JSONField(default=dict)
    kept_snapshot = models.JSONField(default=dict, blank=True)
    moved_rows = models.JSONField(default=dict, blank=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_at = models.DateTimeField(default=timezone.now)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("penggabungan calon mahasiswa")
        verbose_name_plural = _("penggabungan calon mahasiswa")
        indexes = [models.Index(fields=["-merged_at"], name="leadmerge_recent")]


# --- Newsletters (SOP 03 stage 2.3) ------------------------------------------------------------


class Campaign(models.Model):
    """A cold-lead newsletter sent weekly or every two weeks to a saved segment (SOP 03 stage 2.3)."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Mingguan")
        BIWEEKLY = "biweekly", _("Dua mingguan")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Menunggu persetujuan Kadiv")
        RETURNED = "returned", _("Dikembalikan")
        APPROVED = "approved", _("Disetujui")

    name = models.CharField(_("nama"), max_length=120)
    subject = models.CharField(_("subjek"), max_length=200)
    body = models.TextField(_("isi"))
    segment = models.ForeignKey(SavedSegment, on_delete=models.PROTECT, related_name="campaigns")
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    is_active = models.BooleanField(default=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    # First send not before this moment (the schedule); empty = from the next beat run once approved.
    next_run_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The approved newsletter template whose approved version is sent (a draft revision never is).
    template = models.ForeignKey(
        "core.ResponseTemplate", null=True, blank=True, on_delete=models.PROTECT, related_name="campaigns"
    )
    review_note = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "automation_campaign"  # made by the outbox app before the campaigns moved here
        ordering = ["name"]
        verbose_name = _("kampanye newsletter")
        verbose_name_plural = pgettext_lazy("jamak", "kampanye newsletter")
        permissions = [("approve_campaign", "Can approve newsletter campaigns")]

    def __str__(self) -> str:
        return self.name

    @property
    def status(self) -> str:
        """Derived from the review timestamps (the beat job sends exactly the approved ones)."""
        if self.approved_at is not None:
            return self.Status.APPROVED
        if self.submitted_at is not None:
            return self.Status.SUBMITTED
        if self.review_note:
            return self.Status.RETURNED
        return self.Status.DRAFT

    def get_status_display(self) -> str:
        return self.Status(self.status).label


class CampaignRun(models.Model):
    """One period of a campaign; unique per campaign and period so a beat job runs it once."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="runs")
    period = models.CharField(max_length=20)
    started_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "automation_campaignrun"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "period"], name="campaignrun_unique_period")
        ]

    def __str__(self) -> str:
        return f"{self.campaign} {self.period}"


from leads.import_models import ImportJob, ImportRejectedRow, ImportStatus  # noqa: E402, F401 - models
