"""Writes on leads. Every path that creates a lead (form, import, API, webhook, public form) goes
through `create_lead`, so de-duplication, consent and the welcome message apply everywhere."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from core import changes
from core.models import AuditLog
from core.texts import StoredText, stored_columns
from core.type_aliases import Actor
from leads import policies, selectors, texts
from leads.models import (
    ConsentChannel,
    ConsentRecord,
    ContactKind,
    FollowUp,
    FollowUpKind,
    Institution,
    InstitutionKind,
    Interaction,
    InteractionKind,
    Lead,
    LeadContact,
    LeadSource,
    LeadStatus,
    LeadStatusChange,
    SavedSegment,
    StudyProgram,
    Temperature,
    VerificationState,
)
from leads.phones import normalize_email
from leads.tasks import send_welcome_messages
from outbox.models import OutboundMessage
from outbox.services import cancel_marketing_sends, resolve_alerts


@dataclass
class LeadResult:
    lead: Lead
    created: bool


def contact_values(
    *, phone: str = "", whatsapp: str = "", email: str = "", instagram: str = "", facebook: str = ""
) -> list[tuple[str, str]]:
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


def _contacts_q(pairs: Iterable[tuple[str, str]]) -> Q:
    query = Q()
    for kind, value in pairs:
        query |= Q(kind=kind, value=value)
    return query


def find_existing_lead(**contacts: str) -> Lead | None:
    """The lead that already owns any of these contacts (phone and WhatsApp match each other)."""
    pairs = contact_values(**contacts)
    if not pairs:
        return None
    # No ORDER BY in SQL: it would let the planner walk lead_id instead of the (kind, value) index.
    matches = sorted(
        LeadContact.objects.filter(_contacts_q(pairs)).select_related("lead"), key=lambda c: c.lead_id
    )
    return matches[0].lead if matches else None


def create_lead(
    *,
    full_name: str,
    phone: str = "",
    whatsapp: str = "",
    email: str = "",
    instagram: str = "",
    facebook: str = "",
    by: Actor = None,
    consent: bool | None = None,
    consent_wording: str = "",
    consent_source: str = "",
    status: str = LeadStatus.NEW,
    **fields: Any,
) -> LeadResult:
    """Create a lead, or return the existing one that owns any of its contacts (never two leads).

    Phones must already be E.164 (see leads.phones.normalize_phone). The database's unique
    constraint on LeadContact decides races: the loser of two concurrent creations gets the winner.
    """
    email = normalize_email(email)
    contacts = {
        "phone": phone,
        "whatsapp": whatsapp,
        "email": email,
        "instagram": instagram,
        "facebook": facebook,
    }
    existing = find_existing_lead(**contacts)
    if existing is not None:
        return LeadResult(existing, False)
    now = timezone.now()
    try:
        with transaction.atomic():
            lead = build_lead(by=by, now=now, full_name=full_name, status=status, **contacts, **fields)
            lead.save()
            LeadContact.objects.bulk_create(
                LeadContact(lead=lead, kind=kind, value=value) for kind, value in contact_values(**contacts)
            )
            LeadStatusChange.objects.create(
                lead=lead, from_status="", to_status=status, changed_by=by, changed_at=now, note="created"
            )
            if consent is not None:
                record_consent(
                    lead, granted=consent, wording=consent_wording, source=consent_source or "staff", by=by
                )
    except IntegrityError:
        existing = find_existing_lead(**contacts)
        if existing is None:
            raise
        return LeadResult(existing, False)
    _on_lead_created(lead)
    return LeadResult(lead, True)


def create_leads(
    rows: list[dict], *, by: Actor = None, consent_wording: str = "", consent_source: str = "import"
) -> list[LeadResult]:
    """Create many leads at once (imports): same de-duplication, consent and welcome as `create_lead`.

    Each row holds create_lead's keyword arguments (plus `consent`). Rows whose contacts belong to an
    existing lead, or to an earlier row of the same batch, return that lead with created=False. New
    leads are bulk-inserted; the unique constraint still guards races (the caller's transaction then
    fails as a whole). Welcomes are queued by a task after commit, one `send_welcome` per new lead.
    """
    all_pairs = {pair for row in rows for pair in contact_values(**_contacts_of(row))}
    owner_of: dict[tuple[str, str], int] = {}
    pairs = list(all_pairs)
    for start in range(0, len(pairs), 500):
        batch = LeadContact.objects.filter(_contacts_q(pairs[start : start + 500])).values_list(
            "kind", "value", "lead_id"
        )
        owner_of.update({(k, v): lead_id for k, v, lead_id in batch})
    existing = Lead.objects.in_bulk(set(owner_of.values()))
    now = timezone.now()
    results: list[LeadResult] = []
    new_leads: list[tuple[Lead, list, dict]] = []
    claimed: dict[tuple[str, str], Lead] = {}
    for row in rows:
        row = dict(row)
        pairs_of_row = contact_values(**_contacts_of(row))
        match = next((existing[owner_of[p]] for p in pairs_of_row if p in owner_of), None) or next(
            (claimed[p] for p in pairs_of_row if p in claimed), None
        )
        if match is not None:
            results.append(LeadResult(match, False))
            continue
        consent = row.get("consent")
        lead = build_lead(by=by, now=now, **row)
        for pair in pairs_of_row:
            claimed[pair] = lead
        new_leads.append((lead, pairs_of_row, {"consent": consent}))
        results.append(LeadResult(lead, True))
    with transaction.atomic():
        Lead.objects.bulk_create([lead for lead, _pairs, _extra in new_leads], batch_size=1000)
        LeadContact.objects.bulk_create(
            [
                LeadContact(lead=lead, kind=k, value=v)
                for lead, pairs_of_row, _extra in new_leads
                for k, v in pairs_of_row
            ],
            batch_size=2000,
        )
        LeadStatusChange.objects.bulk_create(
            [
                LeadStatusChange(
                    lead=lead,
                    from_status="",
                    to_status=lead.status,
                    changed_by=by,
                    changed_at=now,
                    note="created",
                )
                for lead, _p, _e in new_leads
            ],
            batch_size=2000,
        )
        ConsentRecord.objects.bulk_create(
            [
                ConsentRecord(
                    lead=lead,
                    channel=ConsentChannel.ALL,
                    is_granted=extra["consent"],
                    wording=consent_wording,
                    source=consent_source,
                    recorded_by=by,
                    recorded_at=now,
                )
                for lead, _p, extra in new_leads
                if extra["consent"] is not None
            ],
            batch_size=2000,
        )
        new_ids = [lead.pk for lead, _p, _e in new_leads]
        changes.leads_changed(new_ids)  # bulk inserts send no model signal
        if new_ids:
            transaction.on_commit(lambda: send_welcome_messages.delay(new_ids))
    return results


def _contacts_of(row: dict) -> dict:
    return {key: row.get(key) or "" for key in ("phone", "whatsapp", "email", "instagram", "facebook")}


def build_lead(
    *,
    by: Actor,
    now: datetime,
    full_name: str,
    phone: str = "",
    whatsapp: str = "",
    email: str = "",
    instagram: str = "",
    facebook: str = "",
    status: str = LeadStatus.NEW,
    **fields: Any,
) -> Lead:
    consent = fields.pop("consent", None)
    lead = Lead(
        full_name=full_name.strip(),
        phone=phone,
        whatsapp=whatsapp,
        email=normalize_email(email),
        instagram=instagram.strip().lstrip("@"),
        facebook=facebook,
        status=status,
        created_by=by,
        entered_at=now,
        created_at=now,
        status_changed_at=now,
        phone_state=VerificationState.UNVERIFIED if (phone or whatsapp) else VerificationState.MISSING,
        email_state=VerificationState.UNVERIFIED if email else VerificationState.MISSING,
        has_marketing_consent=bool(consent),
        **fields,
    )
    obtained_at = fields.get("obtained_at")
    lead.is_late_entry = bool(obtained_at and now - obtained_at > timedelta(hours=24))
    return lead


def _on_lead_created(lead: Lead) -> None:
    policies.send_welcome(lead)


def record_consent(
    lead: Lead,
    *,
    granted: bool,
    wording: str = "",
    source: str,
    by: Actor = None,
    channel: str = ConsentChannel.ALL,
) -> ConsentRecord:
    """Append to the consent ledger and update the lead's current consent flag."""
    with transaction.atomic():
        record = ConsentRecord.objects.create(
            lead=lead, channel=channel, is_granted=granted, wording=wording, source=source, recorded_by=by
        )
        if lead.has_marketing_consent != granted:
            lead.has_marketing_consent = granted
            lead.save(update_fields=["has_marketing_consent", "updated_at"])
        if not granted:
            # UU PDP: a withdrawal stops every scheduled marketing send at once, by any path.
            cancel_marketing_sends(lead)
    return record


def unsubscribe_lead(lead: Lead) -> bool:
    """The unsubscribe link: withdraw marketing consent (which cancels every queued marketing send)
    and count the unsubscribe on the newsletter that carried the link. False when already out."""
    with transaction.atomic():
        was_subscribed = lead.has_marketing_consent
        if not was_subscribed:
            cancel_marketing_sends(lead)  # nothing to record; still make sure nothing is queued
            return False
        record_consent(
            lead,
            granted=False,
            source="unsubscribe_link",
            wording=_("Berhenti berlangganan lewat tautan email"),
        )
        latest = selectors.last_newsletter_for(lead)
        if latest is not None:
            OutboundMessage.objects.filter(pk=latest.pk, unsubscribed_at__isnull=True).update(
                unsubscribed_at=timezone.now()
            )
    return True


# --- Status pipeline (SOP 03 stage 3.1, SOP 02 stage 3.3) -----------------------------------

CLOSED_STATUSES = frozenset({LeadStatus.ENROLLED, LeadStatus.NOT_INTERESTED})

# The one table of allowed moves: forward, `not_interested` from any open status, and reopening a
# closed lead (which needs a note).
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    LeadStatus.NEW: frozenset(
        {
            LeadStatus.INQUIRED,
            LeadStatus.CONTACTED,
            LeadStatus.INTERESTED,
            LeadStatus.REGISTERED,
            LeadStatus.NOT_INTERESTED,
        }
    ),
    LeadStatus.INQUIRED: frozenset(
        {LeadStatus.CONTACTED, LeadStatus.INTERESTED, LeadStatus.REGISTERED, LeadStatus.NOT_INTERESTED}
    ),
    LeadStatus.CONTACTED: frozenset(
        {LeadStatus.INTERESTED, LeadStatus.REGISTERED, LeadStatus.NOT_INTERESTED}
    ),
    LeadStatus.INTERESTED: frozenset({LeadStatus.REGISTERED, LeadStatus.NOT_INTERESTED}),
    LeadStatus.REGISTERED: frozenset({LeadStatus.ENROLLED, LeadStatus.NOT_INTERESTED}),
    LeadStatus.ENROLLED: frozenset({LeadStatus.REGISTERED}),
    LeadStatus.NOT_INTERESTED: frozenset(
        {LeadStatus.INQUIRED, LeadStatus.CONTACTED, LeadStatus.INTERESTED, LeadStatus.REGISTERED}
    ),
}

# "No log, no move": reaching these needs an interaction logged since the last move, or a reason.
NEEDS_INTERACTION = frozenset(
    {
        LeadStatus.CONTACTED,
        LeadStatus.INTERESTED,
        LeadStatus.REGISTERED,
        LeadStatus.ENROLLED,
        LeadStatus.NOT_INTERESTED,
    }
)


class IllegalTransition(ValidationError):
    """A status move the pipeline forbids; the message says why, in Indonesian."""


def allowed_targets(status: str) -> list[str]:
    return [value for value in LeadStatus.values if value in ALLOWED_TRANSITIONS.get(status, frozenset())]


def transition_lead(lead: Lead, *, to: str, by: Actor, note: str | StoredText = "", reason: str = "") -> Lead:
    """Move the lead to status `to` under a row lock, writing a history row; IllegalTransition if forbidden.

    An automatic `note` is a StoredText, shown in the reader's language."""
    if to not in LeadStatus.values:
        raise IllegalTransition(_("Status “%(status)s” tidak dikenal.") % {"status": to})
    words, note_code, note_params = stored_columns(note)
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = Lead.objects.select_for_update().get(pk=lead.pk)
        current = locked.status
        labels = {"from": LeadStatus(current).label, "to": LeadStatus(to).label}
        if current == to:
            raise IllegalTransition(_("Calon mahasiswa sudah berstatus %(to)s.") % labels)
        if to not in ALLOWED_TRANSITIONS[current]:
            raise IllegalTransition(_("Perpindahan status dari %(from)s ke %(to)s tidak diizinkan.") % labels)
        if current in CLOSED_STATUSES and not note:
            raise IllegalTransition(
                _("Membuka kembali calon mahasiswa berstatus %(from)s wajib disertai catatan.") % labels
            )
        if to in NEEDS_INTERACTION and not reason:
            logged = Interaction.objects.filter(
                lead=locked, occurred_at__gte=locked.status_changed_at
            ).exists()
            if not logged:
                raise IllegalTransition(
                    _(
                        "Belum ada interaksi yang dicatat sejak perubahan status terakhir. Catat interaksi dahulu "
                        "atau isi alasan untuk memindahkan ke %(to)s (no log, no move)."
                    )
                    % labels
                )
        now = timezone.now()
        locked.status = to
        locked.status_changed_at = now
        locked.save(update_fields=["status", "status_changed_at", "updated_at"])
        LeadStatusChange.objects.create(
            lead=locked,
            from_status=current,
            to_status=to,
            changed_by=by,
            changed_at=now,
            note=words,
            note_code=note_code,
            note_params=note_params,
            reason=reason,
        )
    lead.status, lead.status_changed_at = locked.status, locked.status_changed_at
    return locked


# --- Interactions and follow-ups (SOP 03 stage 3.1, 2.2) -------------------------------------


def record_script_use(interaction: Interaction, *, version_id: int | str | None, by: User) -> None:
    """Count the approved call-script version used on this call (template library usage)."""
    from core.models import TemplateKind, UsedIn
    from core.template_library.selectors import ever_approved_version
    from core.template_library.services import record_template_use

    version = ever_approved_version(version_id)
    if version is not None and version.template.kind == TemplateKind.SCRIPT:
        record_template_use(
            version.template,
            version=version,
            used_in=UsedIn.CALL,
            object_type="leads.interaction",
            object_id=interaction.pk,
            by=by,
        )


def log_interaction(
    lead: Lead,
    *,
    kind: str,
    direction: str,
    outcome: str = "",
    note: str | StoredText = "",
    by: Actor,
    occurred_at: datetime | None = None,
    next_follow_up_at: datetime | None = None,
    follow_up: FollowUp | None = None,
) -> Interaction:
    """Log an interaction; complete `follow_up` with it, and schedule a callback when a next date is given."""
    now = timezone.now()
    words, note_code, note_params = stored_columns(note)
    with transaction.atomic():
        interaction = Interaction.objects.create(
            lead=lead,
            kind=kind,
            direction=direction,
            outcome=outcome,
            note=words,
            note_code=note_code,
            note_params=note_params,
            occurred_at=occurred_at or now,
            created_by=by,
            next_follow_up_at=next_follow_up_at,
        )
        # Conditional update: two people logging the same call complete it once.
        if follow_up is not None and FollowUp.objects.filter(
            pk=follow_up.pk, completed_at__isnull=True, cancelled_at__isnull=True
        ).update(completed_at=now, completed_by_interaction=interaction):
            resolve_alerts(texts.follow_up_topic(follow_up.pk), now=now)  # its overdue alert is moot
        if next_follow_up_at is not None:
            owner = (
                by
                if by is not None and getattr(by, "is_authenticated", False)
                else (follow_up.owner if follow_up else lead.owner)
            )
            FollowUp.objects.create(
                lead=lead,
                kind=FollowUpKind.MEETING
                if follow_up is not None and follow_up.kind == FollowUpKind.MEETING
                else FollowUpKind.CALLBACK,
                owner=owner,
                due_at=next_follow_up_at,
                **texts.follow_up_reason(
                    texts.RESCHEDULED_AFTER_OUTCOME.stored(outcome=outcome)
                    if outcome
                    else texts.RESCHEDULED_AFTER_KIND.stored(outcome=kind)
                ),
            )
    return interaction


def record_interaction(
    lead: Lead,
    *,
    kind: str,
    direction: str,
    outcome: str = "",
    note: str = "",
    next_follow_up_at: datetime | None = None,
    status: str = "",
    follow_up: FollowUp | None = None,
    script_version: int | str | None = None,
    by: User,
) -> Interaction:
    """Log an interaction, count the call script it used and move the lead to `status`, all or nothing.

    Raises IllegalTransition (and keeps nothing) when the status move is refused. The caller passes
    `status` only when the user may move leads."""
    with transaction.atomic():
        interaction = log_interaction(
            lead,
            kind=kind,
            direction=direction,
            outcome=outcome,
            note=note,
            by=by,
            next_follow_up_at=next_follow_up_at,
            follow_up=follow_up,
        )
        if script_version and kind == InteractionKind.CALL:
            record_script_use(interaction, version_id=script_version, by=by)
        if status:
            transition_lead(lead, to=status, by=by, note=note)
    return interaction


def verify_lead(lead: Lead, *, by: Actor, phone_state: str, email_state: str, name_state: str) -> Lead:
    """Record the verification result of phone, email and full name, with who and when."""
    lead.phone_state, lead.email_state, lead.name_state = phone_state, email_state, name_state
    lead.verified_by, lead.verified_at = by, timezone.now()
    lead.save(
        update_fields=["phone_state", "email_state", "name_state", "verified_by", "verified_at", "updated_at"]
    )
    return lead


def bulk_assign_owner(lead_ids: Iterable[int], *, owner: User | None, by: Actor) -> int:
    """Give the leads a new owner, in one transaction with one audit row; returns how many changed."""
    ids = list(lead_ids)
    with transaction.atomic():
        changed = Lead.objects.filter(pk__in=ids).update(owner=owner, updated_at=timezone.now())
        AuditLog.objects.create(
            action="leads.bulk_assign_owner",
            actor=by,
            object_type="lead",
            detail={"lead_ids": ids, "owner_id": owner.pk if owner else None, "changed": changed},
        )
    return changed


def bulk_set_temperature(lead_ids: Iterable[int], *, temperature: str, by: Actor) -> int:
    """Set hot/warm/cold on many leads, in one transaction with one audit row; returns how many
    changed."""
    if temperature not in Temperature.values:
        raise ValidationError(_("Suhu “%(value)s” tidak dikenal.") % {"value": temperature})
    ids = list(lead_ids)
    with transaction.atomic():
        changed = Lead.objects.filter(pk__in=ids).update(temperature=temperature, updated_at=timezone.now())
        AuditLog.objects.create(
            action="leads.bulk_set_temperature",
            actor=by,
            object_type="lead",
            detail={"lead_ids": ids, "temperature": temperature, "changed": changed},
        )
    return changed


def update_lead(lead: Lead, *, by: Actor, **fields: Any) -> Lead:
    """Change a lead's fields; its contacts follow (the unique constraint refuses a duplicate)."""
    contact_fields = {"phone", "whatsapp", "email", "instagram", "facebook"}
    with transaction.atomic():
        for name, value in fields.items():
            setattr(lead, name, value)
        if "email" in fields:
            lead.email = normalize_email(lead.email)
        if contact_fields & fields.keys():
            if "phone" in fields or "whatsapp" in fields:
                lead.phone_state = (
                    VerificationState.UNVERIFIED
                    if (lead.phone or lead.whatsapp)
                    else VerificationState.MISSING
                )
            if "email" in fields:
                lead.email_state = VerificationState.UNVERIFIED if lead.email else VerificationState.MISSING
            _sync_contacts(lead)
        lead.save()
    return lead


class DuplicateContact(ValidationError):
    """A contact that another lead already owns (the API answers 400 naming that lead)."""

    def __init__(self, existing: Lead) -> None:
        self.existing = existing
        super().__init__(f"Kontak ini sudah dimiliki calon mahasiswa #{existing.pk}.")


def edit_lead(
    lead: Lead,
    *,
    by: Actor,
    consent: bool | None = None,
    consent_wording: str = "",
    consent_source: str = "staff",
    **fields: Any,
) -> Lead:
    """Change a lead's fields (refusing a contact another lead owns) and record a changed consent."""
    contacts = {name: fields[name] or "" for name in ("phone", "whatsapp", "email") if name in fields}
    existing = find_existing_lead(**contacts) if contacts else None
    if existing is not None and existing.pk != lead.pk:
        raise DuplicateContact(existing)
    with transaction.atomic():
        lead = update_lead(lead, by=by, **fields)
        if consent is not None and consent != lead.has_marketing_consent:
            record_consent(lead, granted=consent, wording=consent_wording, source=consent_source, by=by)
    return lead


def _sync_contacts(lead: Lead) -> None:
    wanted = set(
        contact_values(
            phone=lead.phone,
            whatsapp=lead.whatsapp,
            email=lead.email,
            instagram=lead.instagram,
            facebook=lead.facebook,
        )
    )
    current = {(c.kind, c.value): c for c in lead.contacts.all()}
    LeadContact.objects.filter(pk__in=[c.pk for key, c in current.items() if key not in wanted]).delete()
    LeadContact.objects.bulk_create(
        LeadContact(lead=lead, kind=k, value=v) for k, v in wanted if (k, v) not in current
    )


def save_segment(*, name: str, query: str, by: Actor, is_shared: bool = True) -> SavedSegment:
    """Save the list's current filter under a name."""
    params = QueryDict(query, mutable=True)
    for key in ("page", "per_page"):
        params.pop(key, None)
    return SavedSegment.objects.create(
        name=name.strip(), query=params.urlencode(), created_by=by, is_shared=is_shared
    )


# --- Institutions and the website form ---------------------------------------------------------


def find_or_create_institution(name: str, city: str, cache: dict | None = None) -> Institution | None:
    """The school or company by name and city (case-insensitive), created when new; `cache` is
    shared across the rows of one import."""
    if not name:
        return None
    cache = {} if cache is None else cache
    key = (name.lower(), city.lower())
    if key not in cache:
        kind = (
            InstitutionKind.COMPANY
            if name.lower().startswith(("pt ", "cv ", "hotel"))
            else InstitutionKind.SCHOOL
        )
        found = Institution.objects.filter(name__iexact=name, city__iexact=city).first()
        cache[key] = found or Institution.objects.create(kind=kind, name=name, city=city)
    return cache[key]


def capture_website_lead(
    *,
    full_name: str,
    whatsapp: str,
    email: str,
    track: str,
    program: StudyProgram | None,
    school: str,
    city: str,
    consent: bool,
    consent_wording: str,
) -> Lead:
    """The lead behind a website form: created (with its consent) or, when known, its blanks filled
    and a new consent recorded."""
    with transaction.atomic():
        institution = find_or_create_institution(school, city)
        result = create_lead(
            full_name=full_name,
            whatsapp=whatsapp,
            email=email,
            source=LeadSource.ONLINE_FORM,
            source_detail="Formulir website",
            track=track,
            program=program,
            institution=institution,
            consent=True if consent else None,
            consent_wording=consent_wording,
            consent_source="public_form",
        )
        lead = result.lead
        if not result.created:
            blanks = {"program": program, "institution": institution}
            changes = {k: v for k, v in blanks.items() if v and not getattr(lead, f"{k}_id")}
            if changes:
                update_lead(lead, by=None, **changes)
            if consent and not lead.has_marketing_consent:
                record_consent(lead, granted=True, wording=consent_wording, source="public_form")
    return lead
