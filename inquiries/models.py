"""The social-media inbox (SOP 02): raw webhook events, inquiries, messages, escalations, surveys."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.calendar import due_soon_until
from core.texts import render


class Channel(models.TextChoices):
    WHATSAPP = "whatsapp", _("WhatsApp")
    INSTAGRAM = "instagram", _("Instagram")
    FACEBOOK = "facebook", _("Facebook Messenger")
    WEBSITE = "website", _("Website")
    LINKEDIN = "linkedin", _("LinkedIn")
    COMMENT = "comment", _("Komentar")
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Telepon")


class Level(models.IntegerChoices):
    GENERAL = 1, _("Level 1 - umum")
    SPECIFIC = 2, _("Level 2 - spesifik")
    CRISIS = 3, _("Level 3 - keluhan/krisis")


class InquiryStatus(models.TextChoices):
    OPEN = "open", _("Terbuka")
    WAITING_ON_UNIT = "waiting_on_unit", _("Menunggu unit")
    ANSWERED = "answered", _("Dijawab")
    RESOLVED = "resolved", _("Selesai")
    CLOSED = "closed", _("Ditutup")


class WebhookEvent(models.Model):
    """A raw, signature-verified webhook body, stored before the 200 is returned."""

    class State(models.TextChoices):
        PENDING = "pending", "pending"
        PROCESSING = "processing", "processing"
        PROCESSED = "processed", "processed"
        FAILED = "failed", "failed"

    source = models.CharField(max_length=20)  # whatsapp | meta
    body = models.BinaryField()
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    claimed_at = models.DateTimeField(null=True, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    # Meta's dashboard test ("Send to server", entry id "0"): kept for inspection, creates nothing.
    is_test = models.BooleanField(default=False)
    # SHA-256 of the source and the raw body: a platform's redelivery of the same bytes is stored once
    # (INSERT ... ON CONFLICT DO NOTHING). Empty for events stored before the column existed.
    digest = models.BinaryField(max_length=32, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("peristiwa webhook")
        verbose_name_plural = pgettext_lazy("jamak", "peristiwa webhook")
        ordering = ["-received_at"]
        # The sweeper looks for stale pending/processing events (state leads, so no index on state
        # alone: every index costs the acknowledgement path one more write).
        indexes = [models.Index(fields=["state", "received_at"], name="webhookevent_state_time")]
        constraints = [models.UniqueConstraint(fields=["digest"], name="webhookevent_unique_digest")]


class Unit(models.Model):
    """An office that answers escalated questions (Akademik, Keuangan, IT), with its members."""

    code = models.SlugField(max_length=20, unique=True)
    name = models.CharField(_("nama unit"), max_length=80)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="units")
    email = models.EmailField(blank=True)
    requires_validation = models.BooleanField(
        _("jawaban wajib divalidasi Kabag TU"),
        default=False,
        help_text=_("Unmul 6.7: jawaban unit kembali ke penanya hanya setelah divalidasi Kabag TU"),
    )

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = pgettext_lazy("jamak", "unit")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    """Triage category with its default level and keywords (editable by the supervisor)."""

    name = models.CharField(_("nama"), max_length=80, unique=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    keywords = models.TextField(
        _("kata kunci"), blank=True, help_text=_("Satu per baris, Indonesia dan Inggris")
    )
    default_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["level", "name"]
        verbose_name = _("kategori")
        verbose_name_plural = pgettext_lazy("jamak", "kategori")

    def __str__(self) -> str:
        return self.name


class SurveyRoute(models.TextChoices):
    """The channel that can reach the contact when the ticket closes (ITB satisfaction survey)."""

    WHATSAPP = "whatsapp", _("WhatsApp (dalam jendela 24 jam)")
    WHATSAPP_TEMPLATE = "whatsapp_template", _("Template WhatsApp")
    FACEBOOK = "facebook", _("Messenger")
    INSTAGRAM = "instagram", _("Instagram")
    EMAIL = "email", _("Email")
    LINK = "link", _("Tautan untuk disalin petugas")


def new_survey_token() -> str:
    return secrets.token_urlsafe(24)


# Statuses in which a conversation still belongs to the contact's one open thread.
ACTIVE_STATUSES = (InquiryStatus.OPEN, InquiryStatus.WAITING_ON_UNIT, InquiryStatus.ANSWERED)
FINISHED_STATUSES = (InquiryStatus.RESOLVED, InquiryStatus.CLOSED)


class InquiryQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def assigned_to(self, user):
        return self.filter(assignee=user)

    def unassigned(self):
        return self.filter(assignee__isnull=True)

    def breached(self, now):
        return self.filter(status__in=ACTIVE_STATUSES, sla_due_at__lt=now)

    def due_soon(self, now: datetime, *, until: datetime | None = None):
        """Not breached yet but due before `until` (core.calendar.due_soon_until, read when not given)."""
        until = until or due_soon_until(now)
        return self.filter(status__in=ACTIVE_STATUSES, sla_due_at__gte=now, sla_due_at__lt=until)

    def first_response_on_time(self):
        return self.filter(first_response_at__isnull=False, first_response_at__lte=F("first_response_due"))

    def first_response_late(self, now):
        """Answered after the first-response due time, or still unanswered once it has passed."""
        return self.filter(
            Q(first_response_at__gt=F("first_response_due"))
            | Q(first_response_at__isnull=True, first_response_due__lt=now)
        )

    def within_sla(self, now: datetime, *, until: datetime | None = None):
        return self.filter(status__in=ACTIVE_STATUSES, sla_due_at__gte=until or due_soon_until(now))


class Inquiry(models.Model):
    """One conversation with one contact on one channel (a ticket)."""

    channel = models.CharField(_("kanal"), max_length=12, choices=Channel.choices, db_index=True)
    contact_key = models.CharField(
        max_length=160, help_text="Platform id of the contact: wa_id, PSID, IGSID, email, phone"
    )
    contact_name = models.CharField(max_length=160, blank=True)
    lead = models.ForeignKey(
        "leads.Lead", null=True, blank=True, on_delete=models.SET_NULL, related_name="inquiries"
    )
    # The content item code (e.g. IG-0012) the inquiry came through; written by content's attribution.
    campaign_code = models.CharField(max_length=12, null=True, blank=True, db_index=True)
    subject = models.CharField(max_length=200, blank=True)
    level = models.PositiveSmallIntegerField(
        _("level"), choices=Level.choices, null=True, blank=True, db_index=True
    )
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.PROTECT, related_name="inquiries"
    )
    suggested_level = models.PositiveSmallIntegerField(choices=Level.choices, null=True, blank=True)
    suggested_category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_triaged = models.BooleanField(default=False)
    is_crisis = models.BooleanField(default=False, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=InquiryStatus.choices, default=InquiryStatus.OPEN, db_index=True
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_inquiries",
    )

    received_at = models.DateTimeField(
        _("diterima"), db_index=True, help_text="Platform timestamp of the first inbound message"
    )
    last_message_at = models.DateTimeField(null=True, blank=True)
    first_response_due = models.DateTimeField(null=True, blank=True, db_index=True)
    resolution_due = models.DateTimeField(null=True, blank=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    # The clock the inbox sorts by: first_response_due until the first reply, then resolution_due;
    # empty once resolved or closed. Stored so the 200k-row inbox sorts on an index.
    sla_due_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    resolution_note = models.TextField(blank=True)
    auto_replied_at = models.DateTimeField(null=True, blank=True)
    sla_warning_sent_at = models.DateTimeField(null=True, blank=True)
    sla_breach_notified_at = models.DateTimeField(null=True, blank=True)

    survey_token = models.CharField(max_length=40, unique=True, default=new_survey_token, editable=False)
    survey_sent_at = models.DateTimeField(null=True, blank=True)
    # How the survey went out (SurveyRoute) and its message, whose outbox row tells sent or failed.
    survey_channel = models.CharField(max_length=20, blank=True)
    survey_message = models.ForeignKey(
        "Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    created_at = models.DateTimeField(default=timezone.now)

    objects = InquiryQuerySet.as_manager()

    class Meta:
        ordering = ["first_response_due"]
        verbose_name = _("pertanyaan")
        verbose_name_plural = _("pertanyaan")
        permissions = [
            ("approve_crisis_reply", "Can approve public answers to level-3 inquiries"),
            ("export_inquiries", "Can download the filtered tickets as CSV/XLSX"),
        ]
        constraints = [
            # One open conversation per contact and channel, even when two first messages race.
            models.UniqueConstraint(
                fields=["channel", "contact_key"],
                condition=~Q(status__in=["resolved", "closed"]),
                name="inquiry_one_open_per_contact",
            ),
            # ITB target: every closed ticket is tagged.
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(category__isnull=False), name="inquiry_closed_has_category"
            ),
            models.CheckConstraint(
                condition=Q(is_crisis=False) | Q(level=3), name="inquiry_crisis_is_level_3"
            ),
        ]
        indexes = [
            # The inbox: active inquiries in SLA order, read by LIMIT 50 straight off this index.
            models.Index(
                fields=["sla_due_at", "id"],
                condition=Q(status__in=["open", "waiting_on_unit", "answered"]),
                name="inquiry_active_sla",
            ),
            models.Index(fields=["status", "sla_due_at"], name="inquiry_status_sla"),
            models.Index(fields=["assignee", "status", "sla_due_at"], name="inquiry_assignee_sla"),
            models.Index(fields=["status", "first_response_due"], name="inquiry_status_due"),
            # A lead's first inquiry and its channel (the reports' channel of first contact) read off
            # the index alone: one probe per lead, no table row.
            models.Index(fields=["lead", "received_at", "id", "channel"], name="inquiry_lead_first"),
            models.Index(fields=["assignee", "status"], name="inquiry_assignee_status"),
            models.Index(fields=["received_at"], name="inquiry_received"),
            # "Mine" and the supervisor's per-agent view: one agent's active inquiries in SLA order.
            models.Index(
                fields=["assignee", "sla_due_at", "id"],
                condition=Q(status__in=["open", "waiting_on_unit", "answered"]),
                name="inquiry_active_assignee_sla",
            ),
            # The inbox filtered on a finished status lists newest first; the newest rows are the active
            # ones, so walking received_at alone skipped all of them (50,000 at a million inquiries).
            models.Index(fields=["status", "-received_at", "-id"], name="inquiry_status_received"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_channel_display()} {self.contact_name or self.contact_key}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def sla_state(self, now: datetime, *, due_soon_until: datetime) -> str:
        """breached | due_soon | ok | done: the inbox badge (`due_soon_until` read once per page)."""
        if not self.is_active or self.sla_due_at is None:
            return "done"
        if self.sla_due_at < now:
            return "breached"
        if self.sla_due_at < due_soon_until:
            return "due_soon"
        return "ok"

    def time_left(self, now):
        return self.sla_due_at - now if self.sla_due_at else None


class InquiryStatusChange(models.Model):
    """History row of every status move of an inquiry (reports read these)."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=InquiryStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=InquiryStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now, db_index=True)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("perubahan status pertanyaan")
        verbose_name_plural = _("perubahan status pertanyaan")
        ordering = ["changed_at", "id"]


class Direction(models.TextChoices):
    INBOUND = "inbound", _("Masuk")
    OUTBOUND = "outbound", _("Keluar")
    # A note between agents on the conversation, never sent to the contact.
    INTERNAL = "internal", _("Catatan internal")


class Message(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", "text"
        IMAGE = "image", "image"
        AUDIO = "audio", "audio"
        VIDEO = "video", "video"
        DOCUMENT = "document", "document"
        STICKER = "sticker", "sticker"
        LOCATION = "location", "location"
        CONTACTS = "contacts", "contacts"
        REACTION = "reaction", "reaction"
        COMMENT = "comment", "comment"
        TEMPLATE = "template", "template"
        UNSUPPORTED = "unsupported", "unsupported"
        OTHER = "other", "other"

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(max_length=10, choices=Direction.choices)
    type = models.CharField(max_length=20, default=Kind.TEXT)
    text = models.TextField(blank=True)
    platform_message_id = models.CharField(max_length=200, null=True, blank=True, unique=True)
    sent_at = models.DateTimeField(db_index=True)
    raw = models.JSONField(default=dict, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outbound = models.OneToOneField(
        "automation.OutboundMessage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inquiry_message",
    )
    needs_approval = models.BooleanField(default=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("pesan")
        verbose_name_plural = _("pesan")
        ordering = ["sent_at", "id"]
        indexes = [
            models.Index(fields=["inquiry", "sent_at"], name="message_inquiry_time"),
            # The reports' replies per staff member in a period, counted off the index.
            models.Index(fields=["sent_at", "sent_by", "direction", "inquiry"], name="message_time_staff"),
            # The inbox's "awaiting crisis approval" badge looks only at these few rows.
            models.Index(
                fields=["inquiry"],
                condition=Q(needs_approval=True, approved_by__isnull=True),
                name="message_pending_approval",
            ),
        ]


class EscalationStatus(models.TextChoices):
    OPEN = "open", _("Menunggu jawaban unit")
    FORWARDED = "forwarded", _("Diteruskan")
    VALIDATING = "validating", _("Menunggu validasi")
    ANSWERED = "answered", _("Dijawab unit")
    RELAYED = "relayed", _("Diteruskan ke penanya")


class ChainRole(models.TextChoices):
    """The Unmul response chain, bottom to top."""

    KASUBBAG = "kasubbag", _("Kasubbag")
    KABAG_TU = "kabag_tu", _("Kabag TU")
    WAKIL_DEKAN = "wakil_dekan", _("Wakil Dekan")
    DEKAN = "dekan", _("Dekan")


class ChainMember(models.Model):
    """Who holds a chain role in a unit (Unmul 004: Kasubbag, Kabag TU, Wakil Dekan, Dekan)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="chain_members")
    role = models.CharField(_("jenjang"), max_length=20, choices=ChainRole.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chain_roles")

    class Meta:
        ordering = ["unit", "role"]
        verbose_name = _("pejabat rantai respons")
        verbose_name_plural = _("pejabat rantai respons")
        constraints = [
            models.UniqueConstraint(fields=["unit", "role", "user"], name="chainmember_unique_unit_role_user")
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_role_display()} · {self.user}"


class ChainStepStandard(models.Model):
    """The time standard of one chain role's step, in working minutes (Unmul 004: 10 minutes to 1 day)."""

    role = models.CharField(_("jenjang"), max_length=20, choices=ChainRole.choices, unique=True)
    working_minutes = models.PositiveIntegerField(_("batas waktu (menit kerja)"), default=480)

    class Meta:
        ordering = ["role"]
        verbose_name = _("standar waktu rantai respons")
        verbose_name_plural = pgettext_lazy("jamak", "standar waktu rantai respons")

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.working_minutes}"


class Escalation(models.Model):
    """A level-2 question sent to a unit; forwards up the chain are EscalationSteps."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="escalations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="escalations")
    question = models.TextField()
    status = models.CharField(
        max_length=12, choices=EscalationStatus.choices, default=EscalationStatus.OPEN, db_index=True
    )
    current_role = models.CharField(max_length=20, choices=ChainRole.choices, default=ChainRole.KASUBBAG)
    due_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    relayed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("eskalasi")
        verbose_name_plural = _("eskalasi")
        ordering = ["due_at"]
        indexes = [models.Index(fields=["unit", "status", "due_at"], name="escalation_unit_queue")]
        permissions = [("answer_escalation", "Can answer escalations addressed to own unit")]


class EscalationStep(models.Model):
    """Permanent archive of every hand-off, answer and approval along the response chain."""

    class Action(models.TextChoices):
        CREATED = "created", _("Dieskalasi")
        FORWARDED = "forwarded", _("Diteruskan")
        VALIDATED = "validated", _("Divalidasi")
        ANSWERED = "answered", _("Dijawab")
        APPROVED = "approved", _("Disetujui")
        RELAYED = "relayed", _("Disampaikan ke penanya")

    escalation = models.ForeignKey(Escalation, on_delete=models.PROTECT, related_name="steps")
    action = models.CharField(max_length=12, choices=Action.choices)
    chain_role = models.CharField(
        max_length=40, blank=True, help_text="Kasubbag, Kabag TU, Wakil Dekan, Dekan"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)  # typed, or an automatic note's words (code: `core.texts`)
    note_code = models.CharField(max_length=60, blank=True)
    note_params = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # A hand-off starts the receiving role's own clock (ChainStepStandard); empty for other actions.
    due_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("langkah eskalasi")
        verbose_name_plural = _("langkah eskalasi")
        ordering = ["created_at", "id"]

    def get_note_display(self) -> str:
        return render(self.note_code, self.note_params, fallback=self.note)

    @property
    def role_label(self) -> str:
        return ChainRole(self.chain_role).label if self.chain_role in ChainRole.values else self.chain_role


class SurveyResponse(models.Model):
    inquiry = models.OneToOneField(Inquiry, on_delete=models.CASCADE, related_name="survey")
    score = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("jawaban survei")
        verbose_name_plural = _("jawaban survei")
        constraints = [
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="survey_score_1_to_5")
        ]


class InboxActivity(models.Model):
    """When an admin last worked the inbox (SOP 02 stage 1.1 monitoring rhythm)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    worked_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("aktivitas inbox")
        verbose_name_plural = _("aktivitas inbox")


class TicketExport(models.Model):
    """Who downloaded which tickets, when (ITB care center 10: the supervisor's data download, logged)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    file_format = models.CharField(max_length=4)
    filters = models.JSONField(default=dict)
    row_count = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("unduhan tiket")
        verbose_name_plural = pgettext_lazy("jamak", "unduhan tiket")


class AssignmentMode(models.TextChoices):
    MANUAL = "manual", _("Manual")
    ROUND_ROBIN = "round_robin", _("Bergiliran (round robin)")
    LEAST_LOAD = "least_load", _("Beban paling sedikit")


class InboxSettings(models.Model):
    """How new conversations are assigned among the admins on duty (one row, edited in the admin)."""

    assignment_mode = models.CharField(
        _("penugasan otomatis"), max_length=12, choices=AssignmentMode.choices, default=AssignmentMode.MANUAL
    )
    last_assigned = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("pengaturan inbox")
        verbose_name_plural = _("pengaturan inbox")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="inboxsettings_single_row")]

    @classmethod
    def current(cls) -> InboxSettings:
        row, _created = cls.objects.get_or_create(pk=1)
        return row


class AgentPresence(models.Model):
    """An inbox agent's "away" switch: away agents get no new conversations."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inbox_presence"
    )
    is_away = models.BooleanField(default=False)
    changed_at = models.DateTimeField(default=timezone.now)


class ConversationActivity(models.Model):
    """Who is typing in a conversation right now (the "someone else is answering" warning)."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    typing_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["inquiry", "user"], name="conversationactivity_one_per_user")
        ]


class MessageAttachment(models.Model):
    """An image, document or audio the contact sent, fetched from the platform by the worker."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=20)  # image | audio | video | document | sticker | file
    file = models.FileField(upload_to="inbox/%Y/%m/", blank=True)
    mime_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    filename = models.CharField(max_length=200, blank=True)
    error = models.CharField(max_length=300, blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    @property
    def is_image(self) -> bool:
        return self.mime_type.startswith("image/")

    @property
    def is_audio(self) -> bool:
        return self.mime_type.startswith("audio/")
