"""THE list of every place a person's data lives (UU PDP). Erase and the right-of-access export
both read it, and `tests/privacy/test_registry.py` fails when a model gains a text or JSON column
that is neither listed here nor in NOT_PERSONAL: a new table cannot forget the person.

Each entry says how its rows are found for one person and what erase does with each column:
- `lead_paths` / `inquiry_paths`: ORM paths from the model to the Lead / to an Inquiry of the
  person (rows reached by either belong to the person);
- `search`: no link to the lead; rows are found by looking for the person's identifiers in them
  (raw webhook bodies, audit details, alerts, saved filters, the admin log);
- `clear`: emptied (the person's own words and contact data);
- `redact`: staff free text about the person: only the person's identifiers are replaced;
- `replace`: a neutral value computed per row (the name becomes "(dihapus #id)");
- `delete`: the rows are deleted;
- `context`: exported alongside (dates, statuses), not personal.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db import models


@dataclass(frozen=True)
class PersonalData:
    model: str
    section: str
    lead_paths: tuple[str, ...] = ()
    inquiry_paths: tuple[str, ...] = ()
    search: bool = False
    clear: tuple[str, ...] = ()
    redact: tuple[str, ...] = ()
    replace: tuple[str, ...] = ()
    delete: bool = False
    context: tuple[str, ...] = ()

    @property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    @property
    def personal_fields(self) -> tuple[str, ...]:
        return self.replace + self.clear + self.redact


REGISTRY: tuple[PersonalData, ...] = (
    PersonalData(
        "leads.Lead",
        "lead",
        lead_paths=("pk",),
        replace=("full_name",),
        clear=("phone", "whatsapp", "email", "instagram", "facebook", "linkedin", "identity_number", "notes"),
        redact=("source_detail",),
        context=(
            "status",
            "temperature",
            "track",
            "source",
            "obtained_at",
            "created_at",
            "has_marketing_consent",
        ),
    ),
    PersonalData(
        "leads.LeadContact",
        "contacts",
        lead_paths=("lead",),
        delete=True,
        clear=("value",),
        context=("kind",),
    ),
    PersonalData(
        "leads.ConsentRecord",
        "consents",
        lead_paths=("lead",),
        redact=("wording",),
        context=("channel", "is_granted", "recorded_at", "source"),
    ),
    PersonalData(
        "leads.LeadStatusChange",
        "status_history",
        lead_paths=("lead",),
        clear=("note", "note_params"),
        context=("from_status", "to_status", "changed_at", "reason"),
    ),
    PersonalData(
        "leads.Interaction",
        "interactions",
        lead_paths=("lead",),
        clear=(
            "note",
            "note_params",
        ),  # a call log on the person's own record is all about them: cleared whole
        context=("kind", "direction", "outcome", "occurred_at"),
    ),
    PersonalData(
        "leads.FollowUp",
        "follow_ups",
        lead_paths=("lead",),
        redact=("reason", "reason_params"),
        context=("kind", "due_at", "completed_at", "cancelled_at"),
    ),
    PersonalData(
        "leads.LeadMerge",
        "merges",
        lead_paths=("kept",),
        clear=("merged_snapshot", "kept_snapshot"),  # both leads' fields, kept for an undo
        context=("merged_at", "undone_at"),
    ),
    PersonalData("leads.SavedSegment", "saved_filters", search=True, redact=("name", "query")),
    # An import's preview rows (emptied when it ends) and its rejected rows (kept
    # IMPORT_REJECTED_RETENTION_DAYS for the CSV download): no lead link, found by identifiers.
    PersonalData(
        "leads.ImportJob",
        "imports",
        search=True,
        redact=("filename", "preview", "error"),
        context=("created_at",),
    ),
    PersonalData(
        "leads.ImportRejectedRow",
        "import_rejected_rows",
        search=True,
        redact=("cells", "reason"),
        context=("line",),
    ),
    PersonalData(
        "inquiries.Inquiry",
        "inquiries",
        lead_paths=("lead",),
        inquiry_paths=("pk",),
        replace=("contact_key",),
        clear=("contact_name", "subject"),
        redact=("resolution_note",),
        context=("channel", "level", "status", "received_at", "resolved_at"),
    ),
    PersonalData(
        "inquiries.Message",
        "inquiry_messages",
        lead_paths=("inquiry__lead",),
        inquiry_paths=("inquiry",),
        clear=("text", "raw"),
        context=("inquiry_id", "direction", "type", "sent_at"),
    ),
    PersonalData(
        "inquiries.InquiryStatusChange",
        "inquiry_status_history",
        lead_paths=("inquiry__lead",),
        inquiry_paths=("inquiry",),
        redact=("note",),
        context=("inquiry_id", "from_status", "to_status", "changed_at"),
    ),
    PersonalData(
        "inquiries.Escalation",
        "escalations",
        lead_paths=("inquiry__lead",),
        inquiry_paths=("inquiry",),
        redact=("question", "answer"),
        context=("inquiry_id", "status", "created_at"),
    ),
    PersonalData(
        "inquiries.EscalationStep",
        "escalation_steps",
        lead_paths=("escalation__inquiry__lead",),
        inquiry_paths=("escalation__inquiry",),
        redact=("note", "note_params"),
        context=("escalation_id", "action", "chain_role", "created_at"),
    ),
    PersonalData(
        "inquiries.SurveyResponse",
        "survey",
        lead_paths=("inquiry__lead",),
        inquiry_paths=("inquiry",),
        clear=("comment",),
        context=("inquiry_id", "score", "submitted_at"),
    ),
    PersonalData(
        "inquiries.WebhookEvent",
        "raw_webhooks",
        search=True,
        redact=("body", "error"),
        context=("source", "received_at"),
    ),
    PersonalData(
        "automation.OutboundMessage",
        "outbound_messages",
        lead_paths=("lead",),
        inquiry_paths=("inquiry",),
        clear=(
            "recipient",
            "subject",
            "body",
            "html_body",
            "template_params",
            "last_error",
            "last_error_params",
        ),
        context=("channel", "purpose", "status", "created_at", "sent_at"),
    ),
    PersonalData("core.Alert", "alerts", search=True, redact=("message", "params"), context=("created_at",)),
    PersonalData(
        "inquiries.MessageAttachment",
        "attachments",
        lead_paths=("message__inquiry__lead",),
        inquiry_paths=("message__inquiry",),
        clear=("filename",),
        context=("kind", "mime_type"),
    ),
    PersonalData("inquiries.TicketExport", "ticket_exports", search=True, redact=("filters",)),
    PersonalData(
        "core.AuditLog", "audit_log", search=True, redact=("detail",), context=("action", "created_at")
    ),
    PersonalData(
        "admin.LogEntry",
        "admin_log",
        search=True,
        redact=("object_repr", "change_message"),
        context=("action_time",),
    ),
)

# Text and JSON columns that never hold a prospect's data (staff accounts, configuration, choices,
# machine ids). Fields with `choices` are not listed: they hold codes, not free text.
NOT_PERSONAL: dict[str, set[str]] = {
    "auth.User": {"password", "username", "first_name", "last_name", "email"},  # staff, not prospects
    "auth.Group": {"name"},
    "auth.Permission": {"name", "codename"},
    "contenttypes.ContentType": {"app_label", "model"},
    "sessions.Session": {"session_key", "session_data"},  # staff sessions: ids and messages only
    "authtoken.Token": {"key"},
    "authtoken.TokenProxy": {"key"},
    "admin.LogEntry": {"object_id"},
    "axes.AccessAttempt": {
        "user_agent",
        "ip_address",
        "username",
        "http_accept",
        "path_info",
        "get_data",
        "post_data",
    },
    "axes.AccessFailureLog": {"user_agent", "ip_address", "username", "http_accept", "path_info"},
    "axes.AccessLog": {"user_agent", "ip_address", "username", "http_accept", "path_info", "session_hash"},
    "django_celery_beat.PeriodicTask": {
        "name",
        "task",
        "args",
        "kwargs",
        "queue",
        "exchange",
        "routing_key",
        "headers",
        "description",
    },
    "django_celery_beat.CrontabSchedule": {
        "minute",
        "hour",
        "day_of_week",
        "day_of_month",
        "month_of_year",
        "timezone",
    },
    "django_celery_beat.SolarSchedule": {"event"},
    "django_celery_beat.PeriodicTasks": set(),
    "core.OfficeClosure": {"name"},
    "core.HoursOverride": {"name"},
    "core.ResponseTemplate": {
        "name",
        "category",
        "track",
        "language",
        "subject",
        "body",
        "whatsapp_template_name",
    },
    "core.AuditLog": {"action", "object_type", "object_id"},
    "leads.StudyProgram": {"code", "name"},
    "leads.Institution": {"name", "npsn", "city"},  # schools and companies, not people
    "leads.Interaction": {"note_code"},  # a text code (inquiries.texts)
    "leads.FollowUp": {"dedup_key", "reason_code"},  # reason_code: a text code (leads.texts)
    "leads.LeadStatusChange": {"reason", "note_code"},  # codes (LostReason, a text code), not free text
    "leads.ImportJob": {"stored_path", "claim_task_id"},  # a server path under MEDIA_ROOT, a task id
    "leads.ConsentRecord": {"source"},  # where consent was given: a code
    "inquiries.EscalationStep": {"chain_role", "note_code"},
    "inquiries.WebhookEvent": {"source", "digest"},  # digest: SHA-256 of the body, not reversible
    "inquiries.Unit": {"name", "code", "email"},
    "inquiries.Category": {"name", "keywords", "code"},
    "inquiries.Inquiry": {"survey_token", "campaign_code", "survey_channel"},
    "inquiries.Message": {"platform_message_id", "type"},
    "automation.OutboundMessage": {
        "template_name",
        "template_language",
        "error_code",
        "last_error_code",  # a text code (outbox.texts)
        "provider_message_id",
        "dedup_key",
        "claim_task_id",
    },
    "automation.WhatsAppTemplate": {"name", "language", "body_preview", "parameters"},
    "leads.Campaign": {"name", "subject", "body", "review_note"},  # newsletter text written for everyone
    "leads.CampaignRun": {"period"},
    "leads.Lead": {"unsubscribe_token", "campaign_code"},
    "leads.LeadMerge": {"moved_rows"},  # ids of the rows a merge moved, per table
    "privacy.DuplicateCandidate": {"reasons"},  # reason codes of a suggested pair
    "core.Alert": {"key", "url", "code", "topic"},  # a text code; what the alert is about (ids)
    "core.TemplateVersion": {
        "subject",
        "body",
        "whatsapp_template_name",
        "whatsapp_language",
        "whatsapp_parameters",
        "change_note",
        "review_note",
        "source",
    },
    "core.TemplateVersionChange": {"note", "note_code", "note_params"},
    "core.TemplateUsage": {"object_type"},
    "inquiries.TicketExport": {"file_format"},
    "inquiries.MessageAttachment": {"kind", "mime_type", "error"},
    "content.ContentItem": {
        "code",
        "title",
        "campaign",
        "brief",
        "caption",
        "target_url",
        "url",
        "media_id",
        "checked_points",
    },
    "content.ContentStatusChange": {"note"},
    "content.ContentAsset": {"name", "link", "content_type"},
    "reports.SourceCost": {"source", "event", "note"},
    "reports.ReportRecipient": {"email", "name"},  # staff who receive reports
    # report files hold counts per channel and source, never a person's row
    "reports.ReportAttachment": {"filename", "content_type", "content"},
    # counts per day and channel/source/event/track; an event is the leads' source detail as it is
    # now: an erasure redacts the lead's and recounts its day in the same transaction
    "reports.CohortDay": {"channel", "source", "source_detail", "track"},
}


def text_columns(model: type[models.Model]) -> list[models.Field]:
    """The columns of `model` that can hold free text: char, text, JSON and binary fields."""
    kinds = (models.CharField, models.TextField, models.JSONField, models.BinaryField)
    return [f for f in model._meta.concrete_fields if isinstance(f, kinds) and not f.choices]
