"""UU PDP writes: export everything held about a person, erase a person everywhere (driven by
privacy.registry), and purge raw payloads past their retention. Merging two records of one person
(and undoing it) is in privacy.services.merging, finding them in privacy.services.duplicates."""

from __future__ import annotations

import datetime as dt
import json

from django.conf import settings
from django.db import models, transaction
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from core import changes
from core.models import AuditLog
from core.spreadsheets import csv_bytes
from inquiries.models import Inquiry, WebhookEvent
from leads.models import Lead
from outbox.models import OutboundMessage, OutboundStatus
from privacy.models import DuplicateCandidate
from privacy.redaction import Identifiers, Redactor
from privacy.registry import REGISTRY, PersonalData

REPLACEMENTS = {
    ("leads.Lead", "full_name"): lambda: Concat(Value("(dihapus #"), Cast("pk", CharField()), Value(")")),
    ("inquiries.Inquiry", "contact_key"): lambda: Concat(Value("dihapus-"), Cast("pk", CharField())),
}


# --- finding the person ----------------------------------------------------------------------


def person_inquiry_ids(lead: Lead) -> set[int]:
    """The person's conversations: linked to the lead, or from one of the lead's contact keys."""
    keys = {value for value in (lead.phone, lead.whatsapp, lead.email) if value}
    keys |= set(lead.contacts.values_list("value", flat=True))
    keys |= {key.lstrip("+") for key in keys if key.startswith("+")}  # a WhatsApp wa_id has no plus
    query = Q(lead=lead)
    if keys:
        query |= Q(contact_key__in=keys)
    return set(Inquiry.objects.filter(query).values_list("pk", flat=True))


def _scoped(entry: PersonalData, lead: Lead, inquiry_ids: set[int]) -> models.QuerySet:
    query = Q(pk__in=[])
    for path in entry.lead_paths:
        query |= Q(**{path: lead.pk})
    for path in entry.inquiry_paths:
        query |= Q(**{f"{path}__in" if path != "pk" else "pk__in": inquiry_ids})
    return entry.model_class._default_manager.filter(query)


def identifiers_of(lead: Lead, inquiry_ids: set[int]) -> Identifiers:
    """Every identifier of the person: names, phones, emails, handles and numbers they sent."""
    from inquiries.models import Message, SurveyResponse

    ids = Identifiers()
    if not lead.is_erased:
        ids.names.add(lead.full_name)
    ids.phones |= {p for p in (lead.phone, lead.whatsapp) if p}
    ids.emails |= {e for e in (lead.email,) if e}
    ids.handles |= {h for h in (lead.instagram, lead.facebook, lead.linkedin) if h}
    if lead.identity_number:
        ids.numbers.add("".join(ch for ch in lead.identity_number if ch.isdigit()) or lead.identity_number)
    for kind, value in lead.contacts.values_list("kind", "value"):
        if value.startswith("+"):
            ids.phones.add(value)
        elif "@" in value and kind == "email":
            ids.emails.add(value)
        else:
            ids.handles.add(value)
    for name, key, subject in Inquiry.objects.filter(pk__in=inquiry_ids).values_list(
        "contact_name", "contact_key", "subject"
    ):
        if name and not key.startswith("dihapus-"):
            ids.names.add(name)
        if "@" in key:
            ids.emails.add(key)
        elif key.isdigit() and len(key) >= 6:
            ids.numbers.add(key)  # a wa_id, PSID or IGSID
        elif key and not key.startswith("dihapus-"):
            ids.handles.add(key)
        ids.add_text(subject)
    for text in Message.objects.filter(inquiry__in=inquiry_ids, direction="inbound").values_list(
        "text", flat=True
    ):
        ids.add_text(text)
    for comment in SurveyResponse.objects.filter(inquiry__in=inquiry_ids).values_list("comment", flat=True):
        ids.add_text(comment)
    ids.add_text(lead.notes)
    ids.numbers = {n for n in ids.numbers if len(n) >= 6}
    return ids


def _value_matches(value, redactor: Redactor) -> bool:
    if value is None:
        return False
    if isinstance(value, (bytes, memoryview)):
        return _body_text(value) is not None and redactor.json_found(_body_data(value))
    if isinstance(value, (dict, list)):
        return redactor.json_found(value)
    return redactor.found_in(str(value))


def _body_text(raw) -> str | None:
    return bytes(raw).decode("utf-8", errors="replace") if raw is not None else None


def _body_data(raw):
    text = _body_text(raw)
    try:
        return json.loads(text)
    except ValueError:
        return text


def _matching(entry: PersonalData, redactor: Redactor):
    """Rows of a `search` entry that mention the person (a full scan: rare, bounded by retention)."""
    names = list(entry.personal_fields)
    for row in entry.model_class._default_manager.only("pk", *names).order_by("pk").iterator(chunk_size=2000):
        if any(_value_matches(getattr(row, name), redactor) for name in names):
            yield row


# --- right of access -------------------------------------------------------------------------


def _exportable(value):
    if isinstance(value, (bytes, memoryview)):
        return _body_data(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return value


def personal_data(lead: Lead) -> dict:
    """Everything held about one person (UU PDP right of access), section per registry entry."""
    inquiry_ids = person_inquiry_ids(lead)
    redactor = identifiers_of(lead, inquiry_ids).matcher()
    data: dict[str, list[dict]] = {}
    for entry in REGISTRY:
        names = ["pk", *entry.context, *entry.personal_fields]
        if entry.search:
            rows = [
                {name: _exportable(getattr(row, name)) for name in names}
                for row in _matching_full(entry, redactor)
            ]
        else:
            rows = [
                {name: _exportable(value) for name, value in row.items()}
                for row in _scoped(entry, lead, inquiry_ids).order_by("pk").values(*names)
            ]
        data[entry.section] = rows
    data["lead"] = data["lead"][0] if data["lead"] else {}
    return data


def _matching_full(entry: PersonalData, redactor: Redactor):
    pks = [row.pk for row in _matching(entry, redactor)]
    return entry.model_class._default_manager.filter(pk__in=pks).order_by("pk")


def export_personal_data(lead: Lead, *, fmt: str, by) -> bytes:
    """The person's data as JSON, or CSV (section, index, field, value); logged."""
    data = personal_data(lead)
    AuditLog.objects.create(
        action="leads.pdp_export",
        actor=by,
        object_type="lead",
        object_id=str(lead.pk),
        detail={"format": fmt},
    )
    if fmt == "csv":
        rows = [["lead", 0, key, value] for key, value in data["lead"].items()]
        for section, items in data.items():
            if section == "lead":
                continue
            for index, item in enumerate(items):
                for key, value in item.items():
                    if isinstance(value, (dict, list)):
                        value = json.dumps(value, ensure_ascii=False, default=str)
                    rows.append([section, index, key, value])
        return csv_bytes(["section", "index", "field", "value"], rows)
    return json.dumps(data, ensure_ascii=False, indent=2, default=str).encode("utf-8")


# --- erase -----------------------------------------------------------------------------------


def _empty(field: models.Field):
    if isinstance(field, models.JSONField):
        return field.get_default()
    if isinstance(field, models.BinaryField):
        return b""
    return ""


def _redacted(value, redactor: Redactor):
    if value is None:
        return None
    if isinstance(value, (bytes, memoryview)):
        return redactor.body(bytes(value))
    if isinstance(value, (dict, list)):
        return redactor.json(value)
    return redactor.text(value)


def _redact_rows(entry: PersonalData, rows, redactor: Redactor) -> int:
    changed = 0
    manager = entry.model_class._default_manager
    for row in rows:
        updates = {}
        for name in entry.redact:
            old = getattr(row, name)
            new = _redacted(old, redactor)
            if (bytes(old) if isinstance(old, memoryview) else old) != new:
                updates[name] = new
        if updates:
            manager.filter(pk=row.pk).update(**updates)
            changed += 1
    return changed


def erase_person(lead: Lead, *, redactor: Redactor, inquiry_ids: set[int]) -> dict[str, int]:
    """Apply every registry entry to one person; returns rows touched per section."""
    touched: dict[str, int] = {}
    for entry in REGISTRY:
        model = entry.model_class
        if entry.search:
            touched[entry.section] = _redact_rows(entry, list(_matching(entry, redactor)), redactor)
            continue
        queryset = _scoped(entry, lead, inquiry_ids)
        if entry.delete:
            touched[entry.section] = queryset.delete()[0]
            continue
        pks = list(queryset.values_list("pk", flat=True))
        rows = model._default_manager.filter(pk__in=pks)
        if entry.redact:
            _redact_rows(entry, rows.only("pk", *entry.redact), redactor)
        updates = {name: _empty(model._meta.get_field(name)) for name in entry.clear}
        updates |= {name: REPLACEMENTS[(entry.model, name)]() for name in entry.replace}
        if updates:
            rows.update(**updates)
        touched[entry.section] = len(pks)
    return touched


def erase_lead(lead: Lead, *, by, note: str = "") -> Lead:
    """Erase the person everywhere the registry lists (their own fields and words cleared, staff
    notes redacted for their identifiers), keeping the rows reports count; logged."""
    with transaction.atomic():
        lead = Lead.objects.select_for_update().get(pk=lead.pk)
        inquiry_ids = person_inquiry_ids(lead)
        redactor = identifiers_of(lead, inquiry_ids).matcher()
        touched = erase_person(lead, redactor=redactor, inquiry_ids=inquiry_ids)
        Lead.objects.filter(pk=lead.pk).update(has_marketing_consent=False, is_erased=True)
        # Counted figures keep the lead; derived rows holding its (now redacted) event are recounted.
        changes.leads_changed([lead.pk], recount=True)
        # The duplicate finder never shows an erased lead (its next scan leaves them out too).
        DuplicateCandidate.objects.filter(Q(lead_low=lead) | Q(lead_high=lead)).delete()
        lead.follow_ups.pending().update(cancelled_at=timezone.now())
        AuditLog.objects.create(
            action="leads.pdp_erase",
            actor=by,
            object_type="lead",
            object_id=str(lead.pk),
            detail={"note": redactor.text(note.replace("\x00", ""))[:2000], "rows": touched},
        )
    lead.refresh_from_db()
    return lead


# --- retention -------------------------------------------------------------------------------

_DONE = (OutboundStatus.SENT, OutboundStatus.DELIVERED, OutboundStatus.READ)


def purge_expired_raw_data(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Blank raw webhook bodies processed more than WEBHOOK_BODY_RETENTION_DAYS ago and outbox
    bodies delivered more than OUTBOX_BODY_RETENTION_DAYS ago (the rows and statuses stay)."""
    now = now or timezone.now()
    webhook_cutoff = now - dt.timedelta(days=settings.WEBHOOK_BODY_RETENTION_DAYS)
    webhooks = (
        WebhookEvent.objects.filter(state=WebhookEvent.State.PROCESSED, processed_at__lt=webhook_cutoff)
        .exclude(body=b"")
        .update(body=b"")
    )
    outbox_cutoff = now - dt.timedelta(days=settings.OUTBOX_BODY_RETENTION_DAYS)
    delivered_before = Q(delivered_at__lt=outbox_cutoff) | Q(
        delivered_at__isnull=True, sent_at__lt=outbox_cutoff
    )
    outbox = (
        OutboundMessage.objects.filter(delivered_before, status__in=_DONE)
        .exclude(body="", html_body="", template_params=[])
        .update(body="", html_body="", template_params=[])
    )
    return {"webhook_bodies": webhooks, "outbox_bodies": outbox}


# Re-exported: pages and tests call privacy.services.merge_leads / undo_merge / scan_duplicates.
from privacy.services.duplicates import dismiss_duplicate, request_duplicate_scan, scan_duplicates  # noqa: E402
from privacy.services.merging import MergeRefused, merge_leads, undo_merge  # noqa: E402

__all__ = [
    "MergeRefused",
    "dismiss_duplicate",
    "erase_lead",
    "export_personal_data",
    "merge_leads",
    "personal_data",
    "purge_expired_raw_data",
    "request_duplicate_scan",
    "scan_duplicates",
    "undo_merge",
]
