"""Merge two records of one person, choosing field by field, and undo a merge within a day.

The merge moves every row of every model linked to Lead (found through Lead's relations, so a new
table is never forgotten) onto the kept lead and records what moved, so `undo_merge` can recreate
the merged lead under its own id and move exactly those rows back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import changes
from core.models import AuditLog
from core.type_aliases import Actor
from leads.models import Lead, LeadContact, LeadMerge, LeadStatus, LeadStatusChange
from leads.services import ALLOWED_TRANSITIONS
from privacy.models import DuplicateCandidate, DuplicateDismissal

UNDO_WINDOW = dt.timedelta(hours=24)

# The fields the merge screen offers, in its order; a foreign key by its name (institution, ...).
CHOOSABLE_FIELDS = (
    "full_name",
    "phone",
    "whatsapp",
    "email",
    "instagram",
    "facebook",
    "linkedin",
    "identity_number",
    "institution",
    "program",
    "track",
    "source",
    "source_detail",
    "temperature",
    "status",
    "owner",
    "notes",
)
KEEP, MERGE, BOTH = "keep", "merge", "both"  # BOTH: notes only, the two texts one after the other
# Without a choice a blank field of the kept lead takes the merged lead's value (the old behaviour).
FILL_BLANKS = frozenset(CHOOSABLE_FIELDS) - {"full_name", "track", "source", "temperature", "status", "notes"}
# The verification state that travels with a chosen value.
STATE_OF = {"phone": "phone_state", "email": "email_state", "full_name": "name_state"}
# Pipeline order for "the furthest status": not_interested is a way out, not a step forward.
PIPELINE_ORDER: list[str] = [
    LeadStatus.NEW,
    LeadStatus.INQUIRED,
    LeadStatus.CONTACTED,
    LeadStatus.INTERESTED,
    LeadStatus.REGISTERED,
    LeadStatus.ENROLLED,
]
# Rows deleted with the merged lead rather than moved: its contacts are re-created on the kept lead,
# and the finder's own pairs say nothing about the kept lead.
_NOT_MOVED: tuple[type[models.Model], ...] = (LeadContact, DuplicateCandidate, DuplicateDismissal)


class MergeRefused(ValidationError):
    """A merge or undo that may not happen; the message says why, in Indonesian."""


def _attname(name: str) -> str:
    return Lead._meta.get_field(name).attname  # type: ignore[union-attr]


def _snapshot(lead: Lead) -> dict[str, str | None]:
    return {
        field.attname: (None if getattr(lead, field.attname) is None else str(getattr(lead, field.attname)))
        for field in Lead._meta.concrete_fields
    }


def status_refusal(keep_status: str, merge_status: str) -> str:
    """Why the kept lead may not take the merged lead's status ("" when it may)."""
    if merge_status == keep_status or merge_status in ALLOWED_TRANSITIONS[keep_status]:
        return ""
    labels = {"from": LeadStatus(keep_status).label, "to": LeadStatus(merge_status).label}
    return (
        _(
            "Status %(to)s tidak bisa dipilih: perpindahan dari %(from)s ke %(to)s tidak diizinkan alur status. "
            "Pilih status yang lain atau tukar data yang dipertahankan."
        )
        % labels
    )


def default_choice(name: str, keep: Lead, merge: Lead) -> str:
    """What the merge screen preselects: the furthest status, both notes, blanks filled."""
    if name == "status":
        if merge.status in PIPELINE_ORDER and keep.status in PIPELINE_ORDER:
            further = PIPELINE_ORDER.index(merge.status) > PIPELINE_ORDER.index(keep.status)
            if further and not status_refusal(keep.status, merge.status):
                return MERGE
        return KEEP
    if name == "notes":
        return BOTH if keep.notes and merge.notes else (MERGE if merge.notes and not keep.notes else KEEP)
    attname = _attname(name)
    if name in FILL_BLANKS and not getattr(keep, attname) and getattr(merge, attname):
        return MERGE
    return KEEP


def _apply_choices(keep: Lead, merge: Lead, choices: Mapping[str, str]) -> dict[str, str]:
    """Set the chosen values on `keep` (not saved); returns the fields taken from `merge`."""
    taken: dict[str, str] = {}
    for name in CHOOSABLE_FIELDS:
        choice = choices.get(name) or default_choice(name, keep, merge)
        if choice not in (KEEP, MERGE, BOTH) or (choice == BOTH and name != "notes"):
            raise MergeRefused(_("Pilihan untuk kolom %(field)s tidak dikenal.") % {"field": name})
        if choice == KEEP:
            continue
        if name == "notes":
            keep.notes = f"{keep.notes}\n{merge.notes}".strip() if choice == BOTH else merge.notes
        else:
            attname = _attname(name)
            setattr(keep, attname, getattr(merge, attname))
            if name in STATE_OF:
                setattr(keep, STATE_OF[name], getattr(merge, STATE_OF[name]))
            if name == "whatsapp":
                keep.last_inbound_whatsapp_at = merge.last_inbound_whatsapp_at
        taken[name] = choice
    return taken


def _relations() -> list[Any]:
    """Every relation pointing at Lead, hidden ones too (content's Attribution has related_name="+";
    `_meta.related_objects` would skip it and the delete would cascade it away)."""
    return [
        field
        for field in Lead._meta.get_fields(include_hidden=True)
        if field.auto_created and not field.concrete and (field.one_to_many or field.many_to_many)
    ]


def moving_relations() -> list[Any]:
    """The relations whose rows a merge moves (all but contacts, re-created, and the finder's pairs)."""
    return [
        relation
        for relation in _relations()
        if relation.related_model not in _NOT_MOVED
        and (not relation.many_to_many or relation.get_accessor_name() is not None)
    ]


def _move_rows(keep: Lead, merge: Lead) -> dict[str, list[int]]:
    """Move every row linked to `merge` onto `keep`; the moved ids per "label.field" (m2m: "m2m:…")."""
    moved: dict[str, list[int]] = {}
    for relation in moving_relations():
        model = relation.related_model
        if relation.many_to_many:
            accessor = relation.get_accessor_name()
            assert accessor is not None
            ids = set(getattr(merge, accessor).values_list("pk", flat=True))
            ids -= set(getattr(keep, accessor).values_list("pk", flat=True))
            getattr(keep, accessor).add(*ids)
            moved[f"m2m:{model._meta.label}.{accessor}"] = sorted(ids)
            continue
        name = relation.field.name
        rows = model._default_manager.filter(**{name: merge})
        pks = list(rows.values_list("pk", flat=True))
        if pks:
            rows.update(**{name: keep})
            moved[f"{model._meta.label}.{name}"] = pks
    return moved


def _consent_of(lead: Lead) -> bool:
    latest = lead.consents.order_by("-recorded_at", "-id").values_list("is_granted", flat=True).first()
    return bool(latest)


def merge_leads(*, keep: Lead, merge: Lead, by: Actor, choices: Mapping[str, str] | None = None) -> Lead:
    """Move every row of `merge` onto `keep`, give `keep` the chosen value of each field (`choices`:
    field -> "keep" | "merge", notes also "both"; unset: blanks filled, furthest legal status), delete
    `merge` and record the merge with what an undo within 24 hours needs. MergeRefused if forbidden."""
    if keep.pk == merge.pk:
        raise MergeRefused(_("Pilih dua calon mahasiswa yang berbeda."))
    with transaction.atomic():
        locked = {
            lead.pk: lead for lead in Lead.objects.select_for_update().filter(pk__in=[keep.pk, merge.pk])
        }
        if len(locked) != 2:
            raise MergeRefused(_("Salah satu calon mahasiswa sudah tidak ada (mungkin sudah digabung)."))
        keep, merge = locked[keep.pk], locked[merge.pk]
        if keep.is_erased or merge.is_erased:
            raise MergeRefused(_("Data yang sudah dihapus (UU PDP) tidak bisa digabung."))
        before = _snapshot(keep)
        merged_snapshot: dict[str, Any] = {
            "lead": _snapshot(merge),
            "contacts": list(merge.contacts.order_by("pk").values_list("kind", "value")),
        }
        taken = _apply_choices(keep, merge, choices or {})
        status_change_id = None
        if keep.status != before["status"]:
            refusal = status_refusal(str(before["status"]), keep.status)
            if refusal:
                raise MergeRefused(refusal)
            now = timezone.now()
            keep.status_changed_at = now
            status_change_id = LeadStatusChange.objects.create(
                lead=keep,
                from_status=str(before["status"]),
                to_status=keep.status,
                changed_by=by,
                changed_at=now,
                note=_("Digabung dengan calon mahasiswa #%(id)s.") % {"id": merge.pk},
                reason="merge",
            ).pk
        LeadContact.objects.filter(lead=merge).delete()  # free the unique values before moving them
        LeadContact.objects.bulk_create(
            LeadContact(lead=keep, kind=kind, value=value) for kind, value in merged_snapshot["contacts"]
        )
        moved = _move_rows(keep, merge)
        keep.has_marketing_consent = _consent_of(keep)
        keep.save()
        changes.leads_changed([keep.pk])  # it took over the merged lead's inquiries and history
        merged_id = merge.pk
        merge.delete()
        record = LeadMerge.objects.create(
            kept=keep,
            merged_lead_id=merged_id,
            merged_snapshot=merged_snapshot,
            kept_snapshot={"before": before, "after": _snapshot(keep), "status_change_id": status_change_id},
            moved_rows=moved,
            merged_by=by,
        )
        AuditLog.objects.create(
            action="leads.merge",
            actor=by,
            object_type="lead",
            object_id=str(keep.pk),
            detail={"merged_lead_id": merged_id, "merge_id": record.pk, "taken_from_merged": taken},
        )
    return keep


def can_undo(record: LeadMerge, *, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return record.undone_at is None and now - record.merged_at <= UNDO_WINDOW and bool(record.merged_snapshot)


def _restore_lead(snapshot: Mapping[str, str | None]) -> Lead:
    lead = Lead()
    for field in Lead._meta.concrete_fields:
        if field.attname in snapshot:
            value = snapshot[field.attname]
            setattr(lead, field.attname, None if value is None else field.to_python(value))
    lead.save(force_insert=True)
    return lead


def _move_back(moved: Mapping[str, list[int]], *, keep: Lead, restored: Lead) -> None:
    for key, pks in moved.items():
        if key.startswith("m2m:"):
            label, accessor = key[4:].rsplit(".", 1)
            relation = next(r for r in _relations() if r.many_to_many and r.get_accessor_name() == accessor)
            model: Any = relation.related_model
            getattr(keep, accessor).remove(*pks)
            getattr(restored, accessor).add(*model._default_manager.filter(pk__in=pks))
            continue
        label, name = key.rsplit(".", 1)
        model = next(r.related_model for r in _relations() if r.related_model._meta.label == label)
        model._default_manager.filter(pk__in=pks, **{name: keep}).update(**{name: restored})


def undo_merge(record: LeadMerge, *, by: Actor, now: dt.datetime | None = None) -> Lead:
    """Within 24 hours: recreate the merged lead under its id with its contacts, move back the rows
    that moved, and give the kept lead back each field the merge changed (unless edited since)."""
    now = now or timezone.now()
    with transaction.atomic():
        record = LeadMerge.objects.select_for_update().get(pk=record.pk)
        if record.undone_at is not None:
            raise MergeRefused(_("Penggabungan ini sudah dibatalkan."))
        if now - record.merged_at > UNDO_WINDOW:
            raise MergeRefused(_("Penggabungan hanya bisa dibatalkan dalam 24 jam."))
        keep = Lead.objects.select_for_update().get(pk=record.kept_id)
        if keep.is_erased or not record.merged_snapshot.get("lead"):
            raise MergeRefused(
                _("Data pribadinya sudah dihapus (UU PDP); penggabungan tidak bisa dibatalkan.")
            )
        if Lead.objects.filter(pk=record.merged_lead_id).exists():
            raise MergeRefused(_("Calon mahasiswa #%(id)s sudah ada lagi.") % {"id": record.merged_lead_id})
        contacts = [tuple(pair) for pair in record.merged_snapshot.get("contacts", [])]
        for kind, value in contacts:
            LeadContact.objects.filter(lead=keep, kind=kind, value=value).delete()
        restored = _restore_lead(record.merged_snapshot["lead"])
        LeadContact.objects.bulk_create(
            LeadContact(lead=restored, kind=kind, value=value) for kind, value in contacts
        )
        _move_back(record.moved_rows, keep=keep, restored=restored)
        before, after = record.kept_snapshot.get("before", {}), record.kept_snapshot.get("after", {})
        current = _snapshot(keep)
        reverted = []
        for field in Lead._meta.concrete_fields:
            name = field.attname
            if name in ("updated_at", "has_marketing_consent") or before.get(name) == after.get(name):
                continue
            if name in before and current.get(name) == after.get(name):  # not edited since the merge
                setattr(keep, name, None if before[name] is None else field.to_python(before[name]))
                reverted.append(name)
        if "status" in reverted and record.kept_snapshot.get("status_change_id"):
            LeadStatusChange.objects.filter(pk=record.kept_snapshot["status_change_id"]).delete()
        keep.has_marketing_consent = _consent_of(keep)
        keep.save()
        restored.has_marketing_consent = _consent_of(restored)
        restored.save(update_fields=["has_marketing_consent", "updated_at"])
        changes.leads_changed([keep.pk, restored.pk])  # rows moved back by update(): no model signal
        record.undone_at, record.undone_by = now, by
        record.save(update_fields=["undone_at", "undone_by"])
        AuditLog.objects.create(
            action="leads.merge_undo",
            actor=by,
            object_type="lead",
            object_id=str(keep.pk),
            detail={"merged_lead_id": restored.pk, "merge_id": record.pk, "reverted": reverted},
        )
    return restored
