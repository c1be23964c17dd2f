"""Sensitive writes on leads that are audited (core.models.AuditLog): list export, merge, and the
data-subject rights of UU PDP (export everything held about one person, erase on request)."""

from __future__ import annotations

import csv
import io

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from core.models import AuditLog
from core.spreadsheets import csv_bytes, xlsx_bytes
from leads.models import ConsentRecord, FollowUp, Interaction, Lead, LeadContact, LeadMerge, LeadStatusChange

EXPORT_COLUMNS = [
    "id",
    "full_name",
    "phone",
    "whatsapp",
    "email",
    "status",
    "temperature",
    "track",
    "source",
    "source_detail",
    "institution",
    "city",
    "program",
    "owner",
    "has_marketing_consent",
    "obtained_at",
    "created_at",
]


def _row(lead: Lead) -> list:
    return [
        lead.pk,
        lead.full_name,
        lead.phone,
        lead.whatsapp,
        lead.email,
        lead.status,
        lead.temperature,
        lead.track,
        lead.source,
        lead.source_detail,
        lead.institution.name if lead.institution else "",
        lead.institution.city if lead.institution else "",
        lead.program.name if lead.program else "",
        lead.owner.username if lead.owner else "",
        lead.has_marketing_consent,
        timezone.localtime(lead.obtained_at).strftime("%Y-%m-%d %H:%M"),
        timezone.localtime(lead.created_at).strftime("%Y-%m-%d %H:%M"),
    ]


def export_leads(queryset: QuerySet[Lead], *, fmt: str, by, query: str = "") -> bytes:
    """The filtered list as CSV or XLSX bytes; the export is logged with its filter and row count."""
    rows = [_row(lead) for lead in queryset.iterator(chunk_size=2000)]
    if fmt == "xlsx":
        content = xlsx_bytes([("leads", EXPORT_COLUMNS, rows)])
    else:
        content = csv_bytes(EXPORT_COLUMNS, rows)
    AuditLog.objects.create(
        action="leads.export",
        actor=by,
        object_type="lead",
        detail={"format": fmt, "query": query, "rows": len(rows)},
    )
    return content


def _snapshot(lead: Lead) -> dict:
    return {
        field.attname: (None if getattr(lead, field.attname) is None else str(getattr(lead, field.attname)))
        for field in Lead._meta.concrete_fields
    }


def merge_leads(*, keep: Lead, merge: Lead, by) -> Lead:
    """Move everything of `merge` onto `keep` (interactions, inquiries, follow-ups, history, consent,
    contacts, messages), fill `keep`'s blank fields from it, delete it and record the merge."""
    from automation.models import OutboundMessage
    from inquiries.models import Inquiry

    with transaction.atomic():
        keep, merge = (Lead.objects.select_for_update().get(pk=pk) for pk in (keep.pk, merge.pk))
        snapshot = _snapshot(merge)
        for model in (Interaction, FollowUp, LeadStatusChange, ConsentRecord, Inquiry, OutboundMessage):
            model.objects.filter(lead=merge).update(lead=keep)
        contacts = list(merge.contacts.all())
        LeadContact.objects.filter(lead=merge).delete()  # free the unique values before moving them
        LeadContact.objects.bulk_create(LeadContact(lead=keep, kind=c.kind, value=c.value) for c in contacts)
        for name in (
            "phone",
            "whatsapp",
            "email",
            "instagram",
            "facebook",
            "linkedin",
            "identity_number",
            "institution_id",
            "program_id",
            "owner_id",
            "source_detail",
        ):
            if not getattr(keep, name) and getattr(merge, name):
                setattr(keep, name, getattr(merge, name))
        if merge.notes:
            keep.notes = f"{keep.notes}\n{merge.notes}".strip()
        keep.has_marketing_consent = (
            keep.consents.order_by("-recorded_at", "-id").values_list("is_granted", flat=True).first()
            or False
        )
        keep.save()
        merged_id = merge.pk
        merge.delete()
        LeadMerge.objects.create(kept=keep, merged_lead_id=merged_id, merged_snapshot=snapshot, merged_by=by)
        AuditLog.objects.create(
            action="leads.merge",
            actor=by,
            object_type="lead",
            object_id=str(keep.pk),
            detail={"merged_lead_id": merged_id},
        )
    return keep


def personal_data(lead: Lead) -> dict:
    """Everything held about one lead (UU PDP right of access)."""
    return {
        "lead": _snapshot(lead),
        "contacts": list(lead.contacts.values("kind", "value")),
        "consents": [
            {
                "channel": c.channel,
                "is_granted": c.is_granted,
                "recorded_at": c.recorded_at.isoformat(),
                "wording": c.wording,
                "source": c.source,
            }
            for c in lead.consents.all()
        ],
        "status_history": [
            {
                "from": s.from_status,
                "to": s.to_status,
                "changed_at": s.changed_at.isoformat(),
                "note": s.note,
                "reason": s.reason,
            }
            for s in lead.status_changes.all()
        ],
        "interactions": [
            {
                "kind": i.kind,
                "direction": i.direction,
                "outcome": i.outcome,
                "note": i.note,
                "occurred_at": i.occurred_at.isoformat(),
            }
            for i in lead.interactions.all()
        ],
        "follow_ups": [
            {
                "kind": f.kind,
                "due_at": f.due_at.isoformat(),
                "reason": f.reason,
                "completed_at": f.completed_at.isoformat() if f.completed_at else None,
            }
            for f in lead.follow_ups.all()
        ],
        "messages": list(
            lead.outbound_messages.values("channel", "recipient", "subject", "body", "status", "created_at")
        ),
        "inquiries": [
            {
                "id": inquiry.pk,
                "channel": inquiry.channel,
                "messages": list(inquiry.messages.values("direction", "text", "sent_at")),
            }
            for inquiry in lead.inquiries.all()
        ],
    }


def export_personal_data(lead: Lead, *, fmt: str, by) -> bytes:
    """The person's data as JSON, or CSV (section, field, value); logged."""
    import json

    data = personal_data(lead)
    AuditLog.objects.create(
        action="leads.pdp_export",
        actor=by,
        object_type="lead",
        object_id=str(lead.pk),
        detail={"format": fmt},
    )
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["section", "index", "field", "value"])
        for key, value in data["lead"].items():
            writer.writerow(["lead", 0, key, value])
        for section in (
            "contacts",
            "consents",
            "status_history",
            "interactions",
            "follow_ups",
            "messages",
            "inquiries",
        ):
            for index, item in enumerate(data[section]):
                for key, value in item.items():
                    writer.writerow([section, index, key, value])
        return buffer.getvalue().encode("utf-8-sig")
    return json.dumps(data, ensure_ascii=False, indent=2, default=str).encode("utf-8")


def erase_lead(lead: Lead, *, by, note: str = "") -> Lead:
    """Anonymise the person's fields and free-text notes while keeping the rows reports count
    (status, source, track, programme, dates, history); logged."""
    with transaction.atomic():
        lead = Lead.objects.select_for_update().get(pk=lead.pk)
        lead.full_name = f"(dihapus #{lead.pk})"
        for name in (
            "phone",
            "whatsapp",
            "email",
            "instagram",
            "facebook",
            "linkedin",
            "identity_number",
            "notes",
        ):
            setattr(lead, name, "")
        lead.has_marketing_consent = False
        lead.is_erased = True
        lead.save()
        lead.contacts.all().delete()
        lead.interactions.update(note="")
        lead.consents.update(wording="")
        lead.status_changes.update(note="")
        lead.outbound_messages.update(recipient="", body="", html_body="", subject="")
        from django.db.models import CharField, Value
        from django.db.models.functions import Cast, Concat

        from inquiries.models import Inquiry, Message

        Message.objects.filter(inquiry__lead=lead).update(text="", raw={})
        Inquiry.objects.filter(lead=lead).update(
            contact_name="", contact_key=Concat(Value("dihapus-"), Cast("id", CharField()))
        )
        lead.follow_ups.pending().update(cancelled_at=timezone.now())
        AuditLog.objects.create(
            action="leads.pdp_erase",
            actor=by,
            object_type="lead",
            object_id=str(lead.pk),
            detail={"note": note},
        )
    return lead
