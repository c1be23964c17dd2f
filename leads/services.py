"""Writes on leads. Every path that creates a lead (form, import, API, webhook, public form) goes
through `create_lead`, so de-duplication, consent and the welcome message apply everywhere."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from leads.models import ConsentChannel, ConsentRecord, ContactKind, Lead, LeadContact, LeadStatus, LeadStatusChange, VerificationState
from leads.phones import normalize_email


@dataclass
class LeadResult:
    lead: Lead
    created: bool


def contact_values(*, phone: str = "", whatsapp: str = "", email: str = "", instagram: str = "", facebook: str = "") -> list[tuple[str, str]]:
    """The normalised (kind, value) pairs a lead with these fields owns; inputs already E.164."""
    values: list[tuple[str, str]] = []
    for number in (phone, whatsapp):
        if number and (ContactKind.PHONE, number) not in values:
            values.append((ContactKind.PHONE, number))
    if email:
        values.append((ContactKind.EMAIL, normalize_email(email)))
    if instagram:
        values.append((ContactKind.INSTAGRAM, instagram.strip().lstrip("@").lower()))
    if facebook:
        values.append((ContactKind.FACEBOOK, facebook.strip()))
    return values


def find_existing_lead(**contacts: str) -> Lead | None:
    """The lead that already owns any of these contacts (phone and WhatsApp match each other)."""
    pairs = contact_values(**contacts)
    if not pairs:
        return None
    from django.db.models import Q

    query = Q()
    for kind, value in pairs:
        query |= Q(kind=kind, value=value)
    match = LeadContact.objects.filter(query).select_related("lead").order_by("lead_id").first()
    return match.lead if match else None


def create_lead(
    *,
    full_name: str,
    phone: str = "",
    whatsapp: str = "",
    email: str = "",
    instagram: str = "",
    facebook: str = "",
    by=None,
    consent: bool | None = None,
    consent_wording: str = "",
    consent_source: str = "",
    status: str = LeadStatus.NEW,
    **fields,
) -> LeadResult:
    """Create a lead, or return the existing one that owns any of its contacts (never two leads).

    Phones must already be E.164 (see leads.phones.normalize_phone). The database's unique
    constraint on LeadContact decides races: the loser of two concurrent creations gets the winner.
    """
    email = normalize_email(email)
    contacts = {"phone": phone, "whatsapp": whatsapp, "email": email, "instagram": instagram, "facebook": facebook}
    existing = find_existing_lead(**contacts)
    if existing is not None:
        return LeadResult(existing, False)
    now = timezone.now()
    try:
        with transaction.atomic():
            lead = Lead(
                full_name=full_name.strip(),
                phone=phone,
                whatsapp=whatsapp,
                email=email,
                instagram=instagram.strip().lstrip("@"),
                facebook=facebook,
                status=status,
                created_by=by,
                entered_at=now,
                created_at=now,
                status_changed_at=now,
                phone_state=VerificationState.UNVERIFIED if (phone or whatsapp) else VerificationState.MISSING,
                email_state=VerificationState.UNVERIFIED if email else VerificationState.MISSING,
                **fields,
            )
            obtained_at = fields.get("obtained_at")
            lead.is_late_entry = bool(obtained_at and now - obtained_at > timezone.timedelta(hours=24))
            lead.save()
            LeadContact.objects.bulk_create(LeadContact(lead=lead, kind=kind, value=value) for kind, value in contact_values(**contacts))
            LeadStatusChange.objects.create(lead=lead, from_status="", to_status=status, changed_by=by, changed_at=now, note="created")
            if consent is not None:
                record_consent(lead, granted=consent, wording=consent_wording, source=consent_source or "staff", by=by)
    except IntegrityError:
        existing = find_existing_lead(**contacts)
        if existing is None:
            raise
        return LeadResult(existing, False)
    _on_lead_created(lead)
    return LeadResult(lead, True)


def _on_lead_created(lead: Lead) -> None:
    from automation import services as automation_services

    automation_services.send_welcome(lead)


def record_consent(lead: Lead, *, granted: bool, wording: str = "", source: str, by=None, channel: str = ConsentChannel.ALL) -> ConsentRecord:
    """Append to the consent ledger and update the lead's current consent flag."""
    with transaction.atomic():
        record = ConsentRecord.objects.create(
            lead=lead, channel=channel, is_granted=granted, wording=wording, source=source, recorded_by=by
        )
        if lead.has_marketing_consent != granted:
            lead.has_marketing_consent = granted
            lead.save(update_fields=["has_marketing_consent", "updated_at"])
    return record
